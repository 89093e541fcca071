"""The plan's own settings and changes inside the fold (domain/fold.py): changes a person or
clinician makes (a starting weight, a swap, a skip, a resume, a new schedule), pauses,
lighter weeks, and the session time limit. Pure: these functions read and change the
fold's working state only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from fold_oracle import escalation
from fold_oracle.fold_apply import drop, rewrite
from fold_oracle.fold_state import Session, State
from fold_oracle.progression import Action, Decision
from hamcoach.domain import rules as R
from hamcoach.domain.fold_values import (
    ChangeKind,
    Deload,
    FoldedSession,
    Pause,
    PlanChange,
    Rescheduled,
)
from hamcoach.domain.prescription import Prescription, modifications_for, starting_dose
from hamcoach.domain.scheduling import Move, replan, reschedule

SKIPPED = "skipped"
"""The pause rule of an exercise the person chose to leave out."""
RISES = frozenset({Action.PROGRESS, Action.LOAD_UP, Action.LADDER_UP})


def on_change(state: State, change: PlanChange) -> None:
    """Apply a dated change to the sessions not yet done from its day on."""
    ex_id = change.exercise_id
    if change.kind in (ChangeKind.SET_LOAD, ChangeKind.SWAP) and ex_id is not None:
        if change.kind is ChangeKind.SWAP and not change.new_exercise_id:
            return
        _edit(state, change, state.upcoming(change.on))
        state.edits.append((len(state.decisions), change))
    elif change.kind is ChangeKind.SKIP and ex_id is not None:
        escalation.pause(state, ex_id, change.on, change.recorded_at, SKIPPED)
    elif change.kind is ChangeKind.RESUME:
        _resume(state, change)
    elif change.kind is ChangeKind.EDIT:
        _edit_settings(state, change)


def _edit(state: State, change: PlanChange, sessions: list[Session]) -> None:
    ex_id = change.exercise_id
    assert ex_id is not None
    if change.kind is ChangeKind.SET_LOAD:
        for s in sessions:
            for k in s.where.get(ex_id, ()):
                s.items[k] = replace(s.items[k], load_kg=change.load_kg)
    else:
        assert change.new_exercise_id is not None
        _swap(state, sessions, ex_id, change.new_exercise_id, change.on)


def _swap(state: State, upcoming: list[Session], old: str, new: str, on: dt.date) -> None:
    catalog, ctx = state.ctx.catalog, state.ctx
    ex = catalog.get(new)
    dose = replace(
        starting_dose(ex, reason=f"Swapped in for {catalog.get(old).name} on {on.isoformat()}."),
        modifications=modifications_for(ex, ctx.conditions, catalog),
    )
    for s in upcoming:
        if old in s.where and new in s.where:
            drop(s, old)  # a ladder step brought the new one in already: not twice
        elif old in s.where:
            s.items = [dose if p.exercise_id == old else p for p in s.items]
            s.reindex()


def _resume(state: State, change: PlanChange) -> None:
    k = state.open_pause(change.exercise_id)
    if k is None:
        return
    state.pauses[k] = replace(state.pauses[k], until=change.on, resumed_by=change.by)
    escalation.forget(state, change.exercise_id)
    if change.exercise_id is None:
        move_missed(state, change.on, change.recorded_at, f"Resumed by {change.by}")


def _edit_settings(state: State, change: PlanChange) -> None:
    ctx = state.ctx
    state.ctx = replace(
        ctx,
        days=change.days if change.days is not None else ctx.days,
        at=change.at if change.at is not None else ctx.at,
        per_week=change.per_week if change.per_week is not None else ctx.per_week,
        max_minutes=change.max_minutes if change.max_minutes is not None else ctx.max_minutes,
    )
    _move(state, replan, change.on, change.recorded_at, "New schedule")


def _catch_up(state: State, due: dt.date, s: Session) -> None:
    """What was decided from the day it was due on and changed after it, in the fold's
    order (a change comes before the decisions made after it)."""
    carried = state.ctx.carried_until
    edits = [(at, c) for at, c in state.edits if c.on > due]
    for i, d in enumerate(state.decisions):
        for at, c in edits:
            if at == i:
                _edit(state, c, [s])
        if d.on >= due and (carried is None or d.on > carried):
            rewrite(state, d.decision, [s])
    for at, c in edits:
        if at == len(state.decisions):
            _edit(state, c, [s])


def move_missed(state: State, from_day: dt.date, recorded_at: dt.datetime, why: str) -> None:
    """Move the sessions missed before ``from_day`` forward (scheduling.reschedule)."""
    _move(state, reschedule, from_day, recorded_at, why)


def _move(
    state: State,
    how: Callable[..., list[Move]],
    from_day: dt.date,
    recorded_at: dt.datetime,
    why: str,
) -> None:
    """Place sessions again with ``how`` (scheduling.reschedule or replan) on the schedule
    in force, and record what moved."""
    ctx = state.ctx
    by_number = {s.number: s for s in state.sessions}
    moves = how(
        {n: s.at for n, s in by_number.items()},
        [n for n, s in by_number.items() if s.done],
        start=ctx.start,
        from_day=from_day,
        days=ctx.days,
        at=ctx.at,
        per_week=ctx.per_week,
    )
    for move in moves:
        by_number[move.number].at = move.after
    if moves:
        state.reorder()
        # a missed session moved forward takes what was decided and changed since it was due
        for m in moves:
            if m.after > m.before:
                _catch_up(state, m.before.date(), by_number[m.number])
        state.rescheduled.append(Rescheduled(from_day, recorded_at, why, tuple(moves)))


# --- the time limit -------------------------------------------------------------------


def while_paused(state: State, decision: Decision, on: dt.date) -> Decision:
    """No dose rises while its exercise, or the plan, is stopped."""
    if decision.action not in RISES or not decision.changed:
        return decision
    for exercise_id in (decision.exercise_id, None):
        k = state.open_pause(exercise_id)
        if k is not None and state.pauses[k].covers(on):
            return Decision(
                decision.exercise_id, Action.HOLD, "paused", decision.before, decision.before,
                (("since", state.pauses[k].on.isoformat()),),
            )  # fmt: skip
    return decision


def within_time(state: State, decision: Decision, on: dt.date) -> Decision:
    """More volume that would take a coming session over the person's time limit holds."""
    limit = state.ctx.max_minutes
    if limit is None or decision.action is not Action.PROGRESS or not decision.changed:
        return decision
    old_id = decision.before.exercise_id
    extra = decision.after.seconds() - decision.before.seconds()
    for s in state.upcoming(on + dt.timedelta(days=1)):
        if old_id not in s.where:
            continue
        seconds = sum(p.seconds() for p in s.items) + extra * len(s.where[old_id])
        if seconds / 60 > limit:
            return Decision(
                decision.exercise_id, Action.HOLD, "time-limit", decision.before,
                decision.before,
                (("limit", limit), ("minutes", round(seconds / 60)), ("session", s.number)),
            )  # fmt: skip
    return decision


# --- lighter weeks --------------------------------------------------------------------


def note_rise(state: State, decision: Decision, on: dt.date) -> None:
    if decision.changed and decision.action in RISES:
        state.last_rise = on if state.last_rise is None else max(state.last_rise, on)


def deload_if_rising(state: State, on: dt.date, recorded_at: dt.datetime) -> None:
    """Morning pain higher this week than last (Silbernagel 2007): one lighter week."""
    from bisect import bisect_left

    week = R.DELOAD_DAYS
    start = bisect_left(state.checkin_days, on - dt.timedelta(days=2 * week - 1))
    recent = state.checkins[start:]  # check-ins come in date order: the last two weeks
    this_week = [c.pain for c in recent if 0 <= (on - c.on).days < week]
    last_week = [c.pain for c in recent if week <= (on - c.on).days < 2 * week]
    if min(len(this_week), len(last_week)) < R.DELOAD_MIN_CHECKINS_PER_WEEK:
        return
    if sum(this_week) / len(this_week) <= sum(last_week) / len(last_week):
        return
    _deload(state, on, recorded_at, "morning-rising")


def deload_if_due(state: State, on: dt.date, recorded_at: dt.datetime) -> None:
    """After ``DELOAD_AFTER_WEEKS`` weeks of training, or a stall of ``DELOAD_STALL_DAYS``
    days with sessions logged and no dose rising: one lighter week (CLINICAL_RULES)."""
    last = max((d.on for d in state.deloads), default=state.ctx.start)
    if (on - last).days >= R.DELOAD_AFTER_WEEKS * 7:
        _deload(state, on, recorded_at, "scheduled", weeks=R.DELOAD_AFTER_WEEKS)
        return
    # a stall is counted from the end of the last lighter week, or the last rise
    week_end = last + dt.timedelta(days=R.DELOAD_DAYS) if state.deloads else last
    since = max(week_end, state.last_rise or state.ctx.start)
    if (on - since).days < R.DELOAD_STALL_DAYS:
        return
    window = on - dt.timedelta(days=R.DELOAD_STALL_DAYS)
    days: set[dt.date] = set()
    for e in reversed(state.logs):  # logs come in date order: only the last days are read
        if e.log.on <= window:
            break
        if e.log.on <= on:
            days.add(e.log.on)
    if len(days) >= R.DELOAD_STALL_MIN_SESSIONS:
        _deload(state, on, recorded_at, "stall", days=R.DELOAD_STALL_DAYS)


def _deload(state: State, on: dt.date, recorded_at: dt.datetime, rule: str, **params: int) -> None:
    if any(d.on > on - dt.timedelta(days=R.DELOAD_MIN_SPACING_DAYS) for d in state.deloads):
        return
    touched = 0
    for s in state.sessions:
        if s.done or not on < s.at.date() <= on + dt.timedelta(days=R.DELOAD_DAYS):
            continue
        s.deload = True
        touched += 1
    if touched:
        state.deloads.append(Deload(on, recorded_at, touched, rule, tuple(sorted(params.items()))))


# --- what the fold gives back ---------------------------------------------------------


def folded(state: State, s: Session) -> FoldedSession:
    """A session as the person sees it: lighter in a deload week, without the exercises
    paused on its day, and marked paused when the plan is (or nothing is left in it)."""
    day = s.at.date()
    items: tuple[Prescription, ...] = tuple(s.items)
    paused = False
    if s.deload:
        items = tuple(p.deloaded() for p in items)
    if not s.done:
        out = {p.exercise_id for p in state.pauses if p.exercise_id and p.covers(day)}
        items = tuple(p for p in items if p.exercise_id not in out)
        paused = not items or any(p.exercise_id is None and p.covers(day) for p in state.pauses)
    return FoldedSession(s.number, s.week, s.label, s.at, items, s.done, paused, s.deload)


def pauses(state: State) -> tuple[Pause, ...]:
    return tuple(state.pauses)
