"""Concurrent writers lose nothing, on SQLite and PostgreSQL, with real processes.

Eight processes log one person's session at once (half of them with red pain,
which steps the exercise back) and check in: the plan they leave equals the one
the same entries give when entered one after another. Eight processes opening
a new or an older database at once migrate it once and all succeed. Four
concurrent `plan create` leave one active plan, and the database itself
refuses a second; eight adding one person at once add them once.

The `hamcoach` CLI runs as subprocesses; the service trials run in a pool of
eight spawned processes released together by a barrier, so that they start at
the same instant (a CLI start-up takes long enough to spread them out). Each
test fails when its lock is taken out: BEGIN IMMEDIATE (SQLite), the person's
row lock and the migration and registry advisory locks (PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.pool import Pool
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from sqlalchemy import Engine

from hamcoach.config import Settings
from hamcoach.domain.catalog import Catalog
from hamcoach.domain.progression import LoggedSet
from hamcoach.exports.plan_json import plan_to_json
from hamcoach.services.patients import add_patient
from hamcoach.services.planning import load_active_plan, plan_history
from hamcoach.services.training import LogEntry, check_in, log_exercise
from hamcoach.storage.db import HEAD, current_revision, make_engine, open_database, upgrade
from hamcoach.storage.models import Base, PlanRow
from hamcoach.storage.sql import SqlStore
from profiles import new_plan, profile_data

WORKERS = 8
TIMEOUT = 120  # seconds for any one process; SQLite's busy timeout is 60
FIXTURE_0002 = Path(__file__).parent.parent / "data" / "release-0002.json"
START = dt.date.today() - dt.timedelta(days=7)  # every day is a session day: session 1 is today-7
CHECKIN_DAY = START + dt.timedelta(days=1)


# --- helpers -------------------------------------------------------------------------


def settings_for(database_url: str, home: Path) -> Settings:
    """The conftest URL ('sqlite' means the file under home) as hamcoach's settings."""
    return Settings(home=home, database_url=None if database_url == "sqlite" else database_url)


def env_for(settings: Settings, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HAMCOACH_")}
    env["HAMCOACH_HOME"] = str(settings.home)
    if settings.database_url:
        env["HAMCOACH_DATABASE_URL"] = settings.database_url
    return {**env, **extra}


def run_together(commands: list[list[str]], env: dict[str, str]) -> list[tuple[int, str, str]]:
    """Start every command at once (as separate processes), wait for all; (code, out, err)."""
    procs = [
        subprocess.Popen(
            [sys.executable, *cmd],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for cmd in commands
    ]
    results = []
    try:
        deadline = time.monotonic() + TIMEOUT
        for p in procs:
            out, err = p.communicate(timeout=max(1.0, deadline - time.monotonic()))
            results.append((p.returncode, out, err))
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.communicate()
    return results


@contextmanager
def another_database(database_url: str, tmp_path: Path, name: str) -> Iterator[Settings]:
    """A fresh, empty database of the same kind (a PostgreSQL schema is dropped after)."""
    if database_url == "sqlite":
        yield Settings(home=tmp_path / name)
        return
    pg_url = database_url.split("?")[0]  # the server's URL, without the test's schema
    schema = f"hc_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(pg_url)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield Settings(
            home=tmp_path / name, database_url=f"{pg_url}?options=-csearch_path%3D{schema}"
        )
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


# --- 1. eight writers for one person -------------------------------------------------


def session_one(store: SqlStore, patient_id: str) -> list[tuple[str, tuple[LoggedSet, ...], int]]:
    """(exercise, sets as prescribed, pain) for every item of session 1; every other one
    in red pain (7), which steps it back."""
    plan = load_active_plan(store, patient_id)
    items = plan.sessions[0].session.items
    assert len(items) == WORKERS, [i.exercise_id for i in items]
    return [
        (
            i.exercise_id,
            tuple(LoggedSet(reps=i.reps or 0, hold_seconds=i.hold_seconds) for _ in range(i.sets)),
            7 if n % 2 else 1,
        )
        for n, i in enumerate(items)
    ]


def cli_args(exercise: str, sets: tuple[LoggedSet, ...], pain: int) -> list[str]:
    args = ["log", exercise, "--pain", str(pain), "--date", START.isoformat()]
    if sets[0].reps:
        args += ["--reps", ",".join(str(s.reps) for s in sets)]
    if sets[0].hold_seconds is not None:
        args += ["--hold", ",".join(str(s.hold_seconds) for s in sets)]
    return args


def make_person(store: SqlStore, catalog: Catalog, patient_id: str) -> None:
    now = dt.datetime.now(dt.UTC)
    add_patient(store, patient_id.title(), patient_id=patient_id, now=now)
    data = profile_data(
        schedule={
            "start_date": START.isoformat(),
            "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        }
    )
    new_plan(store, catalog, data, patient_id=patient_id, now=now - dt.timedelta(days=8))


def state(store: SqlStore, patient_id: str) -> dict[str, Any]:
    """Everything the entries decide, without ids and the moments they were recorded.

    Each session's iCalendar SEQUENCE is left out: it counts the revisions of that
    session that were stored (so that a calendar takes each one as newer), and eight
    writers interleaved store other intermediate revisions than eight in a row. What
    they must agree on is checked by ``revised``."""
    plan = load_active_plan(store, patient_id)
    sessions = plan_to_json(plan)["sessions"]
    for s in sessions:
        s.pop("sequence")
    with store.unit_of_work() as uow:
        decisions = sorted(
            (
                d.on.isoformat(),
                d.exercise_id,
                d.action,
                d.rule,
                d.reason,
                json.dumps(d.before),
                json.dumps(d.after),
            )
            for d in uow.plans.decisions(plan.uid)
        )
        logs = sorted(
            (r.log.exercise_id, r.log.on.isoformat(), r.log.pain)
            for r in uow.training.logs(plan.uid)
        )
        checkins = [
            (c.checkin.on.isoformat(), c.checkin.pain) for c in uow.training.checkins(plan.uid)
        ]
    history = sorted(
        (h.kind, h.message) for h in plan_history(store, patient_id) if h.plan_uid == plan.uid
    )
    return {
        "sessions": sessions,
        "decisions": decisions,
        "history": history,
        "logs": logs,
        "checkins": checkins,
    }


def serial_reference(
    database_url: str, tmp_path: Path, catalog: Catalog
) -> tuple[list[tuple[str, tuple[LoggedSet, ...], int]], dict[str, Any]]:
    """The entries of session 1 and the state they give one after another, in a fresh database."""
    with another_database(database_url, tmp_path, "serial") as settings:
        engine = open_database(settings)
        try:
            store = SqlStore(engine)
            make_person(store, catalog, "serial")
            entries = session_one(store, "serial")
            now = dt.datetime.now(dt.UTC)
            for exercise, sets, pain in entries:
                log_exercise(
                    store,
                    catalog,
                    LogEntry(exercise, START, sets, pain),
                    now=now,
                    patient_id="serial",
                )
                check_in(
                    store,
                    catalog,
                    on=CHECKIN_DAY,
                    pain=1,
                    stiffness=1,
                    now=now,
                    patient_id="serial",
                )
            expected = state(store, "serial")
        finally:
            engine.dispose()
    # the race this guards against loses step-backs: make sure there are some to lose
    assert sum(1 for d in expected["decisions"] if d[3] == "pain-red") >= 2
    # and next-morning decisions for the green ones: held, since two reds pause the plan
    assert sum(1 for d in expected["decisions"] if d[3] == "paused") >= 2
    return entries, expected


def revised(store: SqlStore, patient_id: str) -> None:
    """Every session that no longer reads as it was built carries a new SEQUENCE."""
    plan = load_active_plan(store, patient_id)
    changed = [s for s in plan.sessions if s.built is not None and s.session.items != s.built.items]
    assert changed
    assert all(s.sequence >= 1 for s in changed), [(s.number, s.sequence) for s in changed]


_BARRIER: Barrier | None = None
_CATALOG: Catalog | None = None


def _worker_init(barrier: Barrier, catalog: Catalog) -> None:
    global _BARRIER, _CATALOG
    _BARRIER, _CATALOG = barrier, catalog


def _log_then_check_in(task: tuple[Settings, str, str, tuple[LoggedSet, ...], int]) -> str:
    """One writer in its own process: wait for the seven others, then log and check in."""
    settings, patient_id, exercise, sets, pain = task
    assert _BARRIER is not None and _CATALOG is not None
    _BARRIER.wait(timeout=TIMEOUT)
    engine = open_database(settings)
    try:
        store = SqlStore(engine)
        now = dt.datetime.now(dt.UTC)
        result = log_exercise(
            store, _CATALOG, LogEntry(exercise, START, sets, pain), now=now, patient_id=patient_id
        )
        check_in(
            store, _CATALOG, on=CHECKIN_DAY, pain=1, stiffness=1, now=now, patient_id=patient_id
        )
    finally:
        engine.dispose()
    return result.decision.rule


SERVICE_TRIALS = 4


@pytest.fixture(scope="module")
def writers(catalog: Catalog) -> Iterator[Pool]:
    """Eight worker processes (spawned: nothing shared with pytest's), each taking one task
    at a time and waiting at a common barrier, so that eight tasks start together."""
    ctx = multiprocessing.get_context("spawn")
    pool = ctx.Pool(WORKERS, initializer=_worker_init, initargs=(ctx.Barrier(WORKERS), catalog))
    try:
        yield pool
    finally:
        pool.terminate()
        pool.join()


def test_eight_writers_for_one_person_lose_nothing(
    database_url: str, _isolated_home: Path, tmp_path: Path, catalog: Catalog, writers: Pool
) -> None:
    from hamcoach.catalog.loader import catalog_dirs, load_catalog_cached

    entries, expected = serial_reference(database_url, tmp_path, catalog)
    settings = settings_for(database_url, _isolated_home)
    load_catalog_cached(catalog_dirs(), settings.cache_dir)  # as after any earlier use
    engine = open_database(settings)
    store = SqlStore(engine)
    try:
        # trial 0: eight `hamcoach log` processes, each followed by `hamcoach checkin`
        make_person(store, catalog, "cli")
        env = env_for(settings, HAMCOACH_PATIENT="cli")
        script = (
            "import subprocess, sys\n"
            "log = subprocess.run([sys.executable, '-m', 'hamcoach', *sys.argv[1:]])\n"
            "sys.exit(log.returncode or subprocess.run([sys.executable, '-m', 'hamcoach', "
            f"'checkin', '--pain', '1', '--stiffness', '1', '--date', '{CHECKIN_DAY}']).returncode)\n"
        )
        results = run_together([["-c", script, *cli_args(*e)] for e in entries], env)
        for code, out, err in results:
            assert code == 0, out + err
        assert state(store, "cli") == expected
        revised(store, "cli")

        # more trials through the services: eight processes released by one barrier
        for trial in range(SERVICE_TRIALS):
            pid = f"trial-{trial}"
            make_person(store, catalog, pid)
            tasks = [(settings, pid, *e) for e in entries]
            rules = writers.map_async(_log_then_check_in, tasks, chunksize=1).get(TIMEOUT)
            assert rules.count("pain-red") >= 2
            assert state(store, pid) == expected, f"trial {trial}"
            revised(store, pid)
    finally:
        engine.dispose()


# --- 2. eight first uses at once -----------------------------------------------------


def table_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        names = sorted(sa.inspect(conn).get_table_names())
        return {
            n: int(conn.execute(sa.text(f"SELECT COUNT(*) FROM {n}")).scalar_one()) for n in names
        }


def _first_use(settings: Settings) -> list[Any]:
    """One process's first use, in step with seven others: open (and so migrate) the
    database, then read what `plan show --json` would (or `patients list` on no plan)."""
    from hamcoach.services.patients import list_patients

    assert _BARRIER is not None
    _BARRIER.wait(timeout=TIMEOUT)
    engine = open_database(settings)
    try:
        store = SqlStore(engine)
        people = list_patients(store)
        if not people:
            return []
        return list(plan_to_json(load_active_plan(store))["sessions"])
    finally:
        engine.dispose()


def test_eight_first_uses_of_a_new_database(
    database_url: str, _isolated_home: Path, writers: Pool
) -> None:
    from hamcoach.storage.db import database_url as url_for

    settings = settings_for(database_url, _isolated_home)
    assert (
        writers.map_async(_first_use, [settings] * WORKERS, chunksize=1).get(TIMEOUT)
        == [[]] * WORKERS
    )
    engine = make_engine(url_for(settings))
    try:
        assert current_revision(engine) == HEAD
        counts = table_counts(engine)
        assert counts.pop("alembic_version") == 1
        assert set(counts) == set(Base.metadata.tables) and set(counts.values()) == {0}
    finally:
        engine.dispose()


def test_eight_first_uses_of_an_older_database(
    database_url: str, _isolated_home: Path, tmp_path: Path, writers: Pool
) -> None:
    from test_migrations import load_rows

    from hamcoach.storage.db import database_url as url_for

    tables = json.loads(FIXTURE_0002.read_text(encoding="utf-8"))["tables"]

    def at_0002(settings: Settings) -> Engine:
        engine = make_engine(url_for(settings))
        upgrade(engine, "0002")
        load_rows(engine, tables)
        return engine

    # the reference: the same database upgraded by one process alone
    with another_database(database_url, tmp_path, "single") as single:
        at_0002(single).dispose()
        engine = open_database(single)
        expected_counts = table_counts(engine)
        expected_sessions = plan_to_json(load_active_plan(SqlStore(engine)))["sessions"]
        engine.dispose()
    assert expected_counts["exercise_logs"] == len(tables["exercise_logs"]) > 0

    settings = settings_for(database_url, _isolated_home)
    engine = at_0002(settings)
    try:
        assert current_revision(engine) == "0002"
        shown = writers.map_async(_first_use, [settings] * WORKERS, chunksize=1).get(TIMEOUT)
        assert shown == [expected_sessions] * WORKERS
        assert current_revision(engine) == HEAD
        assert table_counts(engine) == expected_counts
    finally:
        engine.dispose()


# --- 3. concurrent plan create -------------------------------------------------------


def plan_statuses(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT patient_id, status FROM plans ORDER BY id")).all()
    return [(r[0], r[1]) for r in rows]


def test_concurrent_plan_creates_leave_one_active_plan(
    database_url: str, _isolated_home: Path, tmp_path: Path
) -> None:
    """Four `plan create` at once on an empty database (each may find nobody there and
    add the person), then four more once the person has a plan."""
    settings = settings_for(database_url, _isolated_home)
    profile = tmp_path / "profile.yaml"
    profile.write_text(yaml.safe_dump(profile_data()), encoding="utf-8")
    create = ["-m", "hamcoach", "plan", "create", "--profile", str(profile)]
    for made in (4, 8):
        results = run_together([create] * 4, env_for(settings))
        for code, out, err in results:
            assert code == 0, out + err
        engine = open_database(settings)
        try:
            statuses = plan_statuses(engine)
        finally:
            engine.dispose()
        assert {p for p, _ in statuses} == {"test-person"}
        assert sorted(s for _, s in statuses) == ["active"] + ["archived"] * (made - 1)
        # each create but the very first archived the plan before it
        archived = sum("is archived" in out for _, out, _ in results)
        assert archived == (3 if made == 4 else 4)


def _add_sam(settings: Settings) -> str:
    from hamcoach.errors import PatientError

    assert _BARRIER is not None
    _BARRIER.wait(timeout=TIMEOUT)
    engine = open_database(settings)
    try:
        add_patient(SqlStore(engine), "Sam", now=dt.datetime.now(dt.UTC))
        return "added"
    except PatientError as exc:
        return str(exc)
    finally:
        engine.dispose()


def test_eight_adding_one_person_at_once(
    database_url: str, _isolated_home: Path, writers: Pool
) -> None:
    """Seven are told the id is taken; none fails on the database's unique key."""
    settings = settings_for(database_url, _isolated_home)
    open_database(settings).dispose()
    said = writers.map_async(_add_sam, [settings] * WORKERS, chunksize=1).get(TIMEOUT)
    assert sorted(said) == ["added"] + ["patient 'sam' exists already"] * (WORKERS - 1)


def test_the_database_refuses_a_second_active_plan(
    database_url: str, _isolated_home: Path, catalog: Catalog
) -> None:
    settings = settings_for(database_url, _isolated_home)
    engine = open_database(settings)
    try:
        store = SqlStore(engine)
        new_plan(store, catalog)
        with engine.connect() as conn:
            row = conn.execute(sa.select(PlanRow.__table__)).mappings().one()
        second = {**row, "id": row["id"] + 1, "uid": "plan-second"}
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            conn.execute(sa.insert(PlanRow.__table__), second)
        # archived, the same row is welcome: the index counts active plans only
        with engine.begin() as conn:
            conn.execute(sa.insert(PlanRow.__table__), {**second, "status": "archived"})
        assert sorted(s for _, s in plan_statuses(engine)) == ["active", "archived"]
    finally:
        engine.dispose()
