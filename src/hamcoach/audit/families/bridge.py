"""Bridges (bridge, single-leg-bridge, bridge-pillow-squeeze, ball-bridge): reps from the
hips' height; the hips not level, the hips not high, pushing through the toes, rushing.

The marching bridge is left out: its hips stay up while the feet take turns, so its reps
are the feet's, not the hips', and no signal here counts them.
"""

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
from hamcoach.audit.measures import Measured, Scene, heels_lift, rushing, turn, worst
from hamcoach.audit.signal import Rep, View, body_scale, joint, middle, part, rise

HIPS_NOT_LEVEL = Check(
    id="hips-not-level",
    label="pelvis tilt",
    title="hips not level",
    measure="the line from hip to hip against the horizontal (the pelvis tilting side to "
    "side), the most in the rep",
    unit="degrees",
    threshold=10.0,
    worse=Worse.ABOVE,
    source="article 000: with one leg lifted the hips stay level (the catalog's cue: a glass "
    "of water on each hip bone); 10 degrees is a hamcoach default, no study giving a number",
    view=View.FRONT,
    joints=("hip",),
    mistake_words=("pelvis drops", "twists", "level"),
    correction="Keep both hip bones at the same height; lift less high if one side drops.",
)
HIPS_NOT_HIGH = Check(
    essential=True,
    id="hips-not-high",
    label="bend at the hips",
    title="hips not high",
    measure="how far shoulder, hip and knee are from a straight line at the top (the "
    "straightest held)",
    unit="degrees",
    threshold=PICTURE_MARGIN * 10.0,
    worse=Worse.ABOVE,
    source="article 000: raise the hips as high as you can; the catalog's pictures end the "
    "rise within 10 degrees of a straight shoulder-hip-knee line, and a fault is twice that "
    "away (a hamcoach rule)",
    view=View.SIDE,
    joints=("shoulder", "hip", "knee"),
    mistake_words=("sag", "not high", "short of"),
    correction="Drive the hips up until shoulders, hips and knees line up, without arching "
    "the lower back.",
)
TOES_PUSH = Check(
    id="toes-push",
    label="foot tipped",
    title="pushing through the toes",
    measure="how far the working foot tips onto the toes (heel-toe line against rest), the most",
    unit="degrees",
    threshold=10.0,
    worse=Worse.ABOVE,
    source="article 000: push through the four points of the foot, heels included; a common "
    "mistake is pushing up with the toes; 10 degrees (about 4 cm of heel rise), as for the "
    "squat's heels, is a hamcoach default clear of keypoint jitter",
    view=View.SIDE,
    joints=("heel", "toe"),
    mistake_words=("toes",),
    correction="Push through the whole foot, heels planted.",
)

FLOOR_BRIDGE = (HIPS_NOT_LEVEL, HIPS_NOT_HIGH, TOES_PUSH, RUSHING)


def hip_rise(points: np.ndarray) -> np.ndarray:
    """The hips' height above their lowest, over a body length (see body_scale)."""
    return rise(middle(points, "hip")[:, 1], body_scale(points))


def hip_tilt(points: np.ndarray) -> np.ndarray:
    """Degrees the hip-to-hip line leans from the horizontal, whichever way."""
    d = joint(points, "left_hip") - joint(points, "right_hip")
    return np.asarray(np.degrees(np.arctan2(np.abs(d[:, 1]), np.abs(d[:, 0]))))


def hips_not_level(scene: Scene, rep: Rep) -> Measured:
    seen = scene.points[rep.start : rep.end + 1]
    return worst(hip_tilt(seen), rep.start, scene.fps, low=False)


def line_bend(points: np.ndarray, leg: str | None) -> np.ndarray:
    """Degrees the shoulder-hip-knee line turns at the hips (0 straight)."""
    return turn(middle(points, "shoulder"), middle(points, "hip"), part(points, "knee", leg))


def hips_not_high(scene: Scene, rep: Rep) -> Measured:
    top = scene.points[rep.bottom_from : rep.bottom_to + 1]
    return worst(line_bend(top, scene.leg), rep.bottom_from, scene.fps, low=True)


BRIDGE = Family(
    name="bridge",
    signal=hip_rise,
    signal_says="the hips' height",
    phases=("up", "top", "down"),
    checks={
        "bridge": FLOOR_BRIDGE,
        "single-leg-bridge": FLOOR_BRIDGE,
        "bridge-pillow-squeeze": FLOOR_BRIDGE,
        # the heels rest on the ball: no toes to push through
        "ball-bridge": (HIPS_NOT_LEVEL, HIPS_NOT_HIGH, RUSHING),
    },
    measures={
        "hips-not-level": hips_not_level,
        "hips-not-high": hips_not_high,
        "toes-push": heels_lift,
        "rushing": rushing,
    },
    synth=Synth(
        # the foot tipped 20 degrees onto the toes at the top
        far={"toes-push": {"ankle": -50.2}},
        # the rise stopped most of the way short: shoulder-hip-knee about 30 degrees bent
        short={"hips-not-high": 0.7},
        # the pelvis tilted 20 degrees, the right side down
        roll={"hips-not-level": Roll(-20.0, ("left_hip", "right_hip"))},
    ),
)
