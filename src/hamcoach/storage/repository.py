"""Mapping between rows and domain values."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from hamcoach.domain.clearance import Clearance
from hamcoach.domain.codec import prescription_from_json, prescription_to_json, schedule_from_json
from hamcoach.domain.plan import Plan, ScheduledSession
from hamcoach.domain.prescription import Choice, SessionPlan
from hamcoach.domain.progression import ExerciseLog, LoggedSet
from hamcoach.storage.models import PlanRow, PlanSessionRow, ProfileRow


def plan_from_row(row: PlanRow, profile: ProfileRow) -> Plan:
    return Plan(
        uid=row.uid,
        profile_name=profile.name,
        created_at=row.created_at,
        start_date=row.start_date,
        weeks=row.weeks,
        schedule=schedule_from_json(row.schedule),
        sessions=tuple(_session(s) for s in row.sessions),
        choices=tuple(Choice(c["exercise_id"], c["included"], c["reason"]) for c in row.choices),
        notes=tuple(row.notes),
        status=row.status,
        patient_id=row.patient_id,
        clearances=tuple(Clearance.from_json(c) for c in row.clearances or ()),
    )


def _session(s: PlanSessionRow) -> ScheduledSession:
    items = tuple(prescription_from_json(i) for i in s.items)
    built = None
    if s.built_items is not None:
        # doses the fold has not changed yet are read once (they are stored twice)
        same = s.built_items == s.items
        built = items if same else tuple(prescription_from_json(i) for i in s.built_items)
    return ScheduledSession(
        SessionPlan(s.number, s.week, s.label, items),
        s.scheduled_at,
        s.status,
        s.sequence,
        None if built is None else SessionPlan(s.number, s.week, s.label, built),
        s.built_at,
    )


def log_to_sets(log: ExerciseLog) -> list[dict[str, Any]]:
    return [
        {
            "reps": s.reps,
            "load_kg": s.load_kg,
            "hold_seconds": s.hold_seconds,
            "rpe": s.rpe,
            "good_form": s.good_form,
            "side": s.side,
        }
        for s in log.sets
    ]


class _LogColumns(Protocol):
    """An exercise log's columns: its ORM row, or a row of just these columns."""

    exercise_id: str
    performed_on: dt.date
    sets: list[Any]
    pain: int | None
    leg_symptoms: bool
    session_number: int | None


def log_from_row(row: _LogColumns) -> ExerciseLog:
    return ExerciseLog(
        exercise_id=row.exercise_id,
        on=row.performed_on,
        sets=tuple(
            LoggedSet(
                reps=s.get("reps", 0),
                load_kg=s.get("load_kg"),
                hold_seconds=s.get("hold_seconds"),
                rpe=s.get("rpe"),
                good_form=s.get("good_form", True),
                side=s.get("side"),
            )
            for s in row.sets
        ),
        pain=row.pain,
        leg_symptoms=row.leg_symptoms,
        session_number=row.session_number,
    )


def session_into(row: PlanSessionRow, s: ScheduledSession) -> None:
    row.week = s.session.week
    row.label = s.session.label
    row.scheduled_at = s.at
    row.status = s.status
    row.sequence = s.sequence
    row.items = [prescription_to_json(i) for i in s.session.items]
    row.built_items = None if s.built is None else [prescription_to_json(i) for i in s.built.items]
    row.built_at = s.built_at
