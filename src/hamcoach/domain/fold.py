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
from dataclasses import dataclass, field, replace

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
    Rescheduled,
    RescheduleEvent,
)
from hamcoach.domain.prescription import Prescription, modifications_for, starting_dose
from hamcoach.domain.progression import (
    STEP_BACK_RULES,
    CheckIn,
    Decision,
    ExerciseLog,
    next_prescription,
)
from hamcoach.domain.scheduling import reschedule

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
    "RescheduleEvent",
    "Rescheduled",
    "fold",
]


@dataclass
class _Session:
    number: int
    week: int
    label: str
    at: dt.datetime
    items: list[Prescription]
    done: bool = False
    where: dict[str, list[int]] = field(default_factory=dict)
    """exercise id -> positions in ``items``: the fold touches items by exercise."""

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        self.where = {}
        for k, item in enumerate(self.items):
            self.where.setdefault(item.exercise_id, []).append(k)


@dataclass
class _State:
    ctx: Context
    sessions: list[_Session]
    logs: list[LogEvent] = field(default_factory=list)
    history: dict[str, list[ExerciseLog]] = field(default_factory=dict)
    checkins: list[CheckIn] = field(default_factory=list)
    decided_rule: dict[int, str] = field(default_factory=dict)
    outcomes: dict[int, LogOutcome] = field(default_factory=dict)
    decisions: list[DatedDecision] = field(default_factory=list)
    deloads: list[Deload] = field(default_factory=list)
    rescheduled: list[Rescheduled] = field(default_factory=list)
    last_log_day: dt.date | None = None
    rank: dict[int, tuple[object, ...]] = field(default_factory=dict)
    """Each log's place in the fold's order (by date and content), worked out once."""
    checkin_days: list[dt.date] = field(default_factory=list)
    order: list[int] = field(default_factory=list)
    """Session positions by date (then number); ``days`` are their dates, ``on_day`` by date."""
    days: list[dt.date] = field(default_factory=list)
    on_day: dict[dt.date, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.reorder()

    def reorder(self) -> None:
        """Index the sessions by date; again whenever sessions move."""
        self.order = sorted(
            range(len(self.sessions)), key=lambda i: (self.sessions[i].at, self.sessions[i].number)
        )
        self.days = [self.sessions[i].at.date() for i in self.order]
        self.on_day = {}
        for i in self.order:
            self.on_day.setdefault(self.sessions[i].at.date(), []).append(i)


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
    ctx: Context,
) -> FoldResult:
    """Every event, in date order, through the progression engine."""
    state = _State(
        ctx,
        [_Session(b.number, b.week, b.label, b.at, list(b.items)) for b in built],
    )
    events: list[tuple[tuple[object, ...], LogEvent | CheckInEvent | RescheduleEvent]] = []
    for c in checkins:
        events.append(((c.checkin.on, 0, c.checkin.pain, c.checkin.stiffness or -1), c))
    for r in reschedules:
        events.append(((r.from_day, 1, "", ""), r))
    for e in logs:
        order = (e.log.on, 2, *_log_order(e))
        state.rank[e.key] = order
        events.append((order, e))
    events.sort(key=lambda pair: pair[0])
    for _, event in events:
        if isinstance(event, CheckInEvent):
            _on_checkin(state, event)
        elif isinstance(event, RescheduleEvent):
            _move_missed(state, event.from_day, event.recorded_at, "Missed sessions")
        else:
            _on_log(state, event)
    return FoldResult(
        tuple(
            FoldedSession(s.number, s.week, s.label, s.at, tuple(s.items), s.done)
            for s in state.sessions
        ),
        tuple(state.decisions),
        tuple(state.deloads),
        tuple(state.rescheduled),
        state.outcomes,
    )


# --- events -------------------------------------------------------------------------


def _decide(state: _State, current: Prescription, exercise_id: str) -> Decision:
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


def _on_log(state: _State, event: LogEvent) -> None:
    log = event.log
    current, session = _current(state, log.exercise_id, log.on)
    if session is None or session.at.date() != log.on:
        # a session planned that day was done, even if a re-derived dose or ladder step
        # changed what it holds since (a late entry for an earlier day can do that)
        that_day = [state.sessions[i] for i in state.on_day.get(log.on, ())]
        session = next((s for s in that_day if not s.done), session)
    if session is not None and session.at.date() <= log.on + dt.timedelta(days=1):
        session.done = True
    state.logs.append(event)
    state.history.setdefault(log.exercise_id, []).append(log)
    decision = _decide(state, current, log.exercise_id)
    state.decided_rule[event.key] = decision.rule
    state.outcomes[event.key] = LogOutcome(session.number if session else None, current, decision)
    _apply(state, decision, after_day=log.on)
    state.decisions.append(DatedDecision(log.on, event.recorded_at, decision, event.key, "log"))
    since = state.last_log_day or state.ctx.start
    if (log.on - since).days >= R.BREAK_DAYS:
        _move_missed(
            state,
            log.on + dt.timedelta(days=1),
            event.recorded_at,
            "Back after a break of two weeks or more",
        )
    state.last_log_day = log.on if state.last_log_day is None else max(state.last_log_day, log.on)


def _on_checkin(state: _State, event: CheckInEvent) -> None:
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
        target = state.outcomes[e.key].target
        decision = _decide(state, target, e.log.exercise_id)
        if decision.rule == state.decided_rule.get(e.key):
            continue  # the morning confirms what the log decided: a red day steps back once
        _apply(state, decision, after_day=on)
        state.decided_rule[e.key] = decision.rule
        outcome = state.outcomes[e.key]
        state.outcomes[e.key] = LogOutcome(outcome.session_number, outcome.target, decision)
        state.decisions.append(DatedDecision(on, event.recorded_at, decision, e.key, "check-in"))
    _deload_if_rising(state, on, event.recorded_at)


# --- changing the state -------------------------------------------------------------


def _current(state: _State, exercise_id: str, on: dt.date) -> tuple[Prescription, _Session | None]:
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


def _apply(state: _State, decision: Decision, *, after_day: dt.date) -> None:
    """Rewrite the sessions after ``after_day`` not yet done that hold the exercise."""
    carried = state.ctx.carried_until
    # a step back already at the easiest dose changes nothing, but a weekly protocol must not
    # rise past it either (its table would otherwise climb after a red day)
    changed = decision.changed
    old_id = decision.before.exercise_id
    weekly = (
        not changed
        and decision.rule in STEP_BACK_RULES
        and bool(state.ctx.catalog.get(old_id).dosage.weekly)
    )
    if not (changed or weekly) or (carried is not None and after_day <= carried):
        return
    new = decision.after
    if new.exercise_id != old_id:
        ex = state.ctx.catalog.get(new.exercise_id)
        new = replace(
            new, modifications=modifications_for(ex, state.ctx.conditions, state.ctx.catalog)
        )
    protocol = decision.rule == "protocol"
    swapped = new.exercise_id != old_id
    with_reason: dict[str, Prescription] = {}  # one replacement per reason it keeps
    for i in state.order[bisect_right(state.days, after_day) :]:
        s = state.sessions[i]
        positions = None if s.done else s.where.get(old_id)
        if positions is None:
            continue
        for k in positions:
            old = s.items[k]
            if old.reps_by_set or weekly or (protocol and old.exercise_id == new.exercise_id):
                # a protocol item keeps its weekly table but never exceeds the decided dose
                if old.sets <= new.sets and not (old.reps and new.reps and new.reps < old.reps):
                    continue
                s.items[k] = replace(
                    old,
                    sets=min(old.sets, new.sets),
                    reps=min(old.reps or 0, new.reps or 0) or old.reps,
                    reps_by_set=old.reps_by_set if old.sets <= new.sets else (),
                )
            elif not changed:
                continue
            elif new.reason or not old.reason:
                s.items[k] = new
            else:
                kept = with_reason.get(old.reason)
                if kept is None:
                    kept = with_reason[old.reason] = replace(new, reason=old.reason)
                s.items[k] = kept
        if swapped:
            s.reindex()


def _move_missed(state: _State, from_day: dt.date, recorded_at: dt.datetime, why: str) -> None:
    ctx = state.ctx
    by_number = {s.number: s for s in state.sessions}
    moves = reschedule(
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
        state.rescheduled.append(Rescheduled(from_day, recorded_at, why, tuple(moves)))


def _deload_if_rising(state: _State, on: dt.date, recorded_at: dt.datetime) -> None:
    """Morning pain rising week on week: one lighter week (about half the sets)."""
    week = R.DELOAD_DAYS
    start = bisect_left(state.checkin_days, on - dt.timedelta(days=2 * week - 1))
    recent = state.checkins[start:]  # check-ins come in date order: the last two weeks
    this_week = [c.pain for c in recent if 0 <= (on - c.on).days < week]
    last_week = [c.pain for c in recent if week <= (on - c.on).days < 2 * week]
    if min(len(this_week), len(last_week)) < R.DELOAD_MIN_CHECKINS_PER_WEEK:
        return
    if sum(this_week) / len(this_week) <= sum(last_week) / len(last_week):
        return
    if any(d.on > on - dt.timedelta(days=R.DELOAD_MIN_SPACING_DAYS) for d in state.deloads):
        return
    touched = 0
    for s in state.sessions:
        if s.done or not on < s.at.date() <= on + dt.timedelta(days=week):
            continue
        s.items = [p.deloaded() for p in s.items]
        touched += 1
    reason = (
        "Morning pain is higher this week than last: the next "
        f"{week} days are a lighter week, about half the sets and "
        f"{R.DELOAD_LOAD_CUT_PCT:g} % less load (Silbernagel 2007; deload default)."
    )
    state.deloads.append(Deload(on, recorded_at, touched, reason))
