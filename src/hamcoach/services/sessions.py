"""A guided session's own state: open, how far it got, and how it ended.

Kept as plan events, no table of its own: ``session-open`` when it starts,
``session-progress`` after every set done (so the sets of an exercise in progress survive
the process ending: Ctrl-C, a closed terminal, the end of the input), ``session-ended``
when it is finished or ended part-way. Each finished exercise is an ordinary log, written
as it finishes.

The fold (domain/fold.py) marks a session done as soon as one log for it arrives; whether
a guided session is still open, and whether it ended partial, is read from these events
alone: an open session can be carried on whatever the fold says, and the reports count a
session partial when it was stopped part-way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hamcoach.domain.catalog import Catalog
from hamcoach.domain.guided import prescribed_sets
from hamcoach.domain.plan import Plan, ScheduledSession
from hamcoach.domain.rules import DEFAULT_RULES, Rules
from hamcoach.services.folding import paused_now
from hamcoach.services.patients import resolve
from hamcoach.services.planning import require_active_plan
from hamcoach.services.ports import HistoryEntry, LogRecord, LogTarget, Store, UnitOfWork, utc
from hamcoach.services.training import LogEntry, LogResult, log_exercise

OPEN = "session-open"
PROGRESS = "session-progress"
ENDED = "session-ended"
BOOKKEEPING = (PROGRESS,)
"""Event kinds that are the player's bookkeeping, not history a person reads."""


@dataclass(frozen=True)
class OpenSession:
    """A guided session started and neither finished nor ended."""

    session: ScheduledSession
    day: dt.date
    """The day its exercises are logged for: the day it was started."""
    started: dt.datetime
    finished: frozenset[int]
    """Positions in the session's items already logged or skipped."""
    skipped: frozenset[int] = frozenset()
    position: int | None = None
    """The exercise in progress when it stopped, if a set of it was done."""
    sets_done: int = 0
    pain: int | None = None
    """The highest pain typed during that exercise."""

    @property
    def number(self) -> int:
        return self.session.number

    def resume_at(self) -> int | None:
        """The first position still to do; None when every exercise is done."""
        items = self.session.session.items
        return next((i for i in range(len(items)) if i not in self.finished), None)

    def sets_for(self, position: int) -> int:
        return self.sets_done if position == self.position else 0


@dataclass(frozen=True)
class Prepared:
    """What ``hamcoach session`` needs before it starts."""

    plan: Plan
    open: OpenSession | None
    session: ScheduledSession | None
    """The session to do: the open one, else the day's (or the next) one not done."""
    last_trained: dt.datetime | None
    """When the person last trained, other than in ``session``."""
    paused: frozenset[str | None] = frozenset()
    """Exercises paused now (None: the whole plan): the player leaves them out, or stops."""
    carried_on: bool = False
    """``session`` is the one the day's logs (typed in with 'log') already counted for: the
    day's own session, carried on, not the next one started."""
    logged: frozenset[int] = frozenset()
    """Positions in ``session`` already logged on the day, left out when it is carried on."""

    @property
    def day_done(self) -> bool:
        """Every exercise of the day's session was logged already: nothing is left to do."""
        items = self.session.session.items if self.session else ()
        return self.carried_on and len(self.logged) == len(items)


@dataclass(frozen=True)
class Ended:
    number: int
    exercises_done: int
    exercises_total: int
    partial_log: LogResult | None = None
    """The log of the sets done in the exercise that was in progress, if any."""
    partial_exercise: str | None = None


def _events(history: Sequence[HistoryEntry], plan: Plan) -> list[HistoryEntry]:
    kinds = (OPEN, PROGRESS, ENDED)
    return [h for h in history if h.plan_uid == plan.uid and h.kind in kinds and h.data is not None]


def _states(events: Sequence[HistoryEntry]) -> dict[int, HistoryEntry]:
    """Each session's latest open/progress/ended event, by session number."""
    latest: dict[int, HistoryEntry] = {}
    for h in events:
        assert h.data is not None
        latest[int(h.data["session"])] = h
    return latest


def _open_session(
    plan: Plan, events: Sequence[HistoryEntry], logs: Sequence[LogRecord]
) -> OpenSession | None:
    states = _states(events)
    live = [h for h in states.values() if h.kind != ENDED]
    if not live:
        return None
    last = max(live, key=lambda h: h.at)
    assert last.data is not None
    number = int(last.data["session"])
    session = next((s for s in plan.sessions if s.number == number), None)
    opened = [h for h in events if h.kind == OPEN and h.data and h.data["session"] == number]
    if session is None or not opened:
        return None
    start = opened[-1]
    assert start.data is not None
    day = dt.date.fromisoformat(start.data["day"])
    items = session.session.items
    logged = {r.log.exercise_id for r in logs if r.log.on == day and r.recorded_at >= start.at}
    logged |= set(start.data.get("logged", []))  # logged that day before it was started
    data: dict[str, Any] = last.data if last.kind == PROGRESS else {}
    skipped = {int(i) for i in data.get("skipped", [])}
    finished = {i for i, item in enumerate(items) if item.exercise_id in logged} | skipped
    position = data.get("position")
    in_progress = (
        position is not None
        and position not in finished
        and position < len(items)
        and items[position].exercise_id == data.get("exercise")
    )
    return OpenSession(
        session,
        day,
        start.at,
        frozenset(finished),
        frozenset(skipped),
        position if in_progress else None,
        int(data.get("sets", 0)) if in_progress else 0,
        data.get("pain") if in_progress else None,
    )


def _last_trained(
    plan: Plan,
    logs: Sequence[LogRecord],
    targets: dict[int, LogTarget],
    events: Sequence[HistoryEntry],
    exclude: int | None,
    zone: dt.tzinfo | None,
) -> dt.datetime | None:
    """The latest moment the person trained outside session ``exclude``: a log's time when
    it was typed in on the day it is for, else that day at the plan's session time; a set
    done in a guided session that was not finished counts too."""
    moments = []
    for r in logs:
        target = targets.get(r.key)
        if target is not None and target.session_number == exclude:
            continue
        if r.recorded_at.astimezone(zone).date() == r.log.on:
            moments.append(r.recorded_at)
        else:
            local = dt.datetime.combine(r.log.on, plan.schedule.at)
            moments.append(local.replace(tzinfo=zone) if zone else local.astimezone())
    for h in events:
        if h.kind == PROGRESS and h.data and h.data["session"] != exclude:
            moments.append(h.at)
    return max((utc(m) for m in moments), default=None)


def _days_session(
    plan: Plan, day: dt.date, logs: Sequence[LogRecord], targets: dict[int, LogTarget],
    events: Sequence[HistoryEntry],
) -> tuple[ScheduledSession, frozenset[int]] | None:  # fmt: skip
    """The session the day's logs counted for, and the positions in it they logged; of
    several, the first with something left to do. A guided session finished or ended is
    over: it is not carried on."""
    guided = set(_states(events))
    logged: dict[int, set[str]] = {}
    for r in logs:
        t = targets.get(r.key)
        number = t.session_number if t is not None and r.log.on == day else None
        if number is not None and number not in guided:
            logged.setdefault(number, set()).add(r.log.exercise_id)
    found = None
    for s in sorted((s for s in plan.sessions if s.number in logged), key=lambda s: s.number):
        items = s.session.items
        found = (
            s,
            frozenset(i for i, it in enumerate(items) if it.exercise_id in logged[s.number]),
        )
        if len(found[1]) < len(items):
            break
    return found


def _pick(plan: Plan, day: dt.date) -> ScheduledSession | None:
    """The day's session not yet done, else the next one from that day; back after a
    break (or starting late), the first one missed (services/today.py ``due``)."""
    from hamcoach.services.today import due, plan_slots

    d = due(plan_slots(plan), day, plan.break_from)
    if d.back:
        return next(s for s in plan.sessions if s.number == d.number)
    todo = [s for s in plan.sessions if s.status != "done"]
    same_day = [s for s in todo if s.at.date() == day]
    if same_day:
        return same_day[0]
    later = [s for s in todo if s.at.date() >= day]
    return min(later, key=lambda s: s.at, default=None)


def prepare(
    store: Store, *, day: dt.date, patient_id: str | None = None, zone: dt.tzinfo | None = None
) -> Prepared:
    """The open session if there is one, else the session to do on ``day``; and when the
    person last trained outside it (for the minimum rest between sessions)."""
    with store.unit_of_work() as uow:
        plan = require_active_plan(uow, resolve(uow, patient_id).id)
        history = uow.plans.history(plan.patient_id)
        events = _events(history, plan)
        logs = uow.training.logs(plan.uid)
        opened = _open_session(plan, events, logs)
        targets = uow.training.targets(plan.uid)
        days = None if opened else _days_session(plan, day, logs, targets, events)
        session = opened.session if opened else days[0] if days else _pick(plan, day)
        number = session.number if session else None
        last = _last_trained(plan, logs, targets, events, number, zone)
        paused = paused_now(history, plan.uid)
    logged = days[1] if days else frozenset()
    return Prepared(plan, opened, session, last, paused, days is not None, logged)


def _add(
    store: Store, patient_id: str | None, now: dt.datetime, kind: str, message: str, data: Any
) -> None:
    with store.unit_of_work(write=True) as uow:
        patient = resolve(uow, patient_id)
        uow.patients.lock(patient.id)
        plan = require_active_plan(uow, patient.id)
        uow.plans.add_history(HistoryEntry(utc(now), plan.uid, kind, message, data))


def start(
    store: Store, *, number: int, day: dt.date, now: dt.datetime, patient_id: str | None = None,
    logged: Sequence[str] = (),
) -> None:  # fmt: skip
    """Record that a guided session started: from now it is open until finished or ended.
    ``logged``: its exercises already logged that day (it carries on the day's session)."""
    message = f"Session {number} started (guided), for {day.isoformat()}."
    data = {"session": number, "day": day.isoformat(), "logged": sorted(logged)}
    _add(store, patient_id, now, OPEN, message, data)


def record_progress(
    store: Store,
    *,
    number: int,
    skipped: Sequence[int],
    position: int | None,
    exercise_id: str | None,
    sets_done: int,
    pain: int | None,
    now: dt.datetime,
    patient_id: str | None = None,
) -> None:
    """Record how far the open session got: the exercises skipped and the sets done of the
    one in progress (each set is recorded as it is done)."""
    data = {
        "session": number,
        "skipped": sorted(skipped),
        "position": position,
        "exercise": exercise_id,
        "sets": sets_done,
        "pain": pain,
    }
    message = f"Session {number}: {sets_done} set(s) of {exercise_id} done."
    _add(store, patient_id, now, PROGRESS, message, data)


def finish(
    store: Store, *, number: int, done: int, total: int, now: dt.datetime,
    patient_id: str | None = None, partial: bool = False,
) -> None:  # fmt: skip
    """Record that the open session was finished: every exercise done or skipped (or, with
    ``partial``, stopped because the plan was paused)."""
    how = "ended part-way, the plan paused" if partial else "finished"
    message = f"Session {number} {how} (guided): {done} of {total} exercise(s) done."
    data = {"session": number, "partial": partial, "done": done, "of": total}
    _add(store, patient_id, now, ENDED, message, data)


def end_open(
    store: Store,
    catalog: Catalog,
    *,
    now: dt.datetime,
    patient_id: str | None = None,
    rules: Rules = DEFAULT_RULES,
) -> Ended | None:
    """End the open session part-way: the sets done of the exercise in progress are logged
    (as prescribed, with the pain typed during it, if any), the session counts as partial.
    None when no session is open."""
    ready = prepare(store, day=now.date(), patient_id=patient_id)
    opened = ready.open
    if opened is None:
        return None
    items = opened.session.session.items
    result, name = None, None
    if opened.position is not None and opened.sets_done:
        item = items[opened.position]
        sets = prescribed_sets(item, opened.sets_done)
        entry = LogEntry(item.exercise_id, opened.day, sets, opened.pain)
        result = log_exercise(store, catalog, entry, now=now, patient_id=patient_id, rules=rules)
        name = item.name
    done = len(opened.finished - opened.skipped) + (1 if result else 0)
    message = (
        f"Session {opened.number} ended part-way: {done} of {len(items)} exercise(s) done; "
        "it counts as partial."
    )
    data = {"session": opened.number, "partial": True, "done": done, "of": len(items)}
    _add(store, patient_id, now, ENDED, message, data)
    return Ended(opened.number, done, len(items), result, name)


def partial_numbers(uow: UnitOfWork, plan: Plan) -> set[int]:
    """Sessions stopped part-way: still open, or ended before every exercise was done.
    Only sessions with something logged count (the others are simply not done)."""
    out = set()
    for number, h in _states(_events(uow.plans.history(plan.patient_id), plan)).items():
        assert h.data is not None
        if h.kind != ENDED or h.data.get("partial"):
            out.add(number)
    return out
