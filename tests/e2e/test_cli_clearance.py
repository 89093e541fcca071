"""A clinician's clearance through the CLI: a yes to a "see a clinician first" question
blocks, the referral names the question and how to record a clearance, the clinician
clears it, and the plan is made and shows who cleared what and when. Emergency signs
are never cleared."""

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
TODAY = dt.date.today()


def run(*args: str, code: int = 0) -> tuple[str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == code, (args, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout, result.stderr


def profile(tmp_path: Path, name: str = "Ann Example", **flags: bool) -> str:
    data = profile_data(name=name, red_flags=flags, schedule={"start_date": TODAY.isoformat()})
    path = tmp_path / f"{name.split()[0].lower()}-{'-'.join(sorted(flags)) or 'clear'}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return str(path)


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def listed() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(run("clearance", "list", "--json")[0])
    return data


def test_a_cleared_flag_no_longer_blocks_and_shows_everywhere(tmp_path: Path) -> None:
    blocked = profile(tmp_path, heart_condition=True)
    out, _ = run("plan", "create", "--profile", blocked, code=3)
    assert "heart_condition: Has a doctor said you have a heart condition" in out
    assert 'hamcoach clearance add heart_condition --by "NAME"' in out
    run("plan", "show", code=2)  # no plan was made

    day = (TODAY - dt.timedelta(days=2)).isoformat()
    out, _ = run(
        "clearance", "add", "heart_condition", "--by", "Dr Lee", "--note", "BP controlled",
        "--date", day,
    )  # fmt: skip
    assert f"heart_condition cleared by Dr Lee on {day} (BP controlled)" in " ".join(out.split())
    assert "No red flag blocks a plan now" in " ".join(out.split())

    out, _ = run("plan", "create", "--profile", blocked)
    assert "Plan plan-" in out
    shown = " ".join(run("plan", "show")[0].split())
    assert f"Cleared by a clinician - heart_condition: cleared by Dr Lee on {day}" in shown
    plan = json.loads(run("plan", "show", "--json")[0])
    assert plan["clearances"] == [
        {
            "question_id": "heart_condition",
            "question": "Has a doctor said you have a heart condition or high blood pressure?",
            "cleared_by": "Dr Lee",
            "cleared_on": day,
            "note": "BP controlled",
        }
    ]
    ics = tmp_path / "plan.ics"
    run("calendar", "export", "-o", str(ics))
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert events and all(
        f"- heart_condition: cleared by Dr Lee on {day} (BP controlled)" in str(e["DESCRIPTION"])
        for e in events
    )


def test_a_plan_made_without_flags_shows_no_clearance(tmp_path: Path) -> None:
    run("plan", "create", "--profile", profile(tmp_path))
    assert json.loads(run("plan", "show", "--json")[0])["clearances"] == []
    assert "Cleared by a clinician" not in run("plan", "show")[0]


def test_emergency_signs_are_never_cleared(tmp_path: Path) -> None:
    run("plan", "create", "--profile", profile(tmp_path, saddle_numbness=True), code=3)
    _, err = run("clearance", "add", "saddle_numbness", "--by", "Dr Lee", code=2)
    assert errors(err) == [
        "error: 'saddle_numbness' is an emergency sign (cauda equina) and cannot be cleared "
        "here. Get emergency care today: go to an emergency department or call your local "
        "emergency number."
    ]
    assert listed() == []  # nothing stored
    # a cleared clinician flag beside an emergency sign: still emergency, no clearance offered
    run("plan", "create", "--profile", profile(tmp_path, heart_condition=True), code=3)
    run("clearance", "add", "heart_condition", "--by", "Dr Lee")
    both = profile(tmp_path, saddle_numbness=True, heart_condition=True)
    out, _ = run("plan", "create", "--profile", both, code=3)
    assert "URGENT: get emergency care today" in out
    assert "clearance add" not in out and "An emergency sign you report is never cleared" in out
    assert "heart_condition: cleared by Dr Lee" in out


def test_bad_clearances_say_what_is_wrong_and_store_nothing(tmp_path: Path) -> None:
    run("plan", "create", "--profile", profile(tmp_path, heart_condition=True), code=3)
    future = (TODAY + dt.timedelta(days=1)).isoformat()
    cases = [
        (
            ["heart_condtion", "--by", "Dr Lee"],
            "error: unknown question 'heart_condtion'; did you mean heart_condition",
        ),
        (["heart_condition", "--by", "   "], "error: who cleared it: give the clinician's name"),
        (["heart_condition", "--by", "x" * 81], "error: who cleared it: at most 80 characters"),
        (["heart_condition", "--by", "Dr Lee", "--note", "n" * 501], "error: the note: at most"),
        (
            ["heart_condition", "--by", "Dr Lee", "--date", future],
            f"error: the clearance date {future} is in the future",
        ),
        (["heart_condition", "--by", "Dr Lee", "--date", "soon"], "error: --date: 'soon'"),
    ]
    for args, message in cases:
        _, err = run("clearance", "add", *args, code=2)
        lines = errors(err)
        assert len(lines) == 1 and lines[0].startswith(message), (args, err)
    _, err = run("clearance", "add", "heart_condtion", "--by", "Dr Lee", code=2)
    assert "hamcoach profile questions" in err
    assert listed() == []


def test_only_that_flag_for_that_person(tmp_path: Path) -> None:
    run("patients", "add", "Ann Example", "--id", "ann")
    run("patients", "add", "Ben Example", "--id", "ben")
    two_flags = profile(tmp_path, heart_condition=True, dizziness=True)
    run("--patient", "ann", "plan", "create", "--profile", two_flags, code=3)
    run("--patient", "ann", "clearance", "add", "heart_condition", "--by", "Dr Lee")
    out, _ = run("--patient", "ann", "plan", "create", "--profile", two_flags, code=3)
    flat = " ".join(out.split())
    assert "- dizziness: Have you fainted" in flat and "- heart_condition: Has" not in flat
    assert "Already cleared by a clinician" in flat and "heart_condition: cleared by Dr Lee" in flat
    assert 'hamcoach --patient ann clearance add dizziness --by "NAME"' in flat
    # Ben's answers are his own: Ann's clearance does nothing for him
    ben = profile(tmp_path, "Ben Example", heart_condition=True)
    run("--patient", "ben", "plan", "create", "--profile", ben, code=3)
    assert json.loads(run("--patient", "ben", "clearance", "list", "--json")[0]) == []
    out, _ = run("--patient", "ann", "clearance", "add", "dizziness", "--by", "Dr Roe")
    assert "No red flag blocks a plan now" in " ".join(out.split())
    run("--patient", "ann", "plan", "create", "--profile", two_flags)
    cleared = json.loads(run("--patient", "ann", "plan", "show", "--json")[0])["clearances"]
    assert [(c["question_id"], c["cleared_by"]) for c in cleared] == [
        ("heart_condition", "Dr Lee"),
        ("dizziness", "Dr Roe"),
    ]


def test_clearance_add_says_what_still_blocks(tmp_path: Path) -> None:
    run("plan", "create", "--profile", profile(tmp_path, chest_pain=True, fever=True), code=3)
    out, _ = run("clearance", "add", "fever", "--by", "Dr Lee")
    assert "Still to be cleared by a clinician before a plan: chest_pain." in " ".join(out.split())
    listing = run("clearance", "list")[0]
    assert "fever: cleared by Dr Lee on" in listing


def test_a_flag_the_screening_did_not_raise_is_not_cleared(tmp_path: Path) -> None:
    """Found by a first-time user: a clearance of a question answered no was recorded, and
    would have counted, unseen, the day a later screening said yes."""
    hint = (
        "If the answer is yes now, answer the questions again ('hamcoach start' or "
        "'hamcoach plan create --profile FILE'): the flag then blocks, and can be cleared."
    )
    run("patients", "add", "Ann Example")
    _, err = run("clearance", "add", "heart_condition", "--by", "Dr Lee", code=2)
    assert errors(err) == [
        "error: 'heart_condition' (Has a doctor said you have a heart condition or high blood "
        "pressure?) was not raised: Ann Example has no screening yet, so there is nothing to "
        "clear. A clearance is recorded for a flag the screening raised."
    ]
    assert err.splitlines()[-1] == hint
    run("plan", "create", "--profile", profile(tmp_path, chest_pain=True), code=3)
    _, err = run("clearance", "add", "calf_swelling", "--by", "Dr Lee", code=2)
    (line,) = errors(err)
    assert line.startswith("error: 'calf_swelling' (") and line.endswith(
        "was not raised: Ann Example's latest screening did not answer yes to it, so there "
        "is nothing to clear. A clearance is recorded for a flag the screening raised."
    )
    assert err.splitlines()[-1] == hint
    assert listed() == []  # nothing stored
    # a later yes blocks, as it should: nothing cleared it unseen
    out, _ = run("plan", "create", "--profile", profile(tmp_path, calf_swelling=True), code=3)
    assert 'hamcoach clearance add calf_swelling --by "NAME"' in out
    run("clearance", "add", "calf_swelling", "--by", "Dr Lee")
    # emergency signs stay refused as emergencies, raised or not
    _, err = run("clearance", "add", "saddle_numbness", "--by", "Dr Lee", code=2)
    assert errors(err)[0].startswith("error: 'saddle_numbness' is an emergency sign")
    assert [c["question_id"] for c in listed()] == ["calf_swelling"]


def test_a_new_uncleared_flag_still_stops_the_plan_under_way(tmp_path: Path) -> None:
    run("plan", "create", "--profile", profile(tmp_path, heart_condition=True), code=3)
    run("clearance", "add", "heart_condition", "--by", "Dr Lee")
    run("plan", "create", "--profile", profile(tmp_path, heart_condition=True))
    uid = json.loads(run("plan", "show", "--json")[0])["uid"]
    # the same answers again: the cleared flag lets the new plan replace the old one
    out, _ = run("plan", "create", "--profile", profile(tmp_path, heart_condition=True))
    assert f"Your previous plan {uid} is archived" in out
    uid = json.loads(run("plan", "show", "--json")[0])["uid"]
    # a new yes that nobody cleared: the plan under way stops
    out, _ = run(
        "plan", "create", "--profile", profile(tmp_path, heart_condition=True, chest_pain=True),
        code=3,
    )  # fmt: skip
    assert f"Your plan {uid} is stopped" in " ".join(out.split())
    _, err = run("plan", "show", code=3)  # stopped: see a clinician, as the stop said
    assert errors(err) == [
        f"error: your plan {uid} is stopped: your latest answers raised a red flag (chest_pain); "
        "see a clinician first"
    ]
    history = json.loads(run("plan", "history", "--json")[0])
    assert history[-1]["kind"] == "paused" and history[-1]["plan"] == uid


def test_export_and_import_carry_clearances(tmp_path: Path, monkeypatch: Any) -> None:
    run("plan", "create", "--profile", profile(tmp_path, heart_condition=True), code=3)
    run("clearance", "add", "heart_condition", "--by", "Dr Lee", "--note", "fine")
    run("plan", "create", "--profile", profile(tmp_path, heart_condition=True))
    before = json.loads(run("plan", "show", "--json")[0])
    dump = tmp_path / "backup.json"
    run("export", "--format", "json", "-o", str(dump))
    data = json.loads(dump.read_text(encoding="utf-8"))
    assert data["version"] == 2
    assert [(c["question_id"], c["cleared_by"]) for c in data["tables"]["clearances"]] == [
        ("heart_condition", "Dr Lee")
    ]
    monkeypatch.setenv("HAMCOACH_HOME", str(tmp_path / "elsewhere"))
    run("import", str(dump))
    assert [(c["question_id"], c["note"]) for c in listed()] == [("heart_condition", "fine")]
    assert json.loads(run("plan", "show", "--json")[0])["clearances"] == before["clearances"]


def test_an_export_from_before_clearances_still_imports(tmp_path: Path, monkeypatch: Any) -> None:
    run("plan", "create", "--profile", profile(tmp_path))
    dump = tmp_path / "backup.json"
    run("export", "--format", "json", "-o", str(dump))
    data = json.loads(dump.read_text(encoding="utf-8"))
    del data["tables"]["clearances"]  # what the previous release wrote
    for plan in data["tables"]["plans"]:
        del plan["clearances"]
    data["schema"] = "0003"
    dump.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("HAMCOACH_HOME", str(tmp_path / "elsewhere"))
    run("import", str(dump))
    assert listed() == []
    assert json.loads(run("plan", "show", "--json")[0])["clearances"] == []


def test_an_emergency_sign_answered_no_the_next_time_still_blocks(tmp_path: Path) -> None:
    """Found by a new user's trial: a second profile answering no made a plan after an
    emergency sign, with nothing said. The flag stands as "see a clinician first" (the
    sign is not reported now) until a clinician who has checked it clears it."""
    out, _ = run("plan", "create", "--profile", profile(tmp_path, both_legs=True), code=3)
    assert "URGENT: get emergency care today" in out
    out, _ = run("plan", "create", "--profile", profile(tmp_path), code=3)
    assert "Please see a clinician first" in out and "URGENT" not in out
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  - both_legs:"))
    assert "Yes at your last screening, no now" in " ".join(lines[at + 1 : at + 3])
    assert 'hamcoach clearance add both_legs --by "NAME"' in out
    run("plan", "show", code=2)  # still no plan
    run("clearance", "add", "both_legs", "--by", "Dr Lee", "--note", "checked in clinic")
    run("plan", "create", "--profile", profile(tmp_path))
    shown = json.loads(run("plan", "show", "--json")[0])
    assert [c["question_id"] for c in shown["clearances"]] == ["both_legs"]
