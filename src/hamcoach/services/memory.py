"""An in-memory Store: the test double that stands beside the ports (services.ports).

It keeps the same promises as the SQL store where the services rely on them:
a unit of work that raises stores nothing, one check-in a day, at most one
active plan a person, and writers taken one at a time.
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from hamcoach.domain.clearance import Clearance
from hamcoach.domain.plan import Plan, Schedule, ScheduledSession
from hamcoach.domain.screening import ScreeningResult
from hamcoach.services.memory_accounts import AccountData, MemoryAccounts
from hamcoach.services.ports import (
    DERIVED_KINDS,
    CheckInRecord,
    DecisionRecord,
    HistoryEntry,
    LogRecord,
    LogTarget,
    Patient,
    RetestRecord,
    ScreeningRecord,
)


class IntegrityError(Exception):
    """What a database constraint would have refused."""


@dataclass
class _Data:
    patients: dict[str, Patient] = field(default_factory=dict)
    profiles: dict[int, tuple[str, str, dict[str, Any]]] = field(default_factory=dict)
    screenings: dict[int, tuple[int, ScreeningResult]] = field(default_factory=dict)
    screened_at: dict[int, dt.datetime] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)
    plan_profile: dict[str, int] = field(default_factory=dict)
    history: list[HistoryEntry] = field(default_factory=list)
    decisions: dict[str, list[DecisionRecord]] = field(default_factory=dict)
    logs: dict[str, list[LogRecord]] = field(default_factory=dict)
    targets: dict[str, dict[int, LogTarget]] = field(default_factory=dict)
    checkins: dict[str, dict[dt.date, CheckInRecord]] = field(default_factory=dict)
    retests: dict[str, list[RetestRecord]] = field(default_factory=dict)
    clearances: dict[str, list[Clearance]] = field(default_factory=dict)
    accounts: AccountData = field(default_factory=AccountData)
    next_id: int = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id


class _Repo:
    def __init__(self, data: _Data) -> None:
        self.d = data


class MemoryPatients(_Repo):
    def get(self, patient_id: str) -> Patient | None:
        return self.d.patients.get(patient_id)

    def all(self) -> list[Patient]:
        return [self.d.patients[k] for k in sorted(self.d.patients)]

    def add(self, patient: Patient) -> None:
        if patient.id in self.d.patients:
            raise IntegrityError(f"patient {patient.id} exists")
        self.d.patients[patient.id] = patient

    def rename(self, patient_id: str, display_name: str) -> None:
        self.d.patients[patient_id] = replace(
            self.d.patients[patient_id], display_name=display_name
        )

    def save_settings(
        self, patient_id: str, *, load_step_pct: float | None, load_increment_kg: float | None
    ) -> None:
        self.d.patients[patient_id] = replace(
            self.d.patients[patient_id],
            load_step_pct=load_step_pct,
            load_increment_kg=load_increment_kg,
        )

    def save_timezone(self, patient_id: str, timezone: str | None) -> None:
        self.d.patients[patient_id] = replace(self.d.patients[patient_id], timezone=timezone)

    def delete(self, patient_id: str) -> None:
        d = self.d
        uids = {u for u, p in d.plans.items() if p.patient_id == patient_id}
        d.patients.pop(patient_id, None)
        d.profiles = {k: v for k, v in d.profiles.items() if v[0] != patient_id}
        d.screenings = {k: v for k, v in d.screenings.items() if v[0] in d.profiles}
        for table in (d.plans, d.plan_profile, d.decisions, d.logs, d.targets, d.checkins):
            for uid in uids:
                table.pop(uid, None)
        for uid in uids:
            d.retests.pop(uid, None)
        d.history = [h for h in d.history if h.plan_uid not in uids]
        d.clearances.pop(patient_id, None)
        MemoryAccounts(d.accounts).delete_users_of(patient_id)
        d.accounts.feeds.pop(patient_id, None)

    def lock(self, patient_id: str) -> None:
        """Writers already run one at a time (MemoryStore's lock)."""

    def lock_registry(self) -> None:
        """Writers already run one at a time (MemoryStore's lock)."""


class MemoryPlans(_Repo):
    def active(self, patient_id: str) -> Plan | None:
        return next(
            (
                p
                for p in self.d.plans.values()
                if p.patient_id == patient_id and p.status == "active"
            ),
            None,
        )

    def profile_data(self, plan_uid: str) -> dict[str, Any]:
        return copy.deepcopy(self.d.profiles[self.d.plan_profile[plan_uid]][2])

    def latest_profile_data(self, patient_id: str) -> dict[str, Any] | None:
        mine = [k for k, (owner, _, _) in self.d.profiles.items() if owner == patient_id]
        return copy.deepcopy(self.d.profiles[max(mine)][2]) if mine else None

    def add_profile(
        self, patient_id: str, name: str, data: dict[str, Any], now: dt.datetime
    ) -> int:
        key = self.d.new_id()
        self.d.profiles[key] = (patient_id, name, copy.deepcopy(data))
        return key

    def add_screening(self, profile_id: int, result: ScreeningResult, now: dt.datetime) -> int:
        key = self.d.new_id()
        self.d.screenings[key] = (profile_id, result)
        self.d.screened_at[key] = now
        return key

    def latest_screening(self, patient_id: str) -> ScreeningRecord | None:
        mine = [
            (sid, result)
            for sid, (profile_id, result) in self.d.screenings.items()
            if self.d.profiles[profile_id][0] == patient_id
        ]
        if not mine:
            return None
        sid, result = max(mine, key=lambda pair: pair[0])
        at = self.d.screened_at.get(sid, dt.datetime.min.replace(tzinfo=dt.UTC))
        urgency = result.urgency.value if result.urgency else None
        return ScreeningRecord(at, result.cleared, urgency, tuple(q.id for q in result.flags))

    def add(self, plan: Plan, *, profile_id: int, screening_id: int) -> None:
        if plan.status == "active" and self.active(plan.patient_id) is not None:
            raise IntegrityError(f"{plan.patient_id} already has an active plan")
        self.d.plans[plan.uid] = plan
        self.d.plan_profile[plan.uid] = profile_id

    def archive(self, plan_uid: str, now: dt.datetime) -> None:
        self.d.plans[plan_uid] = replace(self.d.plans[plan_uid], status="archived")

    def archived(self, patient_id: str) -> list[Plan]:
        old = [p for p in self.d.plans.values() if p.patient_id == patient_id
               and p.status == "archived"]  # fmt: skip
        return sorted(old, key=lambda p: p.created_at)

    def save_schedule(self, plan_uid: str, schedule: Schedule) -> None:
        self.d.plans[plan_uid] = replace(self.d.plans[plan_uid], schedule=schedule)

    def save_sessions(self, plan_uid: str, sessions: Sequence[ScheduledSession]) -> None:
        plan = self.d.plans[plan_uid]
        by_number = {s.number: s for s in sessions}
        self.d.plans[plan_uid] = replace(
            plan, sessions=tuple(by_number.get(s.number, s) for s in plan.sessions)
        )

    def history(self, patient_id: str) -> list[HistoryEntry]:
        mine = {uid for uid, p in self.d.plans.items() if p.patient_id == patient_id}
        entries = [(i, h) for i, h in enumerate(self.d.history) if h.plan_uid in mine]
        return [h for _, h in sorted(entries, key=lambda pair: (pair[1].at, pair[0]))]

    def add_history(self, entry: HistoryEntry) -> None:
        self.d.history.append(entry)

    def decisions(self, plan_uid: str) -> list[DecisionRecord]:
        return list(self.d.decisions.get(plan_uid, []))

    def replace_derived(
        self, plan_uid: str, decisions: Sequence[DecisionRecord], history: Sequence[HistoryEntry]
    ) -> None:
        self.d.decisions[plan_uid] = list(decisions)
        self.d.history = [
            h
            for h in self.d.history
            if h.plan_uid != plan_uid or not h.kind.startswith(DERIVED_KINDS)
        ] + list(history)


class MemoryTraining(_Repo):
    def add_log(self, plan_uid: str, record: LogRecord) -> int:
        key = self.d.new_id()
        self.d.logs.setdefault(plan_uid, []).append(replace(record, key=key))
        return key

    def logs(self, plan_uid: str) -> list[LogRecord]:
        return list(self.d.logs.get(plan_uid, []))

    def exercises_logged_on(self, plan_uid: str, day: dt.date) -> set[str]:
        return {r.log.exercise_id for r in self.d.logs.get(plan_uid, []) if r.log.on == day}

    def set_targets(self, plan_uid: str, targets: dict[int, LogTarget]) -> None:
        self.d.targets.setdefault(plan_uid, {}).update(targets)

    def targets(self, plan_uid: str) -> dict[int, LogTarget]:
        return dict(self.d.targets.get(plan_uid, {}))

    def put_checkin(self, plan_uid: str, record: CheckInRecord) -> CheckInRecord | None:
        day = self.d.checkins.setdefault(plan_uid, {})
        replaced = day.get(record.checkin.on)
        day[record.checkin.on] = record
        return replaced

    def checkins(self, plan_uid: str) -> list[CheckInRecord]:
        day = self.d.checkins.get(plan_uid, {})
        return [day[k] for k in sorted(day)]

    def delete_log(self, plan_uid: str, key: int) -> LogRecord | None:
        logs = self.d.logs.get(plan_uid, [])
        found = next((r for r in logs if r.key == key), None)
        if found is not None:
            logs.remove(found)
            self.d.targets.get(plan_uid, {}).pop(key, None)
        return found

    def delete_checkin(self, plan_uid: str, day: dt.date) -> CheckInRecord | None:
        return self.d.checkins.get(plan_uid, {}).pop(day, None)

    def add_retest(self, plan_uid: str, record: RetestRecord) -> None:
        self.d.retests.setdefault(plan_uid, []).append(record)

    def retests(self, plan_uid: str) -> list[RetestRecord]:
        return sorted(self.d.retests.get(plan_uid, []), key=lambda r: r.taken_on)


class MemoryClearances(_Repo):
    def add(self, patient_id: str, clearance: Clearance) -> None:
        if patient_id not in self.d.patients:
            raise IntegrityError(f"no patient {patient_id}")
        assert clearance.recorded_at is not None
        self.d.clearances.setdefault(patient_id, []).append(clearance)

    def all(self, patient_id: str) -> list[Clearance]:
        return list(self.d.clearances.get(patient_id, []))


class MemoryUnitOfWork:
    def __init__(self, data: _Data) -> None:
        self.patients = MemoryPatients(data)
        self.plans = MemoryPlans(data)
        self.training = MemoryTraining(data)
        self.clearances = MemoryClearances(data)
        self.accounts = MemoryAccounts(data.accounts)


class MemoryStore:
    def __init__(self) -> None:
        self._data = _Data()
        self._writer = threading.Lock()

    @contextmanager
    def unit_of_work(self, *, write: bool = False) -> Iterator[MemoryUnitOfWork]:
        if write:
            self._writer.acquire()
        try:
            work = copy.deepcopy(self._data)  # a raise leaves the committed data untouched
            yield MemoryUnitOfWork(work)
            if write:
                self._data = work
        finally:
            if write:
                self._writer.release()
