"""Squats (bodyweight-squat, loaded-squat, squat-to-bench): reps from the hips' height
above the ankles; depth, the knees caving in or pulling together, the knees far past the
toes, the heels lifting, the trunk leaning, and rushing."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from hamcoach.audit.families.base import RUSHING, Check, Family, Synth, Worse
from hamcoach.audit.measures import (
    Measured,
    Scene,
    angle_from_up,
    heels_lift,
    knee_flexion,
    rushing,
    worst,
)
from hamcoach.audit.signal import Rep, View, hip_dip, joint, middle
from hamcoach.domain.pose import Contact, Keyframe, Poses
from hamcoach.domain.pose import View as PoseView

DEPTH = Check(
    essential=True,
    id="depth",
    label="knee bend",
    title="not deep enough",
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
    label="knees apart over ankles",
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
    label="knees apart over ankles",
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
    label="knee ahead of the toes",
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
    needs_foot=True,
)
HEELS_LIFT = Check(
    id="heels-lift",
    label="foot tipped",
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
    label="trunk lean beyond the shins",
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
SQUAT_CHECKS = (DEPTH, KNEES_IN_DOWN, KNEES_IN_UP, KNEES_PAST_TOES, HEELS_LIFT, TRUNK_LEAN, RUSHING)


def depth(scene: Scene, rep: Rep) -> Measured:
    """The deepest knee flexion in the rep (a fault when it stays under 90)."""
    return worst(
        knee_flexion(scene.points[rep.start : rep.end + 1]), rep.start, scene.fps, low=False
    )


def _separation(points: np.ndarray) -> np.ndarray:
    knees = np.abs(joint(points, "left_knee")[:, 0] - joint(points, "right_knee")[:, 0])
    ankles = np.abs(joint(points, "left_ankle")[:, 0] - joint(points, "right_ankle")[:, 0])
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(knees / ankles)


def knees_in_down(scene: Scene, rep: Rep) -> Measured:
    # from halfway down: standing, the knees are naturally close to the ankles' width
    half = (rep.start + rep.bottom_from) // 2
    return worst(_separation(scene.points[half : rep.bottom_to + 1]), half, scene.fps, low=True)


def knees_in_up(scene: Scene, rep: Rep) -> Measured:
    # up to three quarters of the way: standing, the knees are near the ankles' width again
    most = rep.bottom_to + 3 * (rep.end - rep.bottom_to) // 4
    return worst(
        _separation(scene.points[rep.bottom_to : most + 1]), rep.bottom_to, scene.fps, low=True
    )


def knees_past_toes(scene: Scene, rep: Rep) -> Measured:
    part = scene.points[rep.start : rep.end + 1]
    ahead = (middle(part, "knee")[:, 0] - middle(part, "toe")[:, 0]) * scene.facing
    return worst(ahead / scene.foot, rep.start, scene.fps, low=False)


def trunk_lean(scene: Scene, rep: Rep) -> Measured:
    part = scene.points[rep.bottom_from : rep.bottom_to + 1]
    trunk = angle_from_up(middle(part, "hip"), middle(part, "shoulder"))
    shin = angle_from_up(middle(part, "ankle"), middle(part, "knee"))
    return worst(trunk - shin, rep.bottom_from, scene.fps, low=False)


FAULT_ANGLES: Mapping[str, Mapping[str, float]] = {
    # hips and knees bent less: knee flexion 75, above the hips-below-knees line
    "depth": {"pelvis": 10, "lumbar": 5, "thoracic": 5, "hip": 80, "knee": 75, "ankle": 5},
    # folded forward: trunk about 65 degrees from upright over shins at 25
    "trunk-lean": {
        "pelvis": 50,
        "lumbar": 20,
        "thoracic": 10,
        "hip": 140,
        "knee": 115,
        "ankle": 25,
    },
    # knees driven forward: shins at 40 degrees
    "knees-past-toes": {"pelvis": 25, "hip": 120, "knee": 135, "ankle": 40},
    # the foot tipped 15 degrees onto the toes
    "heels-lift": {"ankle": 10},
}
"""Side-view bottom angles that put each fault in."""
# The front view: feet a little wider than the hips, knees out over them at the bottom;
# the front model has no pelvis pitch, so the thigh's pitch (hip 95) is the squat's.
# (The body model's knee_valgus turns the shank back under the knee as it grows, so a
# knee caving in is a negative one here.)
FRONT_START = {"hip_abduction": 8, "knee_valgus": 8}
FRONT_BOTTOM = {"hip": 95, "knee": 120, "hip_abduction": 15, "knee_valgus": 15}
KNEES_IN = {"hip_abduction": -5, "knee_valgus": -15}
FRONT_FAULTS: Mapping[str, Mapping[str, float]] = {"knees-in-down": KNEES_IN}
MID_RISE = {"hip": 50, "knee": 60, **KNEES_IN}
"""Halfway up with the knees together: the 'knees-in-up' fault."""


def _front_poses() -> Poses:
    feet = (Contact("near.foot"), Contact("far.foot"))
    return Poses(
        view=PoseView.FRONT,
        keyframes=(
            Keyframe("start", FRONT_START, feet, seconds=2),
            Keyframe("bottom", FRONT_BOTTOM, feet, seconds=2),
        ),
    )


SQUAT = Family(
    name="squat",
    signal=hip_dip,
    signal_says="the hips above the ankles",
    checks={
        "bodyweight-squat": SQUAT_CHECKS,
        "loaded-squat": SQUAT_CHECKS,
        # the bench sets the depth, so depth is not checked
        "squat-to-bench": tuple(c for c in SQUAT_CHECKS if c is not DEPTH),
    },
    measures={
        "depth": depth,
        "knees-in-down": knees_in_down,
        "knees-in-up": knees_in_up,
        "knees-past-toes": knees_past_toes,
        "heels-lift": heels_lift,
        "trunk-lean": trunk_lean,
        "rushing": rushing,
    },
    synth=Synth(
        far=FAULT_ANGLES,
        mid_back={"knees-in-up": MID_RISE},
        front_poses=_front_poses(),
        front_far=FRONT_FAULTS,
    ),
)
