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


@dataclass(frozen=True, slots=True)
class Decision:
    exercise_id: str
    action: Action
    rule: str
    reason: str
    before: Prescription
    after: Prescription

    @property
    def changed(self) -> bool:
        return self.before != self.after


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
    why: str,
    rule: str,
) -> Decision:
    dose = ex.dosage
    after: Prescription
    if current.load_kg:
        kg = current.load_kg * (1 - R.STEP_BACK_LOAD_CUT_PCT / 100)
        after = replace(current, load_kg=_round_load(kg, R.STEP_BACK_LOAD_ROUNDING_KG))
        return Decision(
            ex.id,
            Action.LOAD_DOWN,
            rule,
            f"{why}: {R.STEP_BACK_LOAD_CUT_PCT:g} % lighter next time.",
            current,
            after,
        )
    if current.sets > dose.sets.low:
        after = replace(current, sets=current.sets - 1)
        return Decision(
            ex.id, Action.REGRESS, rule, f"{why}: one set less next time.", current, after
        )
    if current.reps is not None and dose.reps is not None and current.reps > dose.reps.low:
        cut = max(1, math.ceil(current.reps * R.STEP_BACK_REPS_CUT))
        reps = max(dose.reps.low, current.reps - cut)
        after = replace(current, reps=reps)
        return Decision(
            ex.id, Action.REGRESS, rule, f"{why}: {reps} reps a set next time.", current, after
        )
    if (
        current.hold_seconds is not None
        and dose.hold_seconds is not None
        and current.hold_seconds > dose.hold_seconds.low
    ):
        after = replace(current, hold_seconds=dose.hold_seconds.low)
        return Decision(
            ex.id, Action.REGRESS, rule, f"{why}: shorter holds next time.", current, after
        )
    for link in ex.regressions:
        target = catalog.exercises.get(link.target)
        if target is not None and _allowed(target, conditions, equipment):
            after = starting_dose(
                target, reason=f"Stepped down from {ex.name}: {link.criterion_text}"
            )
            return Decision(
                ex.id,
                Action.LADDER_DOWN,
                rule,
                f"{why}: down the ladder to {target.name} ({catalog.cite(link.sources)}).",
                current,
                after,
            )
    return Decision(
        ex.id,
        Action.HOLD,
        rule,
        f"{why}: already at the easiest dose; keep it, and see a physical therapist "
        "if pain persists.",
        current,
        current,
    )


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
        return Decision(ex.id, Action.HOLD, "no-data", "Nothing logged yet.", current, current)
    last = history[-1]
    recent = history[-12:]  # criteria look back a few sessions; a year of logs costs nothing

    def hold(rule: str, reason: str) -> Decision:
        return Decision(ex.id, Action.HOLD, rule, reason, current, current)

    equipment = equipment | ex.needs()  # they have what is already prescribed
    # the next morning: the first check-in within two days after the session
    morning = next(
        (c for c in checkins if 0 < (c.on - last.on).days <= R.MORNING_WINDOW_DAYS), None
    )
    before = [c for c in checkins if c.on <= last.on]
    baseline = before[-1].pain if before else baseline_pain

    # 1. the pain gate (Silbernagel 2007)
    if last.pain is None:
        return hold(
            "pain-unknown",
            "No pain score was logged: the dose stays until one is (log with --pain N).",
        )
    if last.pain > R.PAIN_AMBER_MAX:
        return _step_back(
            current, ex, catalog, conditions, equipment,
            f"Pain {last.pain}/10 is above {R.PAIN_AMBER_MAX} (red, {R.PAIN_RULES_SOURCE})",
            "pain-red",
        )  # fmt: skip
    if morning is not None and morning.pain > baseline:
        return _step_back(
            current, ex, catalog, conditions, equipment,
            f"The next morning ({morning.pain}/10) was worse than your baseline ({baseline}/10)",
            "morning-worse",
        )  # fmt: skip
    if len(history) >= 2 and (last.on - history[-2].on).days > R.BREAK_DAYS:
        gap = (last.on - history[-2].on).days
        return _step_back(
            current, ex, catalog, conditions, equipment,
            f"{gap} days since you last did this: ease back in", "return-after-break",
        )  # fmt: skip
    if last.pain > R.PAIN_GREEN_MAX:
        return hold(
            "pain-amber",
            f"Pain {last.pain}/10 is in the amber zone "
            f"({R.PAIN_GREEN_MAX + 1}-{R.PAIN_AMBER_MAX}): "
            f"repeat the same dose ({R.PAIN_RULES_SOURCE}).",
        )
    if last.leg_symptoms and Condition.SCIATICA in conditions:
        return hold(
            "nerve-symptoms",
            "Leg symptoms were provoked: no increase while they are (CLINICAL_RULES).",
        )
    if morning is None:
        return hold(
            "await-checkin",
            "Waiting for the next-morning check-in (hamcoach checkin --pain N): doses rise only "
            "when pain has settled by the next morning.",
        )
    # 2. effort: RPE 9-10 lowers the load
    rpes = [s.rpe for s in last.sets if s.rpe is not None]
    if current.load_kg and rpes and max(rpes) >= R.RPE_NEAR_FAILURE:
        cut = (
            R.RPE_FAILURE_CUT_PCT if max(rpes) >= R.RPE_FAILURE else R.RPE_NEAR_FAILURE_CUT_PCT
        ) / 100
        kg = _round_load(current.load_kg * (1 - cut), rules.load_increment_kg)
        kg = min(max(rules.load_increment_kg, kg), current.load_kg)
        return Decision(
            ex.id,
            Action.LOAD_DOWN,
            "rpe-high",
            f"RPE {max(rpes):g} is near failure: {int(cut * 100)} % lighter ({kg:g} kg).",
            current,
            replace(current, load_kg=kg),
        )
    if current.reps_by_set or ex.dosage.weekly:
        return hold(
            "protocol", "Pain settled; the weekly protocol sets the next dose (Petersen 2011)."
        )
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
            return Decision(
                ex.id,
                Action.LADDER_UP,
                "ladder-criterion",
                f"Criterion met ({link.criterion.describe()}): up to {target.name} "
                f"({catalog.cite(link.sources)}).",
                current,
                after,
            )
    if not good or not done_target:
        return hold("not-yet", "Not every set reached the target with good form: repeat the dose.")
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
                    "load-step-too-big",
                    f"Ready for more, but your smallest step ({rules.load_increment_kg:g} kg) "
                    f"would be over {R.LOAD_STEP_MAX_PCT:g} % of {current.load_kg:g} kg: "
                    "add reps instead "
                    "when the range allows.",
                )
            why = (
                f"every set at the top at RPE {R.RPE_TOP_FOR_LOAD_UP} or less"
                if all_top
                else f"{R.TWO_FOR_TWO_EXTRA_REPS} extra reps "
                f"{R.TWO_FOR_TWO_SESSIONS} times running (2-for-2)"
            )
            return Decision(
                ex.id,
                Action.LOAD_UP,
                "load",
                f"{why.capitalize()}: load up to {kg:g} kg "
                f"(NSCA/ACSM, at most +{R.LOAD_STEP_MAX_PCT:g} %).",
                current,
                replace(current, load_kg=kg),
            )
    # 5. double progression: reps (or hold seconds) first, then sets
    if dose.reps is not None and current.reps is not None and current.reps < dose.reps.high:
        after = replace(current, reps=current.reps + 1)
        return Decision(
            ex.id, Action.PROGRESS, "double-progression",
            f"Pain settled and every set done: {after.reps} reps a set next time.", current, after,
        )  # fmt: skip
    if (
        dose.hold_seconds is not None
        and current.hold_seconds is not None
        and current.hold_seconds < dose.hold_seconds.high
    ):
        held = min(dose.hold_seconds.high, current.hold_seconds + R.HOLD_STEP_SECONDS)
        after = replace(current, hold_seconds=held)
        return Decision(
            ex.id, Action.PROGRESS, "double-progression",
            f"Pain settled and every hold done: {after.hold_seconds} s holds next time.",
            current, after,
        )  # fmt: skip
    if dose.spots is not None and current.spots is not None and current.spots < dose.spots.high:
        after = replace(current, spots=current.spots + 1)
        return Decision(
            ex.id, Action.PROGRESS, "double-progression", f"{after.spots} spots next time.",
            current, after,
        )  # fmt: skip
    if current.sets < dose.sets.high:
        after = replace(
            current,
            sets=current.sets + 1,
            reps=dose.reps.low
            if dose.reps is not None and current.reps is not None
            else current.reps,
        )
        return Decision(
            ex.id, Action.PROGRESS, "double-progression",
            f"Top of the rep range reached: {after.sets} sets next time, reps back to {after.reps}."
            if after.reps is not None else f"{after.sets} sets next time.",
            current, after,
        )  # fmt: skip
    nxt = next((p for p in ex.progressions if p.target in catalog), None)
    tail = f" Next step, {catalog.get(nxt.target).name}: {nxt.criterion_text}" if nxt else ""
    return hold("top-of-range", "At the top of this exercise's range; keep it." + tail)
