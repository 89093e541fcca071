"""Which side of the body the side-view measures read.

Seen from the side, the left and right joints lie nearly on top of each other, and each
measure averages the two (or takes whichever is seen: :func:`signal.middle`). A person
who knows which side faced the camera (``--side left``) can have the measures read that
side alone: its joints are copied over the other side's in the side-view points, so every
measure, the rep count and the "seen in enough frames" test read the chosen side only,
and a far leg the detector half guessed no longer pulls the average.

A front view measures both legs against each other (the knees' distance apart), so the
choice does not change it; the report says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np

from hamcoach.audit.keypoints import INDEX
from hamcoach.audit.signal import View

Side = Literal["left", "right"]
SIDES: tuple[Side, ...] = ("left", "right")

PAIRED = ("shoulder", "hip", "knee", "ankle", "heel", "toe")
"""The joints that come as a left and a right one."""


def one_side(points: np.ndarray, side: Side) -> np.ndarray:
    """frames × joints × 2 with ``side``'s joints copied over the other side's."""
    out = points.copy()
    other = "right" if side == "left" else "left"
    for name in PAIRED:
        out[:, INDEX[f"{other}_{name}"]] = points[:, INDEX[f"{side}_{name}"]]
    return out


def measured_side(
    seen_from: Mapping[View, np.ndarray], side: Side | None
) -> tuple[dict[View, np.ndarray], Side | None, str | None]:
    """The points seen from each view with the side-view ones on ``side`` only; the side
    the side-view measures read (None: both, averaged) and a note for the report."""
    out = dict(seen_from)
    if side is None:
        return out, None, None
    if View.SIDE not in out:
        return (
            out,
            None,
            (
                f"--side {side} is not used: this recording is not seen from the side, and "
                "the front view's checks read both legs."
            ),
        )
    out[View.SIDE] = one_side(out[View.SIDE], side)
    return out, side, f"Side-view measures read the {side} side's joints only (--side {side})."
