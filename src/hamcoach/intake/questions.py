"""The intake's questions beyond the screening: one list each, shared by the terminal
(cli/intake.py) and the web (web/pages_intake.py), and the profile as far as an intake
got when an emergency answer stopped it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hamcoach.domain.catalog import HOUSEHOLD_EQUIPMENT, Equipment
from hamcoach.domain.profile import Activity, Availability, PainArea, Profile, Sex, Weekday

OFFERED = [e for e in Equipment if e not in HOUSEHOLD_EQUIPMENT]
"""The equipment the intake lists (household things are assumed)."""

CONDITIONS = (
    ("flexion_sensitive_back", "Does bending forward or sitting make your back worse?"),
    ("leg_symptoms", "Do you have pain or tingling in a leg below the knee?"),
    ("recent_hamstring_strain", "Have you strained a hamstring in the last 3 months?"),
    ("recent_knee_surgery", "Have you had knee surgery in the last year?"),
)

BASELINE = (
    ("single_leg_bridge_left", "Single-leg bridges to tiring, left leg", 500),
    ("single_leg_bridge_right", "Single-leg bridges to tiring, right leg", 500),
    ("bodyweight_squats", "Bodyweight squats in a row with good form", 500),
    ("single_leg_deadlift_left", "Slow single-leg deadlifts, left leg", 500),
    ("single_leg_deadlift_right", "Slow single-leg deadlifts, right leg", 500),
    (
        "active_knee_extension_deg",
        "Active knee extension: degrees short of straight, lying with the hip at 90",
        90,
    ),
)

DEFAULT_SCHEDULE = {"days": ["mon", "wed", "fri"], "time": "18:00", "sessions_per_week": 2,
                    "max_minutes": 30}  # fmt: skip
"""Stands in when no schedule was asked (a referral: no plan is made from it)."""


def answers_so_far(data: dict[str, Any], today: dt.date) -> Profile:
    """The profile as far as the intake got: every answer given, and the red-flag
    questions not reached left unanswered (never assumed 'no'); no schedule was asked,
    so the usual default stands in (no plan is made from it)."""
    return Profile(
        name=data["name"],
        age=data["age"],
        pain_area=PainArea(data["pain_area"]),
        pain_now=data["pain_now"],
        availability=Availability(
            frozenset({Weekday.MON, Weekday.WED, Weekday.FRI}), dt.time(18, 0), 2, 30
        ),
        start_date=today,
        red_flags=dict(data["red_flags"]),
        sex=Sex(data["sex"]) if data.get("sex") else None,
        activities=tuple(Activity(a["name"], a["ability"]) for a in data.get("activities", [])),
    )
