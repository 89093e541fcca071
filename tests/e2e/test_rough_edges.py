"""Rough edges a first real user hit (issue 8, point 19), each run as they ran it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from hamcoach.cli.main import app
from profiles import profile_data

runner = CliRunner()
TODAY = dt.date.today()


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout if code == 0 else result.stderr


def make_plan(tmp_path: Path, **changes: object) -> None:
    data = profile_data(schedule={"start_date": TODAY.isoformat()}, **changes)
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    run("plan", "create", "--profile", str(path))


def test_history_shows_the_side_and_never_none(_isolated_home: Path, tmp_path: Path) -> None:
    make_plan(tmp_path, baseline={"single_leg_bridge_left": 12, "single_leg_bridge_right": 14})
    day = TODAY.isoformat()
    run("log", "single-leg-bridge", "--reps", "0", "--side", "left", "--pain", "4")
    run("log", "single-leg-bridge", "--reps", "8,8", "--side", "right")
    run("log", "hamstring-static-stretch", "--hold", "30,25", "--pain", "1")
    run("checkin", "--pain", "2", "--stiffness", "3")
    out = run("history")
    assert f"{day}  single-leg-bridge (left side): 0 reps; pain 4/10" in out
    assert f"{day}  single-leg-bridge (right side): 8, 8 reps; no pain score" in out
    assert f"{day}  hamstring-static-stretch: 30s, 25s; pain 1/10" in out
    assert f"{day}  check-in: pain 2/10, stiffness 3/10" in out
    assert "None" not in out


def test_history_exercise_typo_suggests_the_id(_isolated_home: Path, tmp_path: Path) -> None:
    make_plan(tmp_path)
    run("log", "bridge", "--reps", "10,10", "--pain", "1")
    err = run("history", "--exercise", "bridgee", code=2)
    assert err.splitlines()[0].startswith(
        "error: unknown exercise 'bridgee'; did you mean bridge, "
    )
    assert "Nothing logged for nordic-curl yet." in run("history", "--exercise", "nordic-curl")
    assert "bridge: 10, 10 reps; pain 1/10" in run("history", "--exercise", "bridge")


def test_retest_psfs_matches_the_intake_activities(_isolated_home: Path, tmp_path: Path) -> None:
    make_plan(
        tmp_path,
        pain_now=5,
        activities=[
            {"name": "climbing stairs", "ability": 4},
            {"name": "running 5 km", "ability": 2},
        ],
    )
    err = run("retest", "--psfs", "swimming=6", code=2)
    assert err.splitlines()[0] == (
        "error: --psfs: 'swimming' is not one of the activities from your intake "
        "('climbing stairs', 'running 5 km')"
    )
    err = run("retest", "--psfs", "stairs=6,Climbing Stairs=7", code=2)
    assert "'climbing stairs' is scored twice" in err
    assert json.loads(run("progress", "--json"))  # nothing was stored by the refusals
    assert "Re-test" not in run("progress")
    run("retest", "--nprs", "3", "--psfs", "Climbing-STAIRS=7, Running 5 KM = 5")
    out = " ".join(run("progress").split())
    assert "Activities 3.0 -> 6.0 of 10: a meaningful improvement" in out
    stored = json.loads(run("export"))["tables"]["retests"][0]["psfs"]
    assert stored == [
        {"name": "climbing stairs", "ability": 7},
        {"name": "running 5 km", "ability": 5},
    ]
    run("retest", "--psfs", "stairs=8")  # one word of it is enough when it is the only match
