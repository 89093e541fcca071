"""The progression engine: the next dose of one exercise, and why.

Pure and deterministic; history comes in as arguments. The pain gate is
checked before any progression rule (Silbernagel et al. 2007 pain-monitoring
model, shared/design/CLINICAL_RULES.md). Every number is in
``hamcoach.domain.rules``:

1. red: pain above ``PAIN_AMBER_MAX`` during or after, or the next morning
   worse than baseline -> step back (a set less, fewer reps, or down the ladder);
2. amber: pain above ``PAIN_GREEN_MAX`` -> repeat the dose;
3. nerve-type (sciatica-like) symptoms provoked -> no increase;
4. no next-morning check-in yet -> wait (progress only from settled sessions);
5. green and settled -> RPE ``RPE_NEAR_FAILURE`` or more lowers the load; a met
   ladder criterion steps up; the load rises by ``Rules.load_step_pct``, never
   more than ``LOAD_STEP_MAX_PCT`` ("2-for-2", or every set at the top at RPE
   ``RPE_TOP_FOR_LOAD_UP`` or less); otherwise double progression: reps (or
   hold seconds) first, then sets.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from hamcoach.domain import rules as R
from hamcoach.domain.catalog import (
    Catalog,
    CautionAction,
    Condition,
    Equipment,
    Exercise,
)
from hamcoach.domain.criteria import SessionPerformance, SetPerformance, criterion_met
from hamcoach.domain.prescription import Prescription, starting_dose
from hamcoach.domain.rules import DEFAULT_RULES, Rules


class Action(StrEnum):
    PROGRESS = "progress"
    HOLD = "hold"
    REGRESS = "regress"
    LADDER_UP = "ladder-up"
    LADDER_DOWN = "ladder-down"
    LOAD_UP = "load-up"
    LOAD_DOWN = "load-down"


@dataclass(frozen=True, slots=True)
class LoggedSet:
    reps: int = 0
    load_kg: float | None = None
    hold_seconds: int | None = None
    rpe: float | None = None
    good_form: bool = True
    side: str | None = None


@dataclass(frozen=True, slots=True)
class ExerciseLog:
    exercise_id: str
    on: date
    sets: tuple[LoggedSet, ...]
    pain: int | None  # None: not reported
    leg_symptoms: bool = False
    session_number: int | None = None


@dataclass(frozen=True, slots=True)
class CheckIn:
    on: date
    pain: int
    stiffness: int | None = None


Param = str | int | float


@dataclass(frozen=True, slots=True)
class Decision:
    """A decision as data: the rule's code, its parameters and the doses before and after.

    Words are made at the edge from one table (hamcoach/messages.py); ``reason`` is that
    table's sentence, for convenience.
    """

    exercise_id: str
    action: Action
    rule: str
    before: Prescription
    after: Prescription
    params: tuple[tuple[str, Param], ...] = ()

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def param(self, name: str) -> Param:
        return dict(self.params)[name]

    @property
    def reason(self) -> str:
        from hamcoach.messages import decision_text

        return decision_text(self)


def _decision(
    ex: Exercise, action: Action, rule: str, before: Prescription, after: Prescription,
    **params: Param,
) -> Decision:  # fmt: skip
    return Decision(ex.id, action, rule, before, after, tuple(sorted(params.items())))


def _performance(log: ExerciseLog, ex: Exercise) -> SessionPerformance:
    """A log as a criterion sees it; 'at the top' means the top of the catalog's range."""
    sets = tuple(SetPerformance(s.reps, s.hold_seconds or 0, s.good_form, s.side) for s in log.sets)
    dose = ex.dosage
    at_top = bool(log.sets) and all(
        s.good_form
        and (dose.reps is None or s.reps >= dose.reps.high)
        and (dose.hold_seconds is None or (s.hold_seconds or 0) >= dose.hold_seconds.high)
        for s in log.sets
    )
    return SessionPerformance(sets, 10 if log.pain is None else log.pain, at_top)


def _round_load(kg: float, increment: float) -> float:
    return round(round(kg / increment) * increment, 2)


def _allowed(
    ex: Exercise, conditions: frozenset[Condition], equipment: frozenset[Equipment]
) -> bool:
    for condition in conditions:
        caution = ex.caution_for(condition)
        if caution is not None and caution.action is not CautionAction.MODIFY:
            return False
    return ex.needs() <= equipment


def _step_back(
    current: Prescription,
    ex: Exercise,
    catalog: Catalog,
    conditions: frozenset[Condition],
    equipment: frozenset[Equipment],
    rule: str,
    **why: Param,
) -> Decision:
    """Step back for ``rule`` (its parameters in ``why``): load, a set, reps, hold seconds,
    down the ladder, or, at the easiest dose, hold and refer."""
    dose = ex.dosage
    after: Prescription
    if current.load_kg:
        kg = current.load_kg * (1 - R.STEP_BACK_LOAD_CUT_PCT / 100)
        after = replace(current, load_kg=_round_load(kg, R.STEP_BACK_LOAD_ROUNDING_KG))
        return _decision(
            ex, Action.LOAD_DOWN, rule, current, after, step="load",
            cut=R.STEP_BACK_LOAD_CUT_PCT, **why,
        )  # fmt: skip
    if current.sets > dose.sets.low:
        after = replace(current, sets=current.sets - 1)
        return _decision(ex, Action.REGRESS, rule, current, after, step="set", **why)
    if current.reps is not None and dose.reps is not None and current.reps > dose.reps.low:
        cut = max(1, math.ceil(current.reps * R.STEP_BACK_REPS_CUT))
        reps = max(dose.reps.low, current.reps - cut)
        after = replace(current, reps=reps)
        return _decision(ex, Action.REGRESS, rule, current, after, step="reps", **why)
    if (
        current.hold_seconds is not None
        and dose.hold_seconds is not None
        and current.hold_seconds > dose.hold_seconds.low
    ):
        after = replace(current, hold_seconds=dose.hold_seconds.low)
        return _decision(ex, Action.REGRESS, rule, current, after, step="hold", **why)
    for link in ex.regressions:
        target = catalog.exercises.get(link.target)
        if target is not None and _allowed(target, conditions, equipment):
            after = starting_dose(
                target, reason=f"Stepped down from {ex.name}: {link.criterion_text}"
            )
            return _decision(
                ex, Action.LADDER_DOWN, rule, current, after, step="ladder",
                sources=catalog.cite(link.sources), **why,
            )  # fmt: skip
    return _decision(ex, Action.HOLD, rule, current, current, step="easiest", **why)


def next_prescription(
    current: Prescription,
    history: Sequence[ExerciseLog],
    checkins: Sequence[CheckIn],
    *,
    catalog: Catalog,
    baseline_pain: int,
    conditions: frozenset[Condition] = frozenset(),
    equipment: frozenset[Equipment] = frozenset(),
    rules: Rules = DEFAULT_RULES,
) -> Decision:
    """The next dose of ``current`` after the newest log in ``history`` (oldest first)."""
    ex = catalog.get(current.exercise_id)
    if not history:
        return _decision(ex, Action.HOLD, "no-data", current, current)
    last = history[-1]
    recent = history[-12:]  # criteria look back a few sessions; a year of logs costs nothing

    def hold(rule: str, **params: Param) -> Decision:
        return _decision(ex, Action.HOLD, rule, current, current, **params)

    equipment = equipment | ex.needs()  # they have what is already prescribed
    # the next morning: the first check-in within two days after the session
    morning = next(
        (c for c in checkins if 0 < (c.on - last.on).days <= R.MORNING_WINDOW_DAYS), None
    )
    before = [c for c in checkins if c.on <= last.on]
    baseline = before[-1].pain if before else baseline_pain

    # 1. the pain gate (Silbernagel 2007)
    if last.pain is None:
        return hold("pain-unknown")
    if last.pain > R.PAIN_AMBER_MAX:
        return _step_back(
            current, ex, catalog, conditions, equipment, "pain-red",
            pain=last.pain, limit=R.PAIN_AMBER_MAX, source=R.PAIN_RULES_SOURCE,
        )  # fmt: skip
    if morning is not None and morning.pain > baseline:
        return _step_back(
            current, ex, catalog, conditions, equipment, "morning-worse",
            morning=morning.pain, baseline=baseline,
        )  # fmt: skip
    if len(history) >= 2 and (last.on - history[-2].on).days > R.BREAK_DAYS:
        gap = (last.on - history[-2].on).days
        return _step_back(
            current, ex, catalog, conditions, equipment, "return-after-break", gap=gap
        )
    if last.pain > R.PAIN_GREEN_MAX:
        return hold(
            "pain-amber", pain=last.pain, low=R.PAIN_GREEN_MAX + 1, high=R.PAIN_AMBER_MAX,
            source=R.PAIN_RULES_SOURCE,
        )  # fmt: skip
    if last.leg_symptoms and Condition.SCIATICA in conditions:
        return hold("nerve-symptoms")
    if morning is None:
        return hold("await-checkin")
    # 2. effort: RPE 9-10 lowers the load
    rpes = [s.rpe for s in last.sets if s.rpe is not None]
    if current.load_kg and rpes and max(rpes) >= R.RPE_NEAR_FAILURE:
        cut = R.RPE_FAILURE_CUT_PCT if max(rpes) >= R.RPE_FAILURE else R.RPE_NEAR_FAILURE_CUT_PCT
        kg = _round_load(current.load_kg * (1 - cut / 100), rules.load_increment_kg)
        kg = min(max(rules.load_increment_kg, kg), current.load_kg)
        return _decision(
            ex, Action.LOAD_DOWN, "rpe-high", current, replace(current, load_kg=kg),
            rpe=max(rpes), cut=cut, kg=kg,
        )  # fmt: skip
    if current.reps_by_set or ex.dosage.weekly:
        return hold("protocol")
    good = all(s.good_form for s in last.sets)
    done_target = len(last.sets) >= current.sets and all(
        (current.reps is None or s.reps >= current.reps)
        and (
            current.hold_seconds is None
            or (s.hold_seconds or current.hold_seconds) >= current.hold_seconds
        )
        for s in last.sets
    )
    # 3. ladder: a met criterion steps up (it reads only the sessions it counts)
    for link in ex.progressions:
        target = catalog.exercises.get(link.target)
        if link.criterion is None or target is None:
            continue
        counted = link.criterion.sessions_counted()
        performances = [_performance(log, ex) for log in recent[-counted:]] if counted else []
        if criterion_met(link.criterion, performances) and _allowed(target, conditions, equipment):
            after = starting_dose(
                target, reason=f"Stepped up from {ex.name}: {link.criterion_text}"
            )
            return _decision(
                ex, Action.LADDER_UP, "ladder-criterion", current, after,
                criterion=link.criterion.describe(), sources=catalog.cite(link.sources),
            )  # fmt: skip
    if not good or not done_target:
        return hold("not-yet")
    dose = ex.dosage
    # 4. load: 2-10 %, never more than 10 % at once
    if current.load_kg:
        all_top = dose.reps is not None and all(
            s.reps >= dose.reps.high and (s.rpe is None or s.rpe <= R.RPE_TOP_FOR_LOAD_UP)
            for s in last.sets
        )
        two_for_two = (
            current.reps is not None
            and len(recent) >= R.TWO_FOR_TWO_SESSIONS
            and all(
                log.sets and log.sets[-1].reps >= current.reps + R.TWO_FOR_TWO_EXTRA_REPS
                for log in recent[-R.TWO_FOR_TWO_SESSIONS :]
            )
        )
        if all_top or two_for_two:
            step = min(rules.load_step_pct, R.LOAD_STEP_MAX_PCT) / 100
            ceiling = current.load_kg * (1 + R.LOAD_STEP_MAX_PCT / 100)
            kg = _round_load(current.load_kg * (1 + step), rules.load_increment_kg)
            if kg <= current.load_kg:
                kg = current.load_kg + rules.load_increment_kg
            if kg > ceiling + 1e-9:
                return hold(
                    "load-step-too-big", increment=rules.load_increment_kg,
                    limit=R.LOAD_STEP_MAX_PCT, kg=current.load_kg,
                )  # fmt: skip
            because: dict[str, Param] = (
                {"why": "all-top", "rpe": R.RPE_TOP_FOR_LOAD_UP}
                if all_top
                else {
                    "why": "2-for-2",
                    "extra": R.TWO_FOR_TWO_EXTRA_REPS,
                    "runs": R.TWO_FOR_TWO_SESSIONS,
                }
            )
            return _decision(
                ex, Action.LOAD_UP, "load", current, replace(current, load_kg=kg),
                kg=kg, limit=R.LOAD_STEP_MAX_PCT, **because,
            )  # fmt: skip
    # 5. double progression: reps (or hold seconds) first, then sets
    if dose.reps is not None and current.reps is not None and current.reps < dose.reps.high:
        after = replace(current, reps=current.reps + 1)
        return _decision(ex, Action.PROGRESS, "double-progression", current, after, step="reps")
    if (
        dose.hold_seconds is not None
        and current.hold_seconds is not None
        and current.hold_seconds < dose.hold_seconds.high
    ):
        held = min(dose.hold_seconds.high, current.hold_seconds + R.HOLD_STEP_SECONDS)
        after = replace(current, hold_seconds=held)
        return _decision(ex, Action.PROGRESS, "double-progression", current, after, step="hold")
    if dose.spots is not None and current.spots is not None and current.spots < dose.spots.high:
        after = replace(current, spots=current.spots + 1)
        return _decision(ex, Action.PROGRESS, "double-progression", current, after, step="spots")
    if current.sets < dose.sets.high:
        after = replace(
            current,
            sets=current.sets + 1,
            reps=dose.reps.low
            if dose.reps is not None and current.reps is not None
            else current.reps,
        )
        return _decision(ex, Action.PROGRESS, "double-progression", current, after, step="sets")
    nxt = next((p for p in ex.progressions if p.target in catalog), None)
    if nxt is None:
        return hold("top-of-range")
    return hold("top-of-range", next=catalog.get(nxt.target).name, criterion=nxt.criterion_text)
