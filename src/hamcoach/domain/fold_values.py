"""What the fold reads and what it gives back (domain/fold.py): plain values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from hamcoach.domain.catalog import Catalog, Condition, Equipment
from hamcoach.domain.frozen import quick_init
from hamcoach.domain.prescription import Prescription
from hamcoach.domain.progression import CheckIn, Decision, ExerciseLog, Param
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
    max_minutes: int | None = None
    """The person's time limit per session: volume holds rather than go over it."""


class ChangeKind(StrEnum):
    """A change a person or clinician makes to the plan, replayed by the fold on its day."""

    SET_LOAD = "set-load"
    SWAP = "swap"
    SKIP = "skip"
    RESUME = "resume"
    EDIT = "edit"
    EQUIPMENT = "equipment"
    """The person's equipment from its day on: later decisions (a ladder step) use it; an
    exercise left out for want of kit (NO_KIT) comes back once all it needs is in it."""
    NO_KIT = "no-kit"
    """An exercise left out for want of kit (``equipment``: what it lacks), not by choice:
    it comes back by itself, at the dose it had reached, at an EQUIPMENT change that has
    all it needs again."""
    ADD = "add"
    """An exercise added to the sessions still to do, at its starting dose, in its place in
    the session order."""


@dataclass(frozen=True, slots=True)
class PlanChange:
    """A dated change to the plan. It applies to the sessions not yet done from ``on`` on;
    everything decided before it stays as it was."""

    on: dt.date
    recorded_at: dt.datetime
    kind: ChangeKind
    exercise_id: str | None = None
    """The exercise changed (None with RESUME: the whole plan resumes)."""
    new_exercise_id: str | None = None
    load_kg: float | None = None
    by: str | None = None
    days: frozenset[int] | None = None
    at: dt.time | None = None
    per_week: int | None = None
    max_minutes: int | None = None
    equipment: frozenset[Equipment] | None = None
    """With EQUIPMENT: what the person has from ``on``; with NO_KIT: what the exercise
    lacks."""


@dataclass(frozen=True, slots=True)
class Pause:
    """An exercise (or, with ``exercise_id`` None, the whole plan) taken out of the sessions
    from ``on`` (the first day left out), for a rule (escalation, the person's own 'skip',
    or kit the person no longer has: 'no-kit'), until a resume on ``until`` (a clinician's,
    or, for 'no-kit', the kit back: ``resumed_by`` None)."""

    on: dt.date
    recorded_at: dt.datetime
    exercise_id: str | None
    rule: str
    params: tuple[tuple[str, Param], ...] = ()
    until: dt.date | None = None
    resumed_by: str | None = None

    def covers(self, day: dt.date) -> bool:
        """Whether a session on ``day`` is left out: from the pause, before the resume."""
        return self.on <= day and (self.until is None or day < self.until)


@quick_init
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
    """One lighter week from the day after ``on``: about half the sets, less load."""

    on: dt.date
    recorded_at: dt.datetime
    sessions: int
    rule: str
    """'morning-rising', 'scheduled' or 'stall'."""
    params: tuple[tuple[str, Param], ...] = ()

    @property
    def reason(self) -> str:
        from hamcoach.messages import deload_text

        return deload_text(self)


@dataclass(frozen=True, slots=True)
class Rescheduled:
    on: dt.date
    recorded_at: dt.datetime
    why: str
    moves: tuple[Move, ...]


@quick_init
@dataclass(frozen=True, slots=True)
class FoldedSession:
    number: int
    week: int
    label: str
    at: dt.datetime
    items: tuple[Prescription, ...]
    done: bool
    paused: bool = False
    """The plan is paused on this session's day (or every exercise in it is)."""
    deload: bool = False
    """A lighter week's session: its items are already the lighter doses."""


@quick_init
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
    pauses: tuple[Pause, ...] = ()
