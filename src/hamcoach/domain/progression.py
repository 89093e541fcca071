"""The progression engine: the next dose of one exercise, and why.

Pure and deterministic; history comes in as arguments. The pain gate is
checked before any progression rule (Silbernagel et al. 2007 pain-monitoring
model, shared/design/CLINICAL_RULES.md). Every number is in
``hamcoach.domain.rules``:

1. red: pain above ``PAIN_AMBER_MAX`` during or after, or the next morning
   worse than baseline -> step back (a set less, fewer reps or spots, or down the ladder);
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
from dataclasses import dataclass

from hamcoach.domain import rules as R
from hamcoach.domain.catalog import Catalog, Condition, Equipment, Exercise
from hamcoach.domain.criteria import SessionPerformance, SetPerformance, criterion_met
from hamcoach.domain.prescription import Prescription, not_allowed, revised, starting_dose
from hamcoach.domain.rules import DEFAULT_RULES, Rules
from hamcoach.domain.training import (
    Action,
    CheckIn,
    Decision,
    ExerciseLog,
    LoggedSet,
    Param,
)

__all__ = [
    "STEP_BACK_RULES",
    "Action",
    "CheckIn",
    "Decision",
    "ExerciseLog",
    "LoggedSet",
    "Param",
    "next_prescription",
]


STEP_BACK_RULES = frozenset({"pain-red", "morning-worse", "return-after-break"})
"""The rules that step a dose back (domain/fold.py caps weekly protocols after them)."""


def _decision(
    ex: Exercise, action: Action, rule: str, before: Prescription, after: Prescription,
    **params: Param,
) -> Decision:  # fmt: skip
    return Decision(
        ex.id, action, rule, before, after, tuple(sorted(params.items())) if params else ()
    )


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
    return not_allowed(ex, conditions, equipment) is None


def _step_back(case: _Case, rule: str, **why: Param) -> Decision:
    """Step back for ``rule`` (its parameters in ``why``): load, a set, reps, hold seconds,
    down the ladder, or, at the easiest dose, hold and refer."""
    current, ex = case.current, case.ex
    dose = ex.dosage
    after: Prescription
    if current.load_kg:
        kg = current.load_kg * (1 - R.STEP_BACK_LOAD_CUT_PCT / 100)
        after = revised(current, load_kg=_round_load(kg, R.STEP_BACK_LOAD_ROUNDING_KG))
        return _decision(
            ex, Action.LOAD_DOWN, rule, current, after, step="load",
            cut=R.STEP_BACK_LOAD_CUT_PCT, **why,
        )  # fmt: skip
    if current.sets > dose.sets.low:
        after = revised(current, sets=current.sets - 1)
        return _decision(ex, Action.REGRESS, rule, current, after, step="set", **why)
    if current.reps is not None and dose.reps is not None and current.reps > dose.reps.low:
        cut = max(1, math.ceil(current.reps * R.STEP_BACK_REPS_CUT))
        reps = max(dose.reps.low, current.reps - cut)
        after = revised(current, reps=reps)
        return _decision(ex, Action.REGRESS, rule, current, after, step="reps", **why)
    if (
        current.hold_seconds is not None
        and dose.hold_seconds is not None
        and current.hold_seconds > dose.hold_seconds.low
    ):
        after = revised(current, hold_seconds=dose.hold_seconds.low)
        return _decision(ex, Action.REGRESS, rule, current, after, step="hold", **why)
    if current.spots is not None and dose.spots is not None and current.spots > dose.spots.low:
        cut = max(1, math.ceil(current.spots * R.STEP_BACK_REPS_CUT))
        after = revised(current, spots=max(dose.spots.low, current.spots - cut))
        return _decision(ex, Action.REGRESS, rule, current, after, step="spots", **why)
    catalog = case.catalog
    for link in ex.regressions:
        target = catalog.exercises.get(link.target)
        if target is not None and _allowed(target, case.conditions, case.equipment):
            after = starting_dose(
                target, reason=f"Stepped down from {ex.name}: {link.criterion_text}"
            )
            return _decision(
                ex, Action.LADDER_DOWN, rule, current, after, step="ladder",
                sources=catalog.cite(link.sources), **why,
            )  # fmt: skip
    return _decision(ex, Action.HOLD, rule, current, current, step="easiest", **why)


@dataclass(slots=True)
class _Case:
    """One decision's inputs, shared by its stages (made once per decision, never changed)."""

    current: Prescription
    ex: Exercise
    catalog: Catalog
    conditions: frozenset[Condition]
    owned: frozenset[Equipment]
    rules: Rules
    history: Sequence[ExerciseLog]
    made: dict[tuple[object, ...], Decision]
    """Holds and step-backs by dose, rule and parameters, made once each (``decide``). The
    dose is keyed by its id: the decision holds the dose, so its id names no other dose
    while the decision is kept."""

    @property
    def equipment(self) -> frozenset[Equipment]:
        """What the person owns, plus what they already use (it is prescribed)."""
        return self.owned | self.ex.needs()

    @property
    def last(self) -> ExerciseLog:
        return self.history[-1]

    @property
    def recent(self) -> Sequence[ExerciseLog]:
        return self.history[-12:]  # criteria look back a few sessions

    def hold(self, rule: str, **params: Param) -> Decision:
        current, made = self.current, self.made
        key = (id(current), "hold", rule, *params.items())
        decision = made.get(key)
        if decision is None:
            decision = made[key] = _decision(self.ex, Action.HOLD, rule, current, current, **params)
        return decision

    def step_back(self, rule: str, **why: Param) -> Decision:
        key = (id(self.current), "back", rule, *why.items())
        decision = self.made.get(key)
        if decision is None:
            decision = self.made[key] = _step_back(self, rule, **why)
        return decision


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
    """The next dose of ``current`` after the newest log in ``history`` (oldest first);
    ``checkins`` are oldest first too.

    Safety first: the pain gate, then effort, then the ladder, load and double progression.
    """
    ex = catalog.get(current.exercise_id)
    args = (catalog, baseline_pain, conditions, equipment, rules)
    return decide(current, ex, history, checkins, *args)


def decide(
    current: Prescription,
    ex: Exercise,
    history: Sequence[ExerciseLog],
    checkins: Sequence[CheckIn],
    catalog: Catalog,
    baseline_pain: int,
    conditions: frozenset[Condition],
    equipment: frozenset[Equipment],
    rules: Rules,
    made: dict[tuple[object, ...], Decision] | None = None,
) -> Decision:
    """``next_prescription`` with ``current``'s exercise looked up already and every argument
    by position: the fold (domain/fold.py) decides thousands of times a year. ``made``: the
    caller's dict for one catalog, person and set of rules, in which holds and step-backs
    are made once (the fold decides on the same dose many times; nothing else they read
    changes within a fold)."""
    if not history:
        return _decision(ex, Action.HOLD, "no-data", current, current)
    case = _Case(
        current, ex, catalog, conditions, equipment, rules, history, {} if made is None else made
    )
    return (
        _pain_gate(case, checkins, baseline_pain)
        or _effort(case)
        or (case.hold("protocol") if current.reps_by_set or ex.dosage.weekly else None)
        or _ladder_up(case)
        or (None if _target_done(case) else case.hold("not-yet"))
        or _load_up(case)
        or _double_progression(case)
    )


def _pain_gate(case: _Case, checkins: Sequence[CheckIn], baseline_pain: int) -> Decision | None:
    """Silbernagel 2007: red steps back, a worse morning steps back, amber repeats, leg
    symptoms allow no increase, and nothing rises before the next morning is known."""
    history = case.history
    last = history[-1]
    pain, on = last.pain, last.on
    if pain is None:
        return case.hold("pain-unknown")
    if pain > R.PAIN_AMBER_MAX:
        return case.step_back(
            "pain-red", pain=pain, limit=R.PAIN_AMBER_MAX, source=R.PAIN_RULES_SOURCE
        )
    # the next morning: the first check-in within the window after the session; the
    # baseline: the last check-in up to the session (check-ins come oldest first)
    morning: CheckIn | None = None
    baseline = baseline_pain
    for c in checkins:
        days = (c.on - on).days
        if days <= 0:
            baseline = c.pain
        elif days <= R.MORNING_WINDOW_DAYS:
            morning = c
            break
    if morning is not None and morning.pain > baseline:
        return case.step_back("morning-worse", morning=morning.pain, baseline=baseline)
    if len(history) >= 2 and (on - history[-2].on).days > R.BREAK_DAYS:
        return case.step_back("return-after-break", gap=(on - history[-2].on).days)
    if pain > R.PAIN_GREEN_MAX:
        return case.hold(
            "pain-amber", pain=pain, low=R.PAIN_GREEN_MAX + 1, high=R.PAIN_AMBER_MAX,
            source=R.PAIN_RULES_SOURCE,
        )  # fmt: skip
    if last.leg_symptoms:
        # nerve-type symptoms: no increase at all (CLINICAL_RULES), whatever the profile says
        return case.hold("nerve-symptoms")
    if morning is None:
        return case.hold("await-checkin")
    return None


def _effort(case: _Case) -> Decision | None:
    """RPE 9-10 lowers the load."""
    current, rules = case.current, case.rules
    rpes = [s.rpe for s in case.last.sets if s.rpe is not None]
    if not (current.load_kg and rpes and max(rpes) >= R.RPE_NEAR_FAILURE):
        return None
    cut = R.RPE_FAILURE_CUT_PCT if max(rpes) >= R.RPE_FAILURE else R.RPE_NEAR_FAILURE_CUT_PCT
    kg = _round_load(current.load_kg * (1 - cut / 100), rules.load_increment_kg)
    kg = min(max(rules.load_increment_kg, kg), current.load_kg)
    return _decision(
        case.ex, Action.LOAD_DOWN, "rpe-high", current, revised(current, load_kg=kg),
        rpe=max(rpes), cut=cut, kg=kg,
    )  # fmt: skip


def _ladder_up(case: _Case) -> Decision | None:
    """A met criterion steps up (it reads only the sessions it counts)."""
    ex, catalog, recent = case.ex, case.catalog, case.recent
    newest_first: list[SessionPerformance] = []  # made once, as far back as a link reads
    for link in ex.progressions:
        target = catalog.exercises.get(link.target)
        if link.criterion is None or target is None:
            continue
        counted = min(link.criterion.sessions_counted(), len(recent))
        while len(newest_first) < counted:
            newest_first.append(_performance(recent[-1 - len(newest_first)], ex))
        performances = newest_first[:counted][::-1]
        if criterion_met(link.criterion, performances) and _allowed(
            target, case.conditions, case.equipment
        ):
            after = starting_dose(
                target, reason=f"Stepped up from {ex.name}: {link.criterion_text}"
            )
            return _decision(
                ex, Action.LADDER_UP, "ladder-criterion", case.current, after,
                criterion=link.criterion.describe(), sources=catalog.cite(link.sources),
            )  # fmt: skip
    return None


def _target_done(case: _Case) -> bool:
    """Every set reached the target, with good form."""
    current, last = case.current, case.last
    return all(s.good_form for s in last.sets) and (
        len(last.sets) >= current.sets
        and all(
            (current.reps is None or s.reps >= current.reps)
            and (
                current.hold_seconds is None
                or (s.hold_seconds or current.hold_seconds) >= current.hold_seconds
            )
            for s in last.sets
        )
    )


def _load_up(case: _Case) -> Decision | None:
    """2-10 % more, never more than 10 % at once: every set at the top at RPE 8 or less,
    or 2-for-2 (NSCA; ACSM 2009)."""
    current, rules, dose = case.current, case.rules, case.ex.dosage
    if not current.load_kg:
        return None
    all_top = dose.reps is not None and all(
        s.reps >= dose.reps.high and (s.rpe is None or s.rpe <= R.RPE_TOP_FOR_LOAD_UP)
        for s in case.last.sets
    )
    recent = case.recent
    two_for_two = (
        current.reps is not None
        and len(recent) >= R.TWO_FOR_TWO_SESSIONS
        and all(
            log.sets and log.sets[-1].reps >= current.reps + R.TWO_FOR_TWO_EXTRA_REPS
            for log in recent[-R.TWO_FOR_TWO_SESSIONS :]
        )
    )
    if not (all_top or two_for_two):
        return None
    step = min(rules.load_step_pct, R.LOAD_STEP_MAX_PCT) / 100
    ceiling = current.load_kg * (1 + R.LOAD_STEP_MAX_PCT / 100)
    kg = _round_load(current.load_kg * (1 + step), rules.load_increment_kg)
    if kg <= current.load_kg:
        kg = current.load_kg + rules.load_increment_kg
    if kg > ceiling + 1e-9:
        return case.hold(
            "load-step-too-big", increment=rules.load_increment_kg,
            limit=R.LOAD_STEP_MAX_PCT, kg=current.load_kg,
        )  # fmt: skip
    because: dict[str, Param] = (
        {"why": "all-top", "rpe": R.RPE_TOP_FOR_LOAD_UP}
        if all_top
        else {"why": "2-for-2", "extra": R.TWO_FOR_TWO_EXTRA_REPS, "runs": R.TWO_FOR_TWO_SESSIONS}
    )
    return _decision(
        case.ex, Action.LOAD_UP, "load", current, revised(current, load_kg=kg),
        kg=kg, limit=R.LOAD_STEP_MAX_PCT, **because,
    )  # fmt: skip


def _double_progression(case: _Case) -> Decision:
    """Reps (or hold seconds, or spots) first, then sets; at the top, hold and name the next
    rung."""
    current, ex, dose = case.current, case.ex, case.ex.dosage

    def progress(step: str, **change: int | None) -> Decision:
        after = revised(current, **change)
        return _decision(ex, Action.PROGRESS, "double-progression", current, after, step=step)

    if dose.reps is not None and current.reps is not None and current.reps < dose.reps.high:
        return progress("reps", reps=current.reps + 1)
    if (
        dose.hold_seconds is not None
        and current.hold_seconds is not None
        and current.hold_seconds < dose.hold_seconds.high
    ):
        held = min(dose.hold_seconds.high, current.hold_seconds + R.HOLD_STEP_SECONDS)
        return progress("hold", hold_seconds=held)
    if dose.spots is not None and current.spots is not None and current.spots < dose.spots.high:
        return progress("spots", spots=current.spots + 1)
    if current.sets < dose.sets.high:
        reps = dose.reps.low if dose.reps is not None and current.reps is not None else current.reps
        return progress("sets", sets=current.sets + 1, reps=reps)
    nxt = next((p for p in ex.progressions if p.target in case.catalog), None)
    if nxt is None:
        return case.hold("top-of-range")
    return case.hold(
        "top-of-range", next=case.catalog.get(nxt.target).name, criterion=nxt.criterion_text
    )
