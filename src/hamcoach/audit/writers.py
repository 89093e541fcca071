"""Keypoint files written: the CSV that readers.py reads (docs/keypoints.md, "CSV"), for
the body model's recordings (synthetic.py) and `hamcoach pose -o OUT.csv`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from hamcoach.audit.keypoints import MEDIAPIPE_33

AXES = {"x": 0, "y": 1, "z": 2, "c": 3}
"""A CSV column's suffix and where its value sits in a point (x, y, z, confidence)."""
PIXELS: Mapping[str, int] = {"x": 1, "y": 1, "c": 2}
"""The columns written and their decimals: image x and y to a tenth of a pixel."""


def keypoints_csv(
    raw: np.ndarray,
    fps: float,
    joints: Sequence[str] = MEDIAPIPE_33,
    *,
    decimals: Mapping[str, int] = PIXELS,
    timed: bool | None = None,
    time_decimals: int = 4,
) -> str:
    """frames × 33 MediaPipe landmarks × (x, y, z, confidence) as CSV in MediaPipe's names,
    ``joints`` only, one row a frame; a point not seen is empty cells. A ``time`` column
    carries the frame rate when ``timed`` (by default when it is not the 30 assumed)."""
    timed = fps != 30.0 if timed is None else timed
    header = ["frame", *(["time"] if timed else [])]
    header += [f"{j}_{a}" for j in joints for a in decimals]
    rows = [",".join(header)]
    index = [MEDIAPIPE_33.index(j) for j in joints]
    empty = [""] * len(decimals)
    for f, frame in enumerate(raw):
        cells = [str(f), *([f"{f / fps:.{time_decimals}f}"] if timed else [])]
        for i in index:
            p = frame[i]
            seen = np.isfinite(p[:2]).all()
            cells += [_cell(p[AXES[a]], d) for a, d in decimals.items()] if seen else empty
        rows.append(",".join(cells))
    return "\n".join(rows) + "\n"


def _cell(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}" if np.isfinite(value) else ""
