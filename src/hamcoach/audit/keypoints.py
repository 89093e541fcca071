"""A person's keypoints over time, in one common shape whatever tool made them.

A :class:`Track` is frames × joints × (x, y, z, confidence), NaN where a value is
missing, for the :data:`JOINTS` the form checks use. Each supported skeleton names its
points in its own order (:data:`SKELETONS`); :func:`common_joints` picks ours out of it.
Coordinates are turned so that +y is up (images count y downwards), and the analysis
works in the x-y plane: the camera's picture plane for image keypoints.

The error tree (errors.py) gains one leaf here::

    InputError
    └── KeypointFileError   a keypoint file that cannot be read: says where and what
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from hamcoach.errors import InputError


class KeypointFileError(InputError):
    """A keypoint file hamcoach cannot read: each line names the file, the line or frame,
    and what is wrong with it."""


class Space(StrEnum):
    IMAGE = "image"
    """Pixels (or 0-1 fractions of the picture), as a pose detector reports them."""
    WORLD = "world"
    """Metres, from a 3-D estimate or motion capture."""


class Up(StrEnum):
    MINUS_Y = "-y"
    """Up is towards smaller y, as in an image (MediaPipe, OpenPose)."""
    PLUS_Y = "+y"
    PLUS_Z = "+z"
    """Up is +z, as in most motion capture; x and y are then the floor."""


JOINTS: tuple[str, ...] = (
    "nose",
    "left_shoulder",
    "right_shoulder",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_toe",
    "right_toe",
)
"""The joints the form checks read, in this order in a :class:`Track`."""
INDEX: Mapping[str, int] = {name: i for i, name in enumerate(JOINTS)}

MEDIAPIPE_33: tuple[str, ...] = (
    "nose",
    "left_eye_inner",
    "left_eye",
    "left_eye_outer",
    "right_eye_inner",
    "right_eye",
    "right_eye_outer",
    "left_ear",
    "right_ear",
    "mouth_left",
    "mouth_right",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_pinky",
    "right_pinky",
    "left_index",
    "right_index",
    "left_thumb",
    "right_thumb",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_foot_index",
    "right_foot_index",
)
"""MediaPipe Pose's 33 landmarks, in its order (the CSV header uses these names)."""

COCO_17: tuple[str, ...] = (
    "nose",
    "left_eye",
    "right_eye",
    "left_ear",
    "right_ear",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
)
"""COCO's 17 keypoints: no heels or toes, so the foot checks cannot be made."""

BODY_25: tuple[str, ...] = (
    "nose",
    "neck",
    "right_shoulder",
    "right_elbow",
    "right_wrist",
    "left_shoulder",
    "left_elbow",
    "left_wrist",
    "mid_hip",
    "right_hip",
    "right_knee",
    "right_ankle",
    "left_hip",
    "left_knee",
    "left_ankle",
    "right_eye",
    "left_eye",
    "right_ear",
    "left_ear",
    "left_big_toe",
    "left_small_toe",
    "left_heel",
    "right_big_toe",
    "right_small_toe",
    "right_heel",
)
"""OpenPose's BODY_25 model, in its order."""

SKELETONS: Mapping[str, tuple[str, ...]] = {
    "mediapipe-33": MEDIAPIPE_33,
    "coco-17": COCO_17,
    "body25": BODY_25,
}
ALIASES: Mapping[str, str] = {"left_toe": "left_foot_index", "right_toe": "right_foot_index"}
ALIASES_BODY25: Mapping[str, str] = {"left_toe": "left_big_toe", "right_toe": "right_big_toe"}

MIN_CONFIDENCE = 0.3
"""A point reported with less confidence than this counts as missing (MediaPipe's own
default for a visible landmark is 0.5; 0.3 keeps more of a partly hidden far leg)."""


def source_index(skeleton: str, joint: str) -> int | None:
    """Where ``joint`` (one of :data:`JOINTS`) sits in ``skeleton``'s order, if it has it."""
    names = SKELETONS[skeleton]
    aliases = ALIASES_BODY25 if skeleton == "body25" else ALIASES
    name = aliases.get(joint, joint)
    return names.index(name) if name in names else None


def common_joints(skeleton: str, points: np.ndarray) -> np.ndarray:
    """frames × the skeleton's points × 4 → frames × :data:`JOINTS` × 4 (NaN when the
    skeleton lacks a joint)."""
    out = np.full((points.shape[0], len(JOINTS), 4), np.nan)
    for j, joint in enumerate(JOINTS):
        i = source_index(skeleton, joint)
        if i is not None:
            out[:, j] = points[:, i]
    return out


@dataclass(frozen=True, slots=True)
class Track:
    """One person's joints over time; ``points`` is frames × :data:`JOINTS` × (x, y, z,
    confidence), +y up, NaN where missing or below :data:`MIN_CONFIDENCE`."""

    points: np.ndarray
    fps: float
    skeleton: str
    space: Space = Space.IMAGE
    notes: tuple[str, ...] = ()
    """What reading the file decided for the person: another person in frame, frames
    without anyone."""

    @property
    def frames(self) -> int:
        return int(self.points.shape[0])

    def xy(self, joint: str) -> np.ndarray:
        """frames × 2, NaN where missing."""
        return self.points[:, INDEX[joint], :2]

    def has(self, joint: str) -> bool:
        """Whether the skeleton has this joint at all (COCO has no heels or toes)."""
        return source_index(self.skeleton, joint) is not None


def make_track(
    skeleton: str,
    raw: np.ndarray,
    *,
    fps: float,
    space: Space = Space.IMAGE,
    up: Up = Up.MINUS_Y,
    notes: tuple[str, ...] = (),
) -> Track:
    """A :class:`Track` from frames × the skeleton's points × 4 as a file holds them:
    turned so +y is up, low-confidence points blanked."""
    points = common_joints(skeleton, np.asarray(raw, dtype=float))
    if up is Up.MINUS_Y:
        points[..., 1] = -points[..., 1]
    elif up is Up.PLUS_Z:
        x, y, z = points[..., 0].copy(), points[..., 1].copy(), points[..., 2].copy()
        points[..., 0], points[..., 1], points[..., 2] = x, z, -y
    low = points[..., 3] < MIN_CONFIDENCE  # NaN confidence (not given) is not low
    points[low, :3] = np.nan
    return Track(points, fps, skeleton, space, notes)
