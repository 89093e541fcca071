"""Use cases for screening and plans: load, call the domain, save; one transaction each."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from hamcoach.domain.catalog import Catalog
from hamcoach.domain.plan import Plan, Schedule
from hamcoach.domain.program import Program, build_program
from hamcoach.domain.scheduling import Move, place_sessions, reschedule, weekly_capacity
from hamcoach.domain.screening import ScreeningResult, screen
from hamcoach.storage.db import unit_of_work
from hamcoach.storage.models import PlanRow, PlanSessionRow, ProfileRow, ScreeningRow
from hamcoach.storage.repository import (
    active_plan_row,
    add_event,
    plan_from_row,
    prescription_to_json,
    schedule_from_json,
    schedule_to_json,
    session_rows,
)

if TYPE_CHECKING:
    from hamcoach.intake.schema import ProfileModel


class NoActivePlanError(LookupError):
    """There is no plan yet; `hamcoach start` or `hamcoach plan create` makes one."""


@dataclass(frozen=True)
class PlanOutcome:
    screening: ScreeningResult
    plan: Plan | None = None
    archived: str | None = None  # uid of the plan this one replaced
    warnings: tuple[str, ...] = ()


def create_plan(
    engine: Engine,
    catalog: Catalog,
    model: ProfileModel,
    *,
    now: dt.datetime,
    weeks: int = 5,
) -> PlanOutcome:
    """Screen, and if cleared, build, schedule and store a plan.

    The screening is stored either way. A new plan archives the active one;
    nothing is overwritten.
    """
    profile = model.to_domain()
    result = screen(profile)
    program: Program | None = (
        build_program(profile, result, catalog, weeks=weeks) if result.cleared else None
    )
    with unit_of_work(engine) as db:
        profile_row = ProfileRow(
            created_at=now, name=profile.name, data=model.model_dump(mode="json")
        )
        db.add(profile_row)
        db.flush()
        screening_row = ScreeningRow(
            profile_id=profile_row.id,
            created_at=now,
            cleared=result.cleared,
            urgency=result.urgency.value if result.urgency else None,
            flags=[q.id for q in result.flags],
            cautions=sorted(c.value for c in result.cautions),
        )
        db.add(screening_row)
        db.flush()
        if program is None:
            return PlanOutcome(result)

        avail = profile.availability
        days = frozenset(d.number for d in avail.days)
        schedule = Schedule(
            days, avail.at, avail.sessions_per_week, avail.max_minutes, profile.timezone
        )
        times = place_sessions(
            len(program.sessions),
            start=profile.start_date,
            days=days,
            at=avail.at,
            per_week=avail.sessions_per_week,
        )
        warnings: list[str] = []
        capacity = weekly_capacity(days, avail.sessions_per_week)
        if capacity < avail.sessions_per_week:
            warnings.append(
                f"Your days allow only {capacity} session(s) a week 48 hours apart, so the "
                f"{len(program.sessions)} sessions run past {program.weeks} weeks. Add a day "
                "to keep to the plan's length."
            )

        archived_uid = None
        previous = active_plan_row(db)
        if previous is not None:
            previous.status = "archived"
            previous.archived_at = now
            archived_uid = previous.uid
            add_event(db, previous, "archived", "Replaced by a new plan.", now)

        row = PlanRow(
            uid=f"plan-{uuid.uuid4().hex[:12]}",
            profile_id=profile_row.id,
            screening_id=screening_row.id,
            status="active",
            created_at=now,
            start_date=profile.start_date,
            weeks=program.weeks,
            sessions_per_week=program.sessions_per_week,
            schedule=schedule_to_json(schedule),
            choices=[
                {"exercise_id": c.exercise_id, "included": c.included, "reason": c.reason}
                for c in program.choices
            ],
            notes=list(program.notes) + warnings,
        )
        for plan_session, when in zip(program.sessions, times, strict=True):
            row.sessions.append(
                PlanSessionRow(
                    number=plan_session.number,
                    week=plan_session.week,
                    label=plan_session.label,
                    scheduled_at=when,
                    status="planned",
                    sequence=0,
                    items=[prescription_to_json(i) for i in plan_session.items],
                )
            )
        db.add(row)
        db.flush()
        add_event(
            db, row, "created", f"Plan created for {profile.name}: {len(times)} sessions.", now
        )
        plan = plan_from_row(row, profile_row)
    return PlanOutcome(result, plan, archived_uid, tuple(warnings))


def load_active_plan(engine: Engine) -> Plan:
    with unit_of_work(engine) as db:
        row = require_active_plan(db)
        profile = db.get(ProfileRow, row.profile_id)
        assert profile is not None  # a foreign key guarantees it
        return plan_from_row(row, profile)


def require_active_plan(db: Session) -> PlanRow:
    """The active plan's row, or NoActivePlanError telling the person how to make one."""
    row = active_plan_row(db)
    if row is None:
        raise NoActivePlanError("no active plan: run 'hamcoach start' or 'hamcoach plan create'")
    return row


def move_missed_sessions(
    db: Session, row: PlanRow, *, from_day: dt.date, now: dt.datetime, why: str
) -> list[Move]:
    """Move sessions missed before ``from_day`` forward (48 h apart), bump their
    SEQUENCE and record why in the plan's history."""
    sessions = session_rows(row)
    schedule = schedule_from_json(row.schedule)
    moves = reschedule(
        {n: s.scheduled_at for n, s in sessions.items()},
        [n for n, s in sessions.items() if s.status == "done"],
        start=row.start_date,
        from_day=from_day,
        days=schedule.days,
        at=schedule.at,
        per_week=schedule.sessions_per_week,
    )
    for move in moves:
        s = sessions[move.number]
        s.scheduled_at = move.after
        s.sequence += 1
    if moves:
        end = max(s.scheduled_at for s in sessions.values()).date().isoformat()
        add_event(
            db,
            row,
            "rescheduled",
            f"{why}: {len(moves)} session(s) moved from {from_day.isoformat()}; the plan now "
            f"ends {end}.",
            now,
        )
    return moves


def reschedule_active_plan(engine: Engine, *, from_day: dt.date, now: dt.datetime) -> list[Move]:
    """Move missed sessions forward, keeping 48 hours apart; record what moved."""
    with unit_of_work(engine) as db:
        row = require_active_plan(db)
        return move_missed_sessions(db, row, from_day=from_day, now=now, why="Missed sessions")


def plan_history(engine: Engine) -> list[tuple[dt.datetime, str, str, str]]:
    """(when, plan uid, kind, message) for every plan, oldest first."""
    from hamcoach.storage.models import PlanEventRow

    with unit_of_work(engine) as db:
        rows = db.execute(
            select(PlanEventRow.created_at, PlanRow.uid, PlanEventRow.kind, PlanEventRow.message)
            .join(PlanRow, PlanRow.id == PlanEventRow.plan_id)
            .order_by(PlanEventRow.id)
        ).all()
        return [(r[0], r[1], r[2], r[3]) for r in rows]
