"""Pose keypoints from a video (docs/keypoints.md, "Video"): OpenCV decodes the clip and
MediaPipe's legacy Pose solution finds one person's 33 landmarks in each frame.

Both come from the optional ``video`` extra and are imported inside the functions that
use them; nothing here downloads anything: the "full" landmark model
(:data:`MODEL_COMPLEXITY`) is the one the mediapipe 0.10.21 wheel ships, and the other two
would be fetched from the internet on first use, so they are never asked for.

The landmarks become hamcoach keypoints JSON (:func:`keypoints_json`) in the picture's
pixels, so that MediaPipe's coordinates, given as fractions of the width and of the
height, are not skewed when the picture is not square; its visibility is the confidence.
The track for the audit is read back from that JSON by the keypoint reader
(:func:`track_of`), so a video and the keypoints ``hamcoach pose`` wrote from it are
audited the same way.
"""

from __future__ import annotations

import math
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from hamcoach.audit.keypoints import MEDIAPIPE_33, Track
from hamcoach.audit.readers import MAX_FPS, MAX_FRAMES, MAX_SECONDS, parse_hamcoach
from hamcoach.errors import InputError, MissingExtraError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

SUFFIXES = frozenset(
    {".mp4", ".m4v", ".mov", ".avi", ".mkv", ".webm", ".mpg", ".mpeg", ".wmv", ".3gp"}
)
"""Names taken for a video whatever they hold (a text file called clip.mp4 is a bad video)."""
MODEL_COMPLEXITY = 1
"""MediaPipe Pose's "full" landmark model: the only one inside the 0.10.21 wheel."""
MODEL_FILE = "modules/pose_landmark/pose_landmark_full.tflite"
"""Where the wheel holds it, under the mediapipe package."""
SAME_PERSON = 0.5
"""From one frame with a person to the next, a centre that moved more than this share of
the body's height is another person (MediaPipe lost one and found someone else)."""
MIN_DETECTION = 0.5
MIN_TRACKING = 0.5
"""MediaPipe's own defaults for finding a person and for keeping them from frame to frame."""


class VideoFileError(InputError):
    """A video hamcoach cannot audit: empty, not a video, too long, no one in it. The CLI
    names the file on the line (``where``)."""


@dataclass(frozen=True, slots=True)
class Clip:
    """What the container says about a video, read before any frame is decoded."""

    fps: float
    width: int
    height: int
    frames: int
    """The container's frame count (0 when it does not say)."""


@dataclass(frozen=True, slots=True)
class Poses:
    """MediaPipe's landmarks for every frame: frames × 33 × (x, y, z, visibility), in
    pixels (z on x's scale), NaN where no person was found."""

    clip: Clip
    raw: np.ndarray
    switches: int = 0
    """How often MediaPipe went from one person to another; only the longest stretch of one
    person is kept (:func:`one_person`)."""

    @property
    def frames(self) -> int:
        return int(self.raw.shape[0])

    @property
    def found(self) -> int:
        """Frames in which MediaPipe found a person."""
        return int((~np.isnan(self.raw[:, :, 0]).all(axis=1)).sum())


def is_video(path: Path) -> bool:
    """Whether ``path`` is to be read as a video: a video's name, or a video container's
    first bytes (MP4/MOV, AVI, Matroska/WebM, MPEG) under any name."""
    if not path.is_file():
        return False
    if path.suffix.lower() in SUFFIXES:
        return True
    with path.open("rb") as f:
        head = f.read(12)
    return (
        head[4:8] == b"ftyp"
        or (head[:4] == b"RIFF" and head[8:12] == b"AVI ")
        or head[:4] in (b"\x1a\x45\xdf\xa3", b"\x00\x00\x01\xba")
    )


def libraries() -> tuple[Any, Any]:
    """cv2 and mediapipe, or :class:`MissingExtraError` saying how to install them."""
    try:
        import cv2
        import mediapipe
    except ImportError:
        raise MissingExtraError(
            "video",
            "a video",
            instead=" in a venv of its own (it needs numpy < 2); in a hamcoach checkout, "
            "make video-env and run .venv-video/bin/hamcoach",
        ) from None
    model = Path(mediapipe.__file__).parent / MODEL_FILE
    if not model.is_file():
        raise VideoFileError(
            f"this mediapipe ({mediapipe.__version__}) lacks its pose model {MODEL_FILE}; "
            "install the version hamcoach names: pip install 'hamcoach[video]'"
        )
    return cv2, mediapipe


def check_length(frames: int, fps: float) -> None:
    """:class:`VideoFileError` for a clip longer than an audit takes (the keypoint files'
    limit, :data:`~hamcoach.audit.readers.MAX_SECONDS`)."""
    if frames / fps > MAX_SECONDS or frames > MAX_FRAMES:
        raise VideoFileError(
            f"{frames} frames ({frames / fps / 60:.0f} minutes at {fps:g} fps) is longer than "
            f"an audit takes ({MAX_SECONDS // 60} minutes); cut the clip to the set"
        )


def open_clip(path: Path) -> tuple[Any, Clip]:
    """An OpenCV capture of ``path`` and what its container says, refusing an empty file,
    what OpenCV cannot decode, and a clip too long, before a frame is decoded."""
    if not path.is_file():
        raise VideoFileError("no such file")
    if path.stat().st_size == 0:
        raise VideoFileError("the file is empty")
    cv2, _ = libraries()
    with _quiet_native():  # FFmpeg's own line on a file it cannot read ("moov atom...")
        capture = cv2.VideoCapture(str(path))
    if not capture.isOpened():
        raise VideoFileError("not a video OpenCV can decode (MP4, MOV, AVI, MKV, WebM...)")
    fps = float(capture.get(cv2.CAP_PROP_FPS))
    if not math.isfinite(fps) or not 0 < fps <= MAX_FPS:
        capture.release()
        raise VideoFileError(f"the video gives no frame rate ({fps:g} fps)")
    count = max(int(capture.get(cv2.CAP_PROP_FRAME_COUNT)), 0)
    width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
    height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
    try:
        check_length(count, fps)
    except VideoFileError:
        capture.release()
        raise
    return capture, Clip(fps, width, height, count)


def frames_of(path: Path) -> Iterator[tuple[Clip, np.ndarray]]:
    """Each decoded frame (BGR) with the clip; stops with :class:`VideoFileError` past the
    longest clip audited, whatever the container claimed."""
    capture, clip = open_clip(path)
    most = min(int(MAX_SECONDS * clip.fps), MAX_FRAMES)
    try:
        n = 0
        while True:
            ok, image = capture.read()
            if not ok:
                break
            n += 1
            if n > most:
                check_length(n, clip.fps)
            yield clip, image
    finally:
        capture.release()
    if n == 0:
        raise VideoFileError("no frame could be decoded")


@contextmanager
def _quiet_native() -> Iterator[None]:
    """MediaPipe's C++ parts write their set-up chatter (TFLite's delegate, glog warnings)
    straight to the process's file 2, which no setting turns off: it goes to the null
    device while they run. Python's own errors are raised after it is put back."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(os.devnull, "wb") as null:
        os.dup2(null.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def estimate(path: Path, on_frame: Callable[[int], None] | None = None) -> Poses:
    """MediaPipe Pose on every frame of the clip (one person: the first it finds, followed
    from frame to frame); ``on_frame`` is told each frame's number (for progress)."""
    cv2, mediapipe = libraries()
    rows: list[np.ndarray] = []
    clip = None
    with (
        _quiet_native(),
        mediapipe.solutions.pose.Pose(
            static_image_mode=False,
            model_complexity=MODEL_COMPLEXITY,
            smooth_landmarks=True,
            min_detection_confidence=MIN_DETECTION,
            min_tracking_confidence=MIN_TRACKING,
        ) as pose,
    ):
        for clip, image in frames_of(path):  # noqa: B007 - the last one is kept
            height, width = image.shape[:2]
            found = pose.process(cv2.cvtColor(image, cv2.COLOR_BGR2RGB)).pose_landmarks
            row = np.full((len(MEDIAPIPE_33), 4), np.nan)
            if found is not None:
                for i, mark in enumerate(found.landmark):
                    row[i] = (mark.x * width, mark.y * height, mark.z * width, mark.visibility)
            rows.append(row)
            if on_frame is not None:
                on_frame(len(rows))
    assert clip is not None  # frames_of yields at least one frame or raises
    raw, switches = one_person(np.stack(rows))
    return Poses(replace(clip, frames=len(rows)), raw, switches)


def one_person(raw: np.ndarray) -> tuple[np.ndarray, int]:
    """The landmarks of the longest unbroken stretch of one person, NaN elsewhere, and how
    often the detected person changed: with more than one person in frame, MediaPipe follows
    one until it loses them, then finds whoever it sees next, and their frames must not
    join into one body's movement (a jump across the picture would look like a rep). A
    person who comes back after another is a stretch of their own."""
    found = np.flatnonzero(~np.isnan(raw[:, :, 0]).all(axis=1))
    if len(found) == 0:
        return raw, 0
    with np.errstate(invalid="ignore"):
        centre = np.nanmean(raw[found, :, :2], axis=1)
        height = np.nanmax(raw[found, :, 1], axis=1) - np.nanmin(raw[found, :, 1], axis=1)
    moved = np.hypot(*np.diff(centre, axis=0).T)
    new = moved > SAME_PERSON * np.maximum(height[:-1], height[1:])
    who = np.concatenate([[0], np.cumsum(new)])
    kept = np.argmax(np.bincount(who))
    out = np.full_like(raw, np.nan)
    out[found[who == kept]] = raw[found[who == kept]]
    return out, int(new.sum())


DECIMALS = {"x": 2, "y": 2, "z": 2, "c": 4}
"""How a found landmark is written (pixels to a hundredth, confidence to 4 places), in
the JSON and the CSV alike."""


def _point(p: np.ndarray) -> list[float] | None:
    if np.isnan(p[0]):
        return None
    return [round(float(p[i]), DECIMALS[axis]) for i, axis in enumerate(DECIMALS)]


def keypoints_json(poses: Poses) -> dict[str, Any]:
    """hamcoach keypoints JSON (docs/keypoints.md) of the landmarks: pixels, -y up, the
    clip's frame rate; a frame without a person is ``null``."""
    frames: list[list[list[float] | None] | None] = []
    for row in poses.raw:
        points = [_point(p) for p in row]
        frames.append(None if all(p is None for p in points) else points)
    return {
        "skeleton": "mediapipe-33",
        "space": "image",
        "up": "-y",
        "fps": poses.clip.fps,
        "source": "MediaPipe Pose (legacy solution, full model) on a video "
        f"{poses.clip.width}x{poses.clip.height}",
        "frames": frames,
    }


def found_note(poses: Poses) -> str:
    """How often the person audited was seen, and whether someone else was."""
    share = poses.found / poses.frames
    said = f"MediaPipe found the person in {poses.found} of {poses.frames} frames ({share:.0%})"
    if not poses.switches:
        return said + "."
    return (
        f"{said}; it went from one person to another {poses.switches} times, and only the "
        "longest stretch of one person is audited."
    )


def track_of(poses: Poses) -> Track:
    """The track the audit reads: the keypoints JSON read back, as from a file, with a
    note of how often a person was found. :class:`VideoFileError` when never."""
    if poses.found == 0:
        raise VideoFileError(f"no person was found in any of its {poses.frames} frames")
    track = parse_hamcoach(keypoints_json(poses))
    return replace(track, notes=(*track.notes, found_note(poses)))
