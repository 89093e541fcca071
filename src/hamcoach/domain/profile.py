"""A person's intake answers, as plain values."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum

from hamcoach.domain.catalog import Condition, Equipment


class PainArea(StrEnum):
    KNEE = "knee"
    LOW_BACK = "low-back"
    BOTH = "both"
    NEITHER = "neither"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class Experience(StrEnum):
    """How used to strength training the person is."""

    NONE = "none"  # never, or not for years
    SOME = "some"  # on and off
    REGULAR = "regular"  # trains most weeks


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """Monday is 0, as in ``date.weekday()``."""
        return list(Weekday).index(self)


@dataclass(frozen=True, slots=True)
class Activity:
    """A PSFS item: an activity that is hard, rated 0 (can't) to 10 (as before)."""

    name: str
    ability: int


@dataclass(frozen=True, slots=True)
class Baseline:
    """Optional baseline tests (re-tested in week 3 and at the end)."""

    single_leg_bridge_left: int | None = None
    single_leg_bridge_right: int | None = None
    bodyweight_squats: int | None = None
    single_leg_deadlift_left: int | None = None
    single_leg_deadlift_right: int | None = None
    active_knee_extension_deg: int | None = None

    def weaker(self, left: int | None, right: int | None) -> int | None:
        """The weaker side, or the only side given."""
        sides = [v for v in (left, right) if v is not None]
        return min(sides) if sides else None

    @property
    def single_leg_bridge(self) -> int | None:
        return self.weaker(self.single_leg_bridge_left, self.single_leg_bridge_right)

    @property
    def single_leg_deadlift(self) -> int | None:
        return self.weaker(self.single_leg_deadlift_left, self.single_leg_deadlift_right)


@dataclass(frozen=True, slots=True)
class Conditions:
    """Things that change how exercises are chosen, not whether a plan is made."""

    flexion_sensitive_back: bool = False  # bending or sitting makes the back worse
    leg_symptoms: bool = False  # pain or tingling below the knee (sciatica-like)
    recent_hamstring_strain: bool = False
    recent_knee_surgery: bool = False  # in the last year


@dataclass(frozen=True, slots=True)
class Availability:
    days: frozenset[Weekday]
    at: time
    sessions_per_week: int
    max_minutes: int


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    age: int
    pain_area: PainArea
    pain_now: int
    availability: Availability
    start_date: date
    red_flags: Mapping[str, bool]
    sex: Sex | None = None
    activities: tuple[Activity, ...] = ()
    conditions: Conditions = field(default_factory=Conditions)
    equipment: frozenset[Equipment] = frozenset()
    experience: Experience = Experience.NONE
    baseline: Baseline = field(default_factory=Baseline)
    timezone: str | None = None
    routine: str | None = None  # follow a catalog routine instead of the planner's own choice

    def active_conditions(self) -> frozenset[Condition]:
        """The catalog's caution keys that apply to this person."""
        out: set[Condition] = set()
        if self.pain_area in (PainArea.KNEE, PainArea.BOTH):
            out.add(Condition.KNEE_PAIN)
        if self.pain_area in (PainArea.LOW_BACK, PainArea.BOTH):
            out.add(Condition.LOW_BACK_PAIN)
        c = self.conditions
        if c.flexion_sensitive_back:
            out.add(Condition.FLEXION_SENSITIVE_BACK)
        if c.leg_symptoms:
            out.add(Condition.SCIATICA)
        if c.recent_hamstring_strain:
            out.add(Condition.RECENT_HAMSTRING_STRAIN)
        if c.recent_knee_surgery:
            out.add(Condition.RECENT_KNEE_SURGERY)
        return frozenset(out)


def slugify(name: str) -> str:
    """A readable, stable id from a name: 'Alex Demo' -> 'alex-demo'."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60].strip("-")
    return slug or "me"
