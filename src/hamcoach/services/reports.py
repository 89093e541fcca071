"""Read-only views: training history, progress figures, decisions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select

from hamcoach.services.planning import require_active_plan
from hamcoach.storage.db import unit_of_work
from hamcoach.storage.models import (
    CheckInRow,
    DecisionRow,
    ExerciseLogRow,
    ProfileRow,
    RetestRow,
)
from hamcoach.storage.repository import active_plan_row


def training_history(engine: Engine, *, exercise_id: str | None = None) -> list[dict[str, Any]]:
    """Logs and check-ins of the active plan, oldest first, as plain dicts."""
    with unit_of_work(engine) as db:
        plan = active_plan_row(db)
        if plan is None:
            return []
        q = select(ExerciseLogRow).where(ExerciseLogRow.plan_id == plan.id)
        if exercise_id:
            q = q.where(ExerciseLogRow.exercise_id == exercise_id)
        rows: list[dict[str, Any]] = [
            {
                "kind": "log",
                "date": r.performed_on.isoformat(),
                "exercise_id": r.exercise_id,
                "session_number": r.session_number,
                "sets": r.sets,
                "pain": r.pain,
                "leg_symptoms": r.leg_symptoms,
                "note": r.note,
            }
            for r in db.scalars(q.order_by(ExerciseLogRow.performed_on, ExerciseLogRow.id))
        ]
        if not exercise_id:
            rows += [
                {
                    "kind": "checkin",
                    "date": c.checked_on.isoformat(),
                    "pain": c.pain,
                    "stiffness": c.stiffness,
                }
                for c in db.scalars(select(CheckInRow).where(CheckInRow.plan_id == plan.id))
            ]
        rows.sort(key=lambda r: (r["date"], r["kind"] != "checkin"))
        return rows


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

    @property
    def adherence(self) -> float | None:
        return self.done / self.planned_to_date if self.planned_to_date else None


def progress(engine: Engine, *, today: dt.date) -> Progress:
    with unit_of_work(engine) as db:
        plan = require_active_plan(db)
        sessions = plan.sessions
        due = [s for s in sessions if s.scheduled_at.date() <= today]
        week_of = {s.number: s.week for s in sessions}
        logs = list(
            db.scalars(
                select(ExerciseLogRow)
                .where(ExerciseLogRow.plan_id == plan.id)
                .order_by(ExerciseLogRow.performed_on, ExerciseLogRow.id)
            )
        )
        checkins = list(
            db.scalars(
                select(CheckInRow)
                .where(CheckInRow.plan_id == plan.id)
                .order_by(CheckInRow.checked_on)
            )
        )
        volume: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        for log in logs:
            week = week_of.get(log.session_number or -1) or (
                1 + (log.performed_on - plan.start_date).days // 7
            )
            amount = sum((s.get("reps") or 0) or (s.get("hold_seconds") or 0) for s in log.sets)
            volume[log.exercise_id][week] += amount
        pain_points = [
            (log.performed_on, log.pain, "session") for log in logs if log.pain is not None
        ]
        pain_points += [(c.checked_on, c.pain, "check-in") for c in checkins]
        pain_points.sort()
        decisions = list(
            db.scalars(
                select(DecisionRow).where(DecisionRow.plan_id == plan.id).order_by(DecisionRow.id)
            )
        )
        weekly: dict[int, tuple[int, int]] = {}
        for s in due:
            done, planned = weekly.get(s.week, (0, 0))
            weekly[s.week] = (done + (s.status == "done"), planned + 1)
        profile = db.get(ProfileRow, plan.profile_id)
        retests = [
            {
                "date": r.taken_on.isoformat(),
                "point": r.point,
                "nprs": r.nprs,
                "psfs": r.psfs,
                "tests": r.tests,
            }
            for r in db.scalars(
                select(RetestRow).where(RetestRow.plan_id == plan.id).order_by(RetestRow.taken_on)
            )
        ]
        data = profile.data if profile else {}
        return Progress(
            planned_to_date=len(due),
            done=sum(1 for s in due if s.status == "done"),
            sessions_total=len(sessions),
            pain_points=pain_points,
            weekly_volume={k: dict(v) for k, v in volume.items()},
            ladder_steps=[
                (d.decided_on, f"{d.before.get('name')} -> {d.after.get('name')}")
                for d in decisions
                if d.action == "ladder-up"
            ],
            decisions=[(d.decided_on, d.exercise_id, d.action, d.reason) for d in decisions],
            retests=retests,
            baseline={
                "nprs": data.get("pain_now"),
                "psfs": data.get("activities", []),
                "tests": {k: v for k, v in (data.get("baseline") or {}).items() if v is not None},
                "sex": data.get("sex"),
            },
            weekly_adherence=weekly,
        )
