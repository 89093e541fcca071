"""The plan use cases on SQLite and PostgreSQL, and the .ics read back with a parser."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from icalendar import Calendar
from sqlalchemy import Engine, func, select

from hamcoach.domain.catalog import Catalog
from hamcoach.domain.scheduling import MIN_GAP
from hamcoach.exports.ical import plan_to_ics
from hamcoach.intake.schema import parse_profile
from hamcoach.services.planning import (
    NoActivePlanError,
    create_plan,
    load_active_plan,
    plan_history,
    reschedule_active_plan,
)
from hamcoach.storage.db import HEAD, MIGRATIONS, current_revision, unit_of_work
from hamcoach.storage.models import PlanRow, ProfileRow, ScreeningRow
from profiles import profile_data

NOW = dt.datetime(2026, 11, 20, 9, 0)


def count(engine: Engine, model: type) -> int:
    with unit_of_work(engine) as db:
        return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_migrations_reach_head(engine: Engine) -> None:
    assert current_revision(engine) == HEAD
    newest = sorted(p.stem.split("_")[0] for p in (MIGRATIONS / "versions").glob("*.py"))[-1]
    assert newest == HEAD


def test_create_show_and_archive(engine: Engine, catalog: Catalog) -> None:
    first = create_plan(engine, catalog, parse_profile(profile_data()), now=NOW)
    assert first.plan is not None and first.archived is None
    stored = load_active_plan(engine)
    assert stored.uid == first.plan.uid
    assert [s.session.items for s in stored.sessions] == [
        s.session.items for s in first.plan.sessions
    ]
    for a, b in zip(stored.sessions, stored.sessions[1:], strict=False):
        assert b.at - a.at >= MIN_GAP
    second = create_plan(engine, catalog, parse_profile(profile_data(name="Again")), now=NOW)
    assert second.archived == first.plan.uid
    assert load_active_plan(engine).profile_name == "Again"
    with unit_of_work(engine) as db:
        statuses = sorted(db.scalars(select(PlanRow.status)))
    assert statuses == ["active", "archived"]
    kinds = [k for _, _, k, _ in plan_history(engine)]
    assert kinds == ["created", "archived", "created"]


def test_red_flag_stores_the_screening_and_no_plan(engine: Engine, catalog: Catalog) -> None:
    outcome = create_plan(
        engine, catalog, parse_profile(profile_data(red_flags={"bladder_bowel": True})), now=NOW
    )
    assert outcome.plan is None and not outcome.screening.cleared
    assert count(engine, ScreeningRow) == 1 and count(engine, ProfileRow) == 1
    assert count(engine, PlanRow) == 0
    with pytest.raises(NoActivePlanError):
        load_active_plan(engine)


def test_reschedule_moves_missed_sessions_and_bumps_sequence(
    engine: Engine, catalog: Catalog
) -> None:
    create_plan(engine, catalog, parse_profile(profile_data()), now=NOW)
    before = load_active_plan(engine)
    from_day = before.sessions[2].at.date() + dt.timedelta(days=1)  # sessions 1-3 missed
    moves = reschedule_active_plan(engine, from_day=from_day, now=NOW)
    assert {m.number for m in moves} >= {1, 2, 3}
    after = load_active_plan(engine)
    assert after.end_date > before.end_date
    times = [s.at for s in after.sessions]
    assert all(b - a >= MIN_GAP for a, b in itertools.pairwise(times))
    moved = {m.number for m in moves}
    for s in after.sessions:
        assert s.sequence == (1 if s.number in moved else 0)
    assert reschedule_active_plan(engine, from_day=from_day, now=NOW) == []


def parse_ics(data: bytes) -> list:
    cal = Calendar.from_ical(data)
    return list(cal.walk("VEVENT"))


def test_ics_parses_back_with_alarms_and_stable_uids(engine: Engine, catalog: Catalog) -> None:
    create_plan(
        engine,
        catalog,
        parse_profile(profile_data(schedule={"timezone": "Europe/London"})),
        now=NOW,
    )
    plan = load_active_plan(engine)
    events = parse_ics(plan_to_ics(plan, alarm_minutes=45))
    assert len(events) == len(plan.sessions) == 15
    for event, session in zip(events, plan.sessions, strict=True):
        start = event.decoded("dtstart")
        assert start.replace(tzinfo=None) == session.at
        assert str(start.tzinfo) == "Europe/London"
        assert event.decoded("dtend") - start == dt.timedelta(minutes=session.session.minutes)
        [alarm] = event.walk("VALARM")
        assert alarm.decoded("trigger") == -dt.timedelta(minutes=45)
        assert str(alarm["action"]) == "DISPLAY"
        description = str(event["description"])
        for item in session.session.items:
            assert f"{item.name}: {item.describe()}" in description
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids)
    from_day = plan.sessions[0].at.date() + dt.timedelta(days=1)
    reschedule_active_plan(engine, from_day=from_day, now=NOW)
    again = parse_ics(plan_to_ics(load_active_plan(engine)))
    assert [str(e["uid"]) for e in again] == uids
    assert int(again[0]["sequence"]) == 1 and int(again[-1]["sequence"]) >= 1
    assert again[0].decoded("dtstart") != events[0].decoded("dtstart")


def test_floating_time_without_a_zone(engine: Engine, catalog: Catalog) -> None:
    create_plan(engine, catalog, parse_profile(profile_data()), now=NOW)
    [first, *_] = parse_ics(plan_to_ics(load_active_plan(engine), alarm_minutes=0))
    assert first.decoded("dtstart").tzinfo is None
    assert first.walk("VALARM") == []
