"""Which exercises a person does, at which rung, and why: the chooser.

Every exercise chosen or left out carries a reason a person can read, with
its source. Entry gates read the ladder criteria from the catalog; the
test norms and defaults come from ``hamcoach.domain.rules``.
"""

from __future__ import annotations

from dataclasses import dataclass

from hamcoach.domain import rules as R
from hamcoach.domain.catalog import (
    Catalog,
    Category,
    CautionAction,
    Condition,
    Dosage,
    Equipment,
    Exercise,
    Range,
)
from hamcoach.domain.criteria import Criterion
from hamcoach.domain.prescription import Choice
from hamcoach.domain.profile import Experience, Profile


@dataclass(frozen=True, slots=True)
class Pick:
    exercise_id: str
    priority: int  # 1 keeps longest when time is short
    reason: str
    dose: Dosage | None = None  # None: the catalog's dose
    phase: Category | None = None
    """Where in the session it goes; None: its catalog category (the warm-up squats are a
    strength exercise done as warm-up)."""


_CONDITION_WORDS = {
    Condition.FLEXION_SENSITIVE_BACK: "bending or sitting aggravates your back",
    Condition.LOW_BACK_PAIN: "you have low-back pain",
    Condition.SCIATICA: "you have leg pain or tingling below the knee",
    Condition.KNEE_PAIN: "you have knee pain",
    Condition.RECENT_HAMSTRING_STRAIN: "you strained a hamstring recently",
    Condition.RECENT_KNEE_SURGERY: "you had knee surgery in the last year",
}


class Chooser:
    """Collects picks and the reasons for what was left out."""

    def __init__(self, catalog: Catalog, profile: Profile) -> None:
        self.catalog = catalog
        self.profile = profile
        self.conditions = profile.active_conditions()
        self.have = set(profile.equipment)
        self.picks: list[Pick] = []
        self.choices: list[Choice] = []
        self.notes: list[str] = []

    def cite(self, ex: Exercise) -> str:
        return self.catalog.cite(ex.sources)

    def has_kit(self, ex: Exercise) -> bool:
        return ex.needs() <= self.have

    def picked(self) -> set[str]:
        return {p.exercise_id for p in self.picks}

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

    def add(
        self,
        exercise_id: str,
        priority: int,
        reason: str,
        dose: Dosage | None = None,
        *,
        phase: Category | None = None,
    ) -> bool:
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
        own = final_id == exercise_id
        self.picks.append(
            Pick(final_id, priority, text, dose if own else None, phase if own else None)
        )
        self.choices.append(Choice(final_id, True, text))
        return True


def ladder_gate(catalog: Catalog, from_id: str, to_id: str) -> Criterion:
    """The catalog's checkable criterion for moving from one exercise up to another."""
    for link in catalog.get(from_id).progressions:
        if link.target == to_id and link.criterion is not None:
            return link.criterion
    raise LookupError(f"the catalog has no checkable criterion from {from_id} to {to_id}")


# --- entry gates: where on each ladder a person starts ----------------------------


def _bridge_entry(ch: Chooser) -> None:
    """Knee flexion and hip extension: bridge -> single-leg -> ball curl (000/001)."""
    slb = ch.profile.baseline.single_leg_bridge
    ball = Equipment.STABILITY_BALL in ch.have
    norm, start = R.SINGLE_LEG_BRIDGE_POOR_BELOW, R.SINGLE_LEG_BRIDGE_START_MIN
    if slb is not None and slb >= norm and ball:
        ch.add(
            "ball-hamstring-curl",
            1,
            f"Your single-leg bridge test ({slb} reps on the weaker side, average or better "
            "by Freckleton's norms) shows bridges are easy, so you start on the ball curl "
            "(articles 000, 001: bridge first, then the curl).",
        )
        ch.out("bridge", "Bridges are already easy for you (single-leg bridge test).")
        return
    if slb is not None and slb >= start:
        why = f"Your single-leg bridge test ({slb} reps on the weaker side) is below {norm}, "
        why += "so the single-leg bridge comes before curls on a ball (articles 000, 001)."
        if slb >= norm and not ball:
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
        else f"Your single-leg bridge test ({slb}) is under {start}, so you start at the first rung"
    )
    ch.add("bridge", 1, why + ": the two-leg bridge (articles 000, 001).")
    ch.out(
        "ball-hamstring-curl", "Not yet: no ball curls before bridges are easy (articles 000, 001)."
    )


def _squat_entry(ch: Chooser) -> None:
    """Squat ladder: bench -> bodyweight -> loaded after the catalog's gate (000/001)."""
    squats = ch.profile.baseline.bodyweight_squats
    gate = ladder_gate(ch.catalog, "bodyweight-squat", "loaded-squat").value
    if squats is not None and squats >= gate:
        if Equipment.DUMBBELL_OR_KETTLEBELL in ch.have:
            ch.add(
                "loaded-squat",
                2,
                f"You did {squats} bodyweight squats with good form; the articles' gate for "
                f"adding load is {gate} (articles 000, 001).",
            )
            return
        ch.add(
            "bodyweight-squat",
            2,
            f"You passed the {gate}-squat gate ({squats}) but have no weight; bodyweight squats "
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
    if squats is not None and squats < R.SQUATS_BEFORE_FULL_SQUAT:
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
        f"{gate} are perfect (articles 000, 001).",
    )
    ch.out(
        "loaded-squat",
        f"Not yet: {gate} bodyweight squats with perfect form come first (articles 000, 001).",
    )


def _hinge_entry(ch: Chooser) -> None:
    """Single-leg work: single-leg deadlift, weighted after the catalog's gate (000/001)."""
    sldl = ch.profile.baseline.single_leg_deadlift
    gate = ladder_gate(ch.catalog, "single-leg-deadlift", "weighted-single-leg-deadlift").value
    if sldl is not None and sldl >= gate and Equipment.DUMBBELL_OR_KETTLEBELL in ch.have:
        ch.add(
            "weighted-single-leg-deadlift",
            2,
            f"{sldl} slow single-leg deadlifts on your weaker leg passes the {gate}-a-leg gate "
            "for adding weight (articles 000, 001).",
        )
        return
    ch.add(
        "single-leg-deadlift",
        2,
        f"Single-leg work for each hamstring on its own, slow and unweighted until {gate} a leg "
        "are perfect (articles 000, 001; article 003 on imbalances).",
    )
    ch.out(
        "weighted-single-leg-deadlift",
        f"Not yet: {gate} slow, controlled single-leg deadlifts a leg come first "
        "(articles 000, 001).",
    )


# --- the session, block by block -------------------------------------------------


def _warm_up_and_length(ch: Chooser) -> None:
    """Dynamic warm-up, tissue quality, length, tibial rotation (articles 002, 003, 004)."""
    ch.add("leg-swings", 3, "Dynamic warm-up before training (article 003).")
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
    ch.add(
        "hamstring-ere-standing",
        2,
        "Builds hamstring length with the strength to keep it, rather than stretching alone "
        "(article 002).",
    )
    ch.add(
        "seated-tibial-rotation",
        1,
        "Trains the hamstrings' rotation of the shin, which steadies the knee and protects "
        "the meniscus and ligaments (article 002).",
    )
    if Condition.LOW_BACK_PAIN in ch.conditions:
        ch.add(
            "posterior-pelvic-tilt",
            3,
            "You have low-back pain: practising the pelvic tilt teaches the hamstrings' pull "
            "on the pelvis (article 004).",
        )


def _activation_and_strength(ch: Chooser) -> None:
    """Bridges (glutes, so the hamstrings stop compensating), squats, single-leg work."""
    _bridge_entry(ch)
    if "bridge" in ch.picked():
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
    ch.add(
        "jefferson-curl",
        1,
        "Trains the hamstrings' posterior pelvic tilt and awareness of the pelvis (article 002).",
    )


def _eccentric(ch: Chooser) -> None:
    """Eccentric strength (article 003; the Oslo protocol)."""
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
    elif Equipment.DUMBBELL_OR_KETTLEBELL in ch.have and ch.profile.experience is Experience.NONE:
        ch.add("hip-hinge", 3, "New to strength training: the hip hinge without a weight comes "
               "first, the Romanian deadlift once it is smooth (article 003).")  # fmt: skip
        ch.out("romanian-deadlift", "Not yet: the hip hinge without a weight comes first "
               "(article 003: learn the movement before adding weight).")  # fmt: skip
    elif Equipment.DUMBBELL_OR_KETTLEBELL in ch.have:
        ch.add("romanian-deadlift", 3, "Eccentric hamstring work with a weight (article 003).")
    else:
        ch.out(
            "nordic-curl-eccentric",
            "Left out: it needs something to hold the ankles down (ankle-anchor: a sofa or bar); "
            "the slow lowering of the single-leg deadlift covers eccentric work meanwhile.",
        )


def _warm_up_squats_and_cool_down(ch: Chooser) -> None:
    """Warm-up squats unless squats are already the strength work; static stretch after."""
    squat_ids = {"bodyweight-squat", "squat-to-bench", "loaded-squat"}
    picked = ch.picked()
    if not squat_ids & picked or "loaded-squat" in picked:
        reps = R.WARM_UP_SQUATS
        warm = Dosage(sets=Range(1, 1), reps=Range(reps, reps), note="warm-up volume")
        ch.add(
            "bodyweight-squat",
            5,
            "Dynamic warm-up before training (article 003).",
            warm,
            phase=Category.WARM_UP,
        )
    ch.add(
        "hamstring-static-stretch", 4, "Static stretch to cool down after training (article 003)."
    )


def _choose_routine(catalog: Catalog, profile: Profile, routine_id: str) -> Chooser:
    """A catalog routine, in its order; cautions and equipment still decide."""
    ch = Chooser(catalog, profile)
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


def choose(catalog: Catalog, profile: Profile) -> Chooser:
    """The person's picks, in the articles' order: warm-up, tissue quality, length and
    activation, strength, static cool-down (articles 002 and 003); or their routine."""
    if profile.routine:
        return _choose_routine(catalog, profile, profile.routine)
    ch = Chooser(catalog, profile)
    _warm_up_and_length(ch)
    _activation_and_strength(ch)
    _eccentric(ch)
    _warm_up_squats_and_cool_down(ch)
    return ch
