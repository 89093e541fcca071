"""Following one person when a detector saw several (OpenPose lists everyone in frame).

The person audited is the largest one, followed from frame to frame: in each frame the
candidate nearest to where the followed person last was, among those at least half the
size of the largest there, so that someone walking past in the background, or a brief
false detection, neither takes over nor makes the track jump.
"""

from __future__ import annotations

import numpy as np

from hamcoach.audit.keypoints import MIN_CONFIDENCE

SIZE_SHARE = 0.5
"""A candidate this fraction of the largest person's size still counts as the same person."""


def _seen(person: np.ndarray) -> np.ndarray:
    return person[(person[:, 3] >= MIN_CONFIDENCE) & np.isfinite(person[:, :2]).all(axis=1), :2]


def _size(person: np.ndarray) -> float:
    """The diagonal of the box around the confident points (0 when fewer than two)."""
    seen = _seen(person)
    if len(seen) < 2:
        return 0.0
    return float(np.linalg.norm(seen.max(axis=0) - seen.min(axis=0)))


def _centre(person: np.ndarray) -> np.ndarray:
    seen = _seen(person)
    return seen.mean(axis=0) if len(seen) else np.full(2, np.nan)


def choose_person(
    people: list[list[np.ndarray]], joints: int
) -> tuple[np.ndarray, tuple[str, ...]]:
    """frames × joints × 4 for the person followed, and notes on what was chosen."""
    out = np.full((len(people), joints, 4), np.nan)
    last: np.ndarray | None = None
    crowded = 0
    empty = 0
    for f, candidates in enumerate(people):
        sizes = [_size(p) for p in candidates]
        if not candidates or max(sizes) == 0:
            empty += 1
            continue
        if len(candidates) > 1:
            crowded += 1
        big = [i for i, s in enumerate(sizes) if s >= SIZE_SHARE * max(sizes)]
        if last is None:
            pick = max(big, key=lambda i: sizes[i])
        else:
            here = last
            pick = min(big, key=lambda i: float(np.linalg.norm(_centre(candidates[i]) - here)))
        out[f] = candidates[pick]
        last = _centre(candidates[pick])
    notes: list[str] = []
    if crowded:
        notes.append(
            f"More than one person in {crowded} frame(s): the audit follows the largest, "
            "steadiest one."
        )
    if empty:
        notes.append(f"Nobody detected in {empty} frame(s).")
    return out, tuple(notes)
