"""The video path on a real clip of real people, run as a person runs it: the `hamcoach`
of .venv-video (the video extra: mediapipe 0.10.21 with numpy < 2, kept out of this venv)
by subprocess. Skipped only when that venv is absent ('make video-env' builds it; 'make
test' does where mediapipe has wheels).

The clip is Sports2D's demo (sports2d 0.8.34 on PyPI, BSD-3-Clause, David Pagnon), fetched
once by scripts/video_clip.py: 230 frames at 30 fps, 1768x994. A man does jumping jacks
on a box (frames 0-165: both arms overhead twice, about 1 s apart), then jumps down; a
woman walks across in front (frames 40-200). There is no squat in it: the audit's answer
is that his bounces are not slow, deep squats.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv-video" / "bin"


def _extra() -> bool:
    python = VENV / "python"
    return python.is_file() and (
        subprocess.run([python, "-c", "import cv2, mediapipe"], capture_output=True).returncode == 0
    )


pytestmark = pytest.mark.skipif(
    not _extra(), reason="the video extra is not installed (.venv-video: make video-env)"
)


def hamcoach(*args: str | Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HAMCOACH_HOME": str(home)}
    return subprocess.run(
        [VENV / "hamcoach", *map(str, args)], capture_output=True, text=True, env=env, timeout=300
    )


def in_venv(code: str) -> str:
    """Run ``code`` with the video venv's python (cv2 is there, not here); its stdout."""
    done = subprocess.run([VENV / "python", "-c", code], capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="module")
def clip() -> Path:
    done = subprocess.run(
        [VENV / "python", ROOT / "scripts" / "video_clip.py", ROOT / "build" / "video"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr + done.stdout
    return Path(done.stdout.strip())


@pytest.fixture(scope="module")
def keypoints(clip: Path, home: Path) -> tuple[dict, str]:  # type: ignore[type-arg]
    out = home / "demo-keypoints.json"
    done = hamcoach("pose", clip, "-o", out, home=home)
    assert done.returncode == 0, done.stderr
    return json.loads(out.read_text()), done.stderr


@pytest.fixture(scope="module")
def audited(clip: Path, home: Path) -> tuple[dict, Path, str]:  # type: ignore[type-arg]
    annotated = home / "demo-annotated.mp4"
    done = hamcoach("audit", clip, "--exercise", "bodyweight-squat", "--json",
                    "--annotate", annotated, home=home)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), annotated, done.stderr


def test_the_pose_is_found_and_only_the_man_on_the_box_is_kept(keypoints: tuple) -> None:  # type: ignore[type-arg]
    data, said = keypoints
    assert data["skeleton"] == "mediapipe-33" and data["fps"] == 30 and len(data["frames"]) == 230
    kept = [i for i, f in enumerate(data["frames"]) if f is not None]
    # MediaPipe follows the man, then the woman, then the man again once landed: the man's
    # stretch on the box is the longest, most of the clip
    assert len(kept) >= 0.6 * 230 and kept[-1] - kept[0] + 1 == len(kept)
    assert "went from one person to another 2 times" in said
    points = np.array(
        [[p if p is not None else [np.nan] * 4 for p in data["frames"][i]] for i in kept]
    )
    ankles_y = np.nanmean(points[:, [27, 28], 1], axis=1)
    assert (ankles_y < 994 / 2).mean() > 0.95  # on the box, in the picture's upper half


def test_the_body_found_is_a_plausible_one(keypoints: tuple) -> None:  # type: ignore[type-arg]
    data, _ = keypoints
    points = np.array([f for f in data["frames"] if f is not None and None not in f], dtype=float)
    assert len(points) >= 100
    x, y, c = points[..., 0], points[..., 1], points[..., 3]
    nose, hips, ankles = y[:, 0], y[:, [23, 24]].mean(axis=1), y[:, [27, 28]].mean(axis=1)
    assert ((nose < hips) & (hips < ankles)).mean() > 0.95  # head above hips above feet
    sure = (c[:, [23, 25, 27, 24, 26, 28]] > 0.5).all(axis=1)
    leg = {side: np.hypot(*(points[sure][:, [h, k], :2] - points[sure][:, [k, a], :2]).transpose(2, 0, 1)).sum(axis=1)
           for side, (h, k, a) in {"left": (23, 25, 27), "right": (24, 26, 28)}.items()}  # fmt: skip
    assert 0.85 < np.median(leg["left"] / leg["right"]) < 1.18
    assert 0.3 < np.median(leg["left"]) / np.median(ankles - nose) < 0.7  # legs half the height
    # jumping jacks: both wrists above the head, twice, each time for at least 0.2 s
    up = (y[:, 15] < y[:, 0]) & (y[:, 16] < y[:, 0])
    starts = np.flatnonzero(np.diff(up.astype(int)) == 1)
    lengths = [int(np.argmin(up[s + 1 :])) for s in starts]
    assert sum(n >= 6 for n in lengths) >= 2
    assert x[:, 0].std() < 100  # he stays on the box


def test_the_audit_says_these_are_not_slow_deep_squats(
    audited: tuple, keypoints: tuple, home: Path
) -> None:  # type: ignore[type-arg]
    report, _, _ = audited
    assert report["view"] == "front"  # he faces the camera
    assert report["summary"]["reps"] >= 2  # each bounce of the jumping jacks
    assert report["summary"]["good_form"] == 0
    assert report["summary"]["most_common_fault"] == "rushing"
    assert any("went from one person to another" in n for n in report["notes"])
    # he faces the camera for the jumps, then turns side-on to step off the box: each
    # check is made only in the reps seen from the view it needs
    views = [rep["view"] for rep in report["reps"]]
    assert views[0] == "front" and views[-1] == "side", views
    for rep in report["reps"]:
        needs_side = {"depth", "heels-lift"} <= set(rep["not_in_view"])
        needs_front = "knees-in-down" in rep["not_in_view"]
        assert needs_side if rep["view"] == "front" else needs_front, rep
    assert any("view changes during the recording" in n for n in report["notes"])
    # the keypoints `hamcoach pose` wrote are audited the same way
    done = hamcoach("audit", home / "demo-keypoints.json", "--exercise", "bodyweight-squat",
                    "--json", home=home)  # fmt: skip
    assert done.returncode == 0, done.stderr
    again = json.loads(done.stdout)
    assert again["reps"] == report["reps"] and again["summary"] == report["summary"]


def test_the_annotated_video_shows_the_skeleton_and_each_verdict(
    audited: tuple, clip: Path
) -> None:  # type: ignore[type-arg]
    report, annotated, said = audited
    assert f"wrote {annotated} (230 frames)" in said
    first = report["reps"][0]
    inside = (first["frames"][0] + first["frames"][1]) // 2
    stats = json.loads(
        in_venv(f"""
import cv2, json, numpy as np
def frames(p):
    c = cv2.VideoCapture(p); out = []
    while True:
        ok, f = c.read()
        if not ok: return out, c.get(cv2.CAP_PROP_FPS)
        out.append(f)
a, fps = frames({str(annotated)!r}); o, _ = frames({str(clip)!r})
def near(img, bgr): return int((np.abs(img.astype(int) - bgr).sum(axis=2) < 60).sum())
f = {inside}
print(json.dumps({{"n": len(a), "fps": fps, "shape": a[0].shape,
  "bone": near(a[f], (255, 200, 0)) - near(o[f], (255, 200, 0)),
  "red_banner": near(a[f][:150, :900], (60, 60, 230)),
  "green_banner": near(a[f][:150, :900], (80, 200, 80)),
  "dark_banner": int((a[f][5:35, 5:400].sum(axis=2) < 60).mean() * 100),
  "untouched": float(np.abs(a[f][600:, 1000:1700].astype(int) - o[f][600:, 1000:1700]).mean())}}))
""")
    )
    assert stats["n"] == 230 and stats["fps"] == 30 and stats["shape"] == [994, 1768, 3]
    assert stats["bone"] > 300  # the skeleton's lines, drawn over the man
    assert stats["red_banner"] > 200 and stats["green_banner"] < 50  # "Rep 1: rushing"
    assert stats["dark_banner"] > 50  # the summary line's dark box
    assert stats["untouched"] < 12  # the rest of the picture is the clip (re-encoded)


def test_bad_videos_are_one_error_line_and_exit_2(tmp_path: Path, home: Path) -> None:
    text = tmp_path / "notes.mp4"
    text.write_text("this is not a video\n")
    nobody = tmp_path / "empty-room.mp4"
    long = tmp_path / "long.avi"
    in_venv(f"""
import cv2, numpy as np
w = cv2.VideoWriter({str(nobody)!r}, cv2.VideoWriter_fourcc(*"mp4v"), 30, (320, 240))
for i in range(60):
    f = np.zeros((240, 320, 3), np.uint8); f[:, :, 1] = np.linspace(0, 255, 320)[None, :]
    f[100:140, (i * 4) % 280:(i * 4) % 280 + 40] = 255; w.write(f)
w.release()
w = cv2.VideoWriter({str(long)!r}, cv2.VideoWriter_fourcc(*"MJPG"), 1, (16, 16))
for i in range(1300):
    w.write(np.full((16, 16, 3), i % 255, np.uint8))
w.release()
""")
    expected = {
        text: "not a video OpenCV can decode",
        nobody: "no person was found in any of its 60 frames",
        long: "1300 frames (22 minutes at 1 fps) is longer than an audit takes (20 minutes)",
    }
    for path, message in expected.items():
        for args in (
            ["audit", path, "--exercise", "bodyweight-squat"],
            ["pose", path, "-o", tmp_path / "k.json"],
        ):
            start = time.perf_counter()
            done = hamcoach(*args, home=home)
            assert done.returncode == 2, (path, done.stderr)
            assert "Traceback" not in done.stderr
            lines = [line for line in done.stderr.splitlines() if line.startswith("error:")]
            assert len(lines) == 1 and lines[0].startswith(f"error: {path}: {message}"), done.stderr
            assert done.stderr.strip().splitlines()[-1] == lines[0]  # nothing from FFmpeg
            assert not (tmp_path / "k.json").exists()
            if path == long:  # refused from the container's count, before any pose is sought
                assert time.perf_counter() - start < 20
