"""Domain values as plain JSON-ready dicts and back: what storage and exports keep."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hamcoach.domain.catalog import Category
from hamcoach.domain.plan import Schedule
from hamcoach.domain.prescription import Prescription


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
