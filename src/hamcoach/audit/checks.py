"""The form checks as data: what each measures, its threshold and where that comes from,
the camera view it needs, and the catalog mistake it belongs to.

A check's correction is the exercise's own mistake's (matched by words of the mistake's
``fault`` text, so that the loaded squat's "Form breaks under the weight (knees cave, depth
shrinks)" speaks for both its checks); a check with no mistake in the catalog says its
own, taken from the exercise's cues or the articles, with the source.

Thresholds are the articles' and the literature's, not fitted to any recording; where no
study gives a number the value is a hamcoach default, said as such.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from hamcoach.audit.signal import View


class Worse(StrEnum):
    """Which side of the threshold is the fault."""

    BELOW = "below"
    ABOVE = "above"


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    title: str
    """The fault, in a few words a person reads in the report."""
    measure: str
    """How the value is measured, for docs and the JSON."""
    unit: str
    threshold: float
    worse: Worse
    source: str
    view: View | None
    """The camera view the measure needs (None: any)."""
    joints: tuple[str, ...]
    """Joints it reads, without side (``knee`` means both knees, or the one seen)."""
    mistake_words: tuple[str, ...] = ()
    """Words of a catalog mistake's fault that make it this check's mistake."""
    correction: str = ""
    """Said when the exercise has no matching mistake."""
    unless: str | None = None
    """Not reported in a rep that already has this check's fault (the same fault going on)."""

    def faulty(self, value: float, threshold: float | None = None) -> bool:
        limit = self.threshold if threshold is None else threshold
        return value < limit if self.worse is Worse.BELOW else value > limit


DEPTH = Check(
    id="depth",
    title="not below 90 degrees",
    measure="the knee's flexion (180 minus the hip-knee-ankle angle) at the rep's deepest",
    unit="degrees",
    threshold=90.0,
    worse=Worse.BELOW,
    source="article 000: only going below 90 degrees works the hamstrings and glute medius",
    view=View.SIDE,
    joints=("hip", "knee", "ankle"),
    mistake_words=("90 degrees", "depth shrinks"),
    correction="Go lower as far as form holds.",
)
KNEES_IN_DOWN = Check(
    id="knees-in-down",
    title="knees caving in on the way down",
    measure="the knees' distance apart over the ankles' (knee-to-ankle separation ratio), "
    "the smallest from the start to the bottom",
    unit="ratio",
    threshold=0.6,
    worse=Worse.BELOW,
    source="article 000: knees out in line with the toes, not in; the measure is the 2-D "
    "knee-to-ankle separation ratio (Willis BW et al., J Sport Rehabil 2019;28(4)); 0.6 is a "
    "hamcoach default after Noyes FR et al., Am J Sports Med 2005;33:197 (knees 51 % of the "
    "hips' width apart landing with a valgus look, 68 % after training)",
    view=View.FRONT,
    joints=("knee", "ankle"),
    mistake_words=("fall inward", "knees cave", "drift inward on the way down"),
    correction="Push the knees out in line with the toes.",
)
KNEES_IN_UP = Check(
    id="knees-in-up",
    title="knees pulling together as you rise",
    measure="the knee-to-ankle separation ratio, the smallest from the bottom to three "
    "quarters of the way up, when the knees did not already cave on the way down",
    unit="ratio",
    threshold=0.6,
    worse=Worse.BELOW,
    source="article 000: knees coming together to stand up shows weakness; measure and "
    "threshold as for caving in on the way down",
    view=View.FRONT,
    joints=("knee", "ankle"),
    mistake_words=("pull together", "inward as you stand", "knees cave"),
    correction="Press the knees out as you stand.",
    unless="knees-in-down",
)
KNEES_PAST_TOES = Check(
    id="knees-past-toes",
    title="knees far past the toes",
    measure="how far the knee goes ahead of the toes' tip, in foot lengths, the most in the rep",
    unit="foot lengths",
    threshold=0.2,
    worse=Worse.ABOVE,
    source="article 000: knees in line with the toes but not over them; the catalog's cue "
    "'roughly above the toes, not far past them' (holding the knees back entirely moves the "
    "load to the hips and back: Fry AC et al., J Strength Cond Res 2003;17:629); 'far' read "
    "as a fifth of the foot (about 5 cm), a hamcoach default",
    view=View.SIDE,
    joints=("knee", "toe", "heel"),
    mistake_words=("past the toes", "over the toes"),
    correction="Sit the hips back and down so the knees stay roughly above the toes.",
)
HEELS_LIFT = Check(
    id="heels-lift",
    title="heels lifting",
    measure="how far the foot tips onto the toes (heel-toe line against standing), the most",
    unit="degrees",
    threshold=10.0,
    worse=Worse.ABOVE,
    source="article 000 (on the bridge): push through the four points of the foot, heels "
    "included, not the toes; 10 degrees (about 4 cm of heel rise) is a hamcoach default "
    "clear of keypoint jitter",
    view=View.SIDE,
    joints=("heel", "toe"),
    mistake_words=("heel",),
    correction="Keep the heels down: sit back between the heels and push through the whole foot.",
)
TRUNK_LEAN = Check(
    id="trunk-lean",
    title="excessive trunk lean",
    measure="the trunk's lean from upright (hip to shoulder) beyond the shins' lean, the most "
    "at the bottom",
    unit="degrees",
    threshold=20.0,
    worse=Worse.ABOVE,
    source="NSCA position statement (Chandler TJ, Stone MH, NSCA J 1991;13(5):51): the torso "
    "as near upright as possible; the trunk leaning about as far as the shins is the usual "
    "coaching reading, and 20 degrees beyond them a hamcoach default",
    view=View.SIDE,
    joints=("hip", "shoulder", "knee", "ankle"),
    mistake_words=("lean",),
    correction="Keep the chest up: sit down between the heels rather than folding forward.",
)
RUSHING = Check(
    id="rushing",
    title="rushing",
    measure="the rep's time, leaving standing to standing again (from a tenth of the way down "
    "to a tenth from the top, scaled as a smooth movement's), against the exercise's tempo",
    unit="s",
    threshold=0.5,
    worse=Worse.BELOW,
    source="ACSM position stand (Ratamess et al., Med Sci Sports Exerc 2009;41:687): moderate "
    "speed is 1-2 s each way, so a rep in under half the catalog's tempo (2 s down, 2 s up) "
    "is faster than moderate; articles 000 and 003: slow and controlled, no momentum",
    view=None,
    joints=("hip", "ankle"),
    mistake_words=("fast", "momentum", "rush"),
    correction="Slow down: take the time the tempo gives each way, under control.",
)

SQUAT_CHECKS = (DEPTH, KNEES_IN_DOWN, KNEES_IN_UP, KNEES_PAST_TOES, HEELS_LIFT, TRUNK_LEAN, RUSHING)
CHECKS: Mapping[str, tuple[Check, ...]] = {
    "bodyweight-squat": SQUAT_CHECKS,
    "loaded-squat": SQUAT_CHECKS,
    # the bench sets the depth, so depth is not checked
    "squat-to-bench": tuple(c for c in SQUAT_CHECKS if c is not DEPTH),
}
"""The exercises with form checks, and theirs."""
