"""The camera's view rep by rep: a phone on a shelf sees the person from the front in one
rep and from the side in the next when they turn, so each rep's view is worked out from
its own frames (:func:`hamcoach.audit.signal.view_of`), and a check that needs a view is
made only in the reps seen from it. A rep whose own view is not clear (at an angle, the
trunk unseen) takes the recording's. World keypoints with depth are seen from every side
at once (view ``3-d``), so there every check is made in every rep.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hamcoach.audit.families.base import Check
from hamcoach.audit.signal import Rep, View, view_of

CLEAR = (View.SIDE, View.FRONT)
"""The views a check can need, and a rep be clearly seen from."""


@dataclass(frozen=True, slots=True)
class RepView:
    """How the camera saw one rep, and the checks not made in it for that."""

    view: View
    not_made: tuple[str, ...] = ()


def rep_views(points: np.ndarray, reps: Sequence[Rep], recording: View) -> list[View]:
    """Each rep's view as its own frames show it (``3-d`` for world keypoints)."""
    if recording is View.THREE_D:
        return [View.THREE_D] * len(reps)
    return [view_of(points[r.start : r.end + 1])[0] for r in reps]


def in_view(seen: View, recording: View) -> View:
    """The view a rep's checks are made in: its own when clear, else the recording's."""
    return seen if seen in CLEAR else recording


def per_rep(checks: Sequence[Check], seen: Sequence[View], recording: View) -> list[RepView]:
    """For each rep, its view and the checks (of ``checks``, the ones made in the
    recording) that need another view than the one it is seen in."""
    out = []
    for view in seen:
        used = in_view(view, recording)
        skipped = tuple(
            c.id
            for c in checks
            if c.view is not None and recording is not View.THREE_D and c.view is not used
        )
        out.append(RepView(view, skipped))
    return out


def view_reason(check: Check, seen: Sequence[View], recording: View) -> str | None:
    """Why a check is made in no rep for want of its view, or None when some rep (or the
    recording, when no rep is found) is seen from the view it needs."""
    if check.view is None or recording is View.THREE_D:
        return None
    used = [in_view(v, recording) for v in seen] or [recording]
    if check.view in used:
        return None
    if all(v is recording for v in used):
        return f"needs a {check.view.value} view; {SEEN[recording]}"
    return f"needs a {check.view.value} view; no rep is seen from the {check.view.value}"


SEEN = {
    View.SIDE: "this recording is seen from the side",
    View.FRONT: "this recording is seen from the front",
    View.OBLIQUE: "the camera is at an angle, neither side nor front",
    View.UNKNOWN: "the shoulders and hips are not seen well enough to tell the view",
    View.THREE_D: "this recording is in 3-D",
}


def frame_views(reps: Sequence[Rep], used: Sequence[View], frames: int) -> np.ndarray:
    """Each frame's view (as a string): that of the rep it belongs to, or, between reps,
    of the nearest one."""
    t = np.arange(frames)[:, None]
    starts = np.array([r.start for r in reps])[None, :]
    ends = np.array([r.end for r in reps])[None, :]
    apart = np.maximum(starts - t, 0) + np.maximum(t - ends, 0)
    return np.asarray(np.array([v.value for v in used])[apart.argmin(axis=1)])


def only_in(points: np.ndarray, labels: np.ndarray, view: View) -> np.ndarray:
    """The points with every frame seen from another view missing."""
    return np.where((labels == view.value)[:, None, None], points, np.nan)


def change_note(seen: Sequence[View], recording: View) -> str | None:
    """A note when the reps are not all seen from the same view: which reps from which."""
    if recording is View.THREE_D or len(set(seen)) < 2:
        return None
    runs: list[tuple[int, int, View]] = []
    for number, view in enumerate(seen, start=1):
        if runs and runs[-1][2] is view:
            runs[-1] = (runs[-1][0], number, view)
        else:
            runs.append((number, number, view))
    said = ", ".join(
        f"rep {a} {HOW[v]}" if a == b else f"reps {a}-{b} {HOW[v]}" for a, b, v in runs
    )
    return (
        f"The view changes during the recording ({said}): each check that needs a view is "
        "made only in the reps seen from it."
    )


HOW = {
    View.SIDE: "from the side",
    View.FRONT: "from the front",
    View.OBLIQUE: "at an angle",
    View.UNKNOWN: "with the view unclear",
    View.THREE_D: "in 3-D",
}
"""How a rep was seen, in words: ``seen from the side in this rep``."""
