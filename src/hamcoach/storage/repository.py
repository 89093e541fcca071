"""Mapping between rows and domain values."""

from __future__ import annotations

from hamcoach.domain.codec import prescription_from_json, schedule_from_json
from hamcoach.domain.plan import Plan, ScheduledSession
from hamcoach.domain.planner import Choice, SessionPlan
from hamcoach.storage.models import PlanRow, ProfileRow


def plan_from_row(row: PlanRow, profile: ProfileRow) -> Plan:
    sessions = tuple(
        ScheduledSession(
            SessionPlan(
                s.number,
                s.week,
                s.label,
                tuple(prescription_from_json(i) for i in s.items),
            ),
            s.scheduled_at,
            s.status,
            s.sequence,
            None
            if s.built_items is None
            else SessionPlan(
                s.number, s.week, s.label, tuple(prescription_from_json(i) for i in s.built_items)
            ),
            s.built_at,
        )
        for s in row.sessions
    )
    return Plan(
        uid=row.uid,
        profile_name=profile.name,
        created_at=row.created_at,
        start_date=row.start_date,
        weeks=row.weeks,
        schedule=schedule_from_json(row.schedule),
        sessions=sessions,
        choices=tuple(Choice(c["exercise_id"], c["included"], c["reason"]) for c in row.choices),
        notes=tuple(row.notes),
        status=row.status,
        patient_id=row.patient_id,
    )
