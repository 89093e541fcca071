"""OpenPose's ``--write_json`` output (docs/keypoints.md, "OpenPose folder"): a folder of
``*_keypoints.json`` files, one a frame, each with ``people[].pose_keypoints_2d``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

from hamcoach.audit.keypoints import SKELETONS, KeypointFileError, Track, make_track
from hamcoach.audit.people import choose_person
from hamcoach.audit.readers import DEFAULT_FPS, bounded, check_length, json_of

OPENPOSE_FRAME = re.compile(r"(\d+)\D*_keypoints\.json$")
"""An OpenPose frame file's name; its number is the last run of digits before the suffix."""


def _frame_number(file: Path) -> tuple[int, str]:
    found = OPENPOSE_FRAME.search(file.name)
    return (int(found.group(1)) if found else -1, file.name)


def read_openpose(folder: Path) -> Track:
    """OpenPose's ``--write_json`` folder: one ``*_keypoints.json`` file a frame, in the
    order of the frame numbers in their names; other files are not read."""
    files = sorted(folder.glob("*_keypoints.json"), key=_frame_number)
    if not files:
        raise KeypointFileError(
            "no *_keypoints.json files (OpenPose writes one a frame, such as "
            "video_000000000000_keypoints.json)"
        )
    check_length(len(files), DEFAULT_FPS)
    people: list[list[np.ndarray]] = []
    for file in files:
        data = json_of(file.read_text(encoding="utf-8", errors="replace"), file.name)
        if not isinstance(data, dict) or not isinstance(data.get("people"), list):
            raise KeypointFileError(f"{file.name}: not an OpenPose frame (no 'people' list)")
        people.append([_openpose_person(p, file.name) for p in data["people"]])
    if not any(people):
        raise KeypointFileError(
            f"no person is seen in any frame: all {len(files)} frame "
            "files' 'people' lists are empty"
        )
    raw, notes = choose_person(people, len(SKELETONS["body25"]))
    notes = (*notes, f"OpenPose files carry no frame rate: {DEFAULT_FPS:g} fps assumed.")
    return make_track("body25", bounded(raw), fps=DEFAULT_FPS, notes=notes)


def _openpose_person(person: Any, name: str) -> np.ndarray:
    flat = person.get("pose_keypoints_2d") if isinstance(person, dict) else None
    if not isinstance(flat, list):
        raise KeypointFileError(f"{name}: a person without a pose_keypoints_2d list")
    if len(flat) != 75:
        coco = " (18 points: OpenPose's COCO model, which is not read)" if len(flat) == 54 else ""
        raise KeypointFileError(
            f"{name}: pose_keypoints_2d has {len(flat)} numbers{coco}; BODY_25 has 75 "
            "(25 points × x, y, confidence)"
        )
    try:
        xyc = np.array(flat, dtype=float).reshape(25, 3)
    except (TypeError, ValueError):
        raise KeypointFileError(f"{name}: pose_keypoints_2d holds something not a number") from None
    out = np.full((25, 4), np.nan)
    out[:, :2], out[:, 3] = xyc[:, :2], xyc[:, 2]
    return out
