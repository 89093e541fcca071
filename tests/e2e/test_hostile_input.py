"""Hostile input through the real CLI: every case of the fuzz report (issue 8, point 17)
ends as exit 2 and one `error:` line naming the problem, within seconds, with no
traceback, and nothing stored changes."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from profiles import profile_data

START = dt.date.today() - dt.timedelta(days=10)
BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9)
)
"""Nine levels of nine aliases: 387 million values once expanded."""


def run(
    home: Path, *args: str | bytes, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "HAMCOACH_HOME": str(home), "HAMCOACH_TIMER_SCALE": "0"}
    full_env.pop("HAMCOACH_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "hamcoach", *args], input=stdin, env={**full_env, **(env or {})},
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip


def stored(home: Path) -> dict[str, list[Any]]:
    """Every row of every table, to prove nothing changed (an empty schema made on the way
    holds nothing)."""
    db = home / "hamcoach.db"
    if not db.exists():
        return {}
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        rows = {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}
    return {t: r for t, r in rows.items() if r and t != "alembic_version"}  # data, not schema


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with one person, a plan, a log, a check-in and a re-test; each test copies it."""
    root = tmp_path_factory.mktemp("made")
    home = root / "home"
    profile = root / "me.yaml"
    profile.write_text(yaml.safe_dump(profile_data(
        schedule={"start_date": START.isoformat()},
        activities=[{"name": "climbing stairs", "ability": 6}],
    )))  # fmt: skip
    for args in (
        ("plan", "create", "--profile", str(profile)),
        ("log", "leg-swings", "--reps", "8,8", "--pain", "1", "--rpe", "6"),
        ("checkin", "--pain", "1"),
        ("retest", "--nprs", "2", "--psfs", "climbing stairs=7"),
        ("export", "--format", "json", "-o", str(root / "export.json")),
    ):
        proc = run(home, *args)
        assert proc.returncode == 0, proc.stderr
    return root


@pytest.fixture
def home(made: Path, tmp_path: Path) -> Path:
    copied = tmp_path / "home"
    shutil.copytree(made / "home", copied)
    return copied


Edit = Callable[[str], str]
"""A change to an export file's text."""


def _set(path: str, value: Any) -> Edit:
    """Set a ``tables.plans.0.uid``-style path in an export."""

    def change(text: str) -> str:
        data = json.loads(text)
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        target = data
        for p in parents:
            target = target[p]
        target[last] = value
        return json.dumps(data)

    return change


@dataclass
class Case:
    name: str
    args: tuple[str, ...]
    says: str
    """What the error line must name."""
    env: dict[str, str] = field(default_factory=dict)
    files: dict[str, str | Callable[[Path], str]] = field(default_factory=dict)
    """Files to write beside the home before running ({name} in args is their path)."""
    stdin: str = ""
    empty_home: bool = False


def _profile(**changes: Any) -> str:
    data = profile_data(schedule={"start_date": START.isoformat()})
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        target = data
        for p in parents:
            target = target[p]
        target[last] = value
    return json.dumps(data)


PROFILE = "{dir}/profile.json"
CASES = [
    # settings
    Case("db-unknown-scheme", ("today",), "names 'mysql'", {"HAMCOACH_DATABASE_URL": "mysql://u@h/d"}),
    Case("db-bad-port", ("today",), "has the port 99999",
         {"HAMCOACH_DATABASE_URL": "postgresql://postgres@127.0.0.1:99999/test"}),
    Case("db-in-memory", ("plan", "show"), "is a database in memory, which keeps nothing",
         {"HAMCOACH_DATABASE_URL": "sqlite:///:memory:"}),
    *[
        Case(f"timer-{v}", ("session",), f"HAMCOACH_TIMER_SCALE={says}", {"HAMCOACH_TIMER_SCALE": v},
             stdin="\n" * 50)
        for v, says in (("abc", "'abc' is not a number"), ("nan", "nan is not a number"),
                        ("inf", "inf is not a number"), ("-1", "-1 is outside 0-10"))
    ],
    Case("simulate-without-plan", ("plan", "simulate", "--logs", "{dir}/logs.yaml"), "no plan yet",
         files={"logs.yaml": "[]"}, empty_home=True),
    # catalog files
    Case("catalog-alias-bomb", ("catalog", "check", "{dir}/clinic"), "expands to more than",
         files={"clinic/exercises/bomb.yaml": BOMB}),
    Case("catalog-recursive-alias", ("catalog", "check", "{dir}/clinic"), "a recursive alias",
         files={"clinic/exercises/loop.yaml": "a: &a [*a]\n"}),
    Case("catalog-path-alias-bomb", ("exercises", "list"), "expands to more than",
         {"HAMCOACH_CATALOG_PATH": "{dir}/clinic"}, files={"clinic/exercises/bomb.yaml": BOMB}),
    Case("catalog-deep", ("catalog", "check", "{dir}/clinic"), "nested more than 32 levels",
         files={"clinic/exercises/deep.yaml": "a: " + "[" * 500 + "]" * 500}),
    # profile files
    Case("profile-alias-bomb", ("plan", "create", "--profile", "{dir}/p.yaml"), "expands to more than",
         files={"p.yaml": BOMB}),
    Case("profile-recursive", ("plan", "create", "--profile", "{dir}/p.yaml"), "recursive alias",
         files={"p.yaml": "a: &a {b: *a}\n"}),
    Case("profile-deep-json", ("plan", "create", "--profile", PROFILE), "nested more than 32",
         files={"profile.json": "[" * 100_000 + "]" * 100_000}),
    Case("profile-deep-yaml", ("plan", "create", "--profile", "{dir}/p.yaml"), "nest",
         files={"p.yaml": "[" * 100_000 + "]" * 100_000}),
    Case("profile-5000-digit-age", ("plan", "create", "--profile", PROFILE), "5000 digits",
         files={"profile.json": lambda d: _profile(age=0).replace('"age": 0', '"age": ' + "9" * 5000)}),
    Case("profile-5000-digit-age-yaml", ("plan", "create", "--profile", "{dir}/p.yaml"),
         "5000 digits", files={"p.yaml": "age: " + "9" * 5000 + "\n"}),
    Case("profile-start-9999", ("plan", "create", "--profile", PROFILE),
         "schedule.start_date: Input should be less than or equal to 2100-12-31",
         files={"profile.json": lambda d: _profile(schedule__start_date="9999-12-31")}),
    Case("profile-start-0001", ("plan", "create", "--profile", PROFILE),
         "schedule.start_date: Input should be greater than or equal to 1900-01-01",
         files={"profile.json": lambda d: _profile(schedule__start_date="0001-01-01")}),
    Case("profile-nan", ("plan", "create", "--profile", PROFILE), "NaN is not a number",
         files={"profile.json": lambda d: _profile(pain_now=0).replace('"pain_now": 0', '"pain_now": NaN')}),
    Case("profile-nul-name", ("plan", "create", "--profile", PROFILE), "NUL",
         files={"profile.json": lambda d: _profile(name="a\u0000b")}),
    Case("profile-dev-zero", ("plan", "create", "--profile", "/dev/zero"), "larger than 1 MB"),
    Case("profile-20-mb", ("plan", "create", "--profile", "{dir}/big.yaml"), "larger than 1 MB",
         files={"big.yaml": lambda d: _profile() + "\n#" + "x" * (20 << 20)}),
    Case("profile-not-utf8", ("plan", "create", "--profile", "{dir}/p.yaml"), "not UTF-8",
         files={"p.yaml": "name: caf\udce9\n"}),
    # options
    Case("psfs-5000-digits", ("retest", "--psfs", "stairs=" + "9" * 5000), "must look like 'stairs=7'"),
    Case("psfs-superscript", ("retest", "--psfs", "stairs=²"), "must look like 'stairs=7'"),
    Case("checkin-0001", ("checkin", "--pain", "1", "--date", "0001-01-01"), "outside the years 1900-2100"),
    Case("log-9999", ("log", "leg-swings", "--reps", "5", "--date", "9999-12-31"), "outside the years"),
    Case("log-rpe-nan", ("log", "leg-swings", "--reps", "5", "--pain", "1", "--rpe", "nan"),
         "--rpe: nan is not a number"),
    Case("log-reps-superscript", ("log", "leg-swings", "--reps", "5,²"), "'²' is not a whole number"),
    Case("start-date-9999", ("plan", "create", "--profile", PROFILE, "--start-date", "9999-12-31"),
         "--start-date: 9999-12-31 is outside the years", files={"profile.json": lambda d: _profile()}),
    # logs files for plan simulate
    Case("simulate-40000-sets", ("plan", "simulate", "--logs", "{dir}/logs.json"), "at most 20 items",
         files={"logs.json": lambda d: json.dumps(
             [{"date": START.isoformat(), "exercise": "leg-swings", "reps": [5] * 40_000}])}),
    Case("simulate-alias-bomb", ("plan", "simulate", "--logs", "{dir}/logs.yaml"), "expands to more",
         files={"logs.yaml": BOMB}),
    Case("simulate-date-0001", ("plan", "simulate", "--logs", "{dir}/logs.yaml"), "greater than or equal to 1900",
         files={"logs.yaml": "- {date: 0001-01-01, checkin: 1}\n"}),
    Case("simulate-inf-load", ("plan", "simulate", "--logs", "{dir}/logs.yaml"), "inf is not a number",
         files={"logs.yaml": f"- {{date: {START}, exercise: leg-swings, reps: [5], load: .inf}}\n"}),
]  # fmt: skip


IMPORTS: dict[str, tuple[Edit, str]] = {
    "version-5000-digits": (
        lambda t: t.replace('"version": 2', '"version": ' + "9" * 5000, 1),
        "version: a number with 5000 digits",
    ),
    "id-2-to-63": (_set("tables.plans.0.id", 2**63), "tables.plans[0].id: a number with 19"),
    "items-garbage": (_set("tables.plan_sessions.0.items", "garbage"), "plan_sessions[0].items"),
    "items-of-garbage": (_set("tables.plan_sessions.0.items", ["garbage"]), "items: [0]"),
    "empty-schedule": (
        _set("tables.plans.0.schedule", {}),
        "plans[0].schedule: days: Field required",
    ),
    "empty-profile": (_set("tables.profiles.0.data", {}), "profiles[0].data: not a profile"),
    "sets-x": (_set("tables.exercise_logs.0.sets", "x"), "exercise_logs[0].sets"),
    "sets-of-x": (_set("tables.exercise_logs.0.sets", ["x"]), "exercise_logs[0].sets: [0]"),
    "rpe-as-text": (_set("tables.exercise_logs.0.sets.0.rpe", "7"), "sets: [0].rpe"),
    "nul-in-name": (_set("tables.patients.0.display_name", "a\u0000b"), "NUL"),
    "long-uid": (_set("tables.plans.0.uid", "u" * 500), "plans[0].uid: longer than 40"),
    "checkin-0001": (_set("tables.checkins.0.checked_on", "0001-01-01"), "outside the years"),
    "unknown-status": (_set("tables.plans.0.status", "paused"), "not one of active, archived"),
    "negative-week": (_set("tables.plan_sessions.0.week", -1), "plan_sessions[0].week: outside"),
    "unknown-zone": (_set("tables.patients.0.timezone", "Mars/Olympus"), "unknown time zone"),
}


def _write(root: Path, files: dict[str, str | Callable[[Path], str]]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = content(root) if callable(content) else content
        path.write_bytes(text.encode("utf-8", "surrogateescape"))


def _assert_refused(proc: subprocess.CompletedProcess[str], says: str) -> None:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and "sqlalche.me" not in proc.stderr
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("error: ")]
    assert errors, proc.stderr
    assert says in errors[0], errors


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_input_is_one_line_exit_2_and_changes_nothing(
    case: Case, home: Path, tmp_path: Path
) -> None:
    if case.empty_home:
        shutil.rmtree(home)
    before = stored(home)
    files = tmp_path / "files"
    _write(files, case.files)
    args = [a.replace("{dir}", str(files)) for a in case.args]
    env = {k: v.replace("{dir}", str(files)) for k, v in case.env.items()}
    proc = run(home, *args, env=env, stdin=case.stdin)
    _assert_refused(proc, case.says)
    assert stored(home) == before


@pytest.mark.parametrize("name", list(IMPORTS))
def test_a_hostile_import_is_refused_before_anything_is_written(
    name: str, made: Path, tmp_path: Path
) -> None:
    change, says = IMPORTS[name]
    file = tmp_path / "export.json"
    file.write_text(change((made / "export.json").read_text(encoding="utf-8")), encoding="utf-8")
    home = tmp_path / "other"
    proc = run(home, "patients", "add", "Someone Else")  # a database with someone in it
    assert proc.returncode == 0, proc.stderr
    before = stored(home)
    _assert_refused(run(home, "import", str(file)), says)
    assert stored(home) == before


def test_a_note_that_is_not_utf8_is_refused(home: Path) -> None:
    before = stored(home)
    env = {**os.environ, "HAMCOACH_HOME": str(home)}
    proc = subprocess.run(
        [sys.executable, "-m", "hamcoach", "log", "leg-swings", "--reps", "5", "--note", b"caf\xe9"],
        env=env, capture_output=True, timeout=30, check=False,
    )  # fmt: skip
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2 and "Traceback" not in stderr
    assert "error: argument 6 (b'caf\\xe9') is not UTF-8 text" in stderr
    assert stored(home) == before


def test_the_valid_export_still_imports(made: Path, tmp_path: Path) -> None:
    """The cases above are refused for what they hold, not because imports fail."""
    file = tmp_path / "export.json"
    shutil.copy(made / "export.json", file)
    home = tmp_path / "other"
    proc = run(home, "import", str(file))
    assert proc.returncode == 0, proc.stderr
    assert run(home, "plan", "show").returncode == 0
