"""What the fold reads and what it gives back (domain/fold.py): plain values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hamcoach.domain.catalog import Catalog, Condition, Equipment
from hamcoach.domain.prescription import Prescription
from hamcoach.domain.progression import CheckIn, Decision, ExerciseLog
from hamcoach.domain.rules import DEFAULT_RULES, Rules
from hamcoach.domain.scheduling import Move


@dataclass(frozen=True, slots=True)
class BuiltSession:
    """A session as the planner built and placed it: the fold's starting point."""

    number: int
    week: int
    label: str
    at: dt.datetime
    items: tuple[Prescription, ...]


@dataclass(frozen=True, slots=True)
class LogEvent:
    log: ExerciseLog
    key: int
    """The caller's id for the log (a row id); it names the log in the result, never orders it."""
    recorded_at: dt.datetime


@dataclass(frozen=True, slots=True)
class CheckInEvent:
    checkin: CheckIn
    recorded_at: dt.datetime


@dataclass(frozen=True, slots=True)
class RescheduleEvent:
    """'Move the sessions missed before this day forward' (hamcoach plan reschedule)."""

    from_day: dt.date
    recorded_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Context:
    """What the fold needs to know about the person and the plan."""

    catalog: Catalog
    start: dt.date
    days: frozenset[int]
    at: dt.time
    per_week: int
    baseline_pain: int
    conditions: frozenset[Condition] = frozenset()
    equipment: frozenset[Equipment] = frozenset()
    rules: Rules = DEFAULT_RULES
    carried_until: dt.date | None = None
    """Doses up to this day were carried over as stored: decide, but change nothing."""


@dataclass(frozen=True, slots=True)
class DatedDecision:
    on: dt.date
    """The day it takes effect after: sessions after this day change."""
    recorded_at: dt.datetime
    decision: Decision
    log_key: int
    trigger: str
    """'log' (decided when the log came in) or 'check-in' (at its next morning)."""


@dataclass(frozen=True, slots=True)
class Deload:
    on: dt.date
    recorded_at: dt.datetime
    sessions: int
    reason: str


@dataclass(frozen=True, slots=True)
class Rescheduled:
    on: dt.date
    recorded_at: dt.datetime
    why: str
    moves: tuple[Move, ...]


@dataclass(frozen=True, slots=True)
class FoldedSession:
    number: int
    week: int
    label: str
    at: dt.datetime
    items: tuple[Prescription, ...]
    done: bool


@dataclass(frozen=True, slots=True)
class LogOutcome:
    """What a log was done against, and what it decided."""

    session_number: int | None
    target: Prescription
    decision: Decision


@dataclass(frozen=True)
class FoldResult:
    sessions: tuple[FoldedSession, ...]
    decisions: tuple[DatedDecision, ...]
    deloads: tuple[Deload, ...]
    rescheduled: tuple[Rescheduled, ...]
    logs: dict[int, LogOutcome]
