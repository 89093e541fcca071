"""The plan's own settings and changes inside the fold (domain/fold.py): changes a person or
clinician makes (a starting weight, a swap, a skip, a resume, a new schedule), pauses,
lighter weeks, and the session time limit. Pure: these functions read and change the
fold's working state only.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import replace

from hamcoach.domain import escalation
from hamcoach.domain import rules as R
from hamcoach.domain.catalog import SESSION_ORDER, Equipment
from hamcoach.domain.fold_apply import drop, rewrite, rewrites
from hamcoach.domain.fold_state import Session, State
from hamcoach.domain.fold_values import (
    ChangeKind,
    Deload,
    FoldedSession,
    Pause,
    PlanChange,
    Rescheduled,
)
from hamcoach.domain.prescription import Prescription, modifications_for, starting_dose
from hamcoach.domain.progression import Action, Decision
from hamcoach.domain.scheduling import Move, replan, reschedule

SKIPPED = "skipped"
"""The pause rule of an exercise the person chose to leave out."""
NO_KIT = "no-kit"
"""The pause rule of an exercise left out for want of kit: param 'kit', what it lacks
(equipment names, comma-separated)."""
RISES = frozenset({Action.PROGRESS, Action.LOAD_UP, Action.LADDER_UP})
_DELOAD_WEEK = dt.timedelta(days=R.DELOAD_DAYS)
_TWO_WEEKS = dt.timedelta(days=2 * R.DELOAD_DAYS - 1)
"""The mornings a rise is read over: this week's and last week's, ``on`` included."""
_STALL = dt.timedelta(days=R.DELOAD_STALL_DAYS)
_SPACING = dt.timedelta(days=R.DELOAD_MIN_SPACING_DAYS)


def on_change(state: State, change: PlanChange) -> None:
    """Apply a dated change to the sessions not yet done from its day on."""
    ex_id = change.exercise_id
    if change.kind in _EDITS and ex_id is not None:
        if change.kind is ChangeKind.SWAP and not change.new_exercise_id:
            return
        state.pool.empty()  # sessions one by one: out of the pool, and back after
        _edit(state, change, state.upcoming(change.on))
        state.pool.fill(state.sessions[i] for i in state.order)
        state.edits.append((len(state.decisions), change))
    elif change.kind is ChangeKind.SKIP and ex_id is not None:
        escalation.pause(state, ex_id, change.on, change.recorded_at, SKIPPED)
    elif change.kind is ChangeKind.NO_KIT and ex_id is not None:
        kit = ",".join(sorted(change.equipment or ()))
        escalation.pause(state, ex_id, change.on, change.recorded_at, NO_KIT, kit=kit)
    elif change.kind is ChangeKind.RESUME:
        _resume(state, change)
    elif change.kind is ChangeKind.EDIT:
        _settings(state, change)
    elif change.kind is ChangeKind.EQUIPMENT and change.equipment is not None:
        state.ctx = replace(state.ctx, equipment=change.equipment)
        _kit_back(state, change.on, change.equipment)


_EDITS = frozenset({ChangeKind.SET_LOAD, ChangeKind.SWAP, ChangeKind.ADD})
"""The changes that rewrite sessions (``on_change``; ``state.edits`` keeps them)."""


def _edit(state: State, change: PlanChange, sessions: list[Session]) -> None:
    """Rewrite ``sessions`` (out of the pool) with a change in ``_EDITS``."""
    ex_id = change.exercise_id
    assert ex_id is not None
    if change.kind is ChangeKind.SET_LOAD:
        for s in sessions:
            for k in s.where.get(ex_id, ()):
                s.put(k, replace(s.item(k), load_kg=change.load_kg))
    elif change.kind is ChangeKind.SWAP:
        assert change.new_exercise_id is not None
        _swap(state, sessions, ex_id, change.new_exercise_id, change.on)
    else:
        _add(state, sessions, ex_id, change.on)


def _kit_back(state: State, on: dt.date, have: frozenset[Equipment]) -> None:
    """Exercises left out for want of kit come back from ``on`` once all they need is at
    hand again, at the dose they had reached (a pause only hides them)."""
    catalog = state.ctx.catalog
    for ex_id, k in list(state.open_pauses.items()):
        pause = state.pauses[k]
        if ex_id is None or pause.rule != NO_KIT or ex_id not in catalog:
            continue
        if catalog.get(ex_id).needs() <= have:
            state.end_pause(k, max(on, pause.on), None)


_RANK = {c: n for n, c in enumerate(SESSION_ORDER)}


def _add(state: State, upcoming: list[Session], ex_id: str, on: dt.date) -> None:
    """The exercise at its starting dose in each session to come that lacks it, after the
    items of its place in the session order and before the later ones."""
    catalog, ctx = state.ctx.catalog, state.ctx
    ex = catalog.get(ex_id)
    dose = replace(
        starting_dose(ex, reason=f"Added on {on.isoformat()}."),
        modifications=modifications_for(ex, ctx.conditions, catalog),
    )
    rank = _RANK[ex.category]
    for s in upcoming:
        if ex_id in s.where:
            continue  # a ladder step brought it in already: not twice
        items = s.items
        at = max((k + 1 for k, p in enumerate(items) if _RANK[p.phase] <= rank), default=0)
        s.hold([*items[:at], dose, *items[at:]])


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
            s.hold([dose if p.exercise_id == old else p for p in s.items])


def _resume(state: State, change: PlanChange) -> None:
    k = state.open_pause(change.exercise_id)
    if k is None:
        return
    state.end_pause(k, change.on, change.by)
    escalation.forget(state, change.exercise_id)
    if change.exercise_id is None:
        move_missed(state, change.on, change.recorded_at, f"Resumed by {change.by}")


def _settings(state: State, change: PlanChange) -> None:
    ctx = state.ctx
    state.ctx = replace(
        ctx,
        days=change.days if change.days is not None else ctx.days,
        at=change.at if change.at is not None else ctx.at,
        per_week=change.per_week if change.per_week is not None else ctx.per_week,
        max_minutes=change.max_minutes if change.max_minutes is not None else ctx.max_minutes,
    )
    _move(state, replan, change.on, change.recorded_at, "New schedule")


def _catch_up(state: State, moved: list[tuple[dt.date, Session]]) -> None:
    """Sessions moved forward (missed, then moved) take, in the fold's order, what was
    decided and changed from the day each was due on (``moved``: each with that day): a
    decision on an earlier day, or a change dated that day or before, reached it already,
    and replaying it would undo what came after (a therapist's weight, a ladder step).
    A session with something to take leaves the pool first."""
    decisions = state.decisions
    carried = state.ctx.carried_until
    # the decisions that rewrite sessions, by position (the fold takes events in date order)
    doing = [
        i for i, d in enumerate(decisions)
        if (carried is None or d.on > carried) and rewrites(state, d.decision)
    ]  # fmt: skip
    days = [decisions[i].on for i in doing]
    for due, s in moved:
        todo = doing[bisect_left(days, due) :]
        edits = [(at, c) for at, c in state.edits if c.on > due]
        if not (todo or edits):
            continue
        state.pool.leave(s)
        e = 0
        for i in todo:
            while e < len(edits) and edits[e][0] <= i:
                _edit(state, edits[e][1], [s])
                e += 1
            rewrite(state, decisions[i].decision, (s,))
        for _, c in edits[e:]:
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
    if not moves:
        return
    for move in moves:
        by_number[move.number].at = move.after
    state.reorder()
    # a missed session moved forward takes what was decided and changed since it was due
    _catch_up(state, [(m.before.date(), by_number[m.number]) for m in moves if m.after > m.before])
    state.pool.requeue(state.sessions[i] for i in state.order)
    state.rescheduled.append(Rescheduled(from_day, recorded_at, why, tuple(moves)))


# --- the time limit -------------------------------------------------------------------


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


def while_paused(state: State, decision: Decision, on: dt.date) -> Decision:
    """No dose rises while its exercise, or the plan, is stopped (escalation or the
    person's skip): an entry made during a pause is kept, but what it earns waits for the
    resume, which a clinician gives after seeing the person."""
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


# --- lighter weeks --------------------------------------------------------------------


def note_rise(state: State, decision: Decision, on: dt.date) -> None:
    """A changed decision that raises the dose puts a stall off (``changed`` is checked by
    the caller)."""
    if decision.action in RISES:
        state.last_rise = on if state.last_rise is None else max(state.last_rise, on)


def deload_if_rising(state: State, on: dt.date, recorded_at: dt.datetime) -> None:
    """Morning pain higher this week than last (Silbernagel 2007): one lighter week."""
    week = R.DELOAD_DAYS
    start = bisect_left(state.checkin_days, on - _TWO_WEEKS)
    this_week: list[int] = []
    last_week: list[int] = []
    for c in state.checkins[start:]:  # check-ins come in date order: the last two weeks
        days = (on - c.on).days
        if 0 <= days < week:
            this_week.append(c.pain)
        elif week <= days < 2 * week:
            last_week.append(c.pain)
    if min(len(this_week), len(last_week)) < R.DELOAD_MIN_CHECKINS_PER_WEEK:
        return
    if sum(this_week) / len(this_week) <= sum(last_week) / len(last_week):
        return
    _deload(state, on, recorded_at, "morning-rising")


def deload_if_due(state: State, on: dt.date, recorded_at: dt.datetime) -> None:
    """After ``DELOAD_AFTER_WEEKS`` weeks of training, or a stall of ``DELOAD_STALL_DAYS``
    days with sessions logged and no dose rising: one lighter week (CLINICAL_RULES)."""
    last = state.deloads[-1].on if state.deloads else state.ctx.start  # in date order
    if (on - last).days >= R.DELOAD_AFTER_WEEKS * 7:
        _deload(state, on, recorded_at, "scheduled", weeks=R.DELOAD_AFTER_WEEKS)
        return
    # a stall is counted from the end of the last lighter week, or the last rise
    week_end = last + _DELOAD_WEEK if state.deloads else last
    since = max(week_end, state.last_rise or state.ctx.start)
    if (on - since).days < R.DELOAD_STALL_DAYS:
        return
    # the days with logs in the stall's window, up to ``on``
    window = on - _STALL
    log_days = state.log_days
    if bisect_right(log_days, on) - bisect_right(log_days, window) >= R.DELOAD_STALL_MIN_SESSIONS:
        _deload(state, on, recorded_at, "stall", days=R.DELOAD_STALL_DAYS)


def _deload(state: State, on: dt.date, recorded_at: dt.datetime, rule: str, **params: int) -> None:
    too_soon = on - _SPACING
    if any(d.on > too_soon for d in state.deloads):
        return
    touched = 0
    days = state.days  # the sessions by date: those in the week after ``on``
    week = state.order[bisect_right(days, on) : bisect_right(days, on + _DELOAD_WEEK)]
    for i in week:
        s = state.sessions[i]
        if not s.done:
            s.deload = True
            touched += 1
    if touched:
        state.deloads.append(Deload(on, recorded_at, touched, rule, tuple(sorted(params.items()))))


# --- what the fold gives back ---------------------------------------------------------


def folded(state: State) -> tuple[FoldedSession, ...]:
    """The sessions as the person sees them: lighter in a deload week, without the exercises
    paused on their day, and marked paused when the plan is (or nothing is left in them)."""
    of_exercise = [p for p in state.pauses if p.exercise_id]
    of_plan = [p for p in state.pauses if p.exercise_id is None]
    out = []
    for s in state.sessions:
        items: tuple[Prescription, ...] = tuple(s.items)
        paused = False
        if s.deload:
            items = tuple(state.lighter_dose(p) for p in items)
        if not s.done:
            day = s.at.date()
            if of_exercise:
                left_out = {p.exercise_id for p in of_exercise if p.covers(day)}
                items = tuple(p for p in items if p.exercise_id not in left_out)
            paused = not items or any(p.covers(day) for p in of_plan)
        out.append(FoldedSession(s.number, s.week, s.label, s.at, items, s.done, paused, s.deload))
    return tuple(out)


def pauses(state: State) -> tuple[Pause, ...]:
    return tuple(state.pauses)
