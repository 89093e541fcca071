"""The plan journey through the CLI, as a person runs it."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from icalendar import Calendar
from typer.testing import CliRunner

from hamcoach.cli.main import app
from hamcoach.domain.profile import PainArea
from hamcoach.domain.screening import questions_for
from profiles import profile_data

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo-profile.yaml"
runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def write_profile(tmp_path: Path, data: dict, name: str = "profile.yaml") -> Path:
    path = tmp_path / name
    path.write_text(
        yaml.safe_dump(data) if name.endswith(".yaml") else json.dumps(data), encoding="utf-8"
    )
    return path


def db_file(home: Path) -> Path:
    return home / "hamcoach.db"


def test_demo_journey(_isolated_home: Path, tmp_path: Path) -> None:
    two_weeks_ago = (dt.date.today() - dt.timedelta(days=14)).isoformat()
    code, out, _ = run("plan", "create", "--profile", str(DEMO), "--start-date", two_weeks_ago)
    assert code == 0, out
    assert "Plan plan-" in out and "15 sessions" in out
    code, out, _ = run("plan", "show", "--json")
    plan = json.loads(out)
    assert len(plan["sessions"]) == 15
    reasons = {c["exercise_id"]: c for c in plan["choices"]}
    assert reasons["jefferson-curl"]["included"] is False  # the demo's back dislikes bending
    assert "Hip hinge instead of Jefferson curl" in reasons["jefferson-curl"]["reason"]
    code, out, _ = run("plan", "show", "--week", "2")
    assert code == 0 and "Week 2" in out and "Week 1" not in out and "Why these exercises" in out
    ics = tmp_path / "plan.ics"
    code, out, _ = run("calendar", "export", "-o", str(ics), "--alarm-minutes", "20")
    assert code == 0 and str(ics) in out.replace("\n", "")
    events = list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert len(events) == 15
    code, out, _ = run("plan", "reschedule", "--from", "today")  # two weeks missed
    assert code == 0 and "Moved" in out
    # the exported file follows the plan (issue 8, point 11): the same UIDs, moved, SEQUENCE up
    again = list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert [str(e["uid"]) for e in again] == [str(e["uid"]) for e in events]
    assert any(int(e["sequence"]) > 0 for e in again) and again != events
    code, out, _ = run("calendar", "export", "-o", "-")
    moved = list(Calendar.from_ical(out.encode()).walk("VEVENT"))
    assert [str(e["uid"]) for e in moved] == [str(e["uid"]) for e in events]
    assert any(int(e["sequence"]) > 0 for e in moved)
    code, out, _ = run("plan", "history")
    assert "created" in out and "rescheduled" in out


def test_referral_exits_3_and_stores_only_the_screening(
    _isolated_home: Path, tmp_path: Path
) -> None:
    path = write_profile(tmp_path, profile_data(red_flags={"saddle_numbness": True}))
    code, out, _ = run("plan", "create", "--profile", str(path))
    assert code == 3
    assert "emergency" in out.lower() and "No exercise plan was made" in out
    code, _, err = run("plan", "show")
    assert code == 2 and "no active plan" in err


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"pain_now": 11}, "pain_now: Input should be less than or equal to 10"),
        ({"age": -3}, "age: Input should be greater than or equal to 12"),
        ({"schedule": {"sessions_per_week": 0}}, "schedule.sessions_per_week"),
        ({"schedule": {"days": []}}, "schedule.days"),
        ({"schedule": {"start_date": "soon"}}, "schedule.start_date"),
        ({"favourite_colour": "blue"}, "favourite_colour: unknown field"),
    ],
)
def test_bad_profiles_exit_2_and_store_nothing(
    _isolated_home: Path, tmp_path: Path, change: dict, expected: str
) -> None:
    path = write_profile(tmp_path, profile_data(**change), "profile.json")
    code, out, err = run("plan", "create", "--profile", str(path))
    assert code == 2
    assert expected in err and "Nothing was stored." in err
    assert "Traceback" not in out + err
    assert not db_file(_isolated_home).exists()


def test_broken_files_and_unknowns(_isolated_home: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n", encoding="utf-8")
    code, _, err = run("plan", "create", "--profile", str(broken))
    assert code == 2 and "broken.yaml:2: YAML syntax error" in err
    code, _, err = run("plan", "create", "--profile", str(tmp_path / "missing.yaml"))
    assert code == 2 and "cannot read" in err
    path = write_profile(tmp_path, profile_data(routine="knee-pain"))
    code, _, err = run("plan", "create", "--profile", str(path))
    assert code == 2 and "did you mean knee-pain-five" in err
    assert not db_file(_isolated_home).exists()
    code, _, err = run("plan", "create", "--profile", str(DEMO), "--start-date", "tomorrow-ish")
    assert code == 2 and "--start-date" in err


def test_profile_schema_validates_the_demo_profile() -> None:
    import jsonschema

    _code, out, _ = run("profile", "schema")
    schema = json.loads(out)
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    data["schedule"]["start_date"] = data["schedule"]["start_date"].isoformat()
    jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "pain_now": 12}, schema)


def test_yaml_times_are_not_read_as_base_60(_isolated_home: Path, tmp_path: Path) -> None:
    text = DEMO.read_text(encoding="utf-8").replace('time: "18:30"', "time: 18:30")
    path = tmp_path / "unquoted.yaml"
    path.write_text(text, encoding="utf-8")
    assert run("plan", "create", "--profile", str(path))[0] == 0
    plan = json.loads(run("plan", "show", "--json")[1])
    assert plan["sessions"][0]["at"].endswith("T18:30")


KNEE_QUESTIONS = len(questions_for(PainArea.KNEE))
ANSWERS_CLEAR = (
    "\n".join(
        [
            "Alex",  # name
            "40",  # age
            "",  # sex: skip
            "1",  # knee
            "eleven",  # bad pain: re-asked
            "4",
            "stairs",
            "5",
            "",  # no more activities
            *["n"] * KNEE_QUESTIONS,  # the knee-pain red-flag questions
            "back",  # from the next screen back to the red flags...
            *["n"] * KNEE_QUESTIONS,  # ...and through them again
            "y",  # bending hurts the back
            "",
            "",
            "",
            "1,2",  # massage ball, stability ball
            "2",  # some experience
            "tue,thu,sat",
            "3",
            "7:30",
            "35",
            "2026-11-24",
            "12",
            "14",
            "",
            "",
            "",
            "25",
        ]
    )
    + "\n"
)


def hamcoach(home: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hamcoach", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "HAMCOACH_HOME": str(home)},
        check=False,
        timeout=60,
    )


def test_interactive_intake_with_piped_answers(_isolated_home: Path) -> None:
    proc = hamcoach(_isolated_home, ANSWERS_CLEAR, "start")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "A whole number from 0 to 10" in proc.stdout  # 'eleven' was re-asked
    assert "Plan plan-" in proc.stdout
    saved = yaml.safe_load((_isolated_home / "profile.yaml").read_text(encoding="utf-8"))
    assert saved["conditions"]["flexion_sensitive_back"] is True
    assert saved["schedule"]["days"] == ["tue", "thu", "sat"]
    assert saved["schedule"]["time"] == "07:30:00"
    assert saved["baseline"] == {
        "single_leg_bridge_left": 12,
        "single_leg_bridge_right": 14,
        "active_knee_extension_deg": 25,
    }
    shown = hamcoach(_isolated_home, "", "plan", "show", "--json")
    assert "hip-hinge" in {
        c["exercise_id"] for c in json.loads(shown.stdout)["choices"] if c["included"]
    }


def test_interactive_red_flag_refers(_isolated_home: Path) -> None:
    answers = "\n".join(["Bo", "58", "male", "2", "6", "", "y", *["n"] * 30]) + "\n"
    proc = hamcoach(_isolated_home, answers, "start")
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "emergency" in proc.stdout.lower()


def test_interactive_quit_stores_nothing(_isolated_home: Path) -> None:
    proc = hamcoach(_isolated_home, "Alex\nquit\n", "start")
    assert proc.returncode == 1 and "Nothing was stored" in proc.stderr
    assert not db_file(_isolated_home).exists()
    proc = hamcoach(_isolated_home, "Alex\n", "start")  # input ends early
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
