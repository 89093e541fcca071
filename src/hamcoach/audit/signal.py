"""From raw keypoints to clean signals: gaps filled, noise smoothed, the camera's view
worked out, and the repetitions found with their phases.

Smoothing has to keep a fast rep's turn at the bottom, which a long moving average would
flatten and a low-pass filter would delay: a short centred moving median takes out single-
frame jumps (a detector swapping knees for a frame), then a centred quadratic
Savitzky-Golay fit over about a fifth of a second takes out the tremor while following a
curve as tight as a one-second rep (Savitzky A, Golay MJE, Anal Chem 1964;36:1627).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from hamcoach.audit.keypoints import INDEX, Track

MEDIAN_SECONDS = 0.1
FIT_SECONDS = 0.2
MAX_GAP_SECONDS = 0.5
"""A point missing for longer than this stays missing rather than being guessed."""

SIDE_MAX_WIDTH = 0.2
FRONT_MIN_WIDTH = 0.35
"""The shoulders' and hips' width as a share of the trunk's length: about 0.5 seen from
the front (Winter's widths, de Leva's trunk), near 0 from the side; between the two the
camera is at an angle, and neither view's checks are made."""

REP_MIN_DIP = 0.10
"""A rep dips the signal by at least this share of its range (the hips by a tenth of their
standing height): swaying and shifting weight stay below it."""
REP_EDGE = 0.10
"""A rep starts and ends where the signal is within this share of its own depth."""
REP_MEDIAN_SECONDS = 0.3
"""Reps are found on the hips' height with anything shorter than half this taken out (a
moving median): no rep is that quick, but two or three frames of a detector's errors are."""
BOTTOM_SHARE = 0.90
"""The bottom phase: the signal within the deepest tenth of the rep."""


class View(StrEnum):
    SIDE = "side"
    FRONT = "front"
    OBLIQUE = "oblique"
    UNKNOWN = "unknown"
    THREE_D = "3-d"
    """World keypoints with depth: seen from the side and the front at once (planes.py)."""


def _frames(seconds: float, fps: float) -> int:
    """An odd window of at least 3 frames."""
    n = max(3, round(seconds * fps))
    return n if n % 2 else n + 1


def fill_gaps(values: np.ndarray, max_gap: int) -> np.ndarray:
    """Columns of ``values`` (frames × n) with runs of at most ``max_gap`` missing frames
    filled linearly; longer runs and the ends stay NaN."""
    out = values.copy()
    t = np.arange(len(values))
    for c in range(values.shape[1]):
        col = values[:, c]
        ok = np.isfinite(col)
        if ok.sum() < 2 or ok.all():
            continue
        filled = np.interp(t, t[ok], col[ok])
        gap = ~ok
        # the length of the gap each missing frame belongs to
        edges = np.flatnonzero(np.diff(np.r_[0, gap.astype(np.int8), 0]))
        for start, end in zip(edges[::2], edges[1::2], strict=True):
            inside = start > 0 and end < len(col)
            if inside and end - start <= max_gap:
                out[start:end, c] = filled[start:end]
    return out


def _savgol(window: int) -> np.ndarray:
    half = window // 2
    x = np.arange(-half, half + 1, dtype=float)
    return np.asarray(np.linalg.pinv(np.vander(x, 3))[-1])


def smooth(values: np.ndarray, fps: float) -> np.ndarray:
    """frames × n series, gaps filled, median-filtered then fitted (see the module)."""
    filled = fill_gaps(values, round(MAX_GAP_SECONDS * fps))
    m = _frames(MEDIAN_SECONDS, fps)
    padded = np.pad(filled, ((m // 2, m // 2), (0, 0)), mode="edge")
    median: np.ndarray = np.median(sliding_window_view(padded, m, axis=0), axis=-1)
    w = _frames(FIT_SECONDS, fps)
    if len(median) < w:
        return median
    padded = np.pad(median, ((w // 2, w // 2), (0, 0)), mode="edge")
    fitted: np.ndarray = sliding_window_view(padded, w, axis=0) @ _savgol(w)
    return fitted


def smooth_points(points: np.ndarray, fps: float) -> np.ndarray:
    """frames × joints × 2, smoothed; NaN where a joint is missing too long."""
    frames = len(points)
    return smooth(points.reshape(frames, -1), fps).reshape(frames, -1, 2)


def smooth_track(track: Track) -> np.ndarray:
    """The track's x and y (the picture's plane), smoothed."""
    return smooth_points(track.points[:, :, :2], track.fps)


def joint(points: np.ndarray, name: str) -> np.ndarray:
    return points[:, INDEX[name]]


def middle(points: np.ndarray, name: str) -> np.ndarray:
    """Left and right of a joint averaged, or whichever is seen (``name`` without side)."""
    pair = np.stack([joint(points, f"left_{name}"), joint(points, f"right_{name}")])
    seen = np.isfinite(pair).all(axis=2)
    total = np.where(seen[..., None], pair, 0.0).sum(axis=0)
    count = seen.sum(axis=0)[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def part(points: np.ndarray, name: str, leg: str | None) -> np.ndarray:
    """A joint of one leg (``leg`` ``left`` or ``right``), or both averaged when None."""
    return middle(points, name) if leg is None else joint(points, f"{leg}_{name}")


def other(leg: str | None) -> str | None:
    return {"left": "right", "right": "left"}.get(leg or "")


def body_scale(points: np.ndarray) -> float:
    """A length of the body that a camera sees from any side: the longest of the trunk
    (hips to shoulders), the thigh and the shoulders' width, as most frames show it (the
    95th percentile, a length foreshortened in some frames being shorter in them)."""
    hip = middle(points, "hip")
    lengths = np.stack(
        [
            np.linalg.norm(middle(points, "shoulder") - hip, axis=1),
            np.linalg.norm(middle(points, "knee") - hip, axis=1),
            np.linalg.norm(
                joint(points, "left_shoulder") - joint(points, "right_shoulder"), axis=1
            ),
        ]
    )
    seen = np.nanmax(np.where(np.isfinite(lengths), lengths, -np.inf), axis=0)
    seen = seen[np.isfinite(seen)]
    return float(np.percentile(seen, 95)) if len(seen) else float("nan")


def rise(values: np.ndarray, scale: float, *, up: bool = True) -> np.ndarray:
    """A height (or angle) as a rep signal: how far it is from its rest level (the 5th
    percentile, or the 95th when the rep goes down), over ``scale``."""
    seen = values[np.isfinite(values)]
    if len(seen) == 0 or not np.isfinite(scale) or scale <= 0:
        return np.full_like(values, np.nan)
    if up:
        return np.asarray((values - float(np.percentile(seen, 5))) / scale)
    return np.asarray((float(np.percentile(seen, 95)) - values) / scale)


def view_of(points: np.ndarray) -> tuple[View, float]:
    """The camera's view, from how wide the shoulders and hips look beside the trunk."""
    width = np.abs(
        joint(points, "left_shoulder")[:, 0] - joint(points, "right_shoulder")[:, 0]
    ) + np.abs(joint(points, "left_hip")[:, 0] - joint(points, "right_hip")[:, 0])
    trunk = np.linalg.norm(middle(points, "shoulder") - middle(points, "hip"), axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = width / (2 * trunk)
    ratio = ratio[np.isfinite(ratio)]
    if len(ratio) == 0:
        return View.UNKNOWN, float("nan")
    share = float(np.median(ratio))
    if share < SIDE_MAX_WIDTH:
        return View.SIDE, share
    return (View.FRONT if share > FRONT_MIN_WIDTH else View.OBLIQUE), share


def facing(points: np.ndarray) -> float:
    """+1 when the person faces +x in a side view, -1 when -x: the toes ahead of the heels,
    else the knees ahead of the ankles, else the nose ahead of the shoulders."""
    for ahead, behind in (("toe", "heel"), ("knee", "ankle")):
        d = middle(points, ahead)[:, 0] - middle(points, behind)[:, 0]
        d = d[np.isfinite(d)]
        if len(d) and abs(float(np.median(d))) > 0:
            return 1.0 if np.median(d) > 0 else -1.0
    d = joint(points, "nose")[:, 0] - middle(points, "shoulder")[:, 0]
    d = d[np.isfinite(d)]
    return 1.0 if not len(d) or np.median(d) >= 0 else -1.0


@dataclass(frozen=True, slots=True)
class Rep:
    """One repetition, as frame numbers: ``start`` to ``end``, the bottom phase from
    ``bottom_from`` to ``bottom_to``, the deepest frame ``deepest``."""

    number: int
    start: int
    bottom_from: int
    deepest: int
    bottom_to: int
    end: int
    depth: float
    """How far the signal dipped, as a share of its range (hips: of standing height)."""

    def shifted(self, offset: int) -> Rep:
        """The same rep with its frames ``offset`` later."""
        return Rep(
            self.number,
            self.start + offset,
            self.bottom_from + offset,
            self.deepest + offset,
            self.bottom_to + offset,
            self.end + offset,
            self.depth,
        )


def hip_dip(points: np.ndarray) -> np.ndarray:
    """How far the hips are below standing, as a share of their standing height above the
    ankles: 0 standing, about 0.45 at the bottom of a full squat."""
    height: np.ndarray = middle(points, "hip")[:, 1] - middle(points, "ankle")[:, 1]
    seen = height[np.isfinite(height)]
    if len(seen) == 0:
        return height
    standing = float(np.percentile(seen, 95))
    if standing <= 0:  # the hips never above the ankles: not a person standing
        return np.full_like(height, np.nan)
    result: np.ndarray = 1.0 - height / standing
    return result


def _peaks(dip: np.ndarray) -> tuple[list[int], bool]:
    """Deepest frames of the dips deeper than REP_MIN_DIP (from the lowest point before
    them) that came back at least half way, and whether the signal ends inside a dip that
    has not."""
    peaks: list[int] = []
    inside = False
    top = 0
    low = float(dip[0])
    for t, d in enumerate(dip.tolist()):
        if not inside:
            low = min(low, d)
            if d - low > REP_MIN_DIP:
                inside, top = True, t
        elif d > dip[top]:
            top = t
        elif d - low < 0.5 * (dip[top] - low):
            peaks.append(top)
            inside, low = False, d
    return peaks, inside


def _last_below(values: np.ndarray, level: float, offset: int, default: int) -> int:
    below = np.flatnonzero(values < level)
    return offset + int(below[-1]) if len(below) else default


def _first_below(values: np.ndarray, level: float, offset: int, default: int) -> int:
    below = np.flatnonzero(values < level)
    return offset + int(below[0]) if len(below) else default


def unseen(dip: np.ndarray, fps: float) -> list[tuple[int, int]]:
    """The stretches, as first and last frame, where the signal is missing for longer than
    the smoothing bridges (:data:`MAX_GAP_SECONDS`) between frames where it is seen: the
    person out of the picture, or the frames dropped."""
    ok = np.isfinite(dip)
    edges = np.flatnonzero(np.diff(ok.astype(np.int8)))
    runs = []
    for start, stop in itertools.pairwise(edges):
        if ok[start] and stop - start > MAX_GAP_SECONDS * fps:  # missing from start + 1
            runs.append((int(start) + 1, int(stop)))
    return runs


def segment(dip: np.ndarray, fps: float) -> tuple[list[Rep], bool]:
    """The reps in a dip signal (short NaN gaps bridged), and whether the recording stops
    mid-rep.

    Only the stretches where the signal is seen count: before, after and between them
    (:func:`unseen`) the person is not in the picture, so a rep cannot go on there; each
    stretch is segmented on its own, and a rep a stretch ends in the middle of is not
    counted."""
    ok = np.isfinite(dip)
    if ok.sum() < 2:
        return [], False
    first, last = int(np.argmax(ok)), len(ok) - 1 - int(np.argmax(ok[::-1]))
    bounds = [first, *(b for run in unseen(dip, fps) for b in (run[0], run[1] + 1)), last + 1]
    reps: list[Rep] = []
    cut_off = False
    for start, stop in zip(bounds[::2], bounds[1::2], strict=True):
        found, cut_off = _segment_seen(dip[start:stop], fps) if stop - start > 1 else ([], False)
        reps += [
            replace(rep.shifted(start), number=len(reps) + 1 + i) for i, rep in enumerate(found)
        ]
    return reps, cut_off


def _segment_seen(dip: np.ndarray, fps: float) -> tuple[list[Rep], bool]:
    t = np.arange(len(dip))
    ok = np.isfinite(dip)
    dip = np.interp(t, t[ok], dip[ok])
    m = min(_frames(REP_MEDIAN_SECONDS, fps), len(dip) // 2 * 2 - 1)
    if m >= 3:  # a rep lasts a second or more: a shorter dip is the detector's
        dip = np.median(sliding_window_view(np.pad(dip, m // 2, mode="edge"), m), axis=-1)
    peaks, cut_off = _peaks(dip)
    valleys = [
        0,
        *(a + int(np.argmin(dip[a:b])) for a, b in itertools.pairwise(peaks)),
        len(dip) - 1,
    ]
    reps = []
    for n, peak in enumerate(peaks):
        lo, hi = valleys[n], valleys[n + 1]
        depth = float(dip[peak])
        down, up = dip[lo:peak], dip[peak : hi + 1]
        edge, bottom = REP_EDGE * depth, BOTTOM_SHARE * depth
        reps.append(
            Rep(
                number=n + 1,
                start=_last_below(down, edge, lo, lo),
                bottom_from=_last_below(down, bottom, lo, lo - 1) + 1,
                deepest=peak,
                bottom_to=_first_below(up, bottom, peak, hi + 1) - 1,
                end=_first_below(up, edge, peak, hi),
                depth=depth,
            )
        )
    return reps, cut_off
