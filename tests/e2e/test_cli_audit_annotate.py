"""`hamcoach audit FILE --annotate OUT.svg|OUT.png` and `--side left|right`, through the
CLI, on recordings made from the body model (faults at known reps and strengths) and on
examples/squat-keypoints.csv: the SVG parsed, the PNG decoded, the report's side read."""

from __future__ import annotations

import io
import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from hamcoach.audit.keypoints import MEDIAPIPE_33
from hamcoach.audit.report import value_text
from hamcoach.audit.synthetic import Plan, as_csv, as_hamcoach_json, landmarks
from hamcoach.cli.main import app
from hamcoach.domain.catalog import Catalog
from hamcoach.domain.pose import View as PoseView

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "squat-keypoints.csv"
SVG = "{http://www.w3.org/2000/svg}"
HIGHLIGHT = "#e8590c"
SHOWN = {"degrees": 0.51, "s": 0.051, "ratio": 0.006, "foot lengths": 0.006}
"""How far a value printed in a picture may be from the JSON's (its digits)."""
DETECTOR = {"noise_px": 2.0, "jump_chance": 0.01, "drop_point": 0.03, "drop_frame": 0.02}


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def write(path: Path, catalog: Catalog, plan: Plan) -> Path:
    poses = catalog.get("bodyweight-squat").poses
    assert poses is not None
    path.write_text(as_hamcoach_json(landmarks(poses, plan), plan.fps), encoding="utf-8")
    return path


SIDE_FAULTS = Plan(
    reps=6,
    faults={
        1: {"depth": 0.8},
        2: {"trunk-lean": 1.0},
        3: {"heels-lift": 1.0},
        4: {"knees-past-toes": 1.0},
        5: {"rushing": 1.0},
        6: {"depth": 1.0},
    },
    seed=11,
    **DETECTOR,
)


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> Path:
    return write(tmp_path_factory.mktemp("annotate") / "faulty.json", catalog, SIDE_FAULTS)


def audit_json(path: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run("audit", str(path), "--exercise", "bodyweight-squat", "--json", *extra)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def worst(report: dict) -> dict[str, tuple[int, dict]]:  # type: ignore[type-arg]
    """Fault -> (rep number, finding) furthest past its threshold, from the JSON report."""
    out: dict[str, tuple[int, dict]] = {}  # type: ignore[type-arg]
    for rep in report["reps"]:
        for f in rep["faults"]:
            past = sign(f) * (f["value"] - f["threshold"])
            if f["check"] not in out or past > out[f["check"]][2]:  # type: ignore[misc]
                out[f["check"]] = (rep["number"], f, past)  # type: ignore[assignment]
    return {k: (v[0], v[1]) for k, v in out.items()}


def sign(finding: dict) -> int:  # type: ignore[type-arg]
    return 1 if finding["fault_when"] == "above" else -1


def panels(svg: ET.Element) -> list[ET.Element]:
    return svg.findall(f"{SVG}g[@class='panel']")


def texts(element: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in element.iter(f"{SVG}text")]


def said_in(words: list[str]) -> tuple[float, str]:
    """The caption's value and its "should be ..." (one line, or two: value, then limit)."""
    for i, w in enumerate(words):
        if ", should be " in w:
            value, _, said = w.partition(", ")
            break
        if w.endswith(",") and i + 1 < len(words) and words[i + 1].startswith("should be "):
            value, said = w[:-1], words[i + 1]
            break
    else:
        raise AssertionError(f"no value in {words}")
    found = re.match(r"[\d.]+", value)
    assert found is not None, value
    return float(found.group()), said


def joints(panel: ET.Element) -> dict[str, tuple[float, float]]:
    return {
        c.get("data-joint", ""): (float(c.get("cx", "")), float(c.get("cy", "")))
        for c in panel.iter(f"{SVG}circle")
        if c.get("data-joint")
    }


def test_one_panel_per_fault_at_its_worst_rep(faulty: Path, tmp_path: Path) -> None:
    report = audit_json(faulty)
    expected = worst(report)
    assert set(expected) == {"depth", "trunk-lean", "heels-lift", "knees-past-toes", "rushing"}
    out = tmp_path / "audit.svg"
    code, _, err = run("audit", str(faulty), "--exercise", "bodyweight-squat", "--annotate",
                       str(out))  # fmt: skip
    assert code == 0 and f"wrote {out}" in err
    svg = ET.parse(out).getroot()
    found = {p.get("data-check"): p for p in panels(svg)}
    assert len(panels(svg)) == len(expected) and set(found) == set(expected)
    assert expected["depth"][0] == 6  # the stronger of the two shallow reps
    for check, (rep, finding) in expected.items():
        panel = found[check]
        assert panel.get("data-rep") == str(rep) and panel.get("data-frame") == str(
            finding["frame"]
        )
        words = texts(panel)
        assert f"Rep {rep} · {finding['at']:.1f} s (frame {finding['frame']})" in words
        assert finding["fault"][0].upper() + finding["fault"][1:] in words
        shown, said = said_in(words)
        assert shown == pytest.approx(finding["value"], abs=SHOWN[finding["unit"]])
        limit = value_text(finding["threshold"], finding["unit"])
        assert said == f"should be at {'most' if sign(finding) > 0 else 'least'} {limit}"
        assert " ".join(words).count(finding["correction"].split()[0]) >= 1


def test_the_angle_is_drawn_at_the_joint_it_is_read_at_and_the_figure_stands_up(
    faulty: Path, tmp_path: Path
) -> None:
    out = tmp_path / "audit.svg"
    assert run("audit", str(faulty), "--exercise", "bodyweight-squat", "--annotate",
               str(out))[0] == 0  # fmt: skip
    found = {p.get("data-check"): p for p in panels(ET.parse(out).getroot())}
    for check, joint in (("depth", "knee"), ("trunk-lean", "hip"), ("heels-lift", "toe")):
        panel = found[check]
        at = joints(panel)
        arc = panel.find(f".//{SVG}polygon[@class='angle']")
        assert arc is not None, check
        vertex = tuple(float(v) for v in arc.get("points", "").split()[0].split(","))
        assert math.dist(vertex, at[joint]) < 1.0, (check, vertex, at[joint])
        marked = {
            c.get("data-joint") for c in panel.iter(f"{SVG}circle") if c.get("fill") == HIGHLIGHT
        }
        assert joint in marked
        head = panel.find(f".//{SVG}circle[@data-part='head']")
        assert head is not None
        # right way up (SVG y grows down): head over shoulder over hip, knee over ankle
        ys = [float(head.get("cy", ""))] + [at[j][1] for j in ("shoulder", "hip")]
        assert ys == sorted(ys), (check, ys)
        assert at["knee"][1] < at["ankle"][1]
    # the depth panel: knee flexion from the drawn points agrees with the value printed
    at = joints(found["depth"])
    thigh = np.subtract(at["knee"], at["hip"])
    shank = np.subtract(at["ankle"], at["knee"])
    drawn = math.degrees(math.acos(thigh @ shank / np.linalg.norm(thigh) / np.linalg.norm(shank)))
    printed = next(w for w in texts(found["depth"]) if w.endswith("°") and "limit" not in w)
    assert abs(drawn - float(printed.rstrip("°"))) < 6


def test_png_is_a_real_raster_with_the_figure_in_it(faulty: Path, tmp_path: Path) -> None:
    from PIL import Image

    out = tmp_path / "audit.png"
    code, _, _ = run("audit", str(faulty), "--exercise", "bodyweight-squat", "--annotate",
                     str(out))  # fmt: skip
    assert code == 0
    svg_out = tmp_path / "audit.svg"
    run("audit", str(faulty), "--exercise", "bodyweight-squat", "--annotate", str(svg_out))
    svg = ET.parse(svg_out).getroot()
    image = Image.open(io.BytesIO(out.read_bytes()))
    assert image.format == "PNG"
    assert image.size == (round(float(svg.get("width", "")) * 2),
                          round(float(svg.get("height", "")) * 2))  # fmt: skip
    rgb = image.convert("RGB")
    grey = rgb.convert("L").histogram()
    dark = sum(grey[:80]) / sum(grey)
    assert 0.02 < dark < 0.5, dark  # the figures' ink, on a white page
    r, g, b = np.moveaxis(np.asarray(rgb).astype(int), -1, 0)
    orange = int(((r > 200) & (g > 60) & (g < 120) & (b < 60)).sum())
    assert orange > 500  # the marked joints and measured angles, in the highlight


def test_no_fault_is_one_good_form_panel_at_the_deepest_rep(
    tmp_path: Path, catalog: Catalog
) -> None:
    clean = write(tmp_path / "clean.json", catalog, Plan(reps=3, seed=5, **DETECTOR))
    report = audit_json(clean)
    assert report["summary"]["good_form"] == 3
    out = tmp_path / "good.svg"
    assert run("audit", str(clean), "--exercise", "bodyweight-squat", "--annotate",
               str(out))[0] == 0  # fmt: skip
    (panel,) = panels(ET.parse(out).getroot())
    assert panel.get("data-check") == "good-form" and "Good form" in texts(panel)
    rep = report["reps"][int(panel.get("data-rep", "")) - 1]
    assert rep["frames"][0] <= int(panel.get("data-frame", "")) <= rep["frames"][1]
    at = joints(panel)
    assert at["hip"][1] >= at["knee"][1] - 15  # the bottom of a full squat: hips near the knees


def test_front_view_panels_draw_both_legs(tmp_path: Path, catalog: Catalog) -> None:
    plan = Plan(reps=4, view=PoseView.FRONT, faults={2: {"knees-in-down": 1.0}}, seed=5,
                **DETECTOR)  # fmt: skip
    path = write(tmp_path / "front.json", catalog, plan)
    out = tmp_path / "front.svg"
    assert run("audit", str(path), "--exercise", "bodyweight-squat", "--annotate",
               str(out))[0] == 0  # fmt: skip
    (panel,) = panels(ET.parse(out).getroot())
    assert panel.get("data-check") == "knees-in-down" and panel.get("data-rep") == "2"
    at = joints(panel)
    assert {"left_knee", "right_knee", "left_ankle", "right_ankle"} <= set(at)
    knees = abs(at["left_knee"][0] - at["right_knee"][0])
    ankles = abs(at["left_ankle"][0] - at["right_ankle"][0])
    assert knees / ankles < 0.6  # the caving the caption reports, as drawn


def test_the_example_csv(tmp_path: Path) -> None:
    out = tmp_path / "example.svg"
    code, stdout, _ = run("audit", str(EXAMPLE), "--exercise", "bodyweight-squat",
                          "--annotate", str(out))  # fmt: skip
    assert code == 0 and "Rep 2" in stdout
    (panel,) = panels(ET.parse(out).getroot())
    assert (panel.get("data-check"), panel.get("data-rep")) == ("depth", "2")
    assert "74°, should be at least 90°" in texts(panel)


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("out.gif", "the picture must end in .svg or .png"),
        ("out.mp4", "an .mp4 annotation needs a video input"),
        ("missing/out.svg", "does not exist"),
        ("folder.svg", "cannot write the picture"),
    ],
)
def test_bad_annotate_paths_are_one_line_and_exit_2(
    faulty: Path, tmp_path: Path, name: str, says: str
) -> None:
    (tmp_path / "folder.svg").mkdir()
    out = tmp_path / name
    code, stdout, err = run("audit", str(faulty), "--exercise", "bodyweight-squat",
                            "--annotate", str(out))  # fmt: skip
    assert code == 2 and "Traceback" not in err and stdout == ""  # nothing half done
    last = err.splitlines()[-1]
    assert last.startswith(f"error: --annotate {out}") and says in last
    assert (tmp_path / "folder.svg").is_dir()


def far_leg_misplaced(catalog: Catalog, tmp_path: Path) -> Path:
    """A clean side recording whose far (right) knee the detector puts a tenth of the
    height forward: the averaged knee goes past the toes, the near one does not."""
    poses = catalog.get("bodyweight-squat").poses
    assert poses is not None
    raw = landmarks(poses, Plan(reps=4, seed=8))
    raw[:, MEDIAPIPE_33.index("right_knee"), 0] += 60.0  # pixels; the person is 600 tall
    path = tmp_path / "far-leg.csv"
    path.write_text(as_csv(raw, 30.0), encoding="utf-8")
    return path


def test_side_measures_the_chosen_side_and_says_so(tmp_path: Path, catalog: Catalog) -> None:
    path = far_leg_misplaced(catalog, tmp_path)
    both, left, right = (audit_json(path, *extra) for extra in
                         ([], ["--side", "left"], ["--side", "right"]))  # fmt: skip
    assert both["side"] is None and left["side"] == "left" and right["side"] == "right"

    def past_toes(report: dict) -> list[int]:  # type: ignore[type-arg]
        return [r["number"] for r in report["reps"]
                if any(f["check"] == "knees-past-toes" for f in r["faults"])]  # fmt: skip

    assert past_toes(left) == [] and left["summary"]["good_form"] == 4
    assert past_toes(right) == [1, 2, 3, 4]
    assert len(left["reps"]) == len(right["reps"]) == len(both["reps"]) == 4
    assert any("--side left" in n for n in left["notes"])
    code, out, _ = run("audit", str(path), "--exercise", "bodyweight-squat", "--side", "left")
    assert code == 0 and "(side view, left side, " in out.splitlines()[0]


def test_side_in_a_front_view_is_said_to_be_unused(tmp_path: Path, catalog: Catalog) -> None:
    path = write(tmp_path / "front.json", catalog, Plan(reps=2, view=PoseView.FRONT, seed=2))
    report = audit_json(path, "--side", "right")
    assert report["view"] == "front" and report["side"] is None
    assert any(n.startswith("--side right is not used") for n in report["notes"])


def test_side_must_be_left_or_right(faulty: Path) -> None:
    code, _, err = run("audit", str(faulty), "--exercise", "bodyweight-squat", "--side", "up")
    assert code == 2 and "'up' is not one of" in err


def test_the_squats_corrections_are_their_catalog_mistakes(faulty: Path, catalog: Catalog) -> None:
    """Heels lifting, knees past the toes and rushing speak the catalog's own mistakes, each
    with its article; trunk lean, which no article describes, keeps the check's words."""
    report = audit_json(faulty)
    found = {f["check"]: f for r in report["reps"] for f in r["faults"]}
    squat = catalog.get("bodyweight-squat")
    by_fault = {m.fault: m for m in squat.mistakes}
    for check in ("heels-lift", "knees-past-toes", "rushing", "depth"):
        mistake = by_fault[found[check]["mistake"]]
        assert found[check]["correction"] == mistake.correction
    for check, article in (("heels-lift", "000"), ("knees-past-toes", "000"), ("rushing", "003")):
        assert article in {s.source for s in by_fault[found[check]["mistake"]].sources}
    assert found["trunk-lean"]["mistake"] is None
    for ident in ("loaded-squat", "squat-to-bench"):
        faults = " ".join(m.fault.lower() for m in catalog.get(ident).mistakes)
        assert "heels" in faults and "past the toes" in faults and "momentum" in faults


def test_world_keypoints_are_drawn_in_the_plane_each_check_needs(
    tmp_path: Path, catalog: Catalog
) -> None:
    """3-D keypoints of a person turned 40 degrees from the camera: the depth panel is
    drawn in the sagittal plane, upright, the angle at the knee."""
    from hamcoach.audit.synthetic import world

    poses = catalog.get("bodyweight-squat").poses
    assert poses is not None
    plan = Plan(reps=3, faults={2: {"depth": 1.0}}, seed=3)
    points = world(landmarks(poses, plan), plan, turn=40)
    frames = [[[round(float(v), 4) for v in p] for p in frame] for frame in points]
    path = tmp_path / "world.json"
    path.write_text(json.dumps({"skeleton": "mediapipe-33", "space": "world", "up": "+z",
                                "fps": 30, "frames": frames}), encoding="utf-8")  # fmt: skip
    out = tmp_path / "world.svg"
    code, stdout, err = run("audit", str(path), "--exercise", "bodyweight-squat", "--annotate",
                            str(out))  # fmt: skip
    assert code == 0, err
    assert "3-d view" in stdout.splitlines()[0]
    (panel,) = panels(ET.parse(out).getroot())
    assert (panel.get("data-check"), panel.get("data-rep")) == ("depth", "2")
    at = joints(panel)
    arc = panel.find(f".//{SVG}polygon[@class='angle']")
    assert arc is not None
    vertex = tuple(float(v) for v in arc.get("points", "").split()[0].split(","))
    assert math.dist(vertex, at["knee"]) < 1.0
    assert at["shoulder"][1] < at["hip"][1] < at["ankle"][1]
    assert abs(at["toe"][0] - at["heel"][0]) > 20  # the foot seen side-on, not end-on
