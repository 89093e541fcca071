"""Single-leg deadlifts (single-leg-deadlift, weighted-single-leg-deadlift): reps from the
trunk's angle; the hips rotating open, the back dropping into a V, the back moving before
the leg, rushing. The standing leg is the one ``--side`` names, else the lower ankle's."""

from __future__ import annotations

import numpy as np

from hamcoach.audit.families.base import (
    PICTURE_MARGIN,
    RUSHING,
    Check,
    Family,
    Roll,
    Synth,
    Worse,
)
from hamcoach.audit.measures import Measured, Scene, rushing, turn, worst
from hamcoach.audit.signal import Rep, View, body_scale, joint, middle, other, part, rise
from hamcoach.motion.body import HIP_WIDTH, LENGTH

PELVIS_PER_THIGH = (HIP_WIDTH / 2) / LENGTH["thigh"]
"""The hip joints' distance apart over the thigh's length (Winter's hip width, de Leva's
thigh: audit/../motion/body.py): a side camera sees the thigh whole, and the hips apart by
this times the sine of the pelvis's turn."""
LEAD_SHARE = 0.25
"""The trunk's and the free leg's movement are each timed at a quarter of their way."""

HIPS_OPEN = Check(
    id="hips-open",
    label="pelvis turn",
    title="hips rotating open",
    measure="the pelvis's turn about the trunk from the two hips' distance apart in the "
    "picture against the standing thigh's length, the most in the rep",
    unit="degrees",
    threshold=20.0,
    worse=Worse.ABOVE,
    source="article 000: keep the hips square to the floor; if one hip rotates up, stop and "
    "reset; 20 degrees is a hamcoach default, no study giving a number",
    view=View.SIDE,
    joints=("hip", "knee"),
    mistake_words=("rotate",),
    correction="Stop, reset, and keep both hips facing the floor.",
)
BACK_V = Check(
    essential=True,
    id="back-v",
    label="bend at the hips",
    title="the back dropping into a V",
    measure="how far shoulders, hips and the raised heel are from a straight line at the "
    "bottom (the worst held)",
    unit="degrees",
    threshold=PICTURE_MARGIN * 15.0,
    worse=Worse.ABOVE,
    source="article 000: a solid straight line from the upper back through the leg, not a "
    "'V'; the catalog's pictures hold the line within 15 degrees, and a fault is twice that "
    "away (a hamcoach rule)",
    view=View.SIDE,
    joints=("shoulder", "hip", "heel"),
    mistake_words=("into a v",),
    correction="Keep a straight line from upper back to heel; lift the leg less if needed.",
)
BACK_FIRST = Check(
    id="back-first",
    label="back ahead of the leg",
    title="the back moving before the leg",
    measure="how much sooner the trunk is a quarter of the way down than the free leg is a "
    "quarter of the way up, as a share of the way down",
    unit="share of the way down",
    threshold=0.2,
    worse=Worse.ABOVE,
    source="article 000: the leg goes first and the back follows only when the leg can go "
    "no higher; a lead of a fifth of the way down is a hamcoach default",
    view=View.SIDE,
    joints=("shoulder", "hip", "ankle"),
    mistake_words=("before the leg",),
    correction="Lead with the leg; let the back follow.",
)


def trunk_tip(points: np.ndarray) -> np.ndarray:
    """The shoulders' drop toward the hips' height, over a body length: 1 - cos of the
    trunk's angle from upright in a side view, the same drop seen from the front."""
    up = middle(points, "shoulder")[:, 1] - middle(points, "hip")[:, 1]
    return rise(up, body_scale(points), up=False)


def hips_open(scene: Scene, rep: Rep) -> Measured:
    seen = scene.points[rep.start : rep.end + 1]
    thigh = np.linalg.norm(part(seen, "knee", scene.leg) - part(seen, "hip", scene.leg), axis=1)
    if not np.isfinite(thigh).any():
        return None
    apart = np.linalg.norm(joint(seen, "left_hip") - joint(seen, "right_hip"), axis=1)
    share = np.clip(apart / (PELVIS_PER_THIGH * np.nanmedian(thigh)), 0.0, 1.0)
    return worst(np.degrees(np.arcsin(share)), rep.start, scene.fps, low=False)


def back_v(scene: Scene, rep: Rep) -> Measured:
    bottom = scene.points[rep.bottom_from : rep.bottom_to + 1]
    line = turn(
        middle(bottom, "shoulder"), middle(bottom, "hip"), part(bottom, "heel", other(scene.leg))
    )
    return worst(line, rep.bottom_from, scene.fps, low=False)


def _reaches(values: np.ndarray, share: float) -> int | None:
    """The first frame a movement is ``share`` of its way from its first value to its last."""
    ok = np.isfinite(values)
    if ok.sum() < 2 or not ok[0] or not ok[-1] or values[-1] == values[0]:
        return None
    done = (values - values[0]) / (values[-1] - values[0])
    return int(np.argmax(np.nan_to_num(done, nan=-1.0) >= share))


def back_first(scene: Scene, rep: Rep) -> Measured:
    down = scene.points[rep.start : rep.deepest + 1]
    hip = middle(down, "hip")
    trunk = turn(hip + np.array([0.0, 1.0]), hip, middle(down, "shoulder"))
    leg = turn(hip + np.array([0.0, -1.0]), hip, part(down, "ankle", other(scene.leg)))
    t, g = _reaches(trunk, LEAD_SHARE), _reaches(leg, LEAD_SHARE)
    if t is None or g is None or rep.deepest <= rep.start:
        return None
    return (g - t) / (rep.deepest - rep.start), rep.start + t


HINGE_CHECKS = (HIPS_OPEN, BACK_V, BACK_FIRST, RUSHING)
FREE_LEG = ("right_knee", "right_ankle", "right_heel", "right_foot_index")
HINGE = Family(
    name="single-leg hinge",
    signal=trunk_tip,
    signal_says="the trunk's angle",
    checks={"single-leg-deadlift": HINGE_CHECKS, "weighted-single-leg-deadlift": HINGE_CHECKS},
    measures={
        "hips-open": hips_open,
        "back-v": back_v,
        "back-first": back_first,
        "rushing": rushing,
    },
    synth=Synth(
        # the free leg 60 degrees lower and the trunk 15 further down: a V at the bottom
        far_by={"back-v": {"far_hip": 60.0, "pelvis": 15.0}},
        # the pelvis turned 35 degrees, the free (right) side up, the leg with it
        roll={"hips-open": Roll(35.0, ("left_hip", "right_hip", *FREE_LEG))},
        # the free leg starting when the trunk is 60 % of the way down
        lag={"back-first": (frozenset({"far_hip", "far_knee", "far_ankle"}), 0.6)},
    ),
)
