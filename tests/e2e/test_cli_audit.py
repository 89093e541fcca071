"""`hamcoach audit` as a person runs it: JSON parsed, the text read, and every bad input a
clear line and exit 2, never a traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hamcoach.audit.families import FAMILIES
from hamcoach.audit.synthetic import Plan, as_csv, as_hamcoach_json, as_openpose, landmarks
from hamcoach.cli.main import app
from hamcoach.domain.catalog import Catalog
from hamcoach.domain.pose import View as PoseView

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> Path:
    poses = catalog.get("bodyweight-squat").poses
    assert poses is not None
    plan = Plan(reps=4, faults={2: {"depth": 1.0}, 4: {"rushing": 1.0}}, seed=31, noise_px=2.0)
    path = tmp_path_factory.mktemp("audit") / "squat.json"
    path.write_text(as_hamcoach_json(landmarks(poses, plan), 30.0), encoding="utf-8")
    return path


def test_json_report(recording: Path) -> None:
    code, out, _ = run("audit", str(recording), "--exercise", "bodyweight-squat", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["exercise"] == "bodyweight-squat" and data["view"] == "side"
    assert [r["number"] for r in data["reps"]] == [1, 2, 3, 4]
    assert [[f["check"] for f in r["faults"]] for r in data["reps"]] == [
        [],
        ["depth"],
        [],
        ["rushing"],
    ]
    depth = data["reps"][1]["faults"][0]
    assert set(depth) == {
        "check", "fault", "frame", "at", "value", "measured", "threshold", "unit", "fault_when",
        "correction", "mistake", "source",
    }  # fmt: skip
    assert depth["value"] < depth["threshold"] == 90 and depth["measured"] == "knee bend"
    assert data["reps"][1]["frames"][0] <= depth["frame"] <= data["reps"][1]["frames"][1]
    assert data["summary"]["reps"] == 4 and data["summary"]["good_form"] == 2
    assert {c["check"] for c in data["not_checked"]} == {"knees-in-down", "knees-in-up"}


def test_text_report(recording: Path) -> None:
    code, out, _ = run("audit", str(recording), "--exercise", "bodyweight-squat")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Bodyweight squat: 4 reps in ")
    assert sum(line.startswith("  Rep ") for line in lines) == 4
    assert "    ✗ not deep enough at " in out and "should be at least 90°" in out
    assert "      Go lower as far as form holds" in out  # the catalog's correction
    assert "  knees caving in on the way down: needs a front view;" in out
    assert "Summary: 4 reps, 2 with good form; most common fault: " in out
    assert "  Rep 2  " in out and "  1 fault\n" in out


def test_exercises_without_checks_and_unknown_ids(recording: Path) -> None:
    code, _, err = run("audit", str(recording), "--exercise", "marching-bridge")
    assert code == 2
    assert err.splitlines()[-1].startswith(
        "error: no form checks for marching-bridge yet (audited: bodyweight-squat"
    )
    code, _, err = run("audit", str(recording), "--exercise", "no-such-thing")
    assert code == 2 and "no-such-thing" in err


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("", "the file is empty"),
        (
            '{"skeleton": "coco-17", "fps": 30, "frames": [' + json.dumps([[1, 2]] * 33) + "]}",
            "frame 0: 33 points where coco-17 has 17",
        ),
        (
            "frame,left_hip_x,left_hip_y\n0,nan,nan\n1,nan,nan\n",
            "no person is seen in any frame: every point is missing or under 0.3 confidence",
        ),
        (
            '{"skeleton": "coco-17", "fps": 30, "frames": [' + ",".join(["null"] * 216_000) + "]}",
            "(120 minutes at 30 fps) is longer than an audit takes",
        ),
    ],
    ids=["empty", "wrong-skeleton", "nans", "two-hours"],
)
def test_bad_input_is_one_clear_line_and_exit_2(tmp_path: Path, content: str, says: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    code, out, err = run("audit", str(path), "--exercise", "bodyweight-squat")
    assert code == 2 and not out
    last = err.splitlines()[-1]  # after the first run's notice
    assert last.startswith(f"error: {path}") and says in last and "Traceback" not in err


def refused(path: Path) -> str:
    """The one error line auditing ``path`` gives, checked to be the only output, exit 2."""
    code, out, err = run("audit", str(path), "--exercise", "bodyweight-squat")
    assert code == 2 and not out and "Traceback" not in err
    last = err.splitlines()[-1]  # after the first run's notice
    assert last.startswith(f"error: {path}: "), last
    return last.removeprefix(f"error: {path}: ")


CSV_HEAD = "frame,left_hip_x,left_hip_y,left_knee_x,left_knee_y"


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        (
            "twice.csv",
            CSV_HEAD + ",left_knee_x\n0,1,2,3,4,5\n",
            "line 1: the column 'left_knee_x' appears twice",
        ),
        (
            "null.json",
            '{"skeleton": "coco-17", "fps": 30, "frames": [' + json.dumps([None] * 17) + "]}",
            "no person is seen in any frame: every point is missing or under 0.3 confidence",
        ),
        (
            "dim.csv",
            "frame,left_hip_x,left_hip_y,left_hip_c\n0,1,2,0.2\n1,1,2,0.29\n",
            "no person is seen in any frame: every point is missing or under 0.3 confidence",
        ),
        (
            "nofps.json",
            '{"skeleton": "coco-17", "frames": [null]}',
            '"fps" is missing: the frames a second, a number 1-1000',
        ),
        (
            "fpstext.json",
            '{"skeleton": "coco-17", "fps": "30", "frames": [null]}',
            "fps '30' is not a number: it must be a number 1-1000",
        ),
        (
            "semicolons.csv",
            CSV_HEAD + "\n0;639.25;353.25;640.125;500.375\n",
            "line 2: the values must be separated by commas, not ';': "
            "'0;639.25;353.25;640.125;500.375'",
        ),
        (
            "decimal-commas.csv",
            CSV_HEAD + "\n0;639,25;353,25;640,125;500,375\n",
            "line 2: the values must be separated by commas, not ';': "
            "'0;639,25;353,25;640,125;500,375'",
        ),
        (
            "semicolon-header.csv",
            CSV_HEAD.replace(",", ";") + "\n0;1;2;3;4\n",
            "line 1: the values must be separated by commas, not ';': "
            "'frame;left_hip_x;left_hip_y;left_knee_x;...'",
        ),
        (
            "text.csv",
            CSV_HEAD + "\n0,1,2,3,4\n1,1,2,abc,4\n",
            "line 3, column 'left_knee_x': 'abc' is not a number",
        ),
        (
            "inf.csv",
            CSV_HEAD + "\n0,1,2,3,4\n\n2,1,2,3,-inf\n",
            "line 4, column 'left_knee_y': an infinite value (-inf) is not a coordinate",
        ),
        (
            "two-hours.csv",
            "frame,left_hip_x\n" + "".join(f"{i},1\n" for i in range(216_000)),
            "more than 36,000 frames (over 20 minutes at the 30 fps assumed) is longer than an "
            "audit takes (at most 20 minutes and 150,000 frames); cut the recording to the set",
        ),
        (
            "two-hours.json",
            '{"skeleton": "coco-17", "fps": 30, "frames": [' + ",".join(["null"] * 216_000) + "]}",
            "216,000 frames (120 minutes at 30 fps) is longer than an audit takes (at most 20 "
            "minutes and 150,000 frames); cut the recording to the set",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 24 and "." in v else "",
)
def test_each_unreadable_file_says_what_and_where(
    tmp_path: Path, name: str, content: str, says: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert refused(path) == says


def test_a_duplicate_column_is_refused_not_read_twice(tmp_path: Path, catalog: Catalog) -> None:
    """The CSV reads with its columns once; the same with a column repeated is refused."""
    poses = catalog.get("bodyweight-squat").poses
    assert poses is not None
    text = as_csv(landmarks(poses, Plan(reps=2, seed=5)), 30.0)
    path = tmp_path / "squat.csv"
    path.write_text(text, encoding="utf-8")
    code, _, _ = run("audit", str(path), "--exercise", "bodyweight-squat")
    assert code == 0
    lines = text.splitlines()
    at = lines[0].split(",").index("left_knee_x")
    again = [line + "," + (line.split(",")[at] or "") for line in lines]  # the column again
    path.write_text("\n".join(again) + "\n", encoding="utf-8")
    assert refused(path) == "line 1: the column 'left_knee_x' appears twice"


def write_frames(folder: Path, texts: list[str], name: str) -> Path:
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / name.format(i)).write_text(text, encoding="utf-8")
    return folder


def test_openpose_frames_go_in_frame_number_order_whatever_the_padding(
    tmp_path: Path, catalog: Catalog
) -> None:
    poses = catalog.get("bodyweight-squat").poses
    assert poses is not None
    frames = as_openpose(landmarks(poses, Plan(reps=3, faults={2: {"depth": 1.0}}, seed=8)))
    padded = write_frames(tmp_path / "padded", frames, "squat_{:012d}_keypoints.json")
    bare = write_frames(tmp_path / "bare", frames, "squat_{}_keypoints.json")
    (bare / "settings.json").write_text('{"net_resolution": "-1x368"}', encoding="utf-8")
    assert sorted(p.name for p in bare.iterdir())[:3] == [
        "settings.json", "squat_0_keypoints.json", "squat_100_keypoints.json"
    ]  # fmt: skip
    reports = []
    for folder in (padded, bare):
        code, out, err = run("audit", str(folder), "--exercise", "bodyweight-squat", "--json")
        assert code == 0, err
        reports.append(json.loads(out))
    assert reports[0] == reports[1]
    reps = reports[1]["reps"]
    assert [[f["check"] for f in r["faults"]] for r in reps] == [[], ["depth"], []]


def test_openpose_folders_without_frames_or_people(tmp_path: Path) -> None:
    nobody = json.dumps({"version": 1.3, "people": []})
    empty = write_frames(tmp_path / "empty", [nobody] * 3, "v_{}_keypoints.json")
    assert refused(empty) == (
        "no person is seen in any frame: all 3 frame files' 'people' lists are empty"
    )
    other = write_frames(tmp_path / "other", ["{}"], "settings.json")
    assert refused(other) == (
        "no *_keypoints.json files (OpenPose writes one a frame, such as "
        "video_000000000000_keypoints.json)"
    )
    person = json.dumps({"people": [{"pose_keypoints_2d": [1.0] * 70}]})
    short = write_frames(tmp_path / "short", [nobody, person], "v_{}_keypoints.json")
    assert refused(short) == (
        "v_1_keypoints.json: pose_keypoints_2d has 70 numbers; BODY_25 has 75 "
        "(25 points × x, y, confidence)"
    )


def test_csv_and_a_real_process(tmp_path: Path, catalog: Catalog) -> None:
    """The installed command, in a process of its own: no traceback on a bad file either."""
    poses = catalog.get("loaded-squat").poses
    assert poses is not None
    path = tmp_path / "squat.csv"
    path.write_text(as_csv(landmarks(poses, Plan(reps=3, seed=4)), 30.0), encoding="utf-8")
    cmd = [
        sys.executable,
        "-m",
        "hamcoach",
        "audit",
        str(path),
        "--exercise",
        "loaded-squat",
        "--json",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["good_form"] == 3
    (tmp_path / "bad.csv").write_text("frame,left_hip_x\n0,1\n0,2\n", encoding="utf-8")
    cmd[4] = str(tmp_path / "bad.csv")
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "bad.csv: line 3: frame numbers must go up" in done.stderr


def test_help_names_the_formats() -> None:
    code, out, _ = run("audit", "--help")
    assert code == 0 and "--exercise" in out and "OpenPose" in out


def test_the_text_report_word_for_word() -> None:
    from hamcoach.audit.report import Audit, Finding, Phases, RepVerdict, Skipped
    from hamcoach.cli.audit_cmds import report_lines

    shallow = Finding(
        check="depth",
        title="not deep enough",
        frame=219,
        at=7.3,
        value=74.4,
        threshold=90.0,
        unit="degrees",
        worse="below",
        correction="Go lower as far as form holds.",
        mistake="Stopping at 90 degrees.",
        source="article 000",
        label="knee bend",
    )
    result = Audit(
        exercise="bodyweight-squat",
        exercise_name="Bodyweight squat",
        view="side",
        fps=30.0,
        frames=300,
        reps=(
            RepVerdict(1, 1.6, 4.2, 48, 126, Phases(1.0, 0.6, 1.0)),
            RepVerdict(2, 6.1, 8.5, 183, 255, Phases(0.9, 0.5, 0.9), (shallow,), ("heels-lift",)),
        ),
        skipped=(
            Skipped("knees-in-down", "knees caving in on the way down", "needs a front view"),
        ),
        notes=("Seen from the side.",),
    )
    assert report_lines(result) == [
        "Bodyweight squat: 2 reps in 10.0 s (side view, 300 frames at 30 fps)",
        "",
        "  Rep 1  1.6-4.2 s  down 1.0 s, bottom 0.6 s, up 1.0 s  good form",
        "  Rep 2  6.1-8.5 s  down 0.9 s, bottom 0.5 s, up 0.9 s  1 fault",
        "    ✗ not deep enough at 7.3 s (frame 219): knee bend 74°, should be at least 90°",
        "      Go lower as far as form holds.",
        "    not measured in this rep (joints unseen): heels-lift",
        "",
        "Not checked:",
        "  knees caving in on the way down: needs a front view",
        "",
        "Summary: 2 reps, 1 with good form; most common fault: not deep enough (1 rep)",
        "Note: Seen from the side.",
    ]


def test_log_records_the_camera_s_reps_as_a_set_of_today_s_session(
    recording: Path, tmp_path: Path, catalog: Catalog
) -> None:
    """--log: the reps the camera saw become a set of today's session; it counts as good
    form (toward the 30-squat gate) only when every rep was good, and the note says so."""
    profile = str(ROOT / "examples" / "demo-profile.yaml")
    assert run("plan", "create", "--profile", profile, "--start-date", "today")[0] == 0
    code, out, _ = run("audit", str(recording), "--exercise", "bodyweight-squat", "--log",
                       "--pain", "1")  # fmt: skip
    assert code == 0, out
    assert "Logged Bodyweight squat" in out and "1 set(s) (4), pain 1/10" in out
    assert "The camera saw 2 of 4 reps done well: this set does not count" in out
    poses = catalog.get("bodyweight-squat").poses
    assert poses is not None
    clean = tmp_path / "clean.json"
    clean.write_text(as_hamcoach_json(landmarks(poses, Plan(reps=3, seed=5)), 30.0), "utf-8")
    code, out, _ = run("audit", str(clean), "--exercise", "bodyweight-squat", "--log",
                       "--pain", "0")  # fmt: skip
    assert code == 0 and "The camera saw 3 of 3 reps done well: this set counts" in out
    logs = [h for h in json.loads(run("history", "--json")[1]) if h["kind"] == "log"]
    assert [(h["sets"][0]["reps"], h["sets"][0]["good_form"]) for h in logs] == [
        (4, False),
        (3, True),
    ]
    assert logs[0]["note"] == "camera-checked (squat.json): 2 of 4 reps with good form"


def test_shallow_reps_filmed_from_the_front_never_count_as_good_form(
    tmp_path: Path, catalog: Catalog
) -> None:
    """Found in a new user's trial: half squats filmed from the front, where depth cannot
    be seen, were called good form and counted toward the 30-squat gate."""
    poses = catalog.get("bodyweight-squat").poses
    assert poses is not None
    assert run("plan", "create", "--profile", str(ROOT / "examples" / "demo-profile.yaml"),
               "--start-date", "today")[0] == 0  # fmt: skip
    shallow = Plan(reps=3, faults={n: {"depth": 1.0} for n in (1, 2, 3)}, view=PoseView.FRONT)
    front = tmp_path / "front.json"
    front.write_text(as_hamcoach_json(landmarks(poses, shallow), 30.0), "utf-8")
    code, out, _ = run("audit", str(front), "--exercise", "bodyweight-squat", "--log",
                       "--pain", "0")  # fmt: skip
    assert code == 0, out
    assert out.count('no fault seen, but not checked for "not deep enough"') == 3
    assert "Summary: 3 reps, 0 with good form; 3 with no fault seen" in out
    assert "The camera saw 0 of 3 reps done well: this set does not count" in out
    assert 'could not check 3 reps for "not deep enough"' in out
    logs = [h for h in json.loads(run("history", "--json")[1]) if h["kind"] == "log"]
    assert [s["good_form"] for h in logs for s in h["sets"]] == [False]


def test_a_one_legged_set_is_logged_for_its_working_leg(tmp_path: Path, catalog: Catalog) -> None:
    """Found in a new user's trial: a camera-logged single-leg deadlift lost its side,
    though its dose is per leg; and --side naming the lifted leg went unremarked."""
    poses = catalog.get("single-leg-deadlift").poses
    assert poses is not None
    assert run("plan", "create", "--profile", str(ROOT / "examples" / "demo-profile.yaml"),
               "--start-date", "today")[0] == 0  # fmt: skip
    clip = tmp_path / "sldl.json"
    raw = landmarks(poses, Plan(reps=3, seed=4), FAMILIES["single-leg-deadlift"].synth)
    clip.write_text(as_hamcoach_json(raw, 30.0), "utf-8")
    code, out, _ = run("audit", str(clip), "--exercise", "single-leg-deadlift", "--log",
                       "--pain", "1")  # fmt: skip
    assert code == 0, out
    assert "Working on the left leg (the ankle that stays down)." in out
    code, out, _ = run("audit", str(clip), "--exercise", "single-leg-deadlift", "--side", "right")
    assert code == 0 and "But the left ankle stays lower most of the time" in out
    logs = [h for h in json.loads(run("history", "--json")[1]) if h["kind"] == "log"]
    assert [s["side"] for h in logs for s in h["sets"]] == ["left"]
    assert logs[0]["note"].endswith("reps with good form, left leg")


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ([], "error: --log needs --pain N"),
        (["--pain", "1", "--json"], "error: --log says what the plan did in words"),
    ],
)
def test_log_needs_a_pain_score_and_plain_words(
    recording: Path, extra: list[str], says: str
) -> None:
    code, out, err = run("audit", str(recording), "--exercise", "bodyweight-squat", "--log", *extra)
    assert code == 2 and says in err and out == ""


@pytest.mark.parametrize("extra", [["--pain", "2"], ["--date", "2026-01-05"]])
def test_what_to_log_without_log_is_refused_not_ignored(recording: Path, extra: list[str]) -> None:
    code, out, err = run("audit", str(recording), "--exercise", "bodyweight-squat", *extra)
    assert code == 2 and "error: --pain and --date say what to log: they go with --log" in err
    assert out == ""


def test_each_family_names_its_phases(tmp_path: Path, catalog: Catalog) -> None:
    """A bridge goes up, holds at the top and comes down; a squat goes down first."""
    poses = catalog.get("bridge").poses
    assert poses is not None
    clip = tmp_path / "bridge.csv"
    clip.write_text(as_csv(landmarks(poses, Plan(reps=2, seed=3), FAMILIES["bridge"].synth), 30.0))
    code, out, _ = run("audit", str(clip), "--exercise", "bridge")
    assert code == 0, out
    reps = [line for line in out.splitlines() if line.startswith("  Rep ")]
    assert len(reps) == 2 and all(
        re.search(r" up [0-9.]+ s, top [0-9.]+ s, down ", r) for r in reps
    )
