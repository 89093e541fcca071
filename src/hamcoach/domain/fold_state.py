"""The fold's working state (domain/fold.py): sessions as they are re-derived, and what the
fold has seen so far. Mutable, private to the fold and its helpers."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from hamcoach.domain.fold_pool import Cell, Pool
from hamcoach.domain.fold_values import (
    BuiltSession,
    Context,
    DatedDecision,
    Deload,
    LogEvent,
    LogOutcome,
    Pause,
    PlanChange,
    Rescheduled,
)
from hamcoach.domain.prescription import Prescription
from hamcoach.domain.progression import CheckIn, Decision, ExerciseLog


class Entry:
    """One log as the fold works on it: the full dose it is judged against, the dose it was
    done against, what it decided, and the session it counts for. A plain slots class, not
    a frozen value: the fold makes one per log and changes it when the next morning decides
    again or a session is found for the day (a year has about 1,500 logs, and a frozen
    dataclass costs about three times as much to make); the result's ``LogOutcome`` values
    are made from these once, at the end."""

    __slots__ = ("decision", "event", "full", "rule", "session_number", "target")

    def __init__(
        self, event: LogEvent, full: Prescription, target: Prescription, session: int | None
    ) -> None:
        self.event = event
        self.full = full
        """The full dose it is judged against (its target may be a lighter week's)."""
        self.target = target
        """The dose it was done against: a step back starts from it."""
        self.session_number = session
        self.decision: Decision | None = None
        self.rule = ""
        """The rule of the decision last applied for it (a red day steps back once)."""

    def outcome(self) -> LogOutcome:
        assert self.decision is not None
        return LogOutcome(self.session_number, self.target, self.decision)


class Session:
    """A session as the fold re-derives it. A plain slots class (the fold makes one per
    session, about 150 a year, and touches them on every decision)."""

    __slots__ = ("at", "cells", "deload", "done", "label", "number", "pooled", "week", "where")

    def __init__(
        self, number: int, week: int, label: str, at: dt.datetime, cells: list[Cell]
    ) -> None:
        self.number = number
        self.week = week
        self.label = label
        self.at = at
        self.cells = cells
        """Its doses; shared with other sessions while it is pooled (domain/fold_pool.py)."""
        self.done = False
        self.deload = False
        """In a lighter week: shown at the lighter doses; decisions still read the full ones."""
        self.where: dict[str, list[int]] = {}
        """exercise id -> positions in ``cells``: the fold touches items by exercise."""
        self.pooled = False
        self.reindex()

    @property
    def items(self) -> list[Prescription]:
        return [c.dose if c.into is None else c.live().dose for c in self.cells]

    def item(self, k: int) -> Prescription:
        cell = self.cells[k]
        return cell.dose if cell.into is None else cell.live().dose

    def put(self, k: int, dose: Prescription) -> None:
        """Change one dose of a session out of the pool (its cells are its own)."""
        assert not self.pooled
        self.cells[k].dose = dose

    def hold(self, items: list[Prescription]) -> None:
        """Hold these doses instead (a session out of the pool)."""
        assert not self.pooled
        self.cells = [Cell(p) for p in items]
        self.reindex()

    def reindex(self) -> None:
        self.where = {}
        where = self.where
        for k, cell in enumerate(self.cells):
            dose = cell.dose if cell.into is None else cell.live().dose
            places = where.get(dose.exercise_id)
            if places is None:
                where[dose.exercise_id] = [k]
            else:
                places.append(k)


@dataclass
class State:
    ctx: Context
    sessions: list[Session]
    logs: list[LogEvent] = field(default_factory=list)
    history: dict[str, list[ExerciseLog]] = field(default_factory=dict)
    checkins: list[CheckIn] = field(default_factory=list)
    entries: dict[int, Entry] = field(default_factory=dict)
    """Each log (by its key) as the fold works on it."""
    day_session: dict[dt.date, Session] = field(default_factory=dict)
    """The session each training day's logs count for (the first log's)."""
    decisions: list[DatedDecision] = field(default_factory=list)
    edits: list[tuple[int, PlanChange]] = field(default_factory=list)
    """The changes that rewrite sessions (a weight, a swap, an add), each with how many
    decisions came before it: a session moved forward takes the ones it missed in turn."""
    deloads: list[Deload] = field(default_factory=list)
    rescheduled: list[Rescheduled] = field(default_factory=list)
    last_log_day: dt.date | None = None
    mornings: tuple[tuple[dt.date, int], list[CheckIn]] = field(
        default_factory=lambda: ((dt.date.min, -1), [])
    )
    """The check-ins the engine reads for a log of a day (fold.py ``_judge``), with the day
    and how many check-ins there were then (check-ins are only added)."""
    checkin_days: list[dt.date] = field(default_factory=list)
    order: list[int] = field(default_factory=list)
    """Session positions by date (then number); ``days`` are their dates, ``on_day`` by date."""
    days: list[dt.date] = field(default_factory=list)
    keys: list[tuple[dt.datetime, int]] = field(default_factory=list)
    position: dict[int, int] = field(default_factory=dict)
    """Session number -> its place in ``sessions``."""
    on_day: dict[dt.date, list[int]] = field(default_factory=dict)
    pauses: list[Pause] = field(default_factory=list)
    open_pauses: dict[str | None, int] = field(default_factory=dict)
    """Exercise id (None: the plan) -> the position in ``pauses`` of its pause not yet
    resumed (one at most: a pause is not made while one is open)."""
    log_days: list[dt.date] = field(default_factory=list)
    """The days with logs so far, in date order."""
    step_backs: dict[str, list[tuple[dt.date, int]]] = field(default_factory=dict)
    """Escalation: each exercise's step-backs since it last resumed, as (day, log key)."""
    reds: list[tuple[dt.date, str]] = field(default_factory=list)
    """Escalation: red-pain logs since the plan last resumed, as (day, exercise id)."""
    line: dict[str, str] = field(default_factory=dict)
    """Escalation: an exercise a ladder step brought in -> the exercise its line began with
    (a step down and the easier exercise are one exercise, not two)."""
    worse_mornings: int = 0
    """Escalation: check-ins in a row with morning pain above the intake baseline."""
    last_rise: dt.date | None = None
    """The last day a dose rose (a stall is a long time without one)."""
    lighter: dict[int, tuple[Prescription, Prescription]] = field(default_factory=dict)
    """id of a dose -> (the dose, its lighter-week dose), made once."""
    made: dict[tuple[object, ...], Decision] = field(default_factory=dict)
    """Decisions that hold or step back, made once each (domain/progression.py ``decide``)."""
    pool: Pool = field(default_factory=Pool)
    """The sessions still to come, sharing their doses (domain/fold_pool.py)."""

    def __post_init__(self) -> None:
        self.reorder()
        self.pool.fill(self.sessions[i] for i in self.order)

    @classmethod
    def begin(cls, ctx: Context, built: Sequence[BuiltSession]) -> State:
        """The state before any event: the sessions as built, every one in the pool."""
        pool = Pool()
        shared: dict[tuple[object, ...], Cell] = {}
        sessions = []
        for b in built:
            s = Session(b.number, b.week, b.label, b.at, pool.shared_cells(b.items, shared))
            s.pooled = True
            sessions.append(s)
        return cls(ctx, sessions, pool=pool)

    def reorder(self) -> None:
        """Index the sessions by date; again whenever sessions move."""
        sessions = self.sessions
        self.order = sorted(
            range(len(sessions)), key=lambda i: (sessions[i].at, sessions[i].number)
        )
        self.keys = [(sessions[i].at, sessions[i].number) for i in self.order]
        self.days = [at.date() for at, _ in self.keys]
        self.on_day = {}
        for i, day in zip(self.order, self.days, strict=True):
            self.on_day.setdefault(day, []).append(i)
        self.position = {s.number: i for i, s in enumerate(sessions)}

    def move(self, s: Session, at: dt.datetime) -> None:
        """One session to a new time (the day it was done), the index kept in step."""
        i = self.position[s.number]
        old = bisect_left(self.keys, (s.at, s.number))
        del self.order[old], self.keys[old], self.days[old]
        self.on_day[s.at.date()].remove(i)
        s.at = at
        new = bisect_left(self.keys, (at, s.number))
        self.order.insert(new, i)
        self.keys.insert(new, (at, s.number))
        self.days.insert(new, at.date())
        same_day = self.on_day.setdefault(at.date(), [])
        same_day.append(i)
        same_day.sort(key=lambda j: (self.sessions[j].at, self.sessions[j].number))

    def lighter_dose(self, dose: Prescription) -> Prescription:
        """A lighter week's dose, made once per dose (sessions share their doses)."""
        made = self.lighter.get(id(dose))
        if made is None or made[0] is not dose:
            made = self.lighter[id(dose)] = (dose, dose.deloaded())
        return made[1]

    def open_pause(self, exercise_id: str | None) -> int | None:
        """The position in ``pauses`` of the exercise's (or the plan's) pause not yet resumed."""
        return self.open_pauses.get(exercise_id)

    def add_pause(self, pause: Pause) -> None:
        """A new pause (none is open for its exercise, or the plan)."""
        self.open_pauses[pause.exercise_id] = len(self.pauses)
        self.pauses.append(pause)

    def end_pause(self, k: int, until: dt.date, by: str | None) -> None:
        """The open pause at ``k`` resumed on ``until`` by ``by``."""
        pause = self.pauses[k] = replace(self.pauses[k], until=until, resumed_by=by)
        del self.open_pauses[pause.exercise_id]

    def upcoming(self, from_day: dt.date) -> list[Session]:
        """Sessions not yet done dated ``from_day`` or later, in date order."""
        out = [self.sessions[i] for i in self.order[bisect_left(self.days, from_day) :]]
        return [s for s in out if not s.done]
