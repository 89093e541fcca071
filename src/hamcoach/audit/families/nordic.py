"""Nordic curls (nordic-curl, nordic-curl-eccentric): reps from the shoulders' height
above the knees as the body lowers; breaking at the hips, rushing."""

from __future__ import annotations

import numpy as np

from hamcoach.audit.families.base import PICTURE_MARGIN, RUSHING, Check, Family, Synth, Worse
from hamcoach.audit.measures import Measured, Scene, rushing, turn, worst
from hamcoach.audit.signal import Rep, View, body_scale, middle, rise

HIPS_BREAK = Check(
    essential=True,
    id="hips-break",
    label="bend at the hips",
    title="breaking at the hips",
    measure="how far knees, hips and shoulders are from a straight line while lowering (the "
    "worst held)",
    unit="degrees",
    threshold=PICTURE_MARGIN * 10.0,
    worse=Worse.ABOVE,
    source="article 003 and the catalog: a straight line from head to knees throughout; "
    "the catalog's pictures hold it within 10 degrees, and a fault is twice that away (a "
    "hamcoach rule)",
    view=View.SIDE,
    joints=("knee", "hip", "shoulder"),
    mistake_words=("at the hips",),
    correction="Squeeze the glutes to keep the hips straight, one line from head to knees.",
)


def lowering(points: np.ndarray) -> np.ndarray:
    """The shoulders' drop toward the knees' height, over a body length."""
    up = middle(points, "shoulder")[:, 1] - middle(points, "knee")[:, 1]
    return rise(up, body_scale(points), up=False)


def hips_break(scene: Scene, rep: Rep) -> Measured:
    down = scene.points[rep.start : rep.bottom_to + 1]
    line = turn(middle(down, "knee"), middle(down, "hip"), middle(down, "shoulder"))
    return worst(line, rep.start, scene.fps, low=False)


NORDIC_CHECKS = (HIPS_BREAK, RUSHING)
NORDIC = Family(
    name="nordic",
    signal=lowering,
    signal_says="the shoulders' height above the knees",
    checks={"nordic-curl": NORDIC_CHECKS, "nordic-curl-eccentric": NORDIC_CHECKS},
    measures={"hips-break": hips_break, "rushing": rushing},
    # the hips bent 40 degrees, the knees as much more so the shins stay on the floor
    synth=Synth(far_by={"hips-break": {"hip": 40.0, "knee": 40.0}}),
)
