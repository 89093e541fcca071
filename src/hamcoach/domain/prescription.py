"""One exercise in one session: its dose, why it is there, and how long it takes.

``starting_dose`` turns a catalog dose into the first prescription: the low end
of every range, except where a protocol fixes the week's dose (the Nordic
protocol). Doses rise only from logged work (``hamcoach.domain.progression``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from operator import attrgetter

from hamcoach.domain import rules as R
from hamcoach.domain.catalog import (
    Catalog,
    Category,
    CautionAction,
    Condition,
    Dosage,
    Equipment,
    Exercise,
    LadderLink,
)
from hamcoach.domain.frozen import quick_init


@quick_init
@dataclass(frozen=True, slots=True)
class Prescription:
    """One exercise in one session, with its dose and why it is there."""

    exercise_id: str
    name: str
    phase: Category
    sets: int
    reps: int | None = None
    hold_seconds: int | None = None
    spots: int | None = None
    extensions: int | None = None
    per_side: bool = False
    rep_unit: str = "reps"
    holds_per_rep: int = 1
    reps_by_set: tuple[int, ...] = ()
    reason: str = ""
    modifications: tuple[str, ...] = ()
    loaded: bool = False
    load_kg: float | None = None  # None: choose a weight that leaves 2-3 reps in reserve

    def describe(self) -> str:
        side = " per side" if self.per_side else ""
        load = f" at {self.load_kg:g} kg" if self.load_kg else ""
        return self._describe(side) + load

    def _describe(self, side: str) -> str:
        if self.spots is not None:
            return f"{self.spots} spots x {self.extensions} extensions{side}"
        if self.reps_by_set:
            return (
                f"{self.sets} sets of {'-'.join(map(str, self.reps_by_set))} {self.rep_unit}{side}"
            )
        if self.reps is not None:
            hold = f" ({self.hold_seconds} s hold each)" if self.hold_seconds else ""
            return f"{self.sets} x {self.reps} {self.rep_unit}{hold}{side}"
        return f"{self.sets} x {self.hold_seconds} s hold{side}"

    def deloaded(self) -> Prescription:
        """The same exercise in a lighter (deload) week: about half the sets and
        ``rules.DELOAD_LOAD_CUT_PCT`` less load (CLINICAL_RULES, deload)."""
        sets = max(1, math.ceil(self.sets * R.DELOAD_SETS_FRACTION))
        load = self.load_kg * (1 - R.DELOAD_LOAD_CUT_PCT / 100) if self.load_kg else None
        return revised(
            self,
            sets=sets,
            reps_by_set=self.reps_by_set[:sets],
            load_kg=round(load, 1) if load else None,
        )

    def seconds(self) -> float:
        """Estimated time for this item, setup and rests included."""
        work = self._work_seconds()
        if self.per_side:
            work *= 2
        rests = R.REST_BETWEEN_SETS_SECONDS * max(self.sets - 1, 0)
        return R.SETUP_SECONDS + work + rests

    def _work_seconds(self) -> float:
        """Time under work for one side."""
        if self.spots is not None and self.extensions is not None:
            return (
                self.sets
                * self.spots
                * (R.SECONDS_PER_SPOT + self.extensions * R.SECONDS_PER_EXTENSION)
            )
        if not (self.reps or self.reps_by_set):
            return self.sets * float(self.hold_seconds or 0)
        if self.hold_seconds:
            per_rep = self.holds_per_rep * (self.hold_seconds + R.SECONDS_BETWEEN_HOLDS)
        else:
            per_rep = R.SECONDS_PER_REP
        reps = sum(self.reps_by_set) if self.reps_by_set else (self.reps or 1) * self.sets
        return reps * per_rep


_FIELDS = tuple(f.name for f in fields(Prescription))
fields_of: Callable[[Prescription], tuple[object, ...]] = attrgetter(*_FIELDS)
"""A prescription's fields, in order: equal tuples for equal prescriptions, and a key that
hashes faster than the prescription itself."""
_INDEX = {name: k for k, name in enumerate(_FIELDS)}


def revised(p: Prescription, **changes: object) -> Prescription:
    """``dataclasses.replace`` for a prescription, about twice as fast (the fold makes
    thousands of them): every field in order, the changed ones swapped in."""
    values = list(fields_of(p))
    for name, value in changes.items():
        values[_INDEX[name]] = value
    return Prescription(*values)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Choice:
    """A decision about one exercise: in or out, and why."""

    exercise_id: str
    included: bool
    reason: str


@dataclass(frozen=True, slots=True)
class SessionPlan:
    number: int  # 1-based across the whole program
    week: int  # 1-based
    label: str  # "A" or "B"
    items: tuple[Prescription, ...]

    @property
    def minutes(self) -> int:
        return max(1, round(sum(i.seconds() for i in self.items) / 60))


def starting_dose(
    ex: Exercise,
    dose: Dosage | None = None,
    *,
    week: int = 1,
    reason: str = "",
    modifications: tuple[str, ...] = (),
) -> Prescription:
    """The starting dose: the low end of every range. Doses rise only from logged,
    pain-free work (the progression engine), except where a protocol fixes them."""
    dose = dose or ex.dosage
    p = Prescription(
        exercise_id=ex.id,
        name=ex.name,
        phase=ex.category,
        sets=dose.sets.low,
        reps=dose.reps.low if dose.reps else None,
        hold_seconds=dose.hold_seconds.low if dose.hold_seconds else None,
        spots=dose.spots.low if dose.spots else None,
        extensions=dose.extensions_per_spot.low if dose.extensions_per_spot else None,
        per_side=dose.per_side,
        rep_unit=dose.rep_unit,
        holds_per_rep=dose.holds_per_rep,
        reason=reason,
        modifications=modifications,
        loaded=ex.loaded,
    )
    if dose.weekly:
        step = next((w for w in reversed(dose.weekly) if w.week <= week), dose.weekly[0])
        p = replace(p, sets=step.sets, reps=step.reps.low, reps_by_set=step.reps_by_set)
    return p


def modifications_for(
    ex: Exercise, conditions: frozenset[Condition], catalog: Catalog
) -> tuple[str, ...]:
    """The catalog's 'modify' cautions for this person's conditions, with sources."""
    out = []
    for condition in sorted(conditions):
        caution = ex.caution_for(condition)
        if caution is not None and caution.action is CautionAction.MODIFY:
            where = f" ({catalog.cite(caution.sources)})" if caution.sources else ""
            out.append(caution.advice + where)
    return tuple(out)


def not_allowed(
    ex: Exercise, conditions: frozenset[Condition], equipment: frozenset[Equipment]
) -> str | None:
    """Why this person may not do ``ex`` (a caution that is more than 'modify' for one of
    their conditions, or equipment they do not have), or None if they may."""
    for condition in sorted(conditions):
        caution = ex.caution_for(condition)
        if caution is not None and caution.action is not CautionAction.MODIFY:
            return f"{ex.name} is not advised with {condition.value.replace('-', ' ')}: " + (
                caution.advice
            )
    missing = ex.needs() - equipment
    if missing:
        names = ", ".join(sorted(e.value.replace("-", " ") for e in missing))
        return f"{ex.name} needs {names}, which your profile does not list"
    return None


def step_up(catalog: Catalog, frm: str, to: str) -> LadderLink | None:
    """The first link of the climb from ``frm`` up its ladder to ``to`` (None: ``to`` is
    not above ``frm``). Only the progression engine climbs, once that link's criterion is
    met in the log, or the planner's entry gate at the start; nothing else may skip it
    (30 good-form bodyweight squats before load, articles 000 and 001)."""
    seen, queue = {frm}, [(link, link) for link in catalog.get(frm).progressions]
    while queue:
        first, link = queue.pop(0)
        if link.target == to:
            return first
        if link.target in seen or link.target not in catalog:
            continue
        seen.add(link.target)
        queue.extend((first, nxt) for nxt in catalog.get(link.target).progressions)
    return None
