"""The plan use cases on the in-memory store, SQLite and PostgreSQL, and the .ics read back
with a parser."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from icalendar import Calendar
from sqlalchemy import Engine, func, select

from hamcoach.domain.catalog import Catalog
from hamcoach.domain.scheduling import MIN_GAP
from hamcoach.errors import NoActivePlanError, PlanStoppedError
from hamcoach.exports.ical import plan_to_ics
from hamcoach.services.planning import (
    calendar_plans,
    load_active_plan,
    plan_history,
    reschedule_active_plan,
)
from hamcoach.services.ports import Store
from hamcoach.storage.db import HEAD, MIGRATIONS, current_revision, unit_of_work
from hamcoach.storage.models import PlanRow, ProfileRow, ScreeningRow
from hamcoach.storage.sql import SqlStore
from profiles import new_plan, profile_data

NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 12, 31, 9, 0, tzinfo=dt.UTC)  # when the missed sessions are moved


def count(engine: Engine, model: type) -> int:
    with unit_of_work(engine) as db:
        return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_migrations_reach_head(engine: Engine) -> None:
    assert current_revision(engine) == HEAD
    newest = sorted(p.stem.split("_")[0] for p in (MIGRATIONS / "versions").glob("*.py"))[-1]
    assert newest == HEAD


def test_create_show_and_archive(store: Store, catalog: Catalog) -> None:
    first = new_plan(store, catalog)
    assert first.plan is not None and first.archived is None
    stored = load_active_plan(store)
    assert stored.uid == first.plan.uid
    assert [s.session.items for s in stored.sessions] == [
        s.session.items for s in first.plan.sessions
    ]
    for a, b in zip(stored.sessions, stored.sessions[1:], strict=False):
        assert b.at - a.at >= MIN_GAP
    second = new_plan(store, catalog, profile_data(name="Again"))
    assert second.archived == first.plan.uid
    assert load_active_plan(store).profile_name == "Again"
    if isinstance(store, SqlStore):
        with unit_of_work(store.engine) as db:
            statuses = sorted(db.scalars(select(PlanRow.status)))
        assert statuses == ["active", "archived"]
    kinds = [h.kind for h in plan_history(store)]
    assert kinds == ["created", "archived", "created"]
    third = new_plan(store, catalog, profile_data(name="Third"))
    assert third.plan is not None and second.plan is not None
    # the calendar's plans: the one replaced last, and those before it, oldest first
    found = calendar_plans(store, None)
    assert found.plan.uid == third.plan.uid
    assert found.cancelled is not None and found.cancelled.uid == second.plan.uid
    assert [p.uid for p in found.earlier] == [first.plan.uid]


def test_a_stop_leaves_the_calendar_its_plan_and_says_why_there_is_none(
    store: Store, catalog: Catalog
) -> None:
    """A red flag stops the plan under way: the calendar still has it (its sessions not done
    cancelled), and what needs a plan says it is stopped, not that there is none."""
    first = new_plan(store, catalog)
    assert first.plan is not None
    stop = new_plan(store, catalog, profile_data(red_flags={"knee_giving_way": True}))
    assert stop.plan is None and stop.archived == first.plan.uid

    found = calendar_plans(store, None)
    assert found.plan is None and found.shown.uid == first.plan.uid
    assert found.cancelled is not None and found.cancelled.uid == first.plan.uid
    cal = Calendar.from_ical(plan_to_ics(None, cancelled=found.cancelled, now=NOW))
    statuses = {str(e["STATUS"]) for e in cal.walk("VEVENT")}
    assert statuses == {"CANCELLED"} and not list(cal.walk("VALARM"))
    with pytest.raises(PlanStoppedError) as stopped:
        load_active_plan(store)
    assert stopped.value.hint == "see-clinician" and stopped.value.exit_code == 3
    assert f"your plan {first.plan.uid} is stopped" in str(stopped.value)


def test_red_flag_stores_the_screening_and_no_plan(engine: Engine, catalog: Catalog) -> None:
    outcome = new_plan(SqlStore(engine), catalog, profile_data(red_flags={"bladder_bowel": True}))
    assert outcome.plan is None and not outcome.screening.cleared
    assert count(engine, ScreeningRow) == 1 and count(engine, ProfileRow) == 1
    assert count(engine, PlanRow) == 0
    with pytest.raises(NoActivePlanError):
        load_active_plan(SqlStore(engine))


def test_reschedule_moves_missed_sessions_and_bumps_sequence(
    store: Store, catalog: Catalog
) -> None:
    new_plan(store, catalog)
    before = load_active_plan(store)
    from_day = before.sessions[2].at.date() + dt.timedelta(days=1)  # sessions 1-3 missed
    moves = reschedule_active_plan(store, catalog, from_day=from_day, now=LATER)
    assert {number for number, _, _ in moves} >= {1, 2, 3}
    after = load_active_plan(store)
    assert after.end_date > before.end_date
    times = [s.at for s in after.sessions]
    assert all(b - a >= MIN_GAP for a, b in itertools.pairwise(times))
    moved = {number for number, _, _ in moves}
    for s in after.sessions:
        assert s.sequence == (1 if s.number in moved else 0)
    assert reschedule_active_plan(store, catalog, from_day=from_day, now=LATER) == []


def parse_ics(data: bytes) -> list:
    cal = Calendar.from_ical(data)
    return list(cal.walk("VEVENT"))


def test_ics_parses_back_with_alarms_and_stable_uids(store: Store, catalog: Catalog) -> None:
    new_plan(store, catalog, profile_data(schedule={"timezone": "Europe/London"}))
    plan = load_active_plan(store)
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
    reschedule_active_plan(store, catalog, from_day=from_day, now=LATER)
    again = parse_ics(plan_to_ics(load_active_plan(store)))
    assert [str(e["uid"]) for e in again] == uids
    assert int(again[0]["sequence"]) == 1 and int(again[-1]["sequence"]) >= 1
    assert again[0].decoded("dtstart") != events[0].decoded("dtstart")


def test_floating_time_without_a_zone(store: Store, catalog: Catalog) -> None:
    new_plan(store, catalog)
    [first, *_] = parse_ics(plan_to_ics(load_active_plan(store), alarm_minutes=0))
    assert first.decoded("dtstart").tzinfo is None
    assert first.walk("VALARM") == []
