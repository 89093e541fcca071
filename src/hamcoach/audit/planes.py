"""3-D keypoints seen from the side and from the front at once.

World keypoints with depth (motion capture, MediaPipe's world landmarks) need no camera
in the right place: the person's own left-right line, from hip to hip on the floor, gives
the frontal plane, and a quarter turn from it the sagittal one. Projected onto each, every
check is made in the plane it needs, whichever way the person faced the camera.
"""

from __future__ import annotations

import numpy as np

from hamcoach.audit.keypoints import INDEX, Space, Track

MIN_SEEN = 0.5
"""The hips must be seen in depth in at least this share of the frames."""


def planes(track: Track) -> tuple[np.ndarray, np.ndarray] | None:
    """The track projected on the person's sagittal and frontal planes (frames × joints ×
    (horizontal, up) each), or None when it has no depth to turn."""
    if track.space is not Space.WORLD:
        return None
    points = track.points[..., :3]
    across = (points[:, INDEX["left_hip"]] - points[:, INDEX["right_hip"]])[:, [0, 2]]
    seen = np.isfinite(across).all(axis=1)
    if seen.mean() < MIN_SEEN:
        return None
    lateral = np.median(across[seen], axis=0)
    length = float(np.linalg.norm(lateral))
    if length == 0:
        return None
    lateral = lateral / length
    forward = np.array([-lateral[1], lateral[0]])  # a quarter turn on the floor
    floor, up = points[..., [0, 2]], points[..., 1]
    sagittal = np.stack([floor @ forward, up], axis=-1)
    frontal = np.stack([floor @ lateral, up], axis=-1)
    return sagittal, frontal
