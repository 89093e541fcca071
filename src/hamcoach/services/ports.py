"""What the services need from storage: a unit of work and its repositories.

The services import no SQLAlchemy; they talk to these protocols. Two
implementations stand behind them: ``storage.sql.SqlStore`` (SQLite and
PostgreSQL) and ``services.memory.MemoryStore``, an in-memory fake the
service tests use, so the same tests run on all three.

A unit of work is one transaction: committed when its block ends, rolled
back (nothing stored) when it raises. ``write=True`` serialises writers for a
person: SQLite's write lock is taken at once, PostgreSQL locks the person's
row when a service calls ``patients.lock``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from hamcoach.domain.clearance import Clearance
from hamcoach.domain.plan import Plan, Schedule, ScheduledSession
from hamcoach.domain.progression import CheckIn, ExerciseLog
from hamcoach.domain.screening import ScreeningResult
from hamcoach.services.account_ports import Accounts


@dataclass(frozen=True, slots=True)
class Patient:
    id: str
    display_name: str
    created_at: dt.datetime
    timezone: str | None = None
    load_step_pct: float | None = None
    """The person's own load step (2-10 %); None: the installation's (HAMCOACH_LOAD_STEP_PCT)."""
    load_increment_kg: float | None = None
    """The smallest step their weights allow; None: the installation's."""


@dataclass(frozen=True, slots=True)
class LogRecord:
    key: int
    """Storage's id for the log: names it, never orders it."""
    log: ExerciseLog
    recorded_at: dt.datetime
    note: str | None = None


@dataclass(frozen=True, slots=True)
class CheckInRecord:
    checkin: CheckIn
    recorded_at: dt.datetime


@dataclass(frozen=True, slots=True)
class RetestRecord:
    taken_on: dt.date
    recorded_at: dt.datetime
    point: str
    nprs: int | None
    psfs: list[dict[str, Any]]
    tests: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ScreeningRecord:
    """A stored screening: when, whether it cleared, and the flags it raised."""

    at: dt.datetime
    cleared: bool
    urgency: str | None
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    at: dt.datetime
    plan_uid: str
    kind: str
    message: str
    data: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """A decision as stored: derived by the fold, replaced whenever it runs."""

    on: dt.date
    recorded_at: dt.datetime
    exercise_id: str
    action: str
    rule: str
    reason: str
    before: dict[str, Any]
    after: dict[str, Any]
    params: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class LogTarget:
    """What the fold worked out for a log: the session and the dose it was done against."""

    session_number: int | None
    target: dict[str, Any]


def utc(moment: dt.datetime) -> dt.datetime:
    """A moment as stored: UTC. Every use case takes 'now' through this, so each store
    keeps (and gives back) the same instants; a naive moment is refused as ambiguous."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: give a time zone")
    return moment.astimezone(dt.UTC)


DERIVED_KINDS = ("decision:", "rescheduled", "pause:")
"""History kinds the fold writes; every fold replaces them."""
SHOWN_WITH_PLAN = (*DERIVED_KINDS, "swap", "add", "equipment", "set-load")
"""History kinds shown with the plan (``plan show``, the web's Plan page): what the fold
decided, and the changes to what the sessions hold. A skip, a resume and an exercise left
out for want of kit are told by their pause's line (a resume, or the kit back, ends it)."""


class Patients(Protocol):
    def get(self, patient_id: str) -> Patient | None: ...
    def all(self) -> list[Patient]: ...
    def add(self, patient: Patient) -> None: ...
    def rename(self, patient_id: str, display_name: str) -> None: ...
    def save_settings(
        self, patient_id: str, *, load_step_pct: float | None, load_increment_kg: float | None
    ) -> None: ...
    def save_timezone(self, patient_id: str, timezone: str | None) -> None: ...
    def delete(self, patient_id: str) -> None:
        """Delete the person and everything that is theirs (plans, logs, accounts)."""

    def lock(self, patient_id: str) -> None:
        """Hold the person's lock until the unit of work ends (writers queue here)."""

    def lock_registry(self) -> None:
        """Hold the lock on adding people until the unit of work ends, so that a check that
        someone is absent stays true until they are added (there is no row to lock yet)."""


class Plans(Protocol):
    def active(self, patient_id: str) -> Plan | None: ...
    def profile_data(self, plan_uid: str) -> dict[str, Any]:
        """The stored profile the plan was built from: ``domain.codec.profile_to_json``'s
        versioned data (rows from release 0002 and before: the profile file's data)."""

    def latest_profile_data(self, patient_id: str) -> dict[str, Any] | None:
        """The person's newest stored profile (``profile_to_json``'s data), plan or not;
        None when they have none."""

    def add_profile(
        self, patient_id: str, name: str, data: dict[str, Any], now: dt.datetime
    ) -> int: ...
    def add_screening(self, profile_id: int, result: ScreeningResult, now: dt.datetime) -> int: ...
    def latest_screening(self, patient_id: str) -> ScreeningRecord | None:
        """The person's newest screening, if any."""

    def add(self, plan: Plan, *, profile_id: int, screening_id: int) -> None: ...
    def archive(self, plan_uid: str, now: dt.datetime) -> None: ...
    def archived(self, patient_id: str) -> list[Plan]:
        """The person's archived plans (each one replaced or stopped), oldest first."""

    def save_schedule(self, plan_uid: str, schedule: Schedule) -> None:
        """Store the plan's current schedule (its changes are events in the history)."""

    def save_sessions(self, plan_uid: str, sessions: Sequence[ScheduledSession]) -> None:
        """Store each session's date, status, SEQUENCE, doses, and what it was built as."""

    def history(self, patient_id: str) -> list[HistoryEntry]:
        """Every plan's history for the person, oldest first."""

    def add_history(self, entry: HistoryEntry) -> None: ...
    def decisions(self, plan_uid: str) -> list[DecisionRecord]: ...
    def replace_derived(
        self, plan_uid: str, decisions: Sequence[DecisionRecord], history: Sequence[HistoryEntry]
    ) -> None:
        """Replace the fold's output: the decisions and the derived history kinds."""


class Training(Protocol):
    def add_log(self, plan_uid: str, record: LogRecord) -> int:
        """Store the log (its key is ignored) and return its new key."""

    def logs(self, plan_uid: str) -> list[LogRecord]: ...
    def exercises_logged_on(self, plan_uid: str, day: dt.date) -> set[str]:
        """The exercises logged for ``day`` (what Today marks done)."""

    def set_targets(self, plan_uid: str, targets: dict[int, LogTarget]) -> None: ...
    def targets(self, plan_uid: str) -> dict[int, LogTarget]: ...
    def put_checkin(self, plan_uid: str, record: CheckInRecord) -> CheckInRecord | None:
        """Store the day's check-in; return the one it replaced, if any."""

    def checkins(self, plan_uid: str) -> list[CheckInRecord]: ...
    def delete_log(self, plan_uid: str, key: int) -> LogRecord | None:
        """Remove the plan's log with this key (and what the fold stored for it); return
        it, or None when the plan has no such log."""

    def delete_checkin(self, plan_uid: str, day: dt.date) -> CheckInRecord | None:
        """Remove the plan's check-in of that day; return it, or None when there is none."""

    def add_retest(self, plan_uid: str, record: RetestRecord) -> None: ...
    def retests(self, plan_uid: str) -> list[RetestRecord]: ...


class Clearances(Protocol):
    def add(self, patient_id: str, clearance: Clearance) -> None:
        """Store it; ``clearance.recorded_at`` must be set."""

    def all(self, patient_id: str) -> list[Clearance]:
        """The person's clearances, in the order they were recorded."""


class UnitOfWork(Protocol):
    @property
    def patients(self) -> Patients: ...
    @property
    def plans(self) -> Plans: ...
    @property
    def training(self) -> Training: ...
    @property
    def clearances(self) -> Clearances: ...
    @property
    def accounts(self) -> Accounts: ...


class Store(Protocol):
    def unit_of_work(self, *, write: bool = False) -> AbstractContextManager[UnitOfWork]: ...
