"""Upgrades from the previous schemas, on SQLite and PostgreSQL, lose nothing.

The 0002 fixture holds the rows the previous release wrote after real use
through its own CLI (tests/data/release-0002.json says how). After the
upgrade, folding the events again must give exactly the plan that release
showed: the fold changes no clinical behaviour that was right.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from hamcoach.config import Settings
from hamcoach.domain.catalog import Catalog
from hamcoach.domain.progression import LoggedSet
from hamcoach.services.folding import refold
from hamcoach.services.planning import load_active_plan, plan_history, require_active_plan
from hamcoach.services.training import LogEntry, log_exercise
from hamcoach.storage.db import HEAD, current_revision, make_engine, open_database, upgrade
from hamcoach.storage.sql import SqlStore

FIXTURE = Path(__file__).parent.parent / "data" / "release-0002.json"


def _value(column: sa.Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, sa.DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(column.type, sa.Date):
        return dt.date.fromisoformat(value)
    if isinstance(column.type, sa.Boolean):
        return bool(value)
    return value


def load_rows(engine: Engine, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Insert rows as an older release stored them, into the schema it had."""
    meta = sa.MetaData()
    with engine.begin() as conn:
        for name, rows in tables.items():
            table = sa.Table(name, meta, autoload_with=conn)
            if rows:
                conn.execute(
                    table.insert(),
                    [{c.name: _value(c, row.get(c.name)) for c in table.c} for row in rows],
                )
        if conn.dialect.name == "postgresql":
            for name in tables:
                conn.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
                    )
                )


def _engine_at(database_url: str, revision: str, monkeypatch: pytest.MonkeyPatch) -> Engine:
    if database_url.startswith("postgresql"):
        monkeypatch.setenv("HAMCOACH_DATABASE_URL", database_url)
    from hamcoach.storage.db import database_url as url_for

    engine = make_engine(url_for(Settings.from_env()))
    upgrade(engine, revision)
    assert current_revision(engine) == revision
    return engine


def test_upgrade_from_release_0002_keeps_everything(
    database_url: str, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    engine = _engine_at(database_url, "0002", monkeypatch)
    load_rows(engine, fixture["tables"])
    engine.dispose()

    engine = open_database(Settings.from_env())
    assert current_revision(engine) == HEAD
    store = SqlStore(engine)
    counts = {}
    with engine.connect() as conn:
        for name in fixture["tables"]:
            counts[name] = conn.execute(sa.text(f"SELECT COUNT(*) FROM {name}")).scalar()
        patients = conn.execute(sa.text("SELECT id, display_name FROM patients")).all()
        owners = conn.execute(sa.text("SELECT DISTINCT patient_id FROM plans")).all()
        stiffness = conn.execute(
            sa.text("SELECT stiffness FROM checkins WHERE checked_on = :d"),
            {"d": dt.date(2026, 11, 5)},
        ).all()
    assert [tuple(p) for p in patients] == [("old-release", "Old Release")]
    assert [tuple(o) for o in owners] == [("old-release",)]
    # every row is kept, but for the first of two check-ins on one day: the newer stands
    expected = {k: len(v) for k, v in fixture["tables"].items()}
    expected["checkins"] -= 1
    assert counts == expected
    assert [tuple(s) for s in stiffness] == [(2,)]

    # moments are timezone-aware now, and still the same instants
    plan = load_active_plan(store)
    old_created = dt.datetime.fromisoformat(fixture["tables"]["plans"][0]["created_at"])
    assert plan.created_at.tzinfo is not None
    assert plan.created_at == old_created.astimezone(dt.UTC)

    # fold every event again: exactly the plan the previous release showed
    with store.unit_of_work(write=True) as uow:
        done = refold(uow, require_active_plan(uow, "old-release"), catalog)
    assert done.changes == [] and done.moved == []
    got = [
        {
            "number": s.number,
            "at": s.at.isoformat(timespec="minutes"),
            "status": s.status,
            "doses": [[i.exercise_id, i.describe()] for i in s.session.items],
        }
        for s in load_active_plan(store).sessions
    ]
    assert got == fixture["expected"]
    kinds = [h.kind for h in plan_history(store)]
    assert kinds.count("reschedule") == 1 and kinds.count("rescheduled") == 1
    # and it carries on: the next log decides from the whole history
    result = log_exercise(
        store,
        catalog,
        LogEntry("marching-bridge", dt.date(2026, 11, 18), (LoggedSet(8), LoggedSet(8)), 1),
        now=dt.datetime(2026, 11, 18, 20, tzinfo=dt.UTC),
    )
    assert result.decision.rule == "await-checkin" and result.changes == ()
    engine.dispose()


def test_upgrade_from_0001_keeps_the_plan(
    database_url: str, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    engine = _engine_at(database_url, "0001", monkeypatch)
    tables = {k: fixture["tables"][k] for k in ("profiles", "screenings", "plans")}
    tables["plan_sessions"] = [
        {**s, "status": "planned", "sequence": 0} for s in fixture["tables"]["plan_sessions"]
    ]
    load_rows(engine, tables)
    engine.dispose()
    engine = open_database(Settings.from_env())
    store = SqlStore(engine)
    plan = load_active_plan(store)
    assert plan.patient_id == "old-release" and len(plan.sessions) == 15
    result = log_exercise(
        store,
        catalog,
        LogEntry("marching-bridge", dt.date(2026, 11, 2), (LoggedSet(5), LoggedSet(5)), 2),
        now=dt.datetime(2026, 11, 2, 20, tzinfo=dt.UTC),
    )
    assert result.decision.rule == "await-checkin" and result.session_number == 1
    engine.dispose()


def test_upgrade_from_0003_adds_clearances(
    database_url: str, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hamcoach.domain.clearance import Clearance, ClearanceError
    from hamcoach.services.clearances import add_clearance, list_clearances

    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    engine = _engine_at(database_url, "0002", monkeypatch)
    load_rows(engine, fixture["tables"])
    upgrade(engine, "0003")
    assert current_revision(engine) == "0003"
    assert "clearances" not in sa.inspect(engine).get_table_names()
    engine.dispose()

    engine = open_database(Settings.from_env())
    assert current_revision(engine) == HEAD
    inspector = sa.inspect(engine)
    columns = {c["name"]: c for c in inspector.get_columns("clearances")}
    assert set(columns) == {
        "id", "patient_id", "question_id", "cleared_by", "note", "cleared_on", "created_at",
    }  # fmt: skip
    assert [n for n, c in columns.items() if c["nullable"]] == ["note"]
    (fk,) = inspector.get_foreign_keys("clearances")
    assert (fk["referred_table"], fk["constrained_columns"]) == ("patients", ["patient_id"])
    assert fk["options"].get("ondelete") == "CASCADE"

    store = SqlStore(engine)
    assert load_active_plan(store).clearances == ()  # older plans needed none
    now = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    with pytest.raises(ClearanceError, match="did not answer yes"):  # its answers were all no
        add_clearance(store, "heart_condition", cleared_by="Dr Lee", cleared_on=now.date(),
                      now=now)  # fmt: skip
    cleared = Clearance("heart_condition", "Dr Lee", now.date(), recorded_at=now)
    with store.unit_of_work(write=True) as uow:  # the table takes one as the service writes it
        uow.clearances.add("old-release", cleared)
    _, stored = list_clearances(store)
    assert [(c.question_id, c.cleared_by, c.cleared_on, c.recorded_at) for c in stored] == [
        ("heart_condition", "Dr Lee", now.date(), now)
    ]
    with engine.begin() as conn:  # a person's clearances go with them
        conn.execute(sa.text("DELETE FROM patients WHERE id = 'old-release'"))
        assert conn.execute(sa.text("SELECT COUNT(*) FROM clearances")).scalar() == 0
    engine.dispose()
