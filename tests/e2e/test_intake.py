"""`hamcoach start` answered as a person types: an emergency stops it at once, the
answers people really type are understood, and 'back' keeps what was said."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from hamcoach.cli.main import app
from hamcoach.domain.profile import PainArea
from hamcoach.domain.screening import QUESTIONS, Urgency, questions_for
from profiles import profile_data

runner = CliRunner()
KNEE = len(questions_for(PainArea.KNEE))
EMERGENCY = [q for q in QUESTIONS if q.urgency is Urgency.EMERGENCY]
CLEAR_AFTER_FLAGS = [
    *[""] * 4,  # conditions: the defaults (no)
    "none",
    "1",  # experience: none
    "mon,wed,fri",
    "2",
]


def start(answers: list[str]) -> tuple[int, str, str]:
    result = runner.invoke(app, ["start"], input="\n".join(answers) + "\n")
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    # Rich wraps at 80 columns here: the words are what is checked, not the line breaks
    return result.exit_code, " ".join(result.stdout.split()), result.stderr


def saved(home: Path) -> dict:
    return yaml.safe_load((home / "profile.yaml").read_text(encoding="utf-8"))


def test_an_emergency_answer_stops_the_intake_at_once(_isolated_home: Path, tmp_path: Path) -> None:
    # a plan under way, then a new intake with a cauda equina sign
    profile = tmp_path / "p.yaml"
    profile.write_text(yaml.safe_dump(profile_data()), encoding="utf-8")
    assert runner.invoke(app, ["plan", "create", "--profile", str(profile)]).exit_code == 0
    # the second safety question is an emergency one; the rest must never be asked
    code, out, err = start(["Bo", "58", "m", "knee", "6", "", "n", "y", *["n"] * 40])
    assert code == 3, out + err
    assert EMERGENCY[1].text in out
    for later in questions_for(PainArea.KNEE)[2:]:
        assert later.text not in out, f"asked after the emergency answer: {later.id}"
    assert "4/7" not in out  # no further screen either
    urgent = out.index("URGENT: get emergency care today")
    assert urgent < out.index("You answered yes to")  # the advice comes first
    after = out[urgent:].lower()
    for invitation in ("edit", "profile.yaml", "hamcoach start", "plan create", "change", "again"):
        assert invitation not in after, f"'{invitation}' after the urgent message"
    assert "is stopped (kept, not deleted)" in out
    assert not (_isolated_home / "profile.yaml").exists()
    # the answers are stored (the screening), and the plan under way is stopped
    shown = runner.invoke(app, ["plan", "show"])
    assert shown.exit_code == 3 and "is stopped" in shown.stderr
    assert "emergency" in shown.stderr and "hamcoach start" not in shown.stderr
    history = " ".join(runner.invoke(app, ["plan", "history"]).stdout.split())
    assert "paused: Stopped: a new screening found a red flag" in history
    dump = json.loads(runner.invoke(app, ["export"]).stdout)
    screenings = dump["tables"]["screenings"]
    assert [s["urgency"] for s in screenings] == [None, "emergency"]  # the first: cleared


def test_a_clinician_flag_shows_the_referral_before_anything_else(_isolated_home: Path) -> None:
    flags = ["n"] * len(EMERGENCY) + ["y"] + ["n"] * (KNEE - len(EMERGENCY) - 1)
    code, out, err = start(["Bo", "58", "m", "knee", "6", "", *flags])
    assert code == 3, out + err
    referral = out.index("Please see a clinician first")
    assert "edit it" not in out and "plan create" not in out
    assert out.index("saved in") > referral and "to show your clinician" in out


def test_intake_understands_times_and_initials(_isolated_home: Path) -> None:
    answers = [
        "Alex",
        "40",
        "3",  # a stray digit is not a sex
        "f",
        "Low back",  # any case, a space for the hyphen
        "4",
        "",
        *["n"] * len(questions_for(PainArea.LOW_BACK)),
        *CLEAR_AFTER_FLAGS,
        "7:15am",
        "",
        dt.date.today().isoformat(),
        *[""] * 6,
    ]
    code, out, err = start(answers)
    assert code == 0, out + err
    assert "'3' is not one of the choices; choose one of: female, male, other" in out
    profile = saved(_isolated_home)
    assert profile["sex"] == "female" and profile["pain_area"] == "low-back"
    assert profile["schedule"]["time"] == "07:15:00"


def test_times_in_the_evening_and_bad_times(_isolated_home: Path) -> None:
    answers = [
        "Alex",
        "40",
        "m",
        "1",
        "2",
        "",
        *["n"] * KNEE,
        *CLEAR_AFTER_FLAGS,
        "13pm",  # not a time: asked again
        "25:00",
        "6.30 PM",
        "",
        dt.date.today().isoformat(),
        *[""] * 6,
    ]
    code, out, err = start(answers)
    assert code == 0, out + err
    assert "'13pm': with am or pm the hour is 1-12." in out
    assert "'25:00' is not a time" in out
    assert saved(_isolated_home)["sex"] == "male"
    assert saved(_isolated_home)["schedule"]["time"] == "18:30:00"


def test_back_keeps_earlier_answers(_isolated_home: Path) -> None:
    answers = [
        "Alex",
        "40",
        "female",
        "1",
        "4",
        "stairs",
        "5",
        "running",
        "2",
        "",  # done with activities
        "back",  # at the first safety question: back to the pain screen...
        "back",  # ...and on to the first screen
        "",  # name kept
        "",  # age kept
        "",  # sex kept
        "",  # knee kept
        "",  # pain kept
        "",  # stairs kept
        "",  # its 5 kept
        "",  # running kept
        "",  # its 2 kept
        "",  # no third activity
        *["n"] * KNEE,
        "y",  # bending hurts
        "back",  # back to the safety questions: Enter keeps each 'no'
        *[""] * KNEE,
        "",  # bending: kept 'yes'
        "",
        "",
        "",
        "1,2",
        "2",
        "tue,thu,sat",
        "3",
        "18:45",
        "35",
        dt.date.today().isoformat(),
        "12",
        "back",  # back to the schedule: every answer there kept
        *[""] * 5,
        "",  # the left bridge kept
        "14",
        *[""] * 4,
    ]
    code, out, err = start(answers)
    assert code == 0, out + err
    profile = saved(_isolated_home)
    assert profile["name"] == "Alex" and profile["age"] == 40 and profile["sex"] == "female"
    assert profile["activities"] == [
        {"name": "stairs", "ability": 5},
        {"name": "running", "ability": 2},
    ]
    assert profile["conditions"]["flexion_sensitive_back"] is True
    assert profile["schedule"]["days"] == ["tue", "thu", "sat"]
    assert profile["schedule"]["time"] == "18:45:00"
    assert profile["schedule"]["sessions_per_week"] == 3
    assert profile["baseline"] == {"single_leg_bridge_left": 12, "single_leg_bridge_right": 14}
    assert "Your first name [Alex]" in out and "Your age [40]" in out
