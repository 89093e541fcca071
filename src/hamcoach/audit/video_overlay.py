"""``hamcoach audit CLIP --annotate OUT.mp4``: the clip again, with the skeleton MediaPipe
found drawn on each frame and, while a rep lasts and for a second after, its number and
verdict: good form, or each fault (docs/keypoints.md, "Video").

OpenCV (the ``video`` extra) is passed in by :mod:`hamcoach.audit.video`'s
:func:`~hamcoach.audit.video.libraries`, never imported here at module level.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from hamcoach.audit.keypoints import MEDIAPIPE_33, MIN_CONFIDENCE
from hamcoach.audit.report import Audit, RepVerdict
from hamcoach.audit.video import Poses, VideoFileError, frames_of, libraries

BONES: tuple[tuple[str, str], ...] = tuple(  # noqa: RUF005 - pairs per side, then the rest
    (f"{side}_{a}", f"{side}_{b}")
    for side in ("left", "right")
    for a, b in (
        ("shoulder", "elbow"),
        ("elbow", "wrist"),
        ("shoulder", "hip"),
        ("hip", "knee"),
        ("knee", "ankle"),
        ("ankle", "heel"),
        ("heel", "foot_index"),
        ("ankle", "foot_index"),
    )
) + (
    ("left_shoulder", "right_shoulder"),
    ("left_hip", "right_hip"),
    ("nose", "left_shoulder"),
    ("nose", "right_shoulder"),
)
"""The lines drawn between MediaPipe's landmarks: limbs, trunk, feet and head."""
LINGER = 1.0
"""Seconds a rep's verdict stays on screen after the rep."""
GOOD = (80, 200, 80)
FAULT = (60, 60, 230)
UNSURE = (0, 165, 255)
BONE = (255, 200, 0)
"""Colours, as OpenCV's blue, green, red."""


def verdict_lines(rep: RepVerdict) -> list[tuple[str, tuple[int, int, int]]]:
    """What is written for a rep: its number and "good form", or one line a fault."""
    if rep.good:
        return [(f"Rep {rep.number}: good form", GOOD)]
    if not rep.findings:  # an essential check could not be made in it
        return [(f"Rep {rep.number}: no fault seen, not fully checked", UNSURE)]
    faults = {f.check: f.title for f in rep.findings}
    return [(f"Rep {rep.number}: {title}", FAULT) for title in faults.values()]


def shown_rep(result: Audit, frame: int) -> RepVerdict | None:
    """The rep whose verdict is on screen at ``frame``: the one under way, or the last one
    ended at most :data:`LINGER` seconds before."""
    linger = round(LINGER * result.fps)
    shown = None
    for rep in result.reps:
        if rep.start_frame <= frame <= rep.end_frame + linger:
            shown = rep
    return shown


def _skeleton(cv2: Any, image: np.ndarray, row: np.ndarray) -> None:
    thick = max(2, image.shape[0] // 250)
    seen = ~np.isnan(row[:, 0]) & (row[:, 3] >= MIN_CONFIDENCE)
    for a, b in BONES:
        i, j = MEDIAPIPE_33.index(a), MEDIAPIPE_33.index(b)
        if seen[i] and seen[j]:
            p, q = row[i, :2].round().astype(int), row[j, :2].round().astype(int)
            cv2.line(image, tuple(p), tuple(q), BONE, thick, cv2.LINE_AA)
    for x, y in row[seen, :2].round().astype(int):
        cv2.circle(image, (int(x), int(y)), thick + 1, (255, 255, 255), -1, cv2.LINE_AA)


def _text(cv2: Any, image: np.ndarray, lines: list[tuple[str, tuple[int, int, int]]]) -> None:
    scale = image.shape[0] / 900
    thick = max(1, round(2 * scale))
    y = 0
    for text, colour in lines:
        (w, h), base = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, scale, thick)
        top = y + round(10 * scale)
        cv2.rectangle(image, (0, top), (w + round(20 * scale), top + h + base + 10), (0, 0, 0), -1)
        cv2.putText(image, text, (round(10 * scale), top + h + 5), cv2.FONT_HERSHEY_SIMPLEX,
                    scale, colour, thick, cv2.LINE_AA)  # fmt: skip
        y = top + h + base + 10


def write_annotated(path: Path, poses: Poses, result: Audit, out: Path) -> int:
    """The clip at ``path`` written to ``out`` (MP4) with the skeleton and the verdicts;
    returns the frames written."""
    cv2, _ = libraries()
    clip = poses.clip
    writer = cv2.VideoWriter(
        str(out), cv2.VideoWriter_fourcc(*"mp4v"), clip.fps, (clip.width, clip.height)
    )
    if not writer.isOpened():
        raise VideoFileError(f"{out}: OpenCV cannot write an MP4 video there")
    written = 0
    try:
        for frame, (_, image) in enumerate(frames_of(path)):
            if frame >= poses.frames:
                break
            _skeleton(cv2, image, poses.raw[frame])
            head = f"{result.exercise_name}: {len(result.reps)} reps, {result.good_reps} good form"
            lines = [(head, (255, 255, 255))]
            rep = shown_rep(result, frame)
            if rep is not None:
                lines += verdict_lines(rep)
            _text(cv2, image, lines)
            writer.write(image)
            written += 1
    finally:
        writer.release()
    return written
