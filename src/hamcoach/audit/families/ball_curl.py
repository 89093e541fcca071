"""Hamstring curls on a ball (ball-hamstring-curl, single-leg-ball-hamstring-curl): reps
from the knee's angle; the hips dropping as the ball rolls in, the leg not nearly straight
again, the heel not reaching the buttock, rushing. The knee's angle needs a side view."""

from __future__ import annotations

import numpy as np

from hamcoach.audit.families.base import PICTURE_MARGIN, RUSHING, Check, Family, Synth, Worse
from hamcoach.audit.families.bridge import line_bend
from hamcoach.audit.measures import Measured, Scene, rushing, turn, worst
from hamcoach.audit.signal import Rep, View, joint, part, rise

HIPS_DROP = Check(
    essential=True,
    id="hips-drop",
    label="bend at the hips",
    title="hips dropping as the ball rolls in",
    measure="how far shoulder, hip and working knee are from a straight line, the most from "
    "the start to the end of the curl",
    unit="degrees",
    threshold=PICTURE_MARGIN * 10.0,
    worse=Worse.ABOVE,
    source="articles 000 and 003: the hips stay up, not dropping as the ball rolls in; the "
    "catalog's pictures hold the curl within 10 degrees of a straight shoulder-hip-knee "
    "line, and a fault is twice that away (a hamcoach rule)",
    view=View.SIDE,
    joints=("shoulder", "hip", "knee"),
    mistake_words=("hips sag", "hips drop"),
    correction="Squeeze the glutes to keep the hips up while the ball rolls in.",
)
LEG_NOT_STRAIGHT = Check(
    id="leg-not-straight",
    label="knee bend",
    title="the leg not nearly straight",
    measure="the working knee's flexion at its straightest on the way back out, to half a "
    "second after the rep (held)",
    unit="degrees",
    threshold=20.0,
    worse=Worse.ABOVE,
    source="article 000: extend the leg almost all the way straight; 'almost' read as "
    "within 20 degrees of straight, a hamcoach default (the pictures start at 5)",
    view=View.SIDE,
    joints=("hip", "knee", "ankle"),
    mistake_words=("never straighten", "not nearly straight"),
    correction="Roll the ball back out until the legs are nearly straight.",
)
HEEL_SHORT = Check(
    essential=True,
    id="heel-short",
    label="heel to hip",
    title="the heel not reaching the buttock",
    measure="the working heel's distance from the hip at the curl (the closest held), in "
    "thigh lengths",
    unit="thigh lengths",
    threshold=1.0,
    worse=Worse.ABOVE,
    source="article 000: bring the heel all the way to the buttock; the catalog's pictures "
    "end the curl with the heel within a thigh's length of the hip, and a heel farther is "
    "the fault (a hamcoach default)",
    view=View.SIDE,
    joints=("hip", "knee", "heel"),
    mistake_words=("buttock",),
    correction="Curl until the heels come close to the buttocks.",
)


def knee_bend(points: np.ndarray) -> np.ndarray:
    """The more bent knee's flexion: the working one in a single-leg curl, the free leg
    staying straight."""
    left, right = (
        turn(*(joint(points, f"{side}_{n}") for n in ("hip", "knee", "ankle")))
        for side in ("left", "right")
    )
    return np.asarray(np.fmax(left, right))


def knee_signal(points: np.ndarray) -> np.ndarray:
    """The knee's flexion above its straightest, over 90 degrees."""
    return rise(knee_bend(points), 90.0)


def hips_drop(scene: Scene, rep: Rep) -> Measured:
    curl = scene.points[rep.start : rep.bottom_to + 1]
    return worst(line_bend(curl, scene.leg), rep.start, scene.fps, low=False)


AFTER_SECONDS = 0.5
"""The leg's straightest is looked for up to this long after the rep's end, which is a
tenth of the way short of rest."""


def leg_not_straight(scene: Scene, rep: Rep) -> Measured:
    back = scene.points[rep.deepest : rep.end + 1 + round(AFTER_SECONDS * scene.fps)]
    flexion = turn(*(part(back, n, scene.leg) for n in ("hip", "knee", "ankle")))
    return worst(flexion, rep.deepest, scene.fps, low=True)


def heel_short(scene: Scene, rep: Rep) -> Measured:
    seen = scene.points[rep.start : rep.end + 1]
    hip, knee = part(seen, "hip", scene.leg), part(seen, "knee", scene.leg)
    thigh = np.linalg.norm(knee - hip, axis=1)
    if not np.isfinite(thigh).any():
        return None
    far = np.linalg.norm(part(seen, "heel", scene.leg) - hip, axis=1) / np.nanmedian(thigh)
    return worst(far, rep.start, scene.fps, low=True)


CURL_CHECKS = (HIPS_DROP, LEG_NOT_STRAIGHT, HEEL_SHORT, RUSHING)
BALL_CURL = Family(
    name="ball-curl",
    signal=knee_signal,
    signal_says="the knee's angle",
    phases=("in", "curled", "out"),
    checks={"ball-hamstring-curl": CURL_CHECKS, "single-leg-ball-hamstring-curl": CURL_CHECKS},
    measures={
        "hips-drop": hips_drop,
        "leg-not-straight": leg_not_straight,
        "heel-short": heel_short,
        "rushing": rushing,
    },
    synth=Synth(
        # the hips bent 40 degrees at the curl
        far_by={"hips-drop": {"hip": 40.0}},
        # the curl stopped 60 % short: the knee bent about 55 degrees
        short={"heel-short": 0.6},
        # rolled back out only to 35 % of the curl: the knee still bent about 50 degrees
        short_back={"leg-not-straight": 0.35},
    ),
    signal_views=frozenset({View.SIDE}),
)
