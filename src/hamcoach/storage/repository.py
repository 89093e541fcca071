"""Mapping between rows and domain values, and the queries the services need."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hamcoach.domain.catalog import Category
from hamcoach.domain.plan import Plan, Schedule, ScheduledSession
from hamcoach.domain.prescription import Choice, Prescription, SessionPlan
from hamcoach.storage.models import PlanEventRow, PlanRow, PlanSessionRow, ProfileRow


def prescription_to_json(p: Prescription) -> dict[str, Any]:
    return {
        "exercise_id": p.exercise_id,
        "name": p.name,
        "phase": p.phase.value,
        "sets": p.sets,
        "reps": p.reps,
        "hold_seconds": p.hold_seconds,
        "spots": p.spots,
        "extensions": p.extensions,
        "per_side": p.per_side,
        "rep_unit": p.rep_unit,
        "holds_per_rep": p.holds_per_rep,
        "reps_by_set": list(p.reps_by_set),
        "reason": p.reason,
        "modifications": list(p.modifications),
        "loaded": p.loaded,
        "load_kg": p.load_kg,
    }


def prescription_from_json(data: dict[str, Any]) -> Prescription:
    return Prescription(
        exercise_id=data["exercise_id"],
        name=data["name"],
        phase=Category(data["phase"]),
        sets=data["sets"],
        reps=data.get("reps"),
        hold_seconds=data.get("hold_seconds"),
        spots=data.get("spots"),
        extensions=data.get("extensions"),
        per_side=data.get("per_side", False),
        rep_unit=data.get("rep_unit", "reps"),
        holds_per_rep=data.get("holds_per_rep", 1),
        reps_by_set=tuple(data.get("reps_by_set", ())),
        reason=data.get("reason", ""),
        modifications=tuple(data.get("modifications", ())),
        loaded=data.get("loaded", False),
        load_kg=data.get("load_kg"),
    )


def schedule_to_json(s: Schedule) -> dict[str, Any]:
    return {
        "days": sorted(s.days),
        "time": s.at.strftime("%H:%M"),
        "sessions_per_week": s.sessions_per_week,
        "max_minutes": s.max_minutes,
        "timezone": s.timezone,
    }


def schedule_from_json(data: dict[str, Any]) -> Schedule:
    return Schedule(
        days=frozenset(data["days"]),
        at=dt.time.fromisoformat(data["time"]),
        sessions_per_week=data["sessions_per_week"],
        max_minutes=data["max_minutes"],
        timezone=data.get("timezone"),
    )


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
    )


def active_plan_row(session: Session) -> PlanRow | None:
    return session.scalars(
        select(PlanRow).where(PlanRow.status == "active").order_by(PlanRow.id.desc())
    ).first()


def add_event(session: Session, plan: PlanRow, kind: str, message: str, now: dt.datetime) -> None:
    session.add(PlanEventRow(plan_id=plan.id, created_at=now, kind=kind, message=message))


def session_rows(plan: PlanRow) -> dict[int, PlanSessionRow]:
    return {s.number: s for s in plan.sessions}
