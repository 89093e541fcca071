"""Domain values as plain JSON-ready dicts and back: what storage keeps.

These are storage formats, not public ones: the public ``--json`` outputs are
the view models in ``exports/views/``. A stored profile carries a
``version`` so that the profile *file* schema (``intake/schema.py``) can be
tightened without making an old plan's profile unreadable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from hamcoach.domain.catalog import Category, Equipment
from hamcoach.domain.fold_values import ChangeKind, PlanChange
from hamcoach.domain.plan import Schedule
from hamcoach.domain.prescription import Prescription
from hamcoach.domain.profile import (
    Activity,
    Availability,
    Baseline,
    Conditions,
    Experience,
    PainArea,
    Profile,
    Sex,
    Weekday,
)
from hamcoach.errors import StorageError

PROFILE_VERSION = 1
"""The version ``profile_to_json`` writes; ``profile_from_json`` reads it and every older one."""


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
    # by position, in the fields' order (a plan read from storage holds hundreds of these)
    get = data.get
    phase = _CATEGORIES.get(data["phase"]) or Category(data["phase"])
    return Prescription(
        data["exercise_id"], data["name"], phase, data["sets"], get("reps"),
        get("hold_seconds"), get("spots"), get("extensions"), get("per_side", False),
        get("rep_unit", "reps"), get("holds_per_rep", 1), tuple(get("reps_by_set", ())),
        get("reason", ""), tuple(get("modifications", ())), get("loaded", False),
        get("load_kg"),
    )  # fmt: skip


_CATEGORIES = {c.value: c for c in Category}


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


_CONDITION_KEYS = (
    "flexion_sensitive_back",
    "leg_symptoms",
    "recent_hamstring_strain",
    "recent_knee_surgery",
)
_BASELINE_KEYS = (
    "single_leg_bridge_left",
    "single_leg_bridge_right",
    "bodyweight_squats",
    "single_leg_deadlift_left",
    "single_leg_deadlift_right",
    "active_knee_extension_deg",
)


def profile_to_json(p: Profile) -> dict[str, Any]:
    """The profile as stored with a plan (version 1). Keys that the profile file also has
    keep its names, so progress reports read ``pain_now``, ``activities``, ``baseline`` and
    ``sex`` from old and new rows alike."""
    a, c, b = p.availability, p.conditions, p.baseline
    return {
        "version": PROFILE_VERSION,
        "name": p.name,
        "age": p.age,
        "sex": p.sex.value if p.sex is not None else None,
        "pain_area": p.pain_area.value,
        "pain_now": p.pain_now,
        "activities": [{"name": x.name, "ability": x.ability} for x in p.activities],
        "conditions": {k: getattr(c, k) for k in _CONDITION_KEYS},
        "red_flags": {k: p.red_flags[k] for k in sorted(p.red_flags)},
        "equipment": sorted(e.value for e in p.equipment),
        "experience": p.experience.value,
        "availability": {
            "days": [d.value for d in sorted(a.days, key=lambda d: d.number)],
            "time": a.at.isoformat(),
            "sessions_per_week": a.sessions_per_week,
            "max_minutes": a.max_minutes,
        },
        "start_date": p.start_date.isoformat(),
        "baseline": {k: getattr(b, k) for k in _BASELINE_KEYS},
        "timezone": p.timezone,
        "routine": p.routine,
    }


def profile_from_json(data: Mapping[str, Any]) -> Profile:
    """A stored profile, of any version this release knows.

    Rows without ``version`` were written by releases up to 0002, which stored the
    profile file's own data (``schedule`` holding the days, time and start date); they
    are read tolerantly, with the file format's defaults, and never re-validated
    against today's file schema.
    """
    version = data.get("version")
    if version is None:
        return _profile_from_file_data(data)
    if version != PROFILE_VERSION:
        raise StorageError(
            f"stored profile version {version!r} is newer than this release reads "
            f"({PROFILE_VERSION}); upgrade hamcoach"
        )
    avail = data["availability"]
    return _profile(
        data,
        availability=Availability(
            days=frozenset(Weekday(d) for d in avail["days"]),
            at=dt.time.fromisoformat(avail["time"]),
            sessions_per_week=avail["sessions_per_week"],
            max_minutes=avail["max_minutes"],
        ),
        start_date=dt.date.fromisoformat(data["start_date"]),
        timezone=data.get("timezone"),
    )


def _profile_from_file_data(data: Mapping[str, Any]) -> Profile:
    """The pre-version form: a profile file's data as pydantic dumped it (release 0002)."""
    schedule = data.get("schedule") or {}
    return _profile(
        data,
        availability=Availability(
            days=frozenset(Weekday(d) for d in schedule.get("days") or ()),
            at=dt.time.fromisoformat(str(schedule.get("time") or "18:00")),
            sessions_per_week=int(schedule.get("sessions_per_week") or 2),
            max_minutes=int(schedule.get("max_minutes") or 30),
        ),
        start_date=dt.date.fromisoformat(str(schedule["start_date"])),
        timezone=schedule.get("timezone"),
    )


def _profile(
    data: Mapping[str, Any],
    *,
    availability: Availability,
    start_date: dt.date,
    timezone: str | None,
) -> Profile:
    """The fields every version stores alike; unknown keys are ignored, missing ones default."""
    conditions = data.get("conditions") or {}
    baseline = data.get("baseline") or {}
    sex = data.get("sex")
    return Profile(
        name=str(data["name"]),
        age=int(data["age"]),
        sex=Sex(sex) if sex is not None else None,
        pain_area=PainArea(data["pain_area"]),
        pain_now=int(data["pain_now"]),
        activities=tuple(
            Activity(str(x["name"]), int(x["ability"])) for x in data.get("activities") or ()
        ),
        conditions=Conditions(**{k: bool(conditions.get(k, False)) for k in _CONDITION_KEYS}),
        red_flags={str(k): bool(v) for k, v in (data.get("red_flags") or {}).items()},
        equipment=frozenset(Equipment(e) for e in data.get("equipment") or ()),
        experience=Experience(data.get("experience") or Experience.NONE.value),
        availability=availability,
        start_date=start_date,
        baseline=Baseline(**{k: baseline.get(k) for k in _BASELINE_KEYS}),
        timezone=timezone,
        routine=data.get("routine"),
    )


def change_to_json(change: PlanChange) -> dict[str, Any]:
    """A change as stored in the plan's history (its kind is the entry's kind)."""
    data: dict[str, Any] = {"on": change.on.isoformat()}
    for name in ("exercise_id", "new_exercise_id", "load_kg", "by", "per_week", "max_minutes"):
        value = getattr(change, name)
        if value is not None:
            data[name] = value
    if change.days is not None:
        data["days"] = sorted(change.days)
    if change.at is not None:
        data["at"] = change.at.strftime("%H:%M")
    if change.equipment is not None:
        data[_KIT_KEY.get(change.kind, "after")] = sorted(change.equipment)
    return data


_KIT_KEY = {ChangeKind.EQUIPMENT: "after", ChangeKind.NO_KIT: "needs"}
"""Where a change's ``equipment`` is stored: what the person has (EQUIPMENT), what the
exercise lacks (NO_KIT)."""


def change_from_json(kind: ChangeKind, at: dt.datetime, data: dict[str, Any]) -> PlanChange:
    return PlanChange(
        dt.date.fromisoformat(data["on"]),
        at,
        kind,
        exercise_id=data.get("exercise_id"),
        new_exercise_id=data.get("new_exercise_id"),
        load_kg=data.get("load_kg"),
        by=data.get("by"),
        days=frozenset(data["days"]) if "days" in data else None,
        at=dt.time.fromisoformat(data["at"]) if "at" in data else None,
        per_week=data.get("per_week"),
        max_minutes=data.get("max_minutes"),
        equipment=(
            frozenset(Equipment(e) for e in data[_KIT_KEY[kind]]) if kind in _KIT_KEY else None
        ),
    )
