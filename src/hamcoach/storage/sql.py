"""The SQL unit of work (SQLite and PostgreSQL) behind services.ports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from hamcoach.domain.clearance import Clearance
from hamcoach.domain.codec import schedule_to_json
from hamcoach.domain.plan import Plan, Schedule, ScheduledSession
from hamcoach.domain.screening import ScreeningResult
from hamcoach.services.ports import (
    DERIVED_KINDS,
    DecisionRecord,
    HistoryEntry,
    Patient,
    ScreeningRecord,
)
from hamcoach.storage.db import unit_of_work
from hamcoach.storage.models import (
    ClearanceRow,
    DecisionRow,
    PatientRow,
    PlanEventRow,
    PlanRow,
    PlanSessionRow,
    ProfileRow,
    ScreeningRow,
)
from hamcoach.storage.repository import plan_from_row, session_into
from hamcoach.storage.sql_accounts import SqlAccounts
from hamcoach.storage.sql_base import Base, remember_plan
from hamcoach.storage.sql_training import SqlTraining

REGISTRY_LOCK = 0x68616D70  # 'hamp': PostgreSQL advisory lock key for adding people
"""Apart from storage.db.MIGRATION_LOCK; both live in PostgreSQL's one advisory key space."""


class SqlPatients(Base):
    def get(self, patient_id: str) -> Patient | None:
        row = self.db.get(PatientRow, patient_id)
        return None if row is None else _patient(row)

    def all(self) -> list[Patient]:
        return [_patient(r) for r in self.db.scalars(select(PatientRow).order_by(PatientRow.id))]

    def add(self, patient: Patient) -> None:
        self.db.add(
            PatientRow(
                id=patient.id,
                display_name=patient.display_name,
                created_at=patient.created_at,
                timezone=patient.timezone,
                settings=_settings(patient),
                version=0,
            )
        )
        self.db.flush()

    def rename(self, patient_id: str, display_name: str) -> None:
        self.db.execute(
            update(PatientRow).where(PatientRow.id == patient_id).values(display_name=display_name)
        )

    def save_settings(
        self, patient_id: str, *, load_step_pct: float | None, load_increment_kg: float | None
    ) -> None:
        row = self.db.get(PatientRow, patient_id)
        assert row is not None
        row.settings = _settings(
            Patient(row.id, "", row.created_at, None, load_step_pct, load_increment_kg)
        )

    def save_timezone(self, patient_id: str, timezone: str | None) -> None:
        self.db.execute(
            update(PatientRow).where(PatientRow.id == patient_id).values(timezone=timezone)
        )

    def delete(self, patient_id: str) -> None:
        # the rows that hang off the person go with it (ON DELETE CASCADE)
        self.db.execute(delete(PatientRow).where(PatientRow.id == patient_id))

    def lock(self, patient_id: str) -> None:
        # PostgreSQL: the row lock queues writers for this person; SQLite already holds
        # the database's write lock (BEGIN IMMEDIATE) for a writing unit of work
        self.db.execute(
            update(PatientRow)
            .where(PatientRow.id == patient_id)
            .values(version=PatientRow.version + 1)
        )

    def lock_registry(self) -> None:
        # PostgreSQL: a person not yet added has no row to lock, so whoever adds people
        # queues on a transaction-level advisory lock; each statement after it (READ
        # COMMITTED) sees the people the previous holder added. SQLite: the write lock.
        if self.db.get_bind().dialect.name == "postgresql":
            self.db.execute(select(func.pg_advisory_xact_lock(REGISTRY_LOCK)))


def _patient(row: PatientRow) -> Patient:
    settings = row.settings or {}
    return Patient(
        row.id,
        row.display_name,
        row.created_at,
        row.timezone,
        settings.get("load_step_pct"),
        settings.get("load_increment_kg"),
    )


def _settings(patient: Patient) -> dict[str, Any] | None:
    settings = {
        k: v
        for k, v in (
            ("load_step_pct", patient.load_step_pct),
            ("load_increment_kg", patient.load_increment_kg),
        )
        if v is not None
    }
    return settings or None


class SqlPlans(Base):
    def active(self, patient_id: str) -> Plan | None:
        row = self.db.scalar(
            select(PlanRow).where(PlanRow.patient_id == patient_id, PlanRow.status == "active")
        )
        if row is None:
            return None
        remember_plan(self.db, row)
        profile = self.db.get(ProfileRow, row.profile_id)
        assert profile is not None  # a foreign key guarantees it
        return plan_from_row(row, profile)

    def profile_data(self, plan_uid: str) -> dict[str, Any]:
        profile = self.db.get(ProfileRow, self._plan(plan_uid).profile_id)
        assert profile is not None
        return dict(profile.data)

    def latest_profile_data(self, patient_id: str) -> dict[str, Any] | None:
        row = self.db.scalar(
            select(ProfileRow)
            .where(ProfileRow.patient_id == patient_id)
            .order_by(ProfileRow.id.desc())
            .limit(1)
        )
        return None if row is None else dict(row.data)

    def add_profile(
        self, patient_id: str, name: str, data: dict[str, Any], now: dt.datetime
    ) -> int:
        row = ProfileRow(patient_id=patient_id, created_at=now, name=name, data=data)
        self.db.add(row)
        self.db.flush()
        return row.id

    def add_screening(self, profile_id: int, result: ScreeningResult, now: dt.datetime) -> int:
        row = ScreeningRow(
            profile_id=profile_id,
            created_at=now,
            cleared=result.cleared,
            urgency=result.urgency.value if result.urgency else None,
            flags=[q.id for q in result.flags],
            cautions=sorted(c.value for c in result.cautions),
        )
        self.db.add(row)
        self.db.flush()
        return row.id

    def latest_screening(self, patient_id: str) -> ScreeningRecord | None:
        row = self.db.scalar(
            select(ScreeningRow)
            .join(ProfileRow, ProfileRow.id == ScreeningRow.profile_id)
            .where(ProfileRow.patient_id == patient_id)
            .order_by(ScreeningRow.id.desc())
            .limit(1)
        )
        if row is None:
            return None
        return ScreeningRecord(row.created_at, row.cleared, row.urgency, tuple(row.flags))

    def add(self, plan: Plan, *, profile_id: int, screening_id: int) -> None:
        row = PlanRow(
            uid=plan.uid,
            patient_id=plan.patient_id,
            profile_id=profile_id,
            screening_id=screening_id,
            status=plan.status,
            created_at=plan.created_at,
            start_date=plan.start_date,
            weeks=plan.weeks,
            sessions_per_week=plan.schedule.sessions_per_week,
            schedule=schedule_to_json(plan.schedule),
            choices=[
                {"exercise_id": c.exercise_id, "included": c.included, "reason": c.reason}
                for c in plan.choices
            ],
            notes=list(plan.notes),
            clearances=[c.to_json() for c in plan.clearances] or None,
        )
        for s in plan.sessions:
            row.sessions.append(PlanSessionRow(number=s.number, week=s.session.week))
            session_into(row.sessions[-1], s)
        self.db.add(row)
        self.db.flush()

    def archive(self, plan_uid: str, now: dt.datetime) -> None:
        row = self._plan(plan_uid)
        row.status = "archived"
        row.archived_at = now
        self.db.flush()  # before a new active plan: the unique index allows one

    def archived(self, patient_id: str) -> list[Plan]:
        rows = self.db.scalars(
            select(PlanRow)
            .where(PlanRow.patient_id == patient_id, PlanRow.status == "archived")
            .order_by(PlanRow.id)  # made in this order, so replaced in it
        ).all()
        plans = []
        for row in rows:
            profile = self.db.get(ProfileRow, row.profile_id)
            assert profile is not None  # a foreign key guarantees it
            plans.append(plan_from_row(row, profile))
        return plans

    def save_schedule(self, plan_uid: str, schedule: Schedule) -> None:
        self._plan(plan_uid).schedule = schedule_to_json(schedule)

    def save_sessions(self, plan_uid: str, sessions: Sequence[ScheduledSession]) -> None:
        rows = {s.number: s for s in self._plan(plan_uid).sessions}
        for s in sessions:
            session_into(rows[s.number], s)

    def history(self, patient_id: str) -> list[HistoryEntry]:
        rows = self.db.execute(
            select(PlanEventRow, PlanRow.uid)
            .join(PlanRow, PlanRow.id == PlanEventRow.plan_id)
            .where(PlanRow.patient_id == patient_id)
            .order_by(PlanEventRow.created_at, PlanEventRow.id)
        ).all()
        return [HistoryEntry(e.created_at, uid, e.kind, e.message, e.data) for e, uid in rows]

    def add_history(self, entry: HistoryEntry) -> None:
        self.db.add(
            PlanEventRow(
                plan_id=self._plan(entry.plan_uid).id,
                created_at=entry.at,
                kind=entry.kind,
                message=entry.message,
                data=entry.data,
            )
        )

    def decisions(self, plan_uid: str) -> list[DecisionRecord]:
        rows = self.db.scalars(
            select(DecisionRow)
            .where(DecisionRow.plan_id == self._plan(plan_uid).id)
            .order_by(DecisionRow.id)
        )
        return [
            DecisionRecord(
                r.decided_on,
                r.created_at,
                r.exercise_id,
                r.action,
                r.rule,
                r.reason,
                r.before,
                r.after,
                r.params,
            )
            for r in rows
        ]

    def replace_derived(
        self, plan_uid: str, decisions: Sequence[DecisionRecord], history: Sequence[HistoryEntry]
    ) -> None:
        plan_id = self._plan(plan_uid).id
        self._replace_decisions(plan_id, decisions)
        self.db.execute(
            delete(PlanEventRow).where(
                PlanEventRow.plan_id == plan_id,
                or_(*(PlanEventRow.kind.startswith(k) for k in DERIVED_KINDS)),
            )
        )
        if history:
            self.db.execute(
                insert(PlanEventRow),
                [
                    {
                        "plan_id": plan_id,
                        "created_at": h.at,
                        "kind": h.kind,
                        "message": h.message,
                        "data": h.data,
                    }
                    for h in history
                ],
            )

    def _replace_decisions(self, plan_id: int, decisions: Sequence[DecisionRecord]) -> None:
        """The stored decisions become ``decisions``, in order: the rows they begin with alike
        are kept and only the rest written (a set logged today adds its decision at the end,
        and rewriting every earlier one was most of a write's time in storage)."""
        c = DecisionRow
        stored = self.db.execute(
            select(c.id, c.decided_on, c.created_at, c.exercise_id, c.action, c.rule, c.reason,
                   c.before, c.after, c.params)
            .where(c.plan_id == plan_id)
            .order_by(c.id)
        ).all()  # fmt: skip
        new = [
            (d.on, d.recorded_at, d.exercise_id, d.action, d.rule, d.reason, d.before, d.after,
             d.params)
            for d in decisions
        ]  # fmt: skip
        kept = 0
        for old, row in zip(stored, new, strict=False):
            if tuple(old[1:]) != row:
                break
            kept += 1
        if kept < len(stored):
            self.db.execute(delete(c).where(c.plan_id == plan_id, c.id >= stored[kept].id))
        if kept < len(new):
            names = ("decided_on", "created_at", "exercise_id", "action", "rule", "reason",
                     "before", "after", "params")  # fmt: skip
            self.db.execute(
                insert(c),
                [{"plan_id": plan_id, **dict(zip(names, row, strict=True))} for row in new[kept:]],
            )


class SqlClearances(Base):
    def add(self, patient_id: str, clearance: Clearance) -> None:
        assert clearance.recorded_at is not None
        self.db.add(
            ClearanceRow(
                patient_id=patient_id,
                question_id=clearance.question_id,
                cleared_by=clearance.cleared_by,
                note=clearance.note,
                cleared_on=clearance.cleared_on,
                created_at=clearance.recorded_at,
            )
        )
        self.db.flush()

    def all(self, patient_id: str) -> list[Clearance]:
        rows = self.db.scalars(
            select(ClearanceRow)
            .where(ClearanceRow.patient_id == patient_id)
            .order_by(ClearanceRow.id)
        )
        return [
            Clearance(r.question_id, r.cleared_by, r.cleared_on, r.note, r.created_at) for r in rows
        ]


class SqlUnitOfWork:
    def __init__(self, db: Session) -> None:
        self.patients = SqlPatients(db)
        self.plans = SqlPlans(db)
        self.training = SqlTraining(db)
        self.clearances = SqlClearances(db)
        self.accounts = SqlAccounts(db)


class SqlStore:
    """The services' Store over an engine (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def unit_of_work(self, *, write: bool = False) -> Iterator[SqlUnitOfWork]:
        with unit_of_work(self.engine, write=write) as db:
            yield SqlUnitOfWork(db)
