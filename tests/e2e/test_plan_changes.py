"""Issue 8 through the CLI: escalation (3), leg symptoms on every path (4), a starting weight
(5), plan changes that keep progress (10) and a calendar that stays true (11). Dates are in
the past so each session can be logged on its day."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from icalendar import Calendar
from typer.testing import CliRunner

from hamcoach.cli.main import app
from hamcoach.domain import rules as R
from profiles import profile_data

runner = CliRunner()
START = dt.date.today() - dt.timedelta(days=10)


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == code, (args, result.stdout, result.stderr)
    return result.stdout + result.stderr


def plan() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run("plan", "show", "--json"))
    return data


def start(tmp_path: Path, **changes: Any) -> dict[str, Any]:
    changes.setdefault("baseline", {})
    changes["baseline"] = {"single_leg_bridge_left": 12, "single_leg_bridge_right": 14,
                           **changes["baseline"]}  # fmt: skip
    data = profile_data(schedule={"start_date": START.isoformat(), "max_minutes": 60}, **changes)
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    run("plan", "create", "--profile", str(path))
    return plan()


def day_of(p: dict[str, Any], number: int) -> dt.date:
    s = next(s for s in p["sessions"] if s["number"] == number)
    return dt.date.fromisoformat(s["at"][:10])


def items(p: dict[str, Any], number: int) -> dict[str, dict[str, Any]]:
    s = next(s for s in p["sessions"] if s["number"] == number)
    return {i["exercise_id"]: i for i in s["items"]}


def events(path: Path) -> dict[str, Any]:
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


# --- 3. escalation --------------------------------------------------------------------


def test_two_step_backs_in_14_days_pause_the_exercise_until_a_clinician_resumes(
    tmp_path: Path,
) -> None:
    p = start(tmp_path)
    ex = "marching-bridge"
    d1, d2 = day_of(p, 1), day_of(p, 2)
    dose = items(p, 1)[ex]
    reps = ",".join([str(dose["reps"])] * dose["sets"])
    first = run("log", ex, "--reps", reps, "--pain", "7", "--date", d1.isoformat())
    assert "physical therapist before you do it again" not in first  # one step back: no pause
    run("checkin", "--pain", "2", "--date", (d1 + dt.timedelta(days=1)).isoformat())
    [now_ex] = set(items(plan(), 2)) - set(items(p, 2))  # down the ladder
    second = run("log", now_ex, "--reps", "5", "--pain", "7", "--date", d2.isoformat())
    # log says so at once, plainly, with what to do
    assert "Stop and see a physical therapist" in second
    assert "is paused from" in second and "plan resume" in second
    after = plan()
    later = [s for s in after["sessions"] if s["at"][:10] > d2.isoformat()]
    assert later and not any(now_ex in {i["exercise_id"] for i in s["items"]} for s in later)
    assert any("is paused from" in c["message"] for c in after["changes"])
    # only a named clinician resumes it; then it is back in the coming sessions
    assert "--by" in run("plan", "resume", now_ex, code=2)
    run("plan", "resume", now_ex, "--by", "Dr Lee")
    back = [s for s in plan()["sessions"] if s["status"] == "planned"]
    assert any(now_ex in {i["exercise_id"] for i in s["items"]} for s in back)


def test_red_pain_in_two_exercises_within_a_week_pauses_the_plan(tmp_path: Path) -> None:
    p = start(tmp_path)
    d1 = day_of(p, 1)
    first = items(p, 1)
    a, b = "marching-bridge", "bodyweight-squat"
    assert {a, b} <= set(first)
    run("log", a, "--reps", "5,5", "--pain", "7", "--date", d1.isoformat())
    out = run("log", b, "--reps", "8", "--pain", "8", "--date", d1.isoformat())
    assert "The plan is paused" in out and f"within {R.ESCALATION_RED_DAYS} days" in out
    assert all(s["status"] in {"done", "paused"} for s in plan()["sessions"]
               if s["at"][:10] > d1.isoformat())  # fmt: skip
    assert "Your plan is paused" in run("today")
    # an entry while paused is kept, and says the plan is paused
    later = run("checkin", "--pain", "2", "--date", (d1 + dt.timedelta(days=1)).isoformat())
    assert "Your plan is paused: this is saved, but stop training" in later
    # a paused person's backup restores, paused sessions and all
    backup = tmp_path / "backup.json"
    run("export", "--format", "json", "-o", str(backup))
    paused_plan = plan()
    other = tmp_path / "other-home"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HAMCOACH_HOME", str(other))
        run("import", str(backup))
        restored = plan()
    assert [(s["number"], s["status"]) for s in restored["sessions"]] == [
        (s["number"], s["status"]) for s in paused_plan["sessions"]
    ]
    # a resume by a clinician moves the missed sessions forward from today
    out = run("plan", "resume", "--by", "Dr Lee")
    assert "session(s) moved" in out
    upcoming = [s for s in plan()["sessions"] if s["status"] == "planned"]
    assert upcoming and min(s["at"][:10] for s in upcoming) >= dt.date.today().isoformat()


def test_three_worse_mornings_in_a_row_pause_the_plan(tmp_path: Path) -> None:
    start(tmp_path)  # the profile's pain now is 3: the baseline
    for k in range(R.ESCALATION_WORSE_MORNINGS):
        out = run("checkin", "--pain", "5", "--date", (START + dt.timedelta(days=k)).isoformat())
        paused = "The plan is paused" in out
        assert paused == (k == R.ESCALATION_WORSE_MORNINGS - 1), (k, out)
    statuses = {s["status"] for s in plan()["sessions"]
                if s["at"][:10] > (START + dt.timedelta(days=k)).isoformat()}  # fmt: skip
    assert statuses == {"paused"}


# --- 4. leg symptoms, whichever path decides ------------------------------------------


@pytest.mark.parametrize("order", ["in-order", "checkin-first"])
def test_leg_symptoms_block_any_increase_from_that_session(tmp_path: Path, order: str) -> None:
    p = start(tmp_path)
    ex = "marching-bridge"
    d1 = day_of(p, 1)
    dose = items(p, 1)[ex]
    reps = ",".join([str(dose["reps"] + 2)] * dose["sets"])
    log = ("log", ex, "--reps", reps, "--pain", "1", "--leg-symptoms", "--date", d1.isoformat())
    checkin = ("checkin", "--pain", "1", "--date", (d1 + dt.timedelta(days=1)).isoformat())
    for args in (log, checkin) if order == "in-order" else (checkin, log):  # back-dated log
        run(*args)
    nxt = items(plan(), 2)[ex]
    assert (nxt["sets"], nxt["reps"]) == (dose["sets"], dose["reps"])
    rules = [d["rule"] for d in json.loads(run("plan", "history", "--json"))
             if d["kind"].startswith("decision")]  # fmt: skip
    assert rules == []  # nothing changed; the rule in force is nerve-symptoms


# --- 5. a starting weight -------------------------------------------------------------


def test_a_starting_weight_is_shown_and_the_load_rules_run_from_it(tmp_path: Path) -> None:
    p = start(tmp_path, equipment=["dumbbell-or-kettlebell"],
              baseline={"bodyweight_squats": 32})  # fmt: skip
    loaded = [i for s in p["sessions"] for i in s["items"] if i.get("loaded")]
    assert loaded, "a loaded exercise is in the plan"
    ex = loaded[0]["exercise_id"]
    assert "kg" not in loaded[0]["dose"]
    assert "Choose a starting weight" in run("today")  # if its session is the next one
    run("plan", "set-load", ex, "12kg", "--by", "Dr Lee")
    today = dt.date.today().isoformat()
    shown = [i for s in plan()["sessions"] if s["status"] == "planned" and s["at"] >= today
             for i in s["items"] if i["exercise_id"] == ex]  # fmt: skip
    assert shown and all("at 12 kg" in i["dose"] for i in shown)
    assert "is done without added weight" in run("plan", "set-load", "marching-bridge", "5kg",
                                                   code=2)  # fmt: skip


# --- 10 and 11. plan changes that keep progress; the calendar stays true ----------------


def test_an_edit_keeps_every_dose_and_the_calendar_uids(tmp_path: Path) -> None:
    p = start(tmp_path)
    ics = tmp_path / "plan.ics"
    run("calendar", "export", "-o", str(ics))
    before = events(ics)
    ex = "marching-bridge"
    d1 = day_of(p, 1)
    dose = items(p, 1)[ex]
    reps = ",".join([str(dose["reps"])] * dose["sets"])
    run("log", ex, "--reps", reps, "--pain", "1", "--date", d1.isoformat())
    run("checkin", "--pain", "1", "--date", (d1 + dt.timedelta(days=1)).isoformat())
    progressed = plan()
    # the log rewrote the calendar file: the changed sessions carry a higher SEQUENCE
    after_log = events(ics)
    assert set(after_log) == set(before)
    assert any(int(after_log[u]["sequence"]) > int(before[u]["sequence"]) for u in before)
    out = run("plan", "edit", "--days", "tue,thu,sat", "--time", "07:15")
    assert "Every dose and decision so far is kept" in out
    edited = plan()
    today = dt.date.today().isoformat()
    future = [s for s in edited["sessions"] if s["status"] == "planned" and s["at"] >= today]
    assert future and all(
        dt.date.fromisoformat(s["at"][:10]).weekday() in {1, 3, 5} and s["at"][11:16] == "07:15"
        for s in future
    )
    # doses as they were: the edit moved sessions, not progress
    assert [items(edited, s["number"]) for s in future] == [
        items(progressed, s["number"]) for s in future
    ]
    assert edited["changes"][: len(progressed["changes"])] == progressed["changes"]
    cal = events(ics)
    assert set(cal) == set(before)  # the same UIDs: the calendar updates, not duplicates
    moved = [u for u in cal if cal[u].decoded("dtstart") != after_log[u].decoded("dtstart")]
    assert moved and all(int(cal[u]["sequence"]) > int(after_log[u]["sequence"]) for u in moved)


def test_skip_and_swap_change_only_the_sessions_to_come(tmp_path: Path) -> None:
    p = start(tmp_path)
    ics = tmp_path / "plan.ics"
    run("calendar", "export", "-o", str(ics))
    assert "not in the sessions still to do" in run("plan", "skip", "nordic-curl", code=2)
    assert "did you mean" in run("plan", "swap", "marching-bridgee", "bridge", code=2).lower()
    run("plan", "swap", "marching-bridge", "bridge")
    run("plan", "skip", "bodyweight-squat")
    after = plan()
    for s in after["sessions"]:
        ids = set(items(after, s["number"]))
        if s["status"] == "planned" and s["at"][:10] >= dt.date.today().isoformat():
            assert "marching-bridge" not in ids and "bodyweight-squat" not in ids
            assert "bridge" in ids
    assert len(after["sessions"]) == len(p["sessions"])
    # the calendar file followed: the sessions to come list the change
    coming = [str(e["description"]) for e in events(ics).values()
              if e.decoded("dtstart").date() >= dt.date.today()]  # fmt: skip
    assert coming and all("Bridge:" in d and "Marching" not in d and "Bodyweight squat" not in d
                          for d in coming)  # fmt: skip


def test_a_new_plan_cancels_the_old_plans_events_but_keeps_those_done(tmp_path: Path) -> None:
    """The file a calendar re-reads: the old plan's sessions not done are cancelled, the one
    done stays as it was (its UID, day and SEQUENCE), and the new plan's are added; after a
    third plan, the first plan's session done is still there."""
    old = start(tmp_path)
    ics = tmp_path / "plan.ics"
    run("calendar", "export", "-o", str(ics))
    first = items(old, 1)
    run(
        "log", next(iter(first)), "--reps", "8", "--pain", "1", "--date", day_of(old, 1).isoformat()
    )
    before = events(ics)  # rewritten by the log
    done = f"{old['uid']}-session-1@hamcoach"
    assert str(before[done]["status"]) == "CONFIRMED"
    start(tmp_path)  # a new plan replaces it and rewrites the file
    cal = events(ics)
    assert set(before) <= set(cal)
    assert str(cal[done]["status"]) == "CONFIRMED"
    assert cal[done].decoded("dtstart") == before[done].decoded("dtstart")
    assert int(cal[done]["sequence"]) == int(before[done]["sequence"])
    assert all(str(cal[u]["status"]) == "CANCELLED" for u in set(before) - {done})
    confirmed = {u for u, e in cal.items() if str(e["status"]) == "CONFIRMED"}
    assert len(confirmed - {done}) == len(plan()["sessions"])
    assert all(u.startswith(plan()["uid"]) for u in confirmed - {done})
    assert old["uid"] != plan()["uid"]
    start(tmp_path)  # a third: the first plan's session done stays
    third = events(ics)
    assert str(third[done]["status"]) == "CONFIRMED"
    assert third[done].decoded("dtstart") == before[done].decoded("dtstart")


def test_load_takes_one_weight_per_set(tmp_path: Path) -> None:
    p = start(tmp_path, equipment=["dumbbell-or-kettlebell"],
              baseline={"bodyweight_squats": 32})  # fmt: skip
    ex = next(i["exercise_id"] for s in p["sessions"] for i in s["items"] if i.get("loaded"))
    day = day_of(p, 1).isoformat()
    assert "3 weights for 2 sets" in run("log", ex, "--reps", "10,10", "--load", "10kg,12kg,14kg",
                                         "--pain", "1", "--date", day, code=2)  # fmt: skip
    run("log", ex, "--reps", "10,10", "--load", "10kg,12.5kg", "--pain", "1", "--date", day)
    run("log", ex, "--reps", "10", "--load", "22,5kg", "--pain", "1", "--date", day)  # one, 22.5
    entries = [h for h in json.loads(run("history", "--json")) if h["kind"] == "log"]
    assert [[s["load_kg"] for s in e["sets"]] for e in entries] == [[10.0, 12.5], [22.5]]
