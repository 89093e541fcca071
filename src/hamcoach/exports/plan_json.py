"""The stable JSON form of a plan (see docs/json.md)."""

from __future__ import annotations

from typing import Any

from hamcoach.domain.codec import prescription_to_json, schedule_to_json
from hamcoach.domain.plan import Plan


def plan_to_json(plan: Plan, *, week: int | None = None) -> dict[str, Any]:
    sessions = [s for s in plan.sessions if week is None or s.session.week == week]
    return {
        "uid": plan.uid,
        "status": plan.status,
        "profile_name": plan.profile_name,
        "created_at": plan.created_at.isoformat(),
        "start_date": plan.start_date.isoformat(),
        "end_date": plan.end_date.isoformat(),
        "weeks": plan.weeks,
        "schedule": schedule_to_json(plan.schedule),
        "choices": [
            {"exercise_id": c.exercise_id, "included": c.included, "reason": c.reason}
            for c in plan.choices
        ],
        "notes": list(plan.notes),
        "sessions": [
            {
                "number": s.number,
                "week": s.session.week,
                "label": s.session.label,
                "at": s.at.isoformat(timespec="minutes"),
                "minutes": s.session.minutes,
                "status": s.status,
                "sequence": s.sequence,
                "items": [
                    {**prescription_to_json(i), "dose": i.describe()} for i in s.session.items
                ],
            }
            for s in sessions
        ],
    }
