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
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from fold_oracle import escalation
from fold_oracle.fold_apply import rewrite, rewrites
from fold_oracle.fold_plan import (
    deload_if_due,
    deload_if_rising,
    folded,
    move_missed,
    note_rise,
    on_change,
    while_paused,
    within_time,
)
from fold_oracle.fold_state import Session, State
from fold_oracle.progression import STEP_BACK_RULES, Decision, next_prescription
from hamcoach.domain import rules as R
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

_Event = LogEvent | CheckInEvent | RescheduleEvent | PlanChange

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
    they were made."""
    state = State(
        ctx,
        [Session(b.number, b.week, b.label, b.at, list(b.items)) for b in built],
    )
    events: list[tuple[tuple[object, ...], _Event]] = []
    for c in checkins:
        events.append(((c.checkin.on, 0, c.checkin.pain, c.checkin.stiffness or -1), c))
    for r in reschedules:
        events.append(((r.from_day, 1, "", ""), r))
    for n, x in enumerate(changes):
        # changes on one day in the order they were made (a skip, then its resume), which
        # ``changes`` gives: two in the same second must not be ordered by kind
        events.append(((x.on, 1, x.recorded_at.isoformat(), f"{n:09d}"), x))
    for e in logs:
        order = (e.log.on, 2, *_log_order(e))
        state.rank[e.key] = order
        events.append((order, e))
    events.sort(key=lambda pair: pair[0])
    for _, event in events:
        if isinstance(event, CheckInEvent):
            _on_checkin(state, event)
        elif isinstance(event, RescheduleEvent):
            move_missed(state, event.from_day, event.recorded_at, "Missed sessions")
        elif isinstance(event, PlanChange):
            on_change(state, event)
        else:
            _on_log(state, event)
    return FoldResult(
        tuple(folded(state, s) for s in state.sessions),
        tuple(state.decisions),
        tuple(state.deloads),
        tuple(state.rescheduled),
        state.outcomes,
        tuple(state.pauses),
    )


# --- events -------------------------------------------------------------------------


def _decide(state: State, current: Prescription, exercise_id: str) -> Decision:
    ctx = state.ctx
    history = state.history[exercise_id]
    last = history[-1].on
    # the engine reads the last check-in up to the log (baseline) and the next mornings
    end = bisect_right(state.checkin_days, last + dt.timedelta(R.MORNING_WINDOW_DAYS))
    start = bisect_right(state.checkin_days, last)
    checkins = state.checkins[max(0, start - 1) : end]
    return next_prescription(
        current,
        history,
        checkins,
        catalog=ctx.catalog,
        baseline_pain=ctx.baseline_pain,
        conditions=ctx.conditions,
        equipment=ctx.equipment,
        rules=ctx.rules,
    )


def _judge(state: State, key: int, exercise_id: str, on: dt.date) -> Decision:
    """The decision for the log ``key``: against the full dose it was meant to do, except a
    step back, which starts from what was done (a lighter week's dose): stepping back from
    the full dose could give more than the lighter set that hurt."""
    full, done = state.judged[key], state.outcomes_target[key]
    decision = _decide(state, full, exercise_id)
    if decision.rule in STEP_BACK_RULES and done != full:
        decision = _decide(state, done, exercise_id)
    return within_time(state, while_paused(state, decision, on), on)


def _on_log(state: State, event: LogEvent) -> None:
    log = event.log
    if (log.on - (state.last_log_day or state.ctx.start)).days >= R.BREAK_DAYS:
        move_missed(state, log.on, event.recorded_at, "Back after a break of two weeks or more")
    current, session = _current(state, log.exercise_id, log.on)
    trained = state.day_session.get(log.on)
    if trained is not None:
        # one day's training is one session: the one the day's first log counted for
        session = trained
        if log.exercise_id in trained.where:
            current = trained.items[trained.where[log.exercise_id][0]]
    else:
        if session is None or session.at.date() != log.on:
            # a session planned that day was done, even if a re-derived dose or ladder step
            # changed what it holds since (a late entry for an earlier day can do that)
            that_day = [state.sessions[i] for i in state.on_day.get(log.on, ())]
            session = next((s for s in that_day if not s.done), session)
        session = _count_day(state, log.on, session)
    state.logs.append(event)
    state.history.setdefault(log.exercise_id, []).append(log)
    target = current.deloaded() if session is not None and session.deload else current
    state.judged[event.key] = current
    state.outcomes_target[event.key] = target
    decision = _judge(state, event.key, log.exercise_id, log.on)
    state.decided_rule[event.key] = decision.rule
    state.outcomes[event.key] = LogOutcome(session.number if session else None, target, decision)
    _apply(state, decision, after_day=log.on)
    state.decisions.append(DatedDecision(log.on, event.recorded_at, decision, event.key, "log"))
    escalation.after_log(state, log, event.recorded_at)
    _after(state, decision, event.key, log.on, event.recorded_at)
    state.last_log_day = log.on if state.last_log_day is None else max(state.last_log_day, log.on)
    deload_if_due(state, log.on, event.recorded_at)


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
    session.done = True
    state.day_session[day] = session
    if ahead:
        session.at = dt.datetime.combine(day, session.at.timetz())
        state.reorder()
    _count_day_for(state, day, session.number)
    return session


def _count_day_for(state: State, day: dt.date, number: int) -> None:
    """The day's earlier logs that found no session count for the one it now has."""
    for e in reversed(state.logs):
        if e.log.on != day:
            break
        o = state.outcomes[e.key]
        if o.session_number is None:
            state.outcomes[e.key] = LogOutcome(number, o.target, o.decision)


def _after(
    state: State, decision: Decision, key: int, on: dt.date, recorded_at: dt.datetime
) -> None:
    """What an applied decision means beyond the doses: escalation, and rising doses."""
    if state.ctx.carried_until is not None and on <= state.ctx.carried_until:
        return
    escalation.after_decision(state, decision, key, on, recorded_at)
    note_rise(state, decision, on)


def _on_checkin(state: State, event: CheckInEvent) -> None:
    on = event.checkin.on
    previous = state.checkins[-1].on if state.checkins else None
    state.checkins.append(event.checkin)
    state.checkin_days.append(on)
    window = on - dt.timedelta(days=R.MORNING_WINDOW_DAYS)
    latest: dict[str, LogEvent] = {}
    for e in reversed(state.logs):
        if e.log.on < window:
            break
        if e.log.on < on and e.log.exercise_id not in latest:
            latest[e.log.exercise_id] = e
    for e in sorted(latest.values(), key=lambda e: state.rank[e.key]):
        if previous is not None and previous > e.log.on:
            continue  # its next morning was an earlier check-in, already decided
        decision = _judge(state, e.key, e.log.exercise_id, on)
        if decision.rule == state.decided_rule.get(e.key):
            continue  # the morning confirms what the log decided: a red day steps back once
        _apply(state, decision, after_day=on)
        state.decided_rule[e.key] = decision.rule
        outcome = state.outcomes[e.key]
        state.outcomes[e.key] = LogOutcome(outcome.session_number, outcome.target, decision)
        state.decisions.append(DatedDecision(on, event.recorded_at, decision, e.key, "check-in"))
        _after(state, decision, e.key, on, event.recorded_at)
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
            return s.items[s.where[exercise_id][0]], s
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
            return s.items[s.where[exercise_id][0]], s
    for s in reversed(sessions):
        if exercise_id in s.where:
            return s.items[s.where[exercise_id][-1]], None
    # not in the plan at this point of the fold (a back-dated log of an exercise a later
    # ladder step brought in): judged against its starting dose; it changes no session
    return starting_dose(state.ctx.catalog.get(exercise_id)), None


def _apply(state: State, decision: Decision, *, after_day: dt.date) -> None:
    """Rewrite the sessions after ``after_day`` not yet done that hold the exercise."""
    carried = state.ctx.carried_until
    if carried is not None and after_day <= carried:
        return
    if not rewrites(state, decision):
        return
    later = [state.sessions[i] for i in state.order[bisect_right(state.days, after_day) :]]
    rewrite(state, decision, later)
