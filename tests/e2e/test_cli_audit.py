"""`hamcoach audit` as a person runs it: JSON parsed, the text read, and every bad input a
clear line and exit 2, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hamcoach.audit.families import FAMILIES
from hamcoach.audit.synthetic import Plan, as_csv, as_hamcoach_json, landmarks
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
            "no frame shows the hips above the ankles",
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
