"""The use cases as the web shows them: one function each, called by the pages and by
the API alike, so the two never disagree. Each takes the person's id, already checked
by web/auth.py, and returns plain data (the CLI's documented JSON views)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from hamcoach.domain import rules as R
from hamcoach.domain.fold_values import Pause
from hamcoach.domain.guided import rest_range, set_order, target_reps
from hamcoach.domain.plan import Plan
from hamcoach.exports.plan_json import plan_to_json
from hamcoach.exports.views.base import jsonable
from hamcoach.exports.views.history import history_json
from hamcoach.exports.views.plan import upcoming_view
from hamcoach.messages import pause_text, reason_now, too_close
from hamcoach.services.planning import load_active_plan, plan_history
from hamcoach.services.ports import SHOWN_WITH_PLAN
from hamcoach.services.reports import (
    logged_on,
    stopped_now,
    training_history,
)
from hamcoach.services.training import CheckInResult, LogEntry, LogResult, check_in, log_exercise
from hamcoach.web.context import Ctx


def zone_of(plan: Plan | None) -> dt.tzinfo:
    name = plan.schedule.timezone if plan is not None else None
    return ZoneInfo(name) if name else dt.UTC


def active_plan(c: Ctx, patient_id: str) -> Plan | None:
    from hamcoach.errors import NoActivePlanError

    try:
        return load_active_plan(c.store, patient_id)
    except NoActivePlanError:
        return None


def local_today(c: Ctx, plan: Plan | None) -> dt.date:
    return c.now().astimezone(zone_of(plan)).date()


@dataclass(frozen=True)
class Today:
    plan: Plan | None
    session: dict[str, Any] | None
    is_today: bool
    paused: bool
    total: int
    day: dt.date
    done: frozenset[str] = frozenset()
    """Exercises of today's session already logged today."""
    not_logged: tuple[tuple[int, dt.date], ...] = ()
    """Sessions of the past week with nothing logged: (number, day), oldest first."""
    stopped: tuple[str, ...] = ()
    """Exercises paused now, each with its reason and advice."""
    missed: int = 0
    """Sessions before today, of any age, still planned: what `plan reschedule` would move."""
    back: str | None = None
    """Back after a break, or starting late: why the session shown is the first missed."""


NOT_LOGGED_DAYS = 7
"""How far back Today asks about a session with nothing logged (a page's choice, not a
clinical rule): a session done and not logged is usually remembered within the week."""


def not_logged(plan: Plan, day: dt.date) -> tuple[tuple[int, dt.date], ...]:
    """The sessions before ``day``, within ``NOT_LOGGED_DAYS``, still planned."""
    since = day - dt.timedelta(days=NOT_LOGGED_DAYS)
    return tuple(
        (s.number, s.at.date())
        for s in sorted(plan.sessions, key=lambda s: s.at)
        if s.status == "planned" and since <= s.at.date() < day
    )


def missed(plan: Plan, day: dt.date) -> int:
    """How many sessions before ``day`` are still planned (neither done nor paused)."""
    return sum(1 for s in plan.sessions if s.status == "planned" and s.at.date() < day)


def today(c: Ctx, patient_id: str) -> Today:
    """Today's session (done or not), else the next one; whether the plan is paused: the
    rule the terminal's ``today`` follows too (services/today.py)."""
    from hamcoach.services.today import due, plan_slots

    plan = active_plan(c, patient_id)
    day = local_today(c, plan)
    if plan is None:
        return Today(None, None, False, False, 0, day)
    d = due(plan_slots(plan), day, plan.break_from)
    chosen = next((s for s in plan.sessions if s.number == d.number), None)
    # only the session shown is made into data (not every session still to do)
    # begun today, it leaves out what is paused now (the fold does so for sessions to do)
    stopped = stopped_now(c.store, plan)
    paused = frozenset(stopped) if chosen and chosen.status == "done" else frozenset()
    nxt: dict[str, Any] | None = None if chosen is None else jsonable(upcoming_view(chosen, paused))
    done = logged_on(c.store, plan.uid, day) if d.is_today else frozenset()
    late = () if d.paused else not_logged(plan, day)
    behind = 0 if d.paused else missed(plan, day)
    back = None
    if d.back and chosen is not None:
        from hamcoach.messages import BACK_AFTER_A_BREAK

        back = BACK_AFTER_A_BREAK.format(number=chosen.number, day=f"{chosen.at:%A %d %B}")
    return Today(plan, nxt, d.is_today, d.paused, len(plan.sessions), day, done, late,
                 tuple(stopped.values()),
                 behind, back)  # fmt: skip


def earlier_session(c: Ctx, patient_id: str, number: int) -> tuple[Plan, dict[str, Any]]:
    """Session ``number`` of the active plan as shown, to log it on an earlier day."""
    from fastapi import HTTPException

    plan = active_plan(c, patient_id)
    found = next((s for s in plan.sessions if s.number == number), None) if plan else None
    if plan is None or found is None:
        raise HTTPException(404, f"your plan has no session {number}")
    return plan, jsonable(upcoming_view(found))


def today_json(t: Today) -> dict[str, Any]:
    return {
        "has_plan": t.plan is not None,
        "paused": t.paused,
        "session": None if t.session is None else {**t.session, "today": t.is_today},
        "done": sorted(t.done),
    }


def plan_json(c: Ctx, patient_id: str) -> dict[str, Any] | None:
    plan = active_plan(c, patient_id)
    if plan is None:
        return None
    zone = zone_of(plan)
    changes = [
        (h.at.astimezone(zone), h.message)
        for h in plan_history(c.store, patient_id)
        if h.plan_uid == plan.uid and h.kind.startswith(SHOWN_WITH_PLAN)
    ]
    return plan_to_json(plan, changes=changes)


def history(c: Ctx, patient_id: str) -> list[dict[str, Any]]:
    return history_json(training_history(c.store, patient_id=patient_id))


def log(c: Ctx, patient_id: str, entry: LogEntry, *, user_id: int) -> LogResult:
    # audited in the log's own unit of work: one commit, not two
    return log_exercise(
        c.store, c.catalog, entry, now=c.now(), rules=c.settings.rules(),
        patient_id=patient_id, audit_by=user_id,
    )  # fmt: skip


def checkin(
    c: Ctx, patient_id: str, *, on: dt.date, pain: int, stiffness: int | None, user_id: int
) -> CheckInResult:
    return check_in(
        c.store, c.catalog, on=on, pain=pain, stiffness=stiffness, now=c.now(),
        rules=c.settings.rules(), patient_id=patient_id, audit_by=user_id,
    )  # fmt: skip


def pauses_text(c: Ctx, pauses: tuple[Pause, ...]) -> list[str]:
    """What each new pause stops and why, in the CLI's words."""
    return [pause_text(p, c.catalog.get(p.exercise_id).name if p.exercise_id else None)
            for p in pauses]  # fmt: skip


def log_json(c: Ctx, result: LogResult, *, day: dt.date, today: dt.date) -> dict[str, Any]:
    """A log's answer: ``day`` the log's, ``today`` the person's (the words of a decision
    may depend on which mornings have passed: messages.reason_now)."""
    d = result.decision
    own = (d.after.name, d.after.describe()) if d.changed else None
    rederived = [
        {"name": x.after.name, "before": x.before.describe(), "after": x.after.describe()}
        for x in result.changes
        if (x.after.name, x.after.describe()) != own
    ]
    stop = result.stopped
    return {
        "session_number": result.session_number,
        "next": None if stop else {"exercise_id": d.after.exercise_id, "name": d.after.name,
                                   "dose": d.after.describe()},
        "stopped": None if stop is None else pauses_text(c, (stop,))[0],
        "rule": d.rule,
        "why": reason_now(d, day, today),
        "changed": d.changed,
        "later_entries": result.later_entries,
        "rederived": rederived,
        "pauses": pauses_text(c, result.pauses),
        "plan_paused": result.plan_paused,
        "rest": None if result.close is None or result.session_number is None
        else too_close(result.session_number, result.close),
    }  # fmt: skip


def checkin_json(c: Ctx, result: CheckInResult) -> dict[str, Any]:
    return {
        "decisions": [
            {"name": d.after.name, "dose": d.after.describe(), "rule": d.rule, "why": d.reason,
             "changed": d.changed}
            for d in result.decisions
        ],
        "lighter_week": result.deload,
        "replaced": result.replaced is not None,
        "pauses": pauses_text(c, result.pauses),
        "plan_paused": result.plan_paused,
    }  # fmt: skip


def pain_zone(pain: int | None) -> str | None:
    return None if pain is None else R.pain_zone(pain)


def session_items(c: Ctx, t: Today) -> list[dict[str, Any]]:
    """Today's exercises for the guided player: each set in the order it is done, the
    rest between sets, the steps and cues (domain/guided.py, as the terminal player)."""
    if t.plan is None or t.session is None or not t.is_today or t.paused:
        return []
    session = next(s for s in t.plan.sessions if s.number == t.session["number"])
    items = []
    for item in session.session.items:
        ex = c.catalog.get(item.exercise_id)
        sets = [
            {
                "set": n,
                "side": side,
                "reps": item.spots if item.spots is not None else target_reps(item, n),
                "unit": "spots" if item.spots is not None else item.rep_unit,
                "hold": item.hold_seconds,
                "holds": (target_reps(item, n) or 1) * item.holds_per_rep,
                "per_rep": item.holds_per_rep,
                "load": item.load_kg if item.loaded else None,
            }
            for n, side in set_order(item)
        ]
        items.append(
            {
                "id": ex.id,
                "name": ex.name,
                "dose": item.describe(),
                "modifications": list(item.modifications),
                "steps": list(ex.steps),
                "cues": list(ex.cues),
                "sets": sets,
                "rest": rest_range(ex)[0],
                "names": list(ex.dosage.holds),
            }
        )
    return items
