"""The video path's parts that need no video extra: telling a video from a keypoint file,
keeping one person when MediaPipe jumps to another, the keypoints JSON read back, what the
annotated video writes for a rep, and the plain line when the extra is missing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from hamcoach.audit.keypoints import MEDIAPIPE_33
from hamcoach.audit.readers import MAX_SECONDS, parse_hamcoach
from hamcoach.audit.report import Audit, Finding, Phases, RepVerdict
from hamcoach.audit.video import (
    Clip,
    Poses,
    VideoFileError,
    check_length,
    is_video,
    keypoints_json,
    one_person,
    track_of,
)
from hamcoach.audit.video_overlay import FAULT, GOOD, shown_rep, verdict_lines
from hamcoach.cli.main import app

runner = CliRunner()


def errors(stderr: str) -> list[str]:
    """The error lines (the first run's notice aside), after checking for a traceback."""
    assert "Traceback" not in stderr
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def standing(x: float, feet_y: float, height: float, frames: int) -> np.ndarray:
    """frames × 33 × 4: a person ``height`` px tall standing at ``x`` (image y down), every
    landmark seen, with a little sway."""
    raw = np.full((frames, len(MEDIAPIPE_33), 4), np.nan)
    share = {"nose": 0.0, "shoulder": 0.15, "hip": 0.5, "knee": 0.75, "ankle": 0.97,
             "heel": 0.99, "foot_index": 1.0}  # fmt: skip
    for j, name in enumerate(MEDIAPIPE_33):
        part = name.split("_", 1)[-1] if name.startswith(("left", "right")) else name
        y = share.get(part, 0.05 if "eye" in name or "ear" in name or "mouth" in name else 0.4)
        dx = -0.1 * height if name.startswith("left") else 0.1 * height
        raw[:, j] = (x + (dx if name != "nose" else 0), feet_y - height * (1 - y), 0.0, 0.9)
    raw[..., 0] += np.sin(np.arange(frames) / 5)[:, None] * 3
    return raw


def test_a_video_is_told_by_its_name_or_its_first_bytes(tmp_path: Path) -> None:
    named = tmp_path / "clip.MOV"
    named.write_bytes(b"anything")
    mp4 = tmp_path / "phone-export"
    mp4.write_bytes(b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00")
    avi = tmp_path / "old"
    avi.write_bytes(b"RIFF\x10\x00\x00\x00AVI LIST")
    keypoints = tmp_path / "keypoints.json"
    keypoints.write_text('{"skeleton": "mediapipe-33", "fps": 30, "frames": []}')
    assert is_video(named) and is_video(mp4) and is_video(avi)
    assert not is_video(keypoints)
    assert not is_video(tmp_path)  # an OpenPose folder
    assert not is_video(tmp_path / "missing.mp4")


def test_the_longest_stretch_of_one_person_is_kept_when_mediapipe_jumps_to_another() -> None:
    first = standing(600, 400, 300, 90)
    first[40:60, :, 1] -= np.linspace(0, 120, 20)[:, None]  # a jump: fast, but one body
    other = standing(200, 900, 350, 40)
    raw = np.concatenate([first[:60], np.full((2, 33, 4), np.nan), other, first[60:]])
    kept, switches = one_person(raw)
    assert switches == 2
    seen = ~np.isnan(kept[:, 0, 0])
    # the first person's longer stretch; their return after the other is a stretch apart
    assert seen[:60].all() and not seen[60:].any()
    assert np.array_equal(kept[:60], first[:60], equal_nan=True)
    alone, none = one_person(first)
    assert none == 0 and np.array_equal(alone, first, equal_nan=True)


def test_the_keypoints_json_is_pixels_and_reads_back_as_the_audited_track() -> None:
    raw = standing(500, 900, 600, 30)
    raw[3] = np.nan  # nobody in this frame
    raw[4, 25] = np.nan  # a knee not found
    poses = Poses(Clip(fps=25.0, width=1080, height=1920, frames=30), raw)
    data = json.loads(json.dumps(keypoints_json(poses)))
    assert data["skeleton"] == "mediapipe-33" and data["space"] == "image"
    assert data["fps"] == 25.0 and data["up"] == "-y"
    assert data["frames"][3] is None and data["frames"][4][25] is None
    assert data["frames"][0][0] == pytest.approx([500.0, 300.0, 0.0, 0.9], abs=0.01)
    track = track_of(poses)
    again = parse_hamcoach(data)
    assert np.array_equal(track.points, again.points, equal_nan=True)
    assert track.fps == 25.0 and track.frames == 30
    assert "found the person in 29 of 30 frames" in track.notes[-1]
    with pytest.raises(VideoFileError, match="no person was found in any of its 30 frames"):
        track_of(Poses(poses.clip, np.full_like(raw, np.nan)))


def test_a_clip_longer_than_the_keypoint_limit_is_refused() -> None:
    check_length(MAX_SECONDS * 30, 30.0)
    with pytest.raises(VideoFileError, match=r"longer than an audit takes \(20 minutes\)"):
        check_length(MAX_SECONDS * 30 + 1, 30.0)


def _rep(number: int, start: int, end: int, faults: tuple[str, ...] = ()) -> RepVerdict:
    findings = tuple(
        Finding(
            check, check.replace("-", " "), start + 5, 0.0, 1.0, 2.0, "s", "below", "", None, ""
        )
        for check in faults
    )
    return RepVerdict(number, start / 30, end / 30, start, end, Phases(1, 0, 1), findings)


def test_the_verdict_shown_is_the_rep_under_way_or_just_ended() -> None:
    reps = (_rep(1, 10, 50), _rep(2, 100, 150, ("depth", "rushing", "depth")))
    result = Audit("bodyweight-squat", "Bodyweight squat", "side", 30.0, 300, reps)
    assert shown_rep(result, 5) is None
    assert shown_rep(result, 10) is reps[0] and shown_rep(result, 80) is reps[0]  # 1 s after
    assert shown_rep(result, 81) is None
    assert shown_rep(result, 120) is reps[1]
    assert verdict_lines(reps[0]) == [("Rep 1: good form", GOOD)]
    assert verdict_lines(reps[1]) == [("Rep 2: depth", FAULT), ("Rep 2: rushing", FAULT)]


def test_without_the_extra_one_line_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "cv2", None)  # import cv2 now raises ImportError
    monkeypatch.setitem(sys.modules, "mediapipe", None)
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00\x00\x00\x20ftypisom" + bytes(100))
    for args in (["audit", str(clip), "--exercise", "bodyweight-squat"],
                 ["pose", str(clip), "-o", str(tmp_path / "k.json")]):  # fmt: skip
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert errors(result.stderr) == [
            f"error: {clip}: a video needs the 'video' extra: pip install 'hamcoach[video]' "
            "in a venv of its own (it needs numpy < 2); in a hamcoach checkout, make video-env "
            "and run .venv-video/bin/hamcoach"
        ]
        assert not (tmp_path / "k.json").exists()


def test_an_empty_video_file_is_refused(tmp_path: Path) -> None:
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"")
    result = runner.invoke(app, ["audit", str(clip), "--exercise", "bodyweight-squat"])
    assert result.exit_code == 2
    assert errors(result.stderr) == [f"error: {clip}: the file is empty"]


def test_annotate_mp4_needs_a_video(tmp_path: Path) -> None:
    keypoints = tmp_path / "k.json"
    keypoints.write_text('{"skeleton": "mediapipe-33", "fps": 30, "frames": [null]}')
    out = tmp_path / "out.mp4"
    args = ["audit", str(keypoints), "--exercise", "bodyweight-squat", "--annotate", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "an .mp4 annotation needs a video input" in result.stderr
    assert not out.exists()


def test_only_the_video_extra_brings_numpy_below_2() -> None:
    import tomllib

    root = Path(__file__).resolve().parents[2]
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert extras["video"] == ["mediapipe==0.10.21"]  # the wheel that ships the full model
    for name, deps in [("core", project["dependencies"])] + [
        (k, v) for k, v in extras.items() if k != "video"
    ]:
        for dep in deps:
            assert "mediapipe" not in dep and "protobuf" not in dep, (name, dep)
            assert not dep.startswith("numpy") or "<2" not in dep.replace(" ", ""), (name, dep)


def test_pose_writes_csv_for_a_csv_name_that_reads_back_as_the_json(tmp_path: Path) -> None:
    from hamcoach.audit.readers import read_keypoints
    from hamcoach.cli.pose_cmds import keypoints_text

    raw = standing(500, 900, 600, 40)
    raw[3] = np.nan  # nobody in this frame
    raw[4, 25] = np.nan  # a knee not found
    raw[:, :, 0] += 0.123  # kept to the JSON's hundredth
    poses = Poses(Clip(fps=30000 / 1001, width=1080, height=1920, frames=40), raw)
    for kind in (".csv", ".json"):
        (tmp_path / f"k{kind}").write_text(keypoints_text(poses, kind), encoding="utf-8")
    header = (tmp_path / "k.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("frame,time,nose_x,nose_y,nose_z,nose_c,left_eye_inner_x,")
    from_csv, from_json = read_keypoints(tmp_path / "k.csv"), read_keypoints(tmp_path / "k.json")
    assert np.array_equal(from_csv.points, from_json.points, equal_nan=True)
    assert from_csv.fps == pytest.approx(29.97, abs=1e-9) and from_json.fps == 30000 / 1001
    assert from_csv.notes == from_json.notes


def test_pose_refuses_an_output_neither_json_nor_csv(tmp_path: Path) -> None:
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00\x00\x00\x20ftypisom" + bytes(100))
    out = tmp_path / "k.txt"
    result = runner.invoke(app, ["pose", str(clip), "-o", str(out)])
    assert result.exit_code == 2
    assert errors(result.stderr) == [
        f"error: {out}: the keypoints are written as .json or .csv; name the file so"
    ]
    assert not out.exists()
