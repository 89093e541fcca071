"""A red flag found while a plan is under way stops it, and nothing may go on inviting the
person to train. Found by a new user's trial: after the stop, the calendar file still had
every session CONFIRMED with its reminder, `calendar export` failed with "no active plan",
and `today`, `log` and `session` said to make a new plan instead of to see a clinician."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml
from icalendar import Calendar
from typer.testing import CliRunner

from hamcoach.cli.main import app
from profiles import profile_data

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def profile(tmp_path: Path, name: str, **changes: Any) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(profile_data(**changes)), encoding="utf-8")
    return path


def events(ics: bytes) -> dict[str, Any]:
    """The calendar's events by UID."""
    return {str(e["UID"]): e for e in Calendar.from_ical(ics).walk("VEVENT")}


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_a_stop_cancels_the_calendar_and_today_log_session_say_see_a_clinician(
    _isolated_home: Path, tmp_path: Path
) -> None:
    week_ago = (dt.date.today() - dt.timedelta(days=7)).isoformat()
    code, out, err = run("plan", "create", "--profile", str(profile(tmp_path, "p.yaml")),
                         "--start-date", week_ago)  # fmt: skip
    assert code == 0, out + err
    first = json.loads(run("plan", "show", "--json")[1])["sessions"][0]
    code, out, err = run("log", first["items"][0]["exercise_id"], "--reps", "10", "--pain", "0",
                         "--date", first["at"][:10])  # fmt: skip
    assert code == 0, out + err
    ics = tmp_path / "cal.ics"
    assert run("calendar", "export", "-o", str(ics))[0] == 0
    before = events(ics.read_bytes())
    assert len(before) == 15
    assert {str(e["STATUS"]) for e in before.values()} == {"CONFIRMED"}
    [done] = [u for u in before if u.endswith("-session-1@hamcoach")]

    red = profile(tmp_path, "red.yaml", red_flags={"knee_giving_way": True})
    code, out, _ = run("plan", "create", "--profile", str(red))

    assert code == 3 and "is stopped" in out
    assert f"Calendar updated (the sessions not done are cancelled): {ics}" in one_line(out)
    after = events(ics.read_bytes())
    assert set(after) == set(before)  # the same UIDs, so a calendar updates its events
    for field in ("STATUS", "SEQUENCE", "DTSTART", "SUMMARY", "DESCRIPTION"):  # done: as it was
        assert after[done][field].to_ical() == before[done][field].to_ical(), field
    assert len(list(after[done].walk("VALARM"))) == 1
    for uid in set(after) - {done}:
        assert str(after[uid]["STATUS"]) == "CANCELLED", uid
        assert int(after[uid]["SEQUENCE"]) == int(before[uid]["SEQUENCE"]) + 1
        assert not list(after[uid].walk("VALARM")), uid
        assert after[uid].decoded("DTSTART") == before[uid].decoded("DTSTART")

    # exporting again works on the stopped plan, and writes the same cancellations
    again = tmp_path / "again.ics"
    code, out, err = run("calendar", "export", "-o", str(again))
    assert code == 0, err
    assert "is stopped (a red flag): wrote its 14 sessions not done as cancelled" in one_line(out)
    for path_or_out in (again.read_bytes(), run("calendar", "export", "-o", "-")[1].encode()):
        written = events(path_or_out)
        assert {u: str(e["STATUS"]) for u, e in written.items()} == {
            u: str(e["STATUS"]) for u, e in after.items()
        }
        assert [u for u, e in written.items() if list(e.walk("VALARM"))] == [done]

    # training commands say why there is no plan and what to do, and exit 3 as the stop did
    for command in (["today"], ["today", "--json"], ["session", "--yes"],
                    ["log", first["items"][0]["exercise_id"], "--reps", "10"]):  # fmt: skip
        code, out, err = run(*command)
        said = one_line(err)
        assert code == 3, (command, out, err)
        assert "is stopped" in said and "raised a red flag (knee_giving_way)" in said, command
        assert "see a clinician first" in said and "clearance add" in said, command
        assert "Make one with" not in said and out == "", command

    # what was done stays to be seen (found by a new user's trial: "Nothing logged yet")
    code, out, _ = run("history", "--json")
    assert code == 0
    assert [(r["kind"], r["date"]) for r in json.loads(out)] == [("log", first["at"][:10])]

    # a clinician's clearance, then a new plan, brings training back
    assert run("clearance", "add", "knee_giving_way", "--by", "Dr Lee")[0] == 0
    code, _, err = run("today")
    assert code == 2 and "Make one with" in err  # cleared: a new plan is the way on
    code, out, _ = run("plan", "create", "--profile", str(red), "--start-date", "today")
    assert code == 0 and "Calendar updated: " in out
    assert run("today")[0] == 0
    plans = events(again.read_bytes())
    assert str(plans[done]["STATUS"]) == "CONFIRMED"
    new = [e for u, e in plans.items() if u not in before]
    assert len(new) == 15 and {str(e["STATUS"]) for e in new} == {"CONFIRMED"}
    assert {str(plans[u]["STATUS"]) for u in set(before) - {done}} == {"CANCELLED"}


def test_an_emergency_stop_says_get_emergency_care_not_see_a_clinician(
    _isolated_home: Path, tmp_path: Path
) -> None:
    assert run("plan", "create", "--profile", str(profile(tmp_path, "p.yaml")))[0] == 0
    urgent = profile(tmp_path, "urgent.yaml", red_flags={"saddle_numbness": True})
    assert run("plan", "create", "--profile", str(urgent))[0] == 3

    code, out, err = run("today")

    said = one_line(err)
    assert code == 3 and out == ""
    assert "is stopped" in said and "need emergency care today" in said
    assert "emergency department" in said and "clearance add" not in said
    assert "Make one with" not in said
