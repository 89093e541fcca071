"""`hamcoach audit --annotate` beyond squats, through the CLI, on recordings made from
each exercise's own poses with faults at known reps: every figure inside its panel and
clear of its caption whatever the posture (lying, kneeling, on one leg), the value in the
caption the JSON's, the measure's arc at the joint its check reads and as wide as the
value printed, both legs of a one-legged exercise, and the good-form panel at the rep's
own deepest frame."""

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

from hamcoach.audit.families import FAMILIES
from hamcoach.audit.synthetic import Plan, as_hamcoach_json, landmarks
from hamcoach.cli.main import app
from hamcoach.domain.catalog import Catalog
from hamcoach.domain.pose import View

runner = CliRunner()
SVG = "{http://www.w3.org/2000/svg}"
PANEL = 380.0
FLOOR = "#57606a"
FREE = "#6e7781"
INK = "#1f2328"
DETECTOR = {"noise_px": 2.0, "jump_chance": 0.01, "drop_point": 0.03, "drop_frame": 0.02}
SHOWN = {"degrees": 0.51, "s": 0.051, "thigh lengths": 0.006, "share of the way down": 0.006}

CASES = {
    "bridge": (View.SIDE, {2: {"hips-not-high": 1.0}, 4: {"toes-push": 1.0}}),
    "single-leg-bridge": (View.FRONT, {2: {"hips-not-level": 1.0}}),
    "ball-hamstring-curl": (View.SIDE, {2: {"hips-drop": 1.0}, 4: {"rushing": 1.0}}),
    "single-leg-ball-hamstring-curl": (View.SIDE, {2: {"leg-not-straight": 1.0}}),
    "ball-bridge": (View.SIDE, {3: {"hips-not-high": 1.0}}),
    "single-leg-deadlift": (View.SIDE, {1: {"hips-open": 1.0}, 2: {"back-v": 1.0},
                                        4: {"back-first": 1.0}}),
    "nordic-curl": (View.SIDE, {2: {"hips-break": 1.0}}),
    "single-leg-ball-hamstring-curl@heel": (View.SIDE, {3: {"heel-short": 1.0}}),
}  # fmt: skip
ANGLES = {
    # check -> the chain whose turn at its middle joint is the value (the measure's joints)
    "hips-not-high": ("shoulder", "hip", "knee"),
    "hips-drop": ("shoulder", "hip", "knee"),
    "hips-break": ("knee", "hip", "shoulder"),
    "back-v": ("shoulder", "hip", "free heel"),
    "leg-not-straight": ("hip", "knee", "ankle"),
}
LYING = ("bridge", "single-leg-bridge", "ball-bridge", "ball-hamstring-curl",
         "single-leg-ball-hamstring-curl")  # fmt: skip


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def recorded(tmp_path: Path, catalog: Catalog, case: str, plan: Plan) -> tuple[str, Path]:
    exercise = case.split("@")[0]
    poses = catalog.get(exercise).poses
    assert poses is not None
    path = tmp_path / f"{exercise}.json"
    raw = landmarks(poses, plan, FAMILIES[exercise].synth)
    path.write_text(as_hamcoach_json(raw, plan.fps), encoding="utf-8")
    return exercise, path


def audited(exercise: str, path: Path, out: Path) -> tuple[dict, ET.Element]:  # type: ignore[type-arg]
    code, stdout, err = run("audit", str(path), "--exercise", exercise, "--json")
    assert code == 0, err
    code, _, err = run("audit", str(path), "--exercise", exercise, "--annotate", str(out))
    assert code == 0, err
    return json.loads(stdout), ET.parse(out).getroot()


def ink(panel: ET.Element) -> list[tuple[float, float]]:
    """Every point the figure and its marks cover (not the floor line, not the caption):
    line ends, circles' extremes, arcs' points, the marks' words' anchors."""
    out: list[tuple[float, float]] = []
    for e in panel:
        tag = e.tag.removeprefix(SVG)
        if tag == "line" and e.get("stroke") != FLOOR:
            out += [(float(e.get(f"x{i}", "")), float(e.get(f"y{i}", ""))) for i in (1, 2)]
        elif tag == "circle":
            x, y, r = (float(e.get(k, "")) for k in ("cx", "cy", "r"))
            out += [(x - r, y - r), (x + r, y + r)]
        elif tag in ("polygon", "polyline"):
            out += [tuple(map(float, p.split(","))) for p in e.get("points", "").split()]  # type: ignore[misc]
        elif tag == "text" and e.get("font-size") != "14":
            out.append((float(e.get("x", "")), float(e.get("y", ""))))
    return out


def caption(panel: ET.Element) -> list[ET.Element]:
    return [t for t in panel.iter(f"{SVG}text") if t.get("font-size") == "14"]


def joints(panel: ET.Element) -> dict[str, np.ndarray]:
    return {
        c.get("data-joint", ""): np.array([float(c.get("cx", "")), float(c.get("cy", ""))])
        for c in panel.iter(f"{SVG}circle")
        if c.get("data-joint")
    }


def at(points: dict[str, np.ndarray], name: str, leg: str | None) -> np.ndarray:
    """A joint as the measure reads it: the working leg's (or the free one's: ``free
    heel``) for a one-legged exercise, else the averaged one; the hip between the two."""
    free, _, joint = name.rpartition(" ")
    if name in points:
        return points[name]
    if leg is None:
        raise KeyError(name)
    if joint in ("hip", "shoulder") and not free:
        return (points[f"left_{joint}"] + points[f"right_{joint}"]) / 2
    side = leg if not free else ("right" if leg == "left" else "left")
    return points[f"{side}_{joint}"]


def turn(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    u, v = b - a, c - b
    return math.degrees(math.acos(float(u @ v) / float(np.linalg.norm(u) * np.linalg.norm(v))))


def said_value(panel: ET.Element) -> float:
    words = " ".join("".join(t.itertext()) for t in caption(panel))
    found = re.search(r"([\d.]+)[^,\d]*, should be at", words)
    assert found is not None, words
    return float(found.group(1))


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_figure_fits_its_panel_and_shows_its_measure(
    tmp_path: Path, catalog: Catalog, case: str
) -> None:
    view, faults = CASES[case]
    plan = Plan(reps=5, view=view, faults=faults, seed=21, **DETECTOR)
    exercise, path = recorded(tmp_path, catalog, case, plan)
    report, svg = audited(exercise, path, tmp_path / "audit.svg")
    found = {f["check"]: f for r in report["reps"] for f in r["faults"]}
    assert set(found) == {c for f in faults.values() for c in f}, found
    panels = svg.findall(f"{SVG}g[@class='panel']")
    assert {p.get("data-check") for p in panels} == set(found)
    per_row = min(len(panels), 4)
    width = float(svg.get("width", ""))
    assert width == PANEL * per_row
    leg = report["side"] if catalog.get(exercise).laterality == "unilateral" else None
    for i, panel in enumerate(panels):
        check = panel.get("data-check", "")
        left = (i % per_row) * PANEL
        points = ink(panel)
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        assert left < min(xs) and max(xs) < left + PANEL, (check, min(xs), max(xs))
        top = min(float(t.get("y", "")) - 14 for t in caption(panel))
        assert max(ys) < top, (check, max(ys), top)  # the caption is under everything drawn
        assert said_value(panel) == pytest.approx(
            found[check]["value"], abs=SHOWN[found[check]["unit"]]
        )
        drawn = joints(panel)
        floor = next(e for e in panel.iter(f"{SVG}line") if e.get("stroke") == FLOOR)
        floor_y = float(floor.get("y1", ""))
        assert all(p[1] <= floor_y + 1 for name, p in drawn.items())  # nothing under the floor
        head = panel.find(f"{SVG}circle[@data-part='head']")
        assert head is not None
        head_low = float(head.get("cy", "")) + float(head.get("r", ""))
        if exercise in LYING and view is View.SIDE:  # lying on the back: the head on the floor
            assert abs(head_low - floor_y) < 20, (check, head_low, floor_y)
        if check in ANGLES:
            a, b, c = (at(drawn, n, leg) for n in ANGLES[check])
            arc = panel.find(f"{SVG}polygon[@class='angle']")
            assert arc is not None, check
            vertex = np.array([float(v) for v in arc.get("points", "").split()[0].split(",")])
            assert np.linalg.norm(vertex - b) < 1.0, (check, vertex, b)
            assert turn(a, b, c) == pytest.approx(found[check]["value"], abs=6), check
        if leg is not None:  # a one-legged exercise: both legs, the free one lighter
            assert {f"{s}_{j}" for s in ("left", "right") for j in ("knee", "ankle")} <= set(drawn)
            colours = {e.get("stroke") for e in panel.iter(f"{SVG}line")}
            assert {INK, FREE} <= colours


def test_a_single_leg_deadlift_stands_on_its_working_leg(tmp_path: Path, catalog: Catalog) -> None:
    """At the bottom of a V, the working (left) leg's ankle is the lowest, by the floor,
    and the free (right) one's is lifted behind; the head is ahead, where the toes point."""
    plan = Plan(reps=3, faults={2: {"back-v": 1.0}}, seed=4, **DETECTOR)
    exercise, path = recorded(tmp_path, catalog, "single-leg-deadlift", plan)
    report, svg = audited(exercise, path, tmp_path / "sld.svg")
    assert report["side"] == "left"
    (panel,) = svg.findall(f"{SVG}g[@class='panel']")
    drawn = joints(panel)
    floor = next(e for e in panel.iter(f"{SVG}line") if e.get("stroke") == FLOOR)
    floor_y = float(floor.get("y1", ""))
    legs = [n for n in drawn if n.endswith(("_knee", "_ankle"))]
    assert max(legs, key=lambda n: drawn[n][1]) == "left_ankle"  # the lowest: it stands
    assert floor_y - drawn["left_ankle"][1] < 0.5 * (floor_y - drawn["right_ankle"][1])
    head = panel.find(f"{SVG}circle[@data-part='head']")
    assert head is not None
    ahead = float(head.get("cx", "")) - drawn["right_ankle"][0]
    assert ahead * (drawn["left_toe"][0] - drawn["left_heel"][0]) > 0  # the way the toes point


@pytest.mark.parametrize("exercise", ["bridge", "nordic-curl", "single-leg-deadlift"])
def test_good_form_is_shown_at_the_reps_own_deepest_frame(
    tmp_path: Path, catalog: Catalog, exercise: str
) -> None:
    _, path = recorded(tmp_path, catalog, exercise, Plan(reps=3, seed=9, **DETECTOR))
    report, svg = audited(exercise, path, tmp_path / "good.svg")
    assert report["summary"]["good_form"] == 3
    (panel,) = svg.findall(f"{SVG}g[@class='panel']")
    rep = report["reps"][int(panel.get("data-rep", "")) - 1]
    assert rep["frames"][0] < rep["deepest_frame"] < rep["frames"][1]
    assert int(panel.get("data-frame", "")) == rep["deepest_frame"]


def test_a_lying_figure_as_png(tmp_path: Path, catalog: Catalog) -> None:
    from PIL import Image

    plan = Plan(reps=3, faults={2: {"hips-not-high": 1.0}}, seed=5, **DETECTOR)
    exercise, path = recorded(tmp_path, catalog, "bridge", plan)
    out = tmp_path / "bridge.png"
    code, _, err = run("audit", str(path), "--exercise", exercise, "--annotate", str(out))
    assert code == 0, err
    image = Image.open(io.BytesIO(out.read_bytes())).convert("L")
    assert image.format is None or image.mode == "L"
    grey = np.asarray(image)
    dark = grey < 80
    rows = np.flatnonzero(dark.any(axis=1))
    cols = np.flatnonzero(dark.any(axis=0))
    assert dark.mean() > 0.01  # a figure, not an empty panel
    # the figure spans most of the panel's width: fitted, not a sliver at one side
    figure_rows = dark[: int(0.55 * grey.shape[0])]
    spread = np.flatnonzero(figure_rows[int(0.15 * grey.shape[0]) :].any(axis=0))
    assert spread.max() - spread.min() > 0.6 * grey.shape[1], (spread.min(), spread.max())
    assert rows.min() > 0 and cols.min() > 0 and cols.max() < grey.shape[1] - 1
