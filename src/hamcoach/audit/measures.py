"""The measures behind the checks, on smoothed points (frames × joints × 2, +y up).

Each takes the rep's frames and returns the worst value in them and its frame, or None
when the joints it needs are not seen there. Side-view measures average the left and
right joints, which a side camera sees on top of each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from hamcoach.audit.signal import Rep, joint, middle


@dataclass(frozen=True, slots=True)
class Scene:
    """What the measures share: the points, which way the person faces, the foot's length
    and angle standing, the frame rate and the exercise's tempo."""

    points: np.ndarray
    facing: float
    foot: float
    """The foot's length (heel to toe) standing, in the points' units; NaN if unseen."""
    foot_angle: float
    """The heel-toe line's angle standing, in degrees (0 flat, positive heel up)."""
    fps: float
    tempo: float
    """Seconds a rep takes at the exercise's tempo."""


Measured = tuple[float, int] | None


SUSTAINED = 0.2
"""Seconds a value must last to count (as long as the smoothing's fit): a detector's error
for a frame or two makes no fault."""


def _worst(values: np.ndarray, start: int, fps: float, *, low: bool) -> Measured:
    """The worst value held for :data:`SUSTAINED` seconds, and the frame in the middle."""
    if not np.isfinite(values).any():
        return None
    n = min(len(values), max(1, round(SUSTAINED * fps)))
    windows = sliding_window_view(values, n)
    held = windows.max(axis=1) if low else windows.min(axis=1)  # NaN where a gap is
    if not np.isfinite(held).any():
        held, n = values, 1
    i = int(np.nanargmin(held) if low else np.nanargmax(held))
    return float(held[i]), start + i + n // 2


def _angle_from_up(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Degrees from upright of the line from a (below) to b, whichever way it leans."""
    d = b - a
    return np.asarray(np.degrees(np.arctan2(np.abs(d[:, 0]), d[:, 1])))


def knee_flexion(points: np.ndarray) -> np.ndarray:
    hip, knee, ankle = (middle(points, n) for n in ("hip", "knee", "ankle"))
    u, v = hip - knee, ankle - knee
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = (u * v).sum(axis=1) / (np.linalg.norm(u, axis=1) * np.linalg.norm(v, axis=1))
    return np.asarray(180.0 - np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))


def depth(scene: Scene, rep: Rep) -> Measured:
    """The deepest knee flexion in the rep (a fault when it stays under 90)."""
    return _worst(
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
    return _worst(_separation(scene.points[half : rep.bottom_to + 1]), half, scene.fps, low=True)


def knees_in_up(scene: Scene, rep: Rep) -> Measured:
    # up to three quarters of the way: standing, the knees are near the ankles' width again
    most = rep.bottom_to + 3 * (rep.end - rep.bottom_to) // 4
    return _worst(
        _separation(scene.points[rep.bottom_to : most + 1]), rep.bottom_to, scene.fps, low=True
    )


def knees_past_toes(scene: Scene, rep: Rep) -> Measured:
    part = scene.points[rep.start : rep.end + 1]
    ahead = (middle(part, "knee")[:, 0] - middle(part, "toe")[:, 0]) * scene.facing
    return _worst(ahead / scene.foot, rep.start, scene.fps, low=False)


def foot_angle(points: np.ndarray) -> np.ndarray:
    d = middle(points, "heel") - middle(points, "toe")
    return np.asarray(np.degrees(np.arctan2(d[:, 1], np.abs(d[:, 0]))))


def heels_lift(scene: Scene, rep: Rep) -> Measured:
    part = scene.points[rep.start : rep.end + 1]
    return _worst(foot_angle(part) - scene.foot_angle, rep.start, scene.fps, low=False)


def trunk_lean(scene: Scene, rep: Rep) -> Measured:
    part = scene.points[rep.bottom_from : rep.bottom_to + 1]
    trunk = _angle_from_up(middle(part, "hip"), middle(part, "shoulder"))
    shin = _angle_from_up(middle(part, "ankle"), middle(part, "knee"))
    return _worst(trunk - shin, rep.bottom_from, scene.fps, low=False)


MOVING_SHARE = 0.753
"""The share of a smooth movement's time left once it is a tenth of the way (a minimum-
jerk movement: Flash T, Hogan N, J Neurosci 1985;5:1688): a rep is found from a tenth of
the way down to a tenth from the top, so its moving time is divided by this."""


def rushing(scene: Scene, rep: Rep) -> Measured:
    """The rep's time, leaving standing to standing again (see :data:`MOVING_SHARE`)."""
    bottom = rep.bottom_to - rep.bottom_from
    moving = (rep.end - rep.start - bottom) / MOVING_SHARE
    return (moving + bottom) / scene.fps, rep.start


MEASURES: dict[str, Callable[[Scene, Rep], Measured]] = {
    "depth": depth,
    "knees-in-down": knees_in_down,
    "knees-in-up": knees_in_up,
    "knees-past-toes": knees_past_toes,
    "heels-lift": heels_lift,
    "trunk-lean": trunk_lean,
    "rushing": rushing,
}
