"""The fold's working state (domain/fold.py): sessions as they are re-derived, and what the
fold has seen so far. Mutable, private to the fold and its helpers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fold_oracle.progression import CheckIn, ExerciseLog
from hamcoach.domain.fold_values import (
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


@dataclass
class Session:
    number: int
    week: int
    label: str
    at: dt.datetime
    items: list[Prescription]
    done: bool = False
    deload: bool = False
    """In a lighter week: shown at the lighter doses; decisions still read the full ones."""
    where: dict[str, list[int]] = field(default_factory=dict)
    """exercise id -> positions in ``items``: the fold touches items by exercise."""

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        self.where = {}
        for k, item in enumerate(self.items):
            self.where.setdefault(item.exercise_id, []).append(k)


@dataclass
class State:
    ctx: Context
    sessions: list[Session]
    logs: list[LogEvent] = field(default_factory=list)
    history: dict[str, list[ExerciseLog]] = field(default_factory=dict)
    checkins: list[CheckIn] = field(default_factory=list)
    decided_rule: dict[int, str] = field(default_factory=dict)
    outcomes: dict[int, LogOutcome] = field(default_factory=dict)
    judged: dict[int, Prescription] = field(default_factory=dict)
    """The full dose each log is judged against (its target may be a lighter week's)."""
    outcomes_target: dict[int, Prescription] = field(default_factory=dict)
    """The dose each log was done against: a step back starts from it."""
    day_session: dict[dt.date, Session] = field(default_factory=dict)
    """The session each training day's logs count for (the first log's)."""
    decisions: list[DatedDecision] = field(default_factory=list)
    edits: list[tuple[int, PlanChange]] = field(default_factory=list)
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
    pauses: list[Pause] = field(default_factory=list)
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

    def open_pause(self, exercise_id: str | None) -> int | None:
        """The position in ``pauses`` of the exercise's (or the plan's) pause not yet resumed."""
        for k in range(len(self.pauses) - 1, -1, -1):
            p = self.pauses[k]
            if p.exercise_id == exercise_id and p.until is None:
                return k
        return None

    def upcoming(self, from_day: dt.date) -> list[Session]:
        """Sessions not yet done dated ``from_day`` or later, in date order."""
        from bisect import bisect_left

        out = [self.sessions[i] for i in self.order[bisect_left(self.days, from_day) :]]
        return [s for s in out if not s.done]
