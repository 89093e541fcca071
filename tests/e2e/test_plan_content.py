"""What a person sees in their plan (`plan show`): no exercise twice in a session, a loaded
squat from week 1 when its gate is met at baseline, what a recent hamstring strain
changes in weeks 1-2, and days that cannot hold the sessions asked for."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from hamcoach.cli.main import app
from profiles import profile_data

runner = CliRunner()
START = dt.date.today().isoformat()


def run(*args: str, code: int = 0) -> tuple[str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == code, (args, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout, result.stderr


def make_plan(tmp_path: Path, code: int = 0, **changes: Any) -> tuple[str, str]:
    changes.setdefault("schedule", {})
    changes["schedule"] = {"start_date": START, "max_minutes": 120, **changes["schedule"]}
    path = tmp_path / "me.yaml"
    path.write_text(yaml.safe_dump(profile_data(**changes)), encoding="utf-8")
    return run("plan", "create", "--profile", str(path), code=code)


def shown() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run("plan", "show", "--json")[0])
    return data


def test_no_exercise_twice_and_the_loaded_squat_from_week_1(tmp_path: Path) -> None:
    make_plan(
        tmp_path,
        pain_area="knee",
        equipment=["dumbbell-or-kettlebell"],
        baseline={"bodyweight_squats": 32},
    )
    plan = shown()
    for session in plan["sessions"]:
        ids = [i["exercise_id"] for i in session["items"]]
        assert len(ids) == len(set(ids)), (session["number"], ids)
    week_1 = [s for s in plan["sessions"] if s["week"] == 1]
    for session in week_1:
        items = {i["exercise_id"]: i for i in session["items"]}
        assert items["loaded-squat"]["phase"] == "strength"
        assert items["bodyweight-squat"]["phase"] == "warm-up"
        assert items["bodyweight-squat"]["dose"] == "1 x 10 reps"
    text = run("plan", "show", "--week", "1")[0]
    first = text[text.index("session 1 (A)") : text.index("session 2 (A)")]
    assert first.count("Bodyweight squat") == 1 and first.count("Loaded squat") == 1
    assert first.index("Bodyweight squat") < first.index("Loaded squat")
