"""Video speed: the pose (MediaPipe, full model) and the audit of a real clip, end to end,
in frames a second on one core, beside OpenCV decoding the same clip alone (the floor no
video path can beat), measured in the same run. Target (issue 11): real time, 30 fps.

The process is pinned to one core before MediaPipe starts (its graph and TFLite threads
inherit the pin), so "one core" is what the kernel allows, whatever threads it makes.
Needs the video extra: make bench runs it with .venv-video's python, on the clip
scripts/video_clip.py fetches (Sports2D's demo, BSD-3-Clause).

Run: .venv-video/bin/python bench/video.py build/video/demo.mp4
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

RUNS = 3


def decode_fps(path: Path) -> float:
    """OpenCV reading every frame, nothing else: the baseline."""
    from hamcoach.audit.video import frames_of

    start = time.perf_counter()
    n = sum(1 for _ in frames_of(path))
    return n / (time.perf_counter() - start)


def end_to_end_fps(path: Path) -> tuple[float, int, int, int]:
    """Decode, pose and audit (as `hamcoach audit CLIP --exercise bodyweight-squat`):
    frames a second, frames, frames with the person, reps found."""
    from hamcoach.audit.analyse import audit
    from hamcoach.audit.video import estimate, track_of
    from hamcoach.catalog.loader import load_catalog

    squat = load_catalog().catalog.get("bodyweight-squat")
    start = time.perf_counter()
    poses = estimate(path)
    result = audit(track_of(poses), squat)
    seconds = time.perf_counter() - start
    return poses.frames / seconds, poses.frames, poses.found, len(result.reps)


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "build/video/demo.mp4")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    decode = sorted(decode_fps(path) for _ in range(RUNS))
    runs = sorted((end_to_end_fps(path) for _ in range(RUNS)), key=lambda r: r[0])
    fps, frames, found, reps = runs[RUNS // 2]
    print(f"video: {path.name}, {frames} frames, the person in {found}, {reps} reps ({cores} core)")
    print(f"  decoding alone (OpenCV): median {decode[RUNS // 2]:.0f} frames/s")
    print(
        f"  pose + audit end to end: median {fps:.1f} frames/s (best {runs[-1][0]:.1f}), "
        f"target >= 30 (real time): {'met' if fps >= 30 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
