"""A stored plan: the program placed on dates, as the person follows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from hamcoach.domain.clearance import Clearance
from hamcoach.domain.prescription import Choice, SessionPlan


@dataclass(frozen=True, slots=True)
class Schedule:
    days: frozenset[int]  # 0 = Monday
    at: time
    sessions_per_week: int
    max_minutes: int
    timezone: str | None = None


class SessionStatus(StrEnum):
    """Where a session stands, as the fold derives it (services/folding.py)."""

    PLANNED = "planned"
    DONE = "done"
    PAUSED = "paused"
    """The plan is paused on its day (escalation), or every exercise in it is."""


@dataclass(frozen=True, slots=True)
class ScheduledSession:
    session: SessionPlan
    at: datetime  # the person's local wall-clock time
    status: str = SessionStatus.PLANNED  # a SessionStatus value
    sequence: int = 0  # iCalendar SEQUENCE
    built: SessionPlan | None = None
    """The session as the planner built it (None: not known yet, an old plan)."""
    built_at: datetime | None = None
    """Where the planner placed it."""

    @property
    def number(self) -> int:
        return self.session.number


@dataclass(frozen=True, slots=True)
class Plan:
    uid: str
    profile_name: str
    created_at: datetime
    start_date: date
    weeks: int
    schedule: Schedule
    sessions: tuple[ScheduledSession, ...]
    choices: tuple[Choice, ...]
    notes: tuple[str, ...]
    status: str = "active"
    patient_id: str = ""
    clearances: tuple[Clearance, ...] = ()
    """The clinicians' clearances of red flags the person answered yes to, which let this
    plan be made (as they stood when it was made)."""

    @property
    def end_date(self) -> date:
        return max(s.at for s in self.sessions).date()

    @property
    def break_from(self) -> date:
        """The day a break is counted from: the last day trained (a done session's date is
        the day it was done), else the start (services/today.py ``due``)."""
        done = [s.at.date() for s in self.sessions if s.status == "done"]
        return max(done, default=self.start_date)

    def week(self, number: int) -> tuple[ScheduledSession, ...]:
        return tuple(s for s in self.sessions if s.session.week == number)

    def next_session(self, now: datetime) -> ScheduledSession | None:
        upcoming = [s for s in self.sessions if s.status != "done" and s.at.date() >= now.date()]
        return min(upcoming, key=lambda s: s.at, default=None)
