"""`hamcoach plan edit --equipment`: the equipment a person has now, from today on. Kit that
is gone swaps its exercise (with the reason), new kit is offered with the command that
takes it up, a bad name is one `error:` line and exit 2. Dates are in the past so session 1
can be logged on its day."""

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
START = dt.date.today() - dt.timedelta(days=3)


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == code, (args, result.stdout, result.stderr)
    return " ".join((result.stdout + result.stderr).split())  # words, unwrapped


def plan() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(runner.invoke(app, ["plan", "show", "--json"]).stdout)
    return data


def to_come(p: dict[str, Any]) -> list[dict[str, str]]:
    today = dt.date.today().isoformat()
    return [{i["exercise_id"]: i["dose"] for i in s["items"]} for s in p["sessions"]
            if s["status"] == "planned" and s["at"][:10] >= today]  # fmt: skip


def test_equipment_from_today_swaps_what_is_gone_and_offers_what_is_new(tmp_path: Path) -> None:
    data = profile_data(
        equipment=["stability-ball"],
        baseline={"single_leg_bridge_left": 30, "single_leg_bridge_right": 30},
        schedule={"start_date": START.isoformat(), "max_minutes": 60},
    )
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    run("plan", "create", "--profile", str(path))
    first = next(s for s in plan()["sessions"] if s["number"] == 1)
    run("log", "leg-swings", "--reps", "10", "--pain", "1", "--date", first["at"][:10])
    before = plan()

    out = run("plan", "edit", "--equipment", "none")

    assert "Equipment from today on: nothing (was stability ball)." in out
    assert ("Hamstring curl on a ball needs stability ball, which you no longer have: "
            "Single-leg bridge instead") in out  # fmt: skip
    assert "Every dose and decision so far is kept" in out
    after = plan()
    assert [s for s in after["sessions"] if s["status"] == "done"] == [
        s for s in before["sessions"] if s["status"] == "done"
    ]
    coming = to_come(after)
    assert coming and all("ball-hamstring-curl" not in s and "single-leg-bridge" in s
                          for s in coming)  # fmt: skip
    assert "Your equipment is as it was (nothing)" in run("plan", "edit", "--equipment", "none")

    out = run("plan", "edit", "--equipment", "stability-ball,massage-ball")

    assert "Hamstring curl on a ball could replace Single-leg bridge" in out
    assert "To take it: hamcoach plan swap single-leg-bridge ball-hamstring-curl" in out
    assert "ASMR for the hamstrings fits your equipment now" in out
    assert to_come(plan()) == coming  # offered, not forced
    run("plan", "swap", "single-leg-bridge", "ball-hamstring-curl")
    assert all("ball-hamstring-curl" in s for s in to_come(plan()))


def test_a_step_up_the_new_kit_opens_is_announced_and_a_swap_to_it_refused(
    tmp_path: Path,
) -> None:
    """Loaded squats wait for 30 good-form bodyweight squats (articles 000, 001), dumbbell or
    not: the CLI says the plan climbs by itself once they are done, and `plan swap` will not
    skip the gate."""
    data = profile_data(baseline={"bodyweight_squats": 12},
                        schedule={"start_date": START.isoformat()})  # fmt: skip
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    run("plan", "create", "--profile", str(path))
    before = plan()

    out = run("plan", "edit", "--equipment", "dumbbell-or-kettlebell")

    assert ("Loaded squat: The next step up from Bodyweight squat, now that you have dumbbell "
            "or kettlebell: the plan moves you up to it by itself once you have earned it (what "
            "earns it: 30 bodyweight squats in a row with perfect form, down and up).") in out  # fmt: skip
    assert "plan swap bodyweight-squat loaded-squat" not in out
    out = run("plan", "swap", "bodyweight-squat", "loaded-squat", code=2)
    assert out.startswith("error: Loaded squat is a step up from Bodyweight squat: the plan "
                          "moves you up to it by itself once you have earned it (what "
                          "earns it: 30 bodyweight squats")  # fmt: skip
    assert to_come(plan()) == to_come(before)


def test_a_bad_equipment_name_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(profile_data(schedule={"start_date": START.isoformat()})),
                    encoding="utf-8")  # fmt: skip
    run("plan", "create", "--profile", str(path))
    before = plan()
    for bad, says in (
        ("dumbell", "error: --equipment: unknown equipment 'dumbell'; did you mean "
                    "dumbbell-or-kettlebell? the names are "
                    "massage-ball, stability-ball"),
        ("none,bench", "error: --equipment: 'none' goes alone"),
        (" , ", "error: --equipment: give the equipment you have"),
    ):  # fmt: skip
        result = runner.invoke(app, ["plan", "edit", "--equipment", bad])
        assert result.exit_code == 2, bad
        assert result.stderr.startswith(says) and result.stderr.count("\n") == 1, result.stderr
    assert plan() == before


def test_kit_gone_and_back_and_an_offer_added(tmp_path: Path) -> None:
    """The massage ball goes: ASMR is left out until it is back (not a skip: no clinician's
    resume), plan show says so; it comes back by itself; a dumbbell's Romanian deadlift,
    with nothing of its kind to replace, is added with `plan add`."""
    data = profile_data(equipment=["massage-ball"],
                        schedule={"start_date": START.isoformat(), "max_minutes": 60})  # fmt: skip
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    run("plan", "create", "--profile", str(path))
    before = to_come(plan())

    out = run("plan", "edit", "--equipment", "none")

    assert ("ASMR for the hamstrings needs massage ball, which you no longer have: left out "
            "until you have a massage ball again. Nothing of its kind fits your equipment, so "
            "each session that had it is one exercise shorter") in out  # fmt: skip
    assert all("asmr-hamstrings" not in s for s in to_come(plan()))
    shown = run("plan", "show")
    assert "ASMR for the hamstrings is left out from" in shown and "until you have a massage " \
        "ball again: it comes back by itself" in shown  # fmt: skip
    assert "Equipment from" in shown  # the change itself, in plan show's changes
    refused = run("plan", "resume", "asmr-hamstrings", "--by", "Dr Lee", code=2)
    assert refused.startswith("error: 'asmr-hamstrings' is left out for want of equipment")

    out = run("plan", "edit", "--equipment", "massage-ball,dumbbell-or-kettlebell")

    assert "ASMR for the hamstrings is back in your sessions, at the dose you had reached" in out
    assert [s["asmr-hamstrings"] for s in to_come(plan())] == [
        s["asmr-hamstrings"] for s in before[-len(to_come(plan())):]]  # fmt: skip
    assert ("Romanian deadlift fits your equipment now: Eccentric hamstring work with a weight "
            "(article 003). None of your exercises is of its kind. To add it: hamcoach plan "
            "add romanian-deadlift") in out  # fmt: skip

    out = run("plan", "add", "romanian-deadlift")

    assert "Romanian deadlift is added to your sessions from today on" in out
    assert all("romanian-deadlift" in s for s in to_come(plan()))
    assert "Romanian deadlift added to your sessions from" in run("plan", "show")
    again = run("plan", "add", "romanian-deadlift", code=2)
    assert again == "error: Romanian deadlift is already in your sessions: no exercise twice"
    typo = run("plan", "add", "romanian-dedlift", code=2)
    assert typo.startswith("error: unknown exercise 'romanian-dedlift'") and "romanian-deadlift" \
        in typo  # fmt: skip
