"""The measures behind the checks, on smoothed points (frames × joints × 2, +y up).

Each takes the rep's frames and returns the worst value in them and its frame, or None
when the joints it needs are not seen there. Side-view measures average the left and
right joints, which a side camera sees on top of each other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from hamcoach.audit.signal import Rep, middle, part


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
    leg: str | None = None
    """``left`` or ``right``: the leg a one-legged exercise stands or works on (the other is
    the free one); None when both work."""


Measured = tuple[float, int] | None


SUSTAINED = 0.2
"""Seconds a value must last to count (as long as the smoothing's fit): a detector's error
for a frame or two makes no fault."""


def worst(values: np.ndarray, start: int, fps: float, *, low: bool) -> Measured:
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


def angle_from_up(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Degrees from upright of the line from a (below) to b, whichever way it leans."""
    d = b - a
    return np.asarray(np.degrees(np.arctan2(np.abs(d[:, 0]), d[:, 1])))


def turn(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Degrees the chain a-b-c turns at b, frame by frame: 0 is a straight line."""
    u, v = b - a, c - b
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = (u * v).sum(axis=1) / (np.linalg.norm(u, axis=1) * np.linalg.norm(v, axis=1))
    return np.asarray(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))


def knee_flexion(points: np.ndarray) -> np.ndarray:
    """180 minus the hip-knee-ankle angle: 0 with the leg straight."""
    return turn(*(middle(points, n) for n in ("hip", "knee", "ankle")))


def foot_angle(points: np.ndarray, leg: str | None = None) -> np.ndarray:
    """The heel-toe line's angle, degrees (0 flat, positive heel up)."""
    d = part(points, "heel", leg) - part(points, "toe", leg)
    return np.asarray(np.degrees(np.arctan2(d[:, 1], np.abs(d[:, 0]))))


def heels_lift(scene: Scene, rep: Rep) -> Measured:
    seen = scene.points[rep.start : rep.end + 1]
    return worst(foot_angle(seen, scene.leg) - scene.foot_angle, rep.start, scene.fps, low=False)


MOVING_SHARE = 0.753
"""The share of a smooth movement's time left once it is a tenth of the way (a minimum-
jerk movement: Flash T, Hogan N, J Neurosci 1985;5:1688): a rep is found from a tenth of
the way down to a tenth from the top, so its moving time is divided by this."""


def rushing(scene: Scene, rep: Rep) -> Measured:
    """The rep's time, leaving standing to standing again (see :data:`MOVING_SHARE`)."""
    bottom = rep.bottom_to - rep.bottom_from
    moving = (rep.end - rep.start - bottom) / MOVING_SHARE
    return (moving + bottom) / scene.fps, rep.start
