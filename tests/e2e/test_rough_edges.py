"""Rough edges a first real user hit (issue 8, point 19), each run as they ran it."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
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


def test_search_finds_sciatica_and_ranks_the_knee_routine(_isolated_home: Path) -> None:
    for query in ("sciatica", "sciatic"):
        hits = json.loads(run("exercises", "search", query, "--json"))
        assert hits, query
        for hit in hits:
            shown = json.loads(run("exercises", "show", hit["id"], "--json"))
            assert "sciatica" in {c["condition"] for c in shown["cautions"]}, hit["id"]
    routine = json.loads(run("routines", "show", "knee-pain-five", "--json"))
    five = {item["exercise"] for item in routine["items"]}
    hits = json.loads(run("exercises", "search", "knee pain", "--json"))
    assert {h["id"] for h in hits[:5]} == five


NARROW = [
    ["exercises", "list"],
    ["exercises", "search", "knee pain"],
    ["routines", "list"],
    ["routines", "show", "knee-pain-five"],
    ["exercises", "show", "hamstring-ere-standing"],
    ["plan", "show", "--week", "1"],
    ["history"],
]


def test_narrow_terminals_never_cut_a_word(
    _isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_plan(tmp_path)
    run("log", "bridge", "--reps", "10,10", "--pain", "1")
    for args in NARROW:
        monkeypatch.setenv("COLUMNS", "300")
        words = set(run(*args).split())
        for width in (40, 50, 60, 80, 100):
            monkeypatch.setenv("COLUMNS", str(width))
            out = run(*args)
            assert "…" not in out, (args, width)
            assert max(len(line) for line in out.splitlines()) <= width, (args, width)
            cut = [w for w in out.split() if w not in words and set(w) != {"─"}]
            cut = [w for w in cut if not re.fullmatch(r"\d+\.", w)]  # a block's number
            assert not cut, (args, width, cut[:5])


def test_plan_show_marks_hamcoach_default_doses(
    _isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # one line an exercise
    make_plan(tmp_path)
    week = json.loads(run("plan", "show", "--json"))["sessions"][0]["items"]
    own = {
        i["exercise_id"]
        for i in week
        if json.loads(run("exercises", "show", i["exercise_id"], "--json"))["dosage"]["evidence"]
        == "default"
    }
    assert own and own != {i["exercise_id"] for i in week}  # some marked, some not
    assert "basis: hamcoach default" in run("exercises", "show", sorted(own)[0])
    out = run("plan", "show", "--week", "1")
    first = out[out.index("session 1") :].splitlines()  # the first session's lines
    for item in week:
        line = next(x for x in first if x.startswith(f"  {item['name']}  "))
        assert line.rstrip().endswith("(hamcoach default)") == (item["exercise_id"] in own), line
    assert "Doses marked (hamcoach default) are hamcoach's own starting points" in " ".join(
        out.split()
    )


def test_logging_an_exercise_outside_the_plan_says_what_to_do(_isolated_home: Path) -> None:
    demo = Path(__file__).resolve().parents[2] / "examples" / "demo-profile.yaml"
    run("plan", "create", "--profile", str(demo), "--start-date", TODAY.isoformat())
    before = run("history")
    err = run("log", "bridge", "--reps", "10,10", "--pain", "2", code=2).splitlines()
    assert err[0] == (
        "error: 'bridge' is not in your plan; in it: marching-bridge, single-leg-bridge"
    )
    assert err[1].startswith("Only your plan's exercises can be logged")
    assert "make a new plan that includes it" in err[1]
    assert run("history") == before  # nothing was stored
