"""Database rows (SQLAlchemy 2). Separate from the domain; mapped in repository.py.

Changing a table means a new Alembic revision in storage/migrations/versions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A moment, stored in UTC and read back timezone-aware (UTC).

    PostgreSQL keeps it as ``timestamptz``; SQLite, which has no time zones,
    as UTC text. A naive value is refused: it would be ambiguous.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value.isoformat()}: give a time zone")
        utc = value.astimezone(dt.UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        list[Any]: JSON,
        dt.datetime: UTCDateTime,
    }


class ClinicRow(Base):
    """A clinic; patients and staff may belong to one (the clinician's side comes later)."""

    __tablename__ = "clinics"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class PatientRow(Base):
    """A person: everything else belongs to one."""

    __tablename__ = "patients"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    """A stable, readable slug (e.g. 'alex-demo')."""
    display_name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    timezone: Mapped[str | None] = mapped_column(String(60))
    """IANA name; moments are shown in it (None: the machine's)."""
    settings: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """The person's own settings: load_step_pct, load_increment_kg."""
    clinic_id: Mapped[str | None] = mapped_column(String(60))
    """The clinic the person belongs to (None: a person on their own)."""
    version: Mapped[int] = mapped_column(Integer, default=0)
    """Raised by every write for this person; the row is the per-person lock."""


class ClearanceRow(Base):
    """A clinician cleared one "see a clinician first" red flag for this person."""

    __tablename__ = "clearances"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[str] = mapped_column(
        ForeignKey("patients.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str] = mapped_column(String(60))
    """The screening question's id (domain/screening.py), e.g. 'heart_condition'."""
    cleared_by: Mapped[str] = mapped_column(String(80))
    note: Mapped[str | None] = mapped_column(Text)
    cleared_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class ProfileRow(Base):
    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[str] = mapped_column(
        ForeignKey("patients.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    name: Mapped[str] = mapped_column(String(80))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    """The validated profile file, as JSON (the profile schema)."""


class ScreeningRow(Base):
    __tablename__ = "screenings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    cleared: Mapped[bool] = mapped_column(Boolean)
    urgency: Mapped[str | None] = mapped_column(String(20))
    flags: Mapped[list[Any]] = mapped_column(JSON)
    cautions: Mapped[list[Any]] = mapped_column(JSON)


class PlanRow(Base):
    __tablename__ = "plans"
    __table_args__ = (
        # one person has at most one active plan, whoever writes
        Index(
            "uq_plans_one_active",
            "patient_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[str] = mapped_column(
        ForeignKey("patients.id", ondelete="CASCADE"), index=True
    )
    uid: Mapped[str] = mapped_column(String(40), unique=True)
    """Stable public id; calendar UIDs derive from it."""
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    screening_id: Mapped[int] = mapped_column(ForeignKey("screenings.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), index=True)  # active | archived
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    archived_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    start_date: Mapped[dt.date] = mapped_column(Date)
    weeks: Mapped[int] = mapped_column(Integer)
    sessions_per_week: Mapped[int] = mapped_column(Integer)
    schedule: Mapped[dict[str, Any]] = mapped_column(JSON)
    """days (0 = Monday), time HH:MM, max_minutes, timezone."""
    choices: Mapped[list[Any]] = mapped_column(JSON)
    notes: Mapped[list[Any]] = mapped_column(JSON)
    clearances: Mapped[list[Any] | None] = mapped_column(JSON)
    """The clinicians' clearances that let this plan be made, as they stood then
    [{question_id, cleared_by, cleared_on, note}]; None: none were needed."""

    sessions: Mapped[list[PlanSessionRow]] = relationship(
        back_populates="plan", order_by="PlanSessionRow.number", cascade="all, delete-orphan"
    )


class PlanSessionRow(Base):
    __tablename__ = "plan_sessions"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    week: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(4))
    scheduled_at: Mapped[dt.datetime] = mapped_column(DateTime)
    """Local wall-clock time of the person (naive); derived by the fold."""
    built_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    """Where the planner placed it (naive wall clock): the fold starts from here."""
    status: Mapped[str] = mapped_column(String(20), default="planned")  # planned | done
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    """iCalendar SEQUENCE: raised whenever the date or content changes."""
    items: Mapped[list[Any]] = mapped_column(JSON)
    """The current doses: a cache of the fold (domain/fold.py), never the truth."""
    built_items: Mapped[list[Any] | None] = mapped_column(JSON)
    """The doses as the planner built them: the fold starts from these."""

    plan: Mapped[PlanRow] = relationship(back_populates="sessions")


class PlanEventRow(Base):
    """The plan's history: every change, with its reason."""

    __tablename__ = "plan_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """What an input event says (a reschedule's 'from' day); None for plain history."""


class ExerciseLogRow(Base):
    """One exercise done on one day: its sets, pain and effort."""

    __tablename__ = "exercise_logs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    session_number: Mapped[int | None] = mapped_column(Integer)
    exercise_id: Mapped[str] = mapped_column(String(60), index=True)
    performed_on: Mapped[dt.date] = mapped_column(Date, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    sets: Mapped[list[Any]] = mapped_column(JSON)
    """[{reps, load_kg, hold_seconds, rpe, good_form, side}]"""
    pain: Mapped[int | None] = mapped_column(Integer)
    """Worst pain 0-10 during or after; None when not given (then nothing progresses)."""
    leg_symptoms: Mapped[bool] = mapped_column(Boolean, default=False)
    target: Mapped[dict[str, Any]] = mapped_column(JSON)
    """The prescription it was done against."""
    note: Mapped[str | None] = mapped_column(Text)


class CheckInRow(Base):
    __tablename__ = "checkins"
    __table_args__ = (Index("uq_checkins_day", "plan_id", "checked_on", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    checked_on: Mapped[dt.date] = mapped_column(Date, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    pain: Mapped[int] = mapped_column(Integer)
    stiffness: Mapped[int | None] = mapped_column(Integer)


class DecisionRow(Base):
    """A progression decision: which rule, what changed, why."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    decided_on: Mapped[dt.date] = mapped_column(Date)
    exercise_id: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(20))
    rule: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    before: Mapped[dict[str, Any]] = mapped_column(JSON)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """The rule's parameters: the decision as data; ``reason`` is its sentence when made."""


class RetestRow(Base):
    """Outcome measures and baseline tests at the start, week 3 and the end."""

    __tablename__ = "retests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    taken_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    point: Mapped[str] = mapped_column(String(20))  # start | week-3 | end
    nprs: Mapped[int | None] = mapped_column(Integer)
    psfs: Mapped[list[Any]] = mapped_column(JSON)
    """[{name, ability}]"""
    tests: Mapped[dict[str, Any]] = mapped_column(JSON)
