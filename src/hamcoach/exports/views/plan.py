"""``plan show --json`` and ``today --json``: a plan's sessions as shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from hamcoach.domain.plan import Plan, Schedule, ScheduledSession
from hamcoach.domain.prescription import Choice, Prescription
from hamcoach.exports.views.base import jsonable
from hamcoach.exports.views.clearances import ClearanceView, clearance_view


@dataclass(frozen=True, slots=True)
class ScheduleView:
    days: tuple[int, ...]  # 0 = Monday
    time: str  # HH:MM
    sessions_per_week: int
    max_minutes: int
    timezone: str | None


@dataclass(frozen=True, slots=True)
class ChoiceView:
    exercise_id: str
    included: bool
    reason: str


@dataclass(frozen=True, slots=True)
class ItemView:
    """One prescribed exercise in a session, with its dose in words."""

    exercise_id: str
    name: str
    phase: str
    sets: int
    reps: int | None
    hold_seconds: int | None
    spots: int | None
    extensions: int | None
    per_side: bool
    rep_unit: str
    holds_per_rep: int
    reps_by_set: tuple[int, ...]
    reason: str
    modifications: tuple[str, ...]
    loaded: bool
    load_kg: float | None
    dose: str


@dataclass(frozen=True, slots=True)
class SessionView:
    number: int
    week: int
    label: str
    at: str  # local ISO time, to the minute
    minutes: int
    status: str
    sequence: int
    items: tuple[ItemView, ...]


@dataclass(frozen=True, slots=True)
class PlanChangeView:
    """A decision or a reschedule that changed the plan, in the person's zone."""

    at: str
    message: str


@dataclass(frozen=True, slots=True)
class PlanView:
    """``plan show --json``."""

    uid: str
    status: str
    profile_name: str
    created_at: str
    start_date: str
    end_date: str
    weeks: int
    schedule: ScheduleView
    choices: tuple[ChoiceView, ...]
    notes: tuple[str, ...]
    clearances: tuple[ClearanceView, ...]
    sessions: tuple[SessionView, ...]
    changes: tuple[PlanChangeView, ...]


def schedule_view(s: Schedule) -> ScheduleView:
    return ScheduleView(
        tuple(sorted(s.days)),
        s.at.strftime("%H:%M"),
        s.sessions_per_week,
        s.max_minutes,
        s.timezone,
    )


def choice_view(c: Choice) -> ChoiceView:
    return ChoiceView(c.exercise_id, c.included, c.reason)


def item_view(p: Prescription) -> ItemView:
    return ItemView(
        exercise_id=p.exercise_id,
        name=p.name,
        phase=p.phase.value,
        sets=p.sets,
        reps=p.reps,
        hold_seconds=p.hold_seconds,
        spots=p.spots,
        extensions=p.extensions,
        per_side=p.per_side,
        rep_unit=p.rep_unit,
        holds_per_rep=p.holds_per_rep,
        reps_by_set=tuple(p.reps_by_set),
        reason=p.reason,
        modifications=tuple(p.modifications),
        loaded=p.loaded,
        load_kg=p.load_kg,
        dose=p.describe(),
    )


def session_view(s: ScheduledSession) -> SessionView:
    return SessionView(
        number=s.number,
        week=s.session.week,
        label=s.session.label,
        at=s.at.isoformat(timespec="minutes"),
        minutes=s.session.minutes,
        status=s.status,
        sequence=s.sequence,
        items=tuple(item_view(i) for i in s.session.items),
    )


def plan_view(
    plan: Plan, *, week: int | None = None, changes: Iterable[tuple[dt.datetime, str]] = ()
) -> PlanView:
    """The plan (only ``week`` if given) and the ``changes`` made to it, each (local moment,
    message)."""
    return PlanView(
        uid=plan.uid,
        status=plan.status,
        profile_name=plan.profile_name,
        created_at=plan.created_at.isoformat(),
        start_date=plan.start_date.isoformat(),
        end_date=plan.end_date.isoformat(),
        weeks=plan.weeks,
        schedule=schedule_view(plan.schedule),
        choices=tuple(choice_view(c) for c in plan.choices),
        notes=tuple(plan.notes),
        clearances=tuple(clearance_view(c) for c in plan.clearances),
        sessions=tuple(
            session_view(s) for s in plan.sessions if week is None or s.session.week == week
        ),
        changes=tuple(PlanChangeView(at.isoformat(), message) for at, message in changes),
    )


@dataclass(frozen=True, slots=True)
class TodayItemView:
    exercise_id: str
    name: str
    dose: str
    modifications: tuple[str, ...]
    choose_weight: bool = False
    """A loaded exercise with no weight yet: the person chooses a starting weight."""


@dataclass(frozen=True, slots=True)
class UpcomingView:
    """A session still to do: what ``today`` shows (and caches in the snapshot)."""

    number: int
    at: str
    week: int
    minutes: int
    items: tuple[TodayItemView, ...]


@dataclass(frozen=True, slots=True)
class TodayView(UpcomingView):
    """``today --json`` (``null`` when nothing is left)."""

    today: bool
    back: bool
    """Back after a break, or starting late: the session is the first one missed."""


def upcoming_view(s: ScheduledSession, paused: frozenset[str] = frozenset()) -> UpcomingView:
    return UpcomingView(
        number=s.number,
        at=s.at.isoformat(timespec="minutes"),
        week=s.session.week,
        minutes=s.session.minutes,
        items=tuple(
            TodayItemView(
                i.exercise_id,
                i.name,
                i.describe(),
                tuple(i.modifications),
                i.loaded and not i.load_kg,
            )
            for i in s.session.items
            if i.exercise_id not in paused
        ),
    )


def upcoming_json(plan: Plan, paused: frozenset[str] = frozenset()) -> dict[str, Any]:
    """What ``today`` needs, as cached data: the sessions not done yet, those done on the
    last day trained (today's, once its first exercise is logged: the rest of it is still
    to do), each with its status, and the plan's size; ``since``: the day a break is
    counted from (``Plan.break_from``). ``paused``: the exercises paused now, which the rest
    of a session begun today leaves out (the fold leaves them out of the sessions to do)."""
    since = plan.break_from
    shown = [
        s for s in plan.sessions
        if s.status == "planned" or (s.status == "done" and s.at.date() == since)
    ]  # fmt: skip
    return {
        "since": since.isoformat(),
        "total": len(plan.sessions),
        "sessions": [
            {
                **jsonable(upcoming_view(s, paused if s.status == "done" else frozenset())),
                "status": s.status,
            }
            for s in shown
        ],
        "paused": [s.number for s in plan.sessions if s.status == "paused"],
    }
