"""The fold: the plan as built plus a person's dated events, in date order, give the doses.

Pure and deterministic. The stored doses are a cache of this function, never
the truth: the same events entered in any order fold to the same plan, and a
back-dated log or check-in simply lands in its place and re-derives what
follows it.

Events on one day are taken in this order: the morning check-in, a request to
move missed sessions, then the exercise logs (by exercise and content, never
by when they were typed in). For each log the engine decides at once (usually
"wait for the next morning"); at the log's next-morning check-in (the first
within ``rules.MORNING_WINDOW_DAYS``) it decides again, and that decision is
applied unless it repeats the rule already applied at log time (a red day
steps back once, not twice).
"""

from __future__ import annotations

import datetime as dt
import gc
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from operator import itemgetter

from hamcoach.domain import escalation, fold_apply
from hamcoach.domain import rules as R
from hamcoach.domain.fold_plan import (
    deload_if_due,
    deload_if_rising,
    folded,
    move_missed,
    note_rise,
    on_change,
    while_paused,
    within_time,
)
from hamcoach.domain.fold_state import Entry, Session, State
from hamcoach.domain.fold_values import (
    BuiltSession,
    CheckInEvent,
    Context,
    DatedDecision,
    Deload,
    FoldedSession,
    FoldResult,
    LogEvent,
    LogOutcome,
    Pause,
    PlanChange,
    Rescheduled,
    RescheduleEvent,
)
from hamcoach.domain.prescription import Prescription, starting_dose
from hamcoach.domain.progression import STEP_BACK_RULES, Decision, decide

_Event = LogEvent | CheckInEvent | RescheduleEvent | PlanChange
_WINDOW = dt.timedelta(days=R.MORNING_WINDOW_DAYS)
_CAPS_OR_SYMPTOMS = fold_apply.CAPS | escalation.SYMPTOM_STEP_BACKS
"""Rules whose held dose still reaches the sessions after it, or escalation (``_take``)."""

__all__ = [
    "BuiltSession",
    "CheckInEvent",
    "Context",
    "DatedDecision",
    "Deload",
    "FoldResult",
    "FoldedSession",
    "LogEvent",
    "LogOutcome",
    "Pause",
    "PlanChange",
    "RescheduleEvent",
    "Rescheduled",
    "fold",
]


def _log_order(event: LogEvent) -> tuple[object, ...]:
    """A log's place among the same day's logs: by exercise, then by what was logged (never
    by when it was typed). Missing numbers sort as -1, so every key compares."""
    log = event.log

    def n(x: float | None) -> float:
        return -1 if x is None else x

    sets = tuple(
        (s.reps, n(s.load_kg), n(s.hold_seconds), n(s.rpe), s.good_form, s.side or "")
        for s in log.sets
    )
    return log.exercise_id, sets, n(log.pain), log.leg_symptoms


def fold(
    built: Sequence[BuiltSession],
    *,
    logs: Sequence[LogEvent] = (),
    checkins: Sequence[CheckInEvent] = (),
    reschedules: Sequence[RescheduleEvent] = (),
    changes: Sequence[PlanChange] = (),
    ctx: Context,
) -> FoldResult:
    """Every event, in date order, through the progression engine; ``changes`` in the order
    they were made.

    The cycle collector waits until the fold is done: the fold makes tens of thousands of
    small values that hold no cycles (reference counting frees them), and the collector's
    passes over them were about a twentieth of a year's fold."""
    collecting = gc.isenabled()
    if collecting:
        gc.disable()
    try:
        return _fold(built, logs, checkins, reschedules, changes, ctx)
    finally:
        if collecting:
            gc.enable()


def _fold(
    built: Sequence[BuiltSession],
    logs: Sequence[LogEvent],
    checkins: Sequence[CheckInEvent],
    reschedules: Sequence[RescheduleEvent],
    changes: Sequence[PlanChange],
    ctx: Context,
) -> FoldResult:
    state = State.begin(ctx, built)
    events: list[tuple[tuple[object, ...], _Event]] = []
    for c in checkins:
        events.append(((c.checkin.on, 0, c.checkin.pain, c.checkin.stiffness or -1), c))
    for r in reschedules:
        events.append(((r.from_day, 1, "", ""), r))
    for n, x in enumerate(changes):
        # changes on one day in the order they were made (a skip, then its resume), which
        # ``changes`` gives: two in the same second must not be ordered by kind
        events.append(((x.on, 1, x.recorded_at.isoformat(), f"{n:09d}"), x))
    same = Counter((e.log.on, e.log.exercise_id) for e in logs)
    for e in logs:
        # by exercise; the content decides only between logs of one exercise on one day
        log = e.log
        order = (
            (log.on, 2, *_log_order(e))
            if same[log.on, log.exercise_id] > 1
            else (log.on, 2, log.exercise_id)
        )
        events.append((order, e))
    events.sort(key=itemgetter(0))
    for _, event in events:
        if isinstance(event, LogEvent):
            _on_log(state, event)
        elif isinstance(event, CheckInEvent):
            _on_checkin(state, event)
        elif isinstance(event, RescheduleEvent):
            move_missed(state, event.from_day, event.recorded_at, "Missed sessions")
        else:
            on_change(state, event)
    return FoldResult(
        folded(state),
        tuple(state.decisions),
        tuple(state.deloads),
        tuple(state.rescheduled),
        {key: entry.outcome() for key, entry in state.entries.items()},
        tuple(state.pauses),
    )


# --- events -------------------------------------------------------------------------


def _judge(state: State, entry: Entry, exercise_id: str, on: dt.date) -> Decision:
    """The decision for the log ``entry``: against the full dose it was meant to do, except
    a step back, which starts from what was done (a lighter week's dose): stepping back from
    the full dose could give more than the lighter set that hurt."""
    ctx = state.ctx
    catalog = ctx.catalog
    history = state.history[exercise_id]
    last = history[-1].on
    # the engine reads the last check-in up to the log (baseline) and the next mornings:
    # the same for every log of a day until the next check-in, so found once for them
    seen = (last, len(state.checkins))
    if state.mornings[0] == seen:
        checkins = state.mornings[1]
    else:
        days = state.checkin_days
        start = bisect_right(days, last)
        end = bisect_right(days, last + _WINDOW, start)
        checkins = state.checkins[start - 1 if start else 0 : end]
        state.mornings = (seen, checkins)
    full, done = entry.full, entry.target
    # the exercise from the catalog's dict (``get`` only to say what is unknown)
    ex = catalog.exercises.get(full.exercise_id) or catalog.get(full.exercise_id)
    decision = decide(
        full, ex, history, checkins, catalog, ctx.baseline_pain, ctx.conditions,
        ctx.equipment, ctx.rules, state.made,
    )  # fmt: skip
    if decision.rule in STEP_BACK_RULES and done is not full and done != full:
        decision = decide(
            done, catalog.get(done.exercise_id), history, checkins, catalog, ctx.baseline_pain,
            ctx.conditions, ctx.equipment, ctx.rules, state.made,
        )  # fmt: skip
    if state.open_pauses:
        decision = while_paused(state, decision, on)
    return decision if ctx.max_minutes is None else within_time(state, decision, on)


def _on_log(state: State, event: LogEvent) -> None:
    log = event.log
    day = log.on
    if (day - (state.last_log_day or state.ctx.start)).days >= R.BREAK_DAYS:
        # back after a break (or starting late): the sessions missed move forward first,
        # so that this training counts for the first of them, not for the calendar's
        # session of the day (a first Nordic at week 4's dose, the plan out of order)
        move_missed(state, day, event.recorded_at, "Back after a break of two weeks or more")
    trained = state.day_session.get(day)
    session: Session | None
    if trained is not None:
        # one day's training is one session: the one the day's first log counted for
        session = trained
        places = trained.where.get(log.exercise_id)
        if places is None:
            current = _current(state, log.exercise_id, day)[0]
        else:
            current = trained.item(places[0])
    else:
        current, session = _current(state, log.exercise_id, day)
        if session is None or session.at.date() != day:
            # a session planned that day was done, even if a re-derived dose or ladder step
            # changed what it holds since (a late entry for an earlier day can do that)
            that_day = [state.sessions[i] for i in state.on_day.get(day, ())]
            session = next((s for s in that_day if not s.done), session)
        session = _count_day(state, day, session)
    state.logs.append(event)
    history = state.history.get(log.exercise_id)
    if history is None:
        state.history[log.exercise_id] = [log]
    else:
        history.append(log)
    if session is None:
        entry = Entry(event, current, current, None)
    else:
        target = state.lighter_dose(current) if session.deload else current
        entry = Entry(event, current, target, session.number)
    state.entries[event.key] = entry
    decision = entry.decision = _judge(state, entry, log.exercise_id, day)
    entry.rule = decision.rule
    state.decisions.append(DatedDecision(day, event.recorded_at, decision, event.key, "log"))
    escalation.after_log(state, log, event.recorded_at)
    _take(state, decision, event.key, day, event.recorded_at)
    last_day = state.last_log_day
    if last_day is None or day > last_day:
        state.last_log_day = day
        state.log_days.append(day)
        # once a training day, at its first log: the day's other logs change nothing a
        # lighter week is decided on (the day counts once; a rise only puts a stall off)
        deload_if_due(state, day, event.recorded_at)


def _count_day(state: State, day: dt.date, session: Session | None) -> Session | None:
    """The session a training day counts for, marked done on that day (its date becomes the
    day it was done, early or late; nothing else moves): ``session`` if it is due or
    past, or if it is the next session not yet done and at most ``EARLY_SESSION_DAYS``
    ahead. Otherwise the day counts for no session (an extra day's training)."""
    if session is None:
        return None
    ahead = (session.at.date() - day).days
    if ahead > 0:
        if ahead > R.EARLY_SESSION_DAYS:
            return None
        between = state.order[
            bisect_right(state.days, day) : bisect_left(state.days, session.at.date())
        ]
        if any(not state.sessions[i].done for i in between):
            return None  # not the next session: one before it is still to do
    state.pool.leave(session)
    session.done = True
    state.day_session[day] = session
    if ahead:
        state.move(session, dt.datetime.combine(day, session.at.timetz()))
    _count_day_for(state, day, session.number)
    return session


def _count_day_for(state: State, day: dt.date, number: int) -> None:
    """The day's earlier logs that found no session count for the one it now has."""
    entries = state.entries
    for e in reversed(state.logs):
        if e.log.on != day:
            break
        entry = entries[e.key]
        if entry.session_number is None:
            entry.session_number = number


def _on_checkin(state: State, event: CheckInEvent) -> None:
    on = event.checkin.on
    previous = state.checkins[-1].on if state.checkins else None
    state.checkins.append(event.checkin)
    state.checkin_days.append(on)
    window = on - _WINDOW
    latest: dict[str, LogEvent] = {}
    for e in reversed(state.logs):
        if e.log.on < window:
            break
        if e.log.on < on and e.log.exercise_id not in latest:
            latest[e.log.exercise_id] = e
    entries = state.entries
    # in the fold's order (``state.logs`` is, and ``latest`` holds them latest first)
    for e in reversed(latest.values()):
        if previous is not None and previous > e.log.on:
            continue  # its next morning was an earlier check-in, already decided
        entry = entries[e.key]
        decision = _judge(state, entry, e.log.exercise_id, on)
        if decision.rule == entry.rule:
            continue  # the morning confirms what the log decided: a red day steps back once
        entry.rule = decision.rule
        entry.decision = decision
        state.decisions.append(DatedDecision(on, event.recorded_at, decision, e.key, "check-in"))
        _take(state, decision, e.key, on, event.recorded_at)
    escalation.after_checkin(state, event.checkin, event.recorded_at)
    deload_if_rising(state, on, event.recorded_at)
    deload_if_due(state, on, event.recorded_at)


# --- changing the state -------------------------------------------------------------


def _current(state: State, exercise_id: str, on: dt.date) -> tuple[Prescription, Session | None]:
    """The dose the person was meant to do on ``on``, and the session it belongs to: the
    session that day, else the nearest one not yet done (the earlier on a tie), else the
    last one that holds the exercise."""
    sessions = state.sessions
    for i in state.on_day.get(on, ()):
        if exercise_id in sessions[i].where:
            s = sessions[i]
            return s.item(s.where[exercise_id][0]), s
    left = bisect_left(state.days, on) - 1
    right = left + 1
    while left >= 0 or right < len(state.order):
        before = (on - state.days[left]).days if left >= 0 else None
        after = (state.days[right] - on).days if right < len(state.order) else None
        if after is None or (before is not None and before <= after):
            s = sessions[state.order[left]]
            left -= 1
        else:
            s = sessions[state.order[right]]
            right += 1
        if not s.done and exercise_id in s.where:
            return s.item(s.where[exercise_id][0]), s
    for s in reversed(sessions):
        if exercise_id in s.where:
            return s.item(s.where[exercise_id][-1]), None
    # not in the plan at this point of the fold (a back-dated log of an exercise a later
    # ladder step brought in): judged against its starting dose; it changes no session
    return starting_dose(state.ctx.catalog.get(exercise_id)), None


def _take(
    state: State, decision: Decision, key: int, on: dt.date, recorded_at: dt.datetime
) -> None:
    """An applied decision (for the log ``key``, taken on ``on``): rewrite the sessions after
    ``on`` not yet done that hold the exercise (fold_apply.py), then what it means beyond the
    doses: escalation, and rising doses. A dose held changes nothing, unless its rule caps
    the sessions after it or counts toward escalation."""
    rule = decision.rule
    changed = decision.changed
    if not changed and rule not in _CAPS_OR_SYMPTOMS:
        return
    carried = state.ctx.carried_until
    if carried is not None and on <= carried:
        return  # carried over as stored: decided, but nothing changes
    if changed or rule in fold_apply.CAPS:
        fold_apply.apply(state, decision, changed, after_day=on)
    if changed or rule in escalation.SYMPTOM_STEP_BACKS:
        escalation.after_decision(state, decision, key, on, recorded_at)
        if changed:
            note_rise(state, decision, on)
