"""The SQL repository of what a person did: logs, check-ins, re-tests (services.ports.Training)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from hamcoach.domain.progression import CheckIn
from hamcoach.services.ports import CheckInRecord, LogRecord, LogTarget, RetestRecord
from hamcoach.storage.models import CheckInRow, ExerciseLogRow, PlanRow, RetestRow
from hamcoach.storage.repository import log_from_row, log_to_sets
from hamcoach.storage.sql_base import Base


class SqlTraining(Base):
    def add_log(self, plan_uid: str, record: LogRecord) -> int:
        row = ExerciseLogRow(
            plan_id=self._plan(plan_uid).id,
            session_number=None,
            exercise_id=record.log.exercise_id,
            performed_on=record.log.on,
            created_at=record.recorded_at,
            sets=log_to_sets(record.log),
            pain=record.log.pain,
            leg_symptoms=record.log.leg_symptoms,
            target={},
            note=record.note,
        )
        self.db.add(row)
        self.db.flush()
        return row.id

    def logs(self, plan_uid: str) -> list[LogRecord]:
        # the columns, not ORM objects: every write reads every log of the plan
        c = ExerciseLogRow
        rows = self.db.execute(
            select(c.id, c.exercise_id, c.performed_on, c.created_at, c.sets, c.pain,
                   c.leg_symptoms, c.session_number, c.note)
            .where(c.plan_id == self._plan(plan_uid).id)
            .order_by(c.id)
        )  # fmt: skip
        return [LogRecord(r.id, log_from_row(r), r.created_at, r.note) for r in rows]

    def exercises_logged_on(self, plan_uid: str, day: dt.date) -> set[str]:
        c = ExerciseLogRow  # one query, the plan joined (Today asks on its own)
        return set(
            self.db.scalars(
                select(c.exercise_id)
                .join(PlanRow, PlanRow.id == c.plan_id)
                .where(PlanRow.uid == plan_uid, c.performed_on == day)
            )
        )

    def set_targets(self, plan_uid: str, targets: dict[int, LogTarget]) -> None:
        # only the logs whose target changed are written, by primary key
        changed = [
            {"id": key, "session_number": t.session_number, "target": t.target}
            for key, old in self.targets(plan_uid).items()
            if (t := targets.get(key)) is not None and old != t
        ]
        if changed:
            self.db.execute(update(ExerciseLogRow), changed)

    def targets(self, plan_uid: str) -> dict[int, LogTarget]:
        rows = self.db.execute(
            select(ExerciseLogRow.id, ExerciseLogRow.session_number, ExerciseLogRow.target).where(
                ExerciseLogRow.plan_id == self._plan(plan_uid).id
            )
        ).all()
        return {r[0]: LogTarget(r[1], r[2]) for r in rows}

    def put_checkin(self, plan_uid: str, record: CheckInRecord) -> CheckInRecord | None:
        plan_id = self._plan(plan_uid).id
        old = self.db.scalar(
            select(CheckInRow).where(
                CheckInRow.plan_id == plan_id, CheckInRow.checked_on == record.checkin.on
            )
        )
        replaced = None
        if old is not None:
            replaced = CheckInRecord(
                CheckIn(old.checked_on, old.pain, old.stiffness), old.created_at
            )
            self.db.delete(old)
            self.db.flush()
        c = record.checkin
        self.db.add(
            CheckInRow(
                plan_id=plan_id,
                checked_on=c.on,
                created_at=record.recorded_at,
                pain=c.pain,
                stiffness=c.stiffness,
            )
        )
        self.db.flush()
        return replaced

    def checkins(self, plan_uid: str) -> list[CheckInRecord]:
        rows = self.db.scalars(
            select(CheckInRow)
            .where(CheckInRow.plan_id == self._plan(plan_uid).id)
            .order_by(CheckInRow.checked_on)
        )
        return [
            CheckInRecord(CheckIn(r.checked_on, r.pain, r.stiffness), r.created_at) for r in rows
        ]

    def delete_log(self, plan_uid: str, key: int) -> LogRecord | None:
        row = self.db.scalar(
            select(ExerciseLogRow).where(
                ExerciseLogRow.plan_id == self._plan(plan_uid).id, ExerciseLogRow.id == key
            )
        )
        if row is None:
            return None
        record = LogRecord(row.id, log_from_row(row), row.created_at, row.note)
        self.db.delete(row)
        self.db.flush()
        return record

    def delete_checkin(self, plan_uid: str, day: dt.date) -> CheckInRecord | None:
        row = self.db.scalar(
            select(CheckInRow).where(
                CheckInRow.plan_id == self._plan(plan_uid).id, CheckInRow.checked_on == day
            )
        )
        if row is None:
            return None
        record = CheckInRecord(CheckIn(row.checked_on, row.pain, row.stiffness), row.created_at)
        self.db.delete(row)
        self.db.flush()
        return record

    def add_retest(self, plan_uid: str, record: RetestRecord) -> None:
        self.db.add(
            RetestRow(
                plan_id=self._plan(plan_uid).id,
                taken_on=record.taken_on,
                created_at=record.recorded_at,
                point=record.point,
                nprs=record.nprs,
                psfs=record.psfs,
                tests=record.tests,
            )
        )

    def retests(self, plan_uid: str) -> list[RetestRecord]:
        rows = self.db.scalars(
            select(RetestRow)
            .where(RetestRow.plan_id == self._plan(plan_uid).id)
            .order_by(RetestRow.taken_on, RetestRow.id)
        )
        return [
            RetestRecord(r.taken_on, r.created_at, r.point, r.nprs, r.psfs, r.tests) for r in rows
        ]
