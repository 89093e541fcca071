"""Read-only views for one person: training history, progress figures, decisions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from hamcoach.domain.plan import Plan
from hamcoach.domain.progression import CheckIn
from hamcoach.services.entries import checkin_entry_id, log_entry_id
from hamcoach.services.folding import standing_pauses, stored_profile
from hamcoach.services.patients import resolve
from hamcoach.services.planning import require_active_plan
from hamcoach.services.ports import CheckInRecord, LogRecord, Store
from hamcoach.services.sessions import partial_numbers


@dataclass(frozen=True)
class LoggedEntry:
    """A log as the history shows it: the record and the session it counted for."""

    record: LogRecord
    session_number: int | None

    @property
    def entry_id(self) -> str:
        return log_entry_id(self.record.key)


@dataclass(frozen=True)
class CheckInEntry:
    """A check-in as the history shows it."""

    record: CheckInRecord

    @property
    def checkin(self) -> CheckIn:
        return self.record.checkin

    @property
    def entry_id(self) -> str:
        return checkin_entry_id(self.record.checkin.on)


def training_history(
    store: Store, *, patient_id: str | None = None, exercise_id: str | None = None
) -> list[LoggedEntry | CheckInEntry]:
    """Logs and check-ins of the person's active plan, else of their last one (stopped by a
    red flag, it still holds what was done: found by a new user's trial, it said "Nothing
    logged yet"), oldest first (a day's check-in before its logs), each with its id
    (services/entries.py); words and JSON are made at the edge (exports/views/history.py)."""
    with store.unit_of_work() as uow:
        who = resolve(uow, patient_id).id
        plan = uow.plans.active(who)
        if plan is None:
            old = uow.plans.archived(who)
            plan = old[-1] if old else None
        if plan is None:
            return []
        targets = uow.training.targets(plan.uid)
        rows: list[tuple[tuple[dt.date, int, int], LoggedEntry | CheckInEntry]] = [
            (
                (r.log.on, 1, r.key),
                LoggedEntry(r, t.session_number if (t := targets.get(r.key)) else None),
            )
            for r in uow.training.logs(plan.uid)
            if exercise_id in (None, r.log.exercise_id)
        ]
        if not exercise_id:
            rows += [
                ((c.checkin.on, 0, 0), CheckInEntry(c)) for c in uow.training.checkins(plan.uid)
            ]
    return [row for _, row in sorted(rows, key=lambda pair: pair[0])]


def logged_on(store: Store, plan_uid: str, day: dt.date) -> frozenset[str]:
    """The exercises logged for ``day`` in the plan (what Today marks done), read without
    the rest of the history."""
    with store.unit_of_work() as uow:
        return frozenset(uow.training.exercises_logged_on(plan_uid, day))


def stopped_now(store: Store, plan: Plan) -> dict[str, str]:
    """Each exercise paused in the plan now, with its pause line (reason and advice), as
    the last fold left them: what Today lists, and what the rest of a session begun today
    must not offer (found by a new user's trial: a Nordic paused for pain was listed in
    the session begun that day)."""
    with store.unit_of_work() as uow:
        history = uow.plans.history(plan.patient_id)
    return {
        str(h.data["exercise_id"]): h.message
        for h in standing_pauses(history, plan.uid)
        if h.data and h.data.get("exercise_id")
    }


def intake_activities(store: Store, *, patient_id: str | None = None) -> list[str]:
    """The activities the person scored at the intake of their active plan (PSFS)."""
    with store.unit_of_work() as uow:
        plan = require_active_plan(uow, resolve(uow, patient_id).id)
        return [a.name for a in stored_profile(uow, plan).activities]


@dataclass
class Progress:
    planned_to_date: int
    done: int
    sessions_total: int
    pain_points: list[tuple[dt.date, int, str]]  # (day, pain, "session" | "check-in")
    weekly_volume: dict[str, dict[int, int]]  # exercise -> plan week -> reps (or hold seconds)
    ladder_steps: list[tuple[dt.date, str]]
    decisions: list[tuple[dt.date, str, str, str]]  # day, exercise, action, reason
    retests: list[dict[str, Any]] = field(default_factory=list)
    baseline: dict[str, Any] = field(default_factory=dict)
    weekly_adherence: dict[int, tuple[int, int]] = field(
        default_factory=dict
    )  # week -> (done, planned)
    partial: int = 0
    """Sessions due so far that were stopped part-way (open, or ended early): not done."""

    @property
    def missed(self) -> int:
        return self.planned_to_date - self.done - self.partial

    plan_start: dt.date | None = None
    plan_end: dt.date | None = None  # the day of the last session
    plan_weeks: int = 0
    names: dict[str, str] = field(default_factory=dict)  # exercise id -> its name
    volume_units: dict[str, str] = field(default_factory=dict)  # exercise -> "reps" | "seconds"

    @property
    def adherence(self) -> float | None:
        return self.done / self.planned_to_date if self.planned_to_date else None


def progress(store: Store, *, today: dt.date, patient_id: str | None = None) -> Progress:
    with store.unit_of_work() as uow:
        plan = require_active_plan(uow, resolve(uow, patient_id).id)
        sessions = plan.sessions
        # today's counts once done: before its time it is not missed (a new user's trial)
        due = [s for s in sessions
               if s.at.date() < today or (s.at.date() == today and s.status == "done")]  # fmt: skip
        stopped = partial_numbers(uow, plan)
        partial = [s for s in due if s.status == "done" and s.number in stopped]
        done_due = [s for s in due if s.status == "done" and s.number not in stopped]
        week_of = {s.number: s.session.week for s in sessions}
        targets = uow.training.targets(plan.uid)
        logs = sorted(uow.training.logs(plan.uid), key=lambda r: (r.log.on, r.key))
        checkins = uow.training.checkins(plan.uid)
        units = _volume_units(logs)
        volume: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        for r in logs:
            t = targets.get(r.key)
            number = t.session_number if t is not None else None
            week = week_of.get(number or -1) or (1 + (r.log.on - plan.start_date).days // 7)
            if units[r.log.exercise_id] == "seconds":
                amount = sum(s.hold_seconds or 0 for s in r.log.sets)
            else:
                amount = sum(s.reps for s in r.log.sets)
            volume[r.log.exercise_id][week] += amount
        pain_points = [(r.log.on, r.log.pain, "session") for r in logs if r.log.pain is not None]
        pain_points += [(c.checkin.on, c.checkin.pain, "check-in") for c in checkins]
        pain_points.sort()
        decisions = uow.plans.decisions(plan.uid)
        weekly: dict[int, tuple[int, int]] = {}
        for s in due:
            done, planned = weekly.get(s.session.week, (0, 0))
            weekly[s.session.week] = (done + (s in done_due), planned + 1)
        retests = [
            {
                "date": r.taken_on.isoformat(),
                "point": r.point,
                "nprs": r.nprs,
                "psfs": r.psfs,
                "tests": r.tests,
            }
            for r in uow.training.retests(plan.uid)
        ]
        profile = stored_profile(uow, plan)
        return Progress(
            planned_to_date=len(due),
            done=len(done_due),
            sessions_total=len(sessions),
            pain_points=pain_points,
            weekly_volume={k: dict(v) for k, v in volume.items()},
            ladder_steps=[
                (d.on, f"{d.before.get('name')} -> {d.after.get('name')}")
                for d in decisions
                if d.action == "ladder-up"
            ],
            decisions=[(d.on, d.exercise_id, d.action, d.reason) for d in decisions],
            retests=retests,
            baseline={
                "nprs": profile.pain_now,
                "psfs": [{"name": a.name, "ability": a.ability} for a in profile.activities],
                "tests": {k: v for k, v in asdict(profile.baseline).items() if v is not None},
                "sex": profile.sex.value if profile.sex is not None else None,
            },
            weekly_adherence=weekly,
            partial=len(partial),
            plan_start=plan.start_date,
            plan_end=max(s.at.date() for s in sessions),
            plan_weeks=max(s.session.week for s in sessions),
            names={
                i.exercise_id: i.name
                for s in sessions
                for i in s.session.items + (s.built.items if s.built else ())
            },
            volume_units=units,
        )


def _volume_units(logs: list[LogRecord]) -> dict[str, str]:
    """Each exercise's volume in one unit: hold seconds where most of its logged sets are
    holds without reps, else reps."""
    holds: dict[str, int] = defaultdict(int)
    for r in logs:
        for s in r.log.sets:
            holds[r.log.exercise_id] += 1 if (s.hold_seconds and not s.reps) else -1
    return {ex: "seconds" if n > 0 else "reps" for ex, n in holds.items()}
