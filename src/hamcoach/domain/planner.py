"""The personalised program: which exercises, at which step, in which order.

``build_program`` is pure and deterministic: the same profile and catalog
always give the same program. Every exercise chosen or left out carries a
reason a person can read, with its source.

Session order follows the articles: dynamic warm-up, tissue quality, length
and activation, strength, static cool-down (articles 002 and 003).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from hamcoach.domain.catalog import (
    SESSION_ORDER,
    Catalog,
    Category,
    CautionAction,
    Condition,
    Dosage,
    Equipment,
    Exercise,
    Range,
    Target,
)
from hamcoach.domain.profile import Experience, Profile
from hamcoach.domain.screening import ScreeningResult

DEFAULT_WEEKS = 5  # article 002: 2-3 times a week for 5 weeks
SECONDS_PER_REP = 4.0  # *default*: about 1 s up, 3 s down
REST_BETWEEN_SETS = 45.0  # *default*, unless the catalog gives a rest
SETUP_SECONDS = 30.0  # *default*: getting into position, per exercise


class PlanningError(ValueError):
    """The screening did not clear, so no program may be built."""


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

    def seconds(self) -> float:
        """Estimated time for this item, setup and rests included."""
        if self.spots is not None and self.extensions is not None:
            one_side = self.spots * (10.0 + self.extensions * 5.0)
            work = one_side * self.sets
        else:
            if self.hold_seconds and (self.reps or self.reps_by_set):
                per_rep = self.holds_per_rep * (self.hold_seconds + 2.0)
            else:
                per_rep = SECONDS_PER_REP
            reps = sum(self.reps_by_set) if self.reps_by_set else (self.reps or 1) * self.sets
            work = (
                reps * per_rep
                if self.reps or self.reps_by_set
                else self.sets * float(self.hold_seconds or 0)
            )
        if self.per_side:
            work *= 2
        rests = REST_BETWEEN_SETS * max(self.sets - 1, 0)
        return SETUP_SECONDS + work + rests


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


@dataclass(frozen=True, slots=True)
class Program:
    weeks: int
    sessions_per_week: int
    sessions: tuple[SessionPlan, ...]
    choices: tuple[Choice, ...]
    notes: tuple[str, ...] = ()

    def week(self, number: int) -> tuple[SessionPlan, ...]:
        return tuple(s for s in self.sessions if s.week == number)

    def exercise_ids(self) -> frozenset[str]:
        return frozenset(i.exercise_id for s in self.sessions for i in s.items)


# --- choosing -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Pick:
    exercise_id: str
    priority: int  # 1 keeps longest when time is short
    reason: str
    dose: Dosage | None = None  # None: the catalog's dose


class _Chooser:
    """Collects picks and the reasons for what was left out."""

    def __init__(self, catalog: Catalog, profile: Profile) -> None:
        self.catalog = catalog
        self.profile = profile
        self.conditions = profile.active_conditions()
        self.have = set(profile.equipment)
        self.picks: list[_Pick] = []
        self.choices: list[Choice] = []
        self.notes: list[str] = []

    def cite(self, ex: Exercise) -> str:
        return self.catalog.cite(ex.sources)

    def has_kit(self, ex: Exercise) -> bool:
        return ex.needs() <= self.have

    def out(self, exercise_id: str, reason: str) -> None:
        if not any(c.exercise_id == exercise_id for c in self.choices):
            self.choices.append(Choice(exercise_id, False, reason))

    def resolve(
        self, exercise_id: str, seen: frozenset[str] = frozenset()
    ) -> tuple[str, str] | None:
        """Apply cautions: the exercise to use instead (with why), or None to leave out."""
        ex = self.catalog.get(exercise_id)
        for condition in sorted(self.conditions):
            caution = ex.caution_for(condition)
            if caution is None:
                continue
            where = f" ({self.catalog.cite(caution.sources)})" if caution.sources else ""
            label = _CONDITION_WORDS[condition]
            if caution.action is CautionAction.AVOID:
                self.out(exercise_id, f"Left out: {label}. {caution.advice}{where}")
                return None
            if caution.action is CautionAction.SUBSTITUTE and caution.substitute:
                sub = caution.substitute
                if sub in seen:
                    return None
                sub_name = self.catalog.get(sub).name
                self.out(exercise_id, f"{sub_name} instead of {ex.name}: {label}{where}.")
                found = self.resolve(sub, seen | {exercise_id})
                if found is None:
                    return None
                return found[0], f"{sub_name} instead of {ex.name}: {label}{where}. " + found[1]
        return exercise_id, ""

    def add(self, exercise_id: str, priority: int, reason: str, dose: Dosage | None = None) -> bool:
        resolved = self.resolve(exercise_id)
        if resolved is None:
            return False
        final_id, swap = resolved
        ex = self.catalog.get(final_id)
        if not self.has_kit(ex):
            missing = ", ".join(sorted(e.value for e in ex.needs() - self.have))
            self.out(final_id, f"Left out: it needs {missing}, which is not in your equipment.")
            return False
        if any(p.exercise_id == final_id for p in self.picks):
            return True
        text = (swap + reason).strip() if swap else reason
        self.picks.append(
            _Pick(final_id, priority, text, dose if final_id == exercise_id else None)
        )
        self.choices.append(Choice(final_id, True, text))
        return True


_CONDITION_WORDS = {
    Condition.FLEXION_SENSITIVE_BACK: "bending or sitting aggravates your back",
    Condition.LOW_BACK_PAIN: "you have low-back pain",
    Condition.SCIATICA: "you have leg pain or tingling below the knee",
    Condition.KNEE_PAIN: "you have knee pain",
    Condition.RECENT_HAMSTRING_STRAIN: "you strained a hamstring recently",
    Condition.RECENT_KNEE_SURGERY: "you had knee surgery in the last year",
}


def _bridge_entry(ch: _Chooser) -> None:
    """Knee flexion and hip extension: bridge -> single-leg -> ball curl (000/001)."""
    slb = ch.profile.baseline.single_leg_bridge
    ball = Equipment.STABILITY_BALL in ch.have
    if slb is not None and slb >= 20 and ball:
        ch.add(
            "ball-hamstring-curl",
            1,
            f"Your single-leg bridge test ({slb} reps on the weaker side, average or better "
            "by Freckleton's norms) shows bridges are easy, so you start on the ball curl "
            "(articles 000, 001: bridge first, then the curl).",
        )
        ch.out("bridge", "Bridges are already easy for you (single-leg bridge test).")
        return
    if slb is not None and slb >= 10:
        why = f"Your single-leg bridge test ({slb} reps on the weaker side) is below 20, "
        why += "so the single-leg bridge comes before curls on a ball (articles 000, 001)."
        if slb >= 20 and not ball:
            why = f"Your single-leg bridge test ({slb}) would allow ball curls, but you have no "
            why += "exercise ball; the single-leg bridge keeps the progression going."
        ch.add("single-leg-bridge", 1, why)
        ch.out(
            "ball-hamstring-curl",
            "Not yet: single-leg bridges must be easy first (articles 000, 001).",
        )
        return
    why = (
        "No single-leg bridge test given, so you start at the first rung"
        if slb is None
        else f"Your single-leg bridge test ({slb}) is under 10, so you start at the first rung"
    )
    ch.add("bridge", 1, why + ": the two-leg bridge (articles 000, 001).")
    ch.out(
        "ball-hamstring-curl", "Not yet: no ball curls before bridges are easy (articles 000, 001)."
    )


def _squat_entry(ch: _Chooser) -> None:
    """Squat ladder: bench -> bodyweight -> loaded after 30 good reps (000/001)."""
    squats = ch.profile.baseline.bodyweight_squats
    if squats is not None and squats >= 30:
        if Equipment.DUMBBELL_OR_KETTLEBELL in ch.have:
            ch.add(
                "loaded-squat",
                2,
                f"You did {squats} bodyweight squats with good form; the articles' gate for "
                "adding load is 30 (articles 000, 001).",
            )
            return
        ch.add(
            "bodyweight-squat",
            2,
            f"You passed the 30-squat gate ({squats}) but have no weight; bodyweight squats "
            "continue until you add a dumbbell or kettlebell.",
        )
        return
    if squats is None and ch.profile.experience is Experience.NONE:
        ch.add(
            "squat-to-bench",
            2,
            "New to strength training and no squat test given: squats to a bench or chair "
            "come first (articles 000, 001).",
        )
        return
    if squats is not None and squats < 10:
        ch.add(
            "squat-to-bench",
            2,
            f"Only {squats} good squats in your test: squats to a bench build the pattern "
            "first (articles 000, 001).",
        )
        return
    detail = f" ({squats} good ones in your test)" if squats is not None else ""
    ch.add(
        "bodyweight-squat",
        2,
        f"Full bodyweight squats{detail}, below 90 degrees if form allows; load waits until "
        "30 are perfect (articles 000, 001).",
    )
    ch.out(
        "loaded-squat",
        "Not yet: 30 bodyweight squats with perfect form come first (articles 000, 001).",
    )


def _hinge_entry(ch: _Chooser) -> None:
    """Single-leg work: single-leg deadlift, weighted after 30 slow reps a leg (000/001)."""
    sldl = ch.profile.baseline.single_leg_deadlift
    if sldl is not None and sldl >= 30 and Equipment.DUMBBELL_OR_KETTLEBELL in ch.have:
        ch.add(
            "weighted-single-leg-deadlift",
            2,
            f"{sldl} slow single-leg deadlifts on your weaker leg passes the 30-a-leg gate "
            "for adding weight (articles 000, 001).",
        )
        return
    ch.add(
        "single-leg-deadlift",
        2,
        "Single-leg work for each hamstring on its own, slow and unweighted until 30 a leg "
        "are perfect (articles 000, 001; article 003 on imbalances).",
    )
    ch.out(
        "weighted-single-leg-deadlift",
        "Not yet: 30 slow, controlled single-leg deadlifts a leg come first (articles 000, 001).",
    )


def _choose_routine(catalog: Catalog, profile: Profile, routine_id: str) -> _Chooser:
    """A catalog routine, in its order; cautions and equipment still decide."""
    ch = _Chooser(catalog, profile)
    routine = catalog.routine(routine_id)
    where = catalog.cite(routine.sources)
    categories = {catalog.get(i.exercise).category for i in routine.items}
    if Category.WARM_UP not in categories:
        ch.add("leg-swings", 3, "Every session starts with a dynamic warm-up (article 003).")
    for n, entry in enumerate(routine.items):
        note = f" {entry.note}" if entry.note else ""
        ch.add(
            entry.exercise,
            1 + n // 3,
            f"Part of the routine '{routine.name}' ({where}).{note}",
            entry.dosage,
        )
    if Category.COOL_DOWN not in categories:
        ch.add(
            "hamstring-static-stretch",
            4,
            "Static stretch to cool down after training (article 003).",
        )
    return ch


def _choose(catalog: Catalog, profile: Profile) -> _Chooser:
    if profile.routine:
        return _choose_routine(catalog, profile, profile.routine)
    ch = _Chooser(catalog, profile)
    conditions = ch.conditions

    # warm-up (article 003: dynamic before)
    ch.add("leg-swings", 3, "Dynamic warm-up before training (article 003).")
    # tissue quality (article 002, exercise 1)
    if Equipment.MASSAGE_BALL in ch.have:
        ch.add(
            "asmr-hamstrings",
            4,
            "Improves tissue quality before length and strength work (article 002).",
        )
    else:
        ch.out(
            "asmr-hamstrings",
            "Left out: it needs a hard ball (a massage or golf ball); add massage-ball to your "
            "equipment to include it (article 002).",
        )
    # length (article 002, exercise 2)
    ch.add(
        "hamstring-ere-standing",
        2,
        "Builds hamstring length with the strength to keep it, rather than stretching alone "
        "(article 002).",
    )
    # glutes so the hamstrings stop compensating (article 002, exercise 3)
    # tibial rotation (article 002, exercise 4)
    ch.add(
        "seated-tibial-rotation",
        1,
        "Trains the hamstrings' rotation of the shin, which steadies the knee and protects "
        "the meniscus and ligaments (article 002).",
    )
    if Condition.LOW_BACK_PAIN in conditions:
        ch.add(
            "posterior-pelvic-tilt",
            3,
            "You have low-back pain: practising the pelvic tilt teaches the hamstrings' pull "
            "on the pelvis (article 004).",
        )
    _bridge_entry(ch)
    if "bridge" in {p.exercise_id for p in ch.picks}:
        ch.out(
            "marching-bridge",
            "Not yet: stay with the basic bridge until it is easy, then march (article 002).",
        )
    else:
        ch.add(
            "marching-bridge",
            2,
            "Gets the glutes doing hip extension so the hamstrings stop overworking (article 002).",
        )
    _squat_entry(ch)
    _hinge_entry(ch)
    # posterior pelvic tilt, closed chain (article 002, exercise 5)
    ch.add(
        "jefferson-curl",
        1,
        "Trains the hamstrings' posterior pelvic tilt and awareness of the pelvis (article 002).",
    )
    # eccentric strength (article 003; Oslo protocol)
    if Equipment.ANKLE_ANCHOR in ch.have:
        ch.add(
            "nordic-curl-eccentric",
            3,
            "Eccentric hamstring strength, lowering only at first (article 003), on the Oslo "
            "protocol's weekly volume (Petersen 2011).",
        )
        ch.out(
            "nordic-curl",
            "Not yet: full Nordics come after the lowering-only version is controlled "
            "(article 003).",
        )
    elif Equipment.DUMBBELL_OR_KETTLEBELL in ch.have:
        ch.add("romanian-deadlift", 3, "Eccentric hamstring work with a weight (article 003).")
    else:
        ch.out(
            "nordic-curl-eccentric",
            "Left out: it needs something to hold the ankles down (ankle-anchor: a sofa or bar); "
            "the slow lowering of the single-leg deadlift covers eccentric work meanwhile.",
        )
    # warm-up squats, unless squats are already in the strength block
    squat_ids = {"bodyweight-squat", "squat-to-bench", "loaded-squat"}
    if not squat_ids & {p.exercise_id for p in ch.picks} or "loaded-squat" in {
        p.exercise_id for p in ch.picks
    }:
        warm = Dosage(sets=Range(1, 1), reps=Range(10, 10), note="warm-up volume")
        ch.add("bodyweight-squat", 5, "Dynamic warm-up before training (article 003).", warm)
    # cool-down (article 003: static after)
    ch.add(
        "hamstring-static-stretch", 4, "Static stretch to cool down after training (article 003)."
    )
    return ch


# --- dosing ---------------------------------------------------------------------


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
    out = []
    for condition in sorted(conditions):
        caution = ex.caution_for(condition)
        if caution is not None and caution.action is CautionAction.MODIFY:
            where = f" ({catalog.cite(caution.sources)})" if caution.sources else ""
            out.append(caution.advice + where)
    return tuple(out)


def _phase_key(p: Prescription) -> int:
    return SESSION_ORDER.index(p.phase)


def build_program(
    profile: Profile,
    screening: ScreeningResult,
    catalog: Catalog,
    *,
    weeks: int = DEFAULT_WEEKS,
) -> Program:
    """The person's program. Raises PlanningError unless screening cleared."""
    if not screening.cleared:
        raise PlanningError("red flags: refer to a clinician; no program may be built")
    ch = _choose(catalog, profile)
    conditions = ch.conditions
    limit = profile.availability.max_minutes * 60
    n = profile.availability.sessions_per_week

    def item(pick: _Pick, week: int) -> Prescription:
        ex = catalog.get(pick.exercise_id)
        ex_to_use, reason = ex, pick.reason
        if ex.id == "loaded-squat" and week == 1 and Condition.KNEE_PAIN in conditions:
            ex_to_use = catalog.get("bodyweight-squat")
            reason = (
                "Week 1 with knee pain: no deep loaded knee bending yet; load starts in week 2."
            )
        dose = pick.dose or ex_to_use.dosage
        return starting_dose(
            ex_to_use,
            dose,
            week=week,
            reason=reason,
            modifications=modifications_for(ex_to_use, conditions, catalog),
        )

    # Split into A/B when one session would run over the time limit: the
    # warm-up, tissue, length and cool-down items stay in both, the
    # activation and strength items alternate by priority.
    fixed_phases = {
        Category.WARM_UP,
        Category.TISSUE_QUALITY,
        Category.MOBILITY,
        Category.COOL_DOWN,
    }
    picks = sorted(ch.picks, key=lambda p: p.priority)

    def seconds(ps: list[_Pick], week: int = 1) -> float:
        return sum(item(p, week).seconds() for p in ps)

    templates: list[list[_Pick]] = [picks]
    if seconds(picks) > limit:
        fixed = [p for p in picks if catalog.get(p.exercise_id).category in fixed_phases]
        rotating = [p for p in picks if p not in fixed]
        a = fixed + rotating[0::2]
        b = fixed + rotating[1::2]
        templates = [a, b]
    dropped: list[_Pick] = []
    for template in templates:
        while seconds(template) > limit and len(template) > 1:
            worst = max(template, key=lambda p: (p.priority, -template.index(p)))
            template.remove(worst)
            dropped.append(worst)
    kept_ids = {p.exercise_id for t in templates for p in t}
    for pick in dropped:
        if pick.exercise_id in kept_ids:
            continue
        ch.choices = [c for c in ch.choices if c.exercise_id != pick.exercise_id]
        ch.out(
            pick.exercise_id,
            f"Left out to keep sessions within {profile.availability.max_minutes} minutes; "
            "allow more time to include it.",
        )
    covered = {t for pid in kept_ids for t in catalog.get(pid).targets}
    missing = [t for t in _FUNCTIONS if t not in covered]
    if missing:
        ch.notes.append(
            "With this time limit the week does not cover: "
            + ", ".join(t.value for t in missing)
            + ". Allow more minutes per session to cover every hamstring function."
        )

    sessions: list[SessionPlan] = []
    number = 0
    nordic = catalog.get("nordic-curl-eccentric").dosage.weekly
    for week in range(1, weeks + 1):
        per_week_nordic = next((w.sessions_per_week for w in reversed(nordic) if w.week <= week), n)
        for k in range(n):
            number += 1
            template = templates[k % len(templates)] if len(templates) > 1 else templates[0]
            label = "AB"[k % len(templates)] if len(templates) > 1 else "A"
            items = []
            for pick in template:
                if pick.exercise_id == "nordic-curl-eccentric" and k >= per_week_nordic:
                    continue  # Oslo protocol: fewer Nordic sessions in the first weeks
                items.append(item(pick, week))
            items.sort(key=_phase_key)
            sessions.append(SessionPlan(number, week, label, tuple(items)))
    notes = list(screening.notes) + ch.notes
    notes.append(
        "Doses start at the low end of each range and rise only from what you log: pain "
        "0-3/10 that settles by the next morning may progress, 4-5 repeats, above 5 steps "
        "back (Silbernagel 2007)."
    )
    return Program(weeks, n, tuple(sessions), tuple(ch.choices), tuple(notes))


_FUNCTIONS = (
    Target.KNEE_FLEXION,
    Target.HIP_EXTENSION,
    Target.TIBIAL_INTERNAL_ROTATION,
    Target.POSTERIOR_PELVIC_TILT,
    Target.ECCENTRIC_HAMSTRING_STRENGTH,
    Target.BALANCE,
)
