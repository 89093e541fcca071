"""Keypoint files: each format reads back what was written, and a broken file is a typed
error that says where and what, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from hamcoach.audit.keypoints import INDEX, KeypointFileError, Track, make_track
from hamcoach.audit.readers import read_keypoints
from hamcoach.audit.synthetic import Plan, as_csv, as_hamcoach_json, as_openpose, landmarks
from hamcoach.domain.catalog import Catalog
from hamcoach.errors import InputError


@pytest.fixture(scope="module")
def raw(catalog: Catalog) -> np.ndarray:
    poses = catalog.get("bodyweight-squat").poses
    assert poses is not None
    return landmarks(poses, Plan(reps=2, seed=7, noise_px=1.0, drop_point=0.05, drop_frame=0.05))


def write_openpose(folder: Path, frames: list[str]) -> Path:
    folder.mkdir()
    for i, text in enumerate(frames):
        (folder / f"squat_{i:012d}_keypoints.json").write_text(text, encoding="utf-8")
    return folder


def same(a: Track, b: Track, atol: float) -> None:
    assert a.points.shape == b.points.shape
    seen = np.isfinite(a.points[..., :2])
    assert (seen == np.isfinite(b.points[..., :2])).all()
    assert np.allclose(a.points[..., :2][seen], b.points[..., :2][seen], atol=atol)


def test_each_format_reads_back_the_same_track(tmp_path: Path, raw: np.ndarray) -> None:
    truth = make_track("mediapipe-33", raw, fps=30.0)
    (tmp_path / "s.json").write_text(as_hamcoach_json(raw, 30.0), encoding="utf-8")
    (tmp_path / "s.csv").write_text(as_csv(raw, 30.0), encoding="utf-8")
    folder = write_openpose(tmp_path / "openpose", as_openpose(raw))
    from_json = read_keypoints(tmp_path / "s.json")
    from_csv = read_keypoints(tmp_path / "s.csv")
    from_openpose = read_keypoints(folder)
    same(truth, from_json, atol=0.06)  # written to a tenth of a pixel
    same(truth, from_csv, atol=0.06)
    same(truth, from_openpose, atol=0.06)
    assert from_json.skeleton == from_csv.skeleton == "mediapipe-33"
    assert from_openpose.skeleton == "body25" and from_json.fps == 30.0
    assert any("30 fps assumed" in n for n in from_csv.notes)
    assert any("Nobody detected" in n for n in from_openpose.notes)


def test_a_spreadsheets_csv_with_a_byte_order_mark_and_crlf(
    tmp_path: Path, raw: np.ndarray
) -> None:
    text = "\ufeff" + as_csv(raw, 30.0).replace("\n", "\r\n")
    (tmp_path / "excel.csv").write_bytes(text.encode("utf-8"))
    same(
        make_track("mediapipe-33", raw, fps=30.0), read_keypoints(tmp_path / "excel.csv"), atol=0.06
    )


def test_csv_with_a_time_column_gives_its_rate(tmp_path: Path, raw: np.ndarray) -> None:
    (tmp_path / "s.csv").write_text(as_csv(raw, 60.0), encoding="utf-8")
    track = read_keypoints(tmp_path / "s.csv")
    assert track.fps == pytest.approx(60.0, rel=1e-3) and not track.notes


def test_fractions_of_the_picture_are_scaled_by_its_size(tmp_path: Path, raw: np.ndarray) -> None:
    size = (1280.0, 720.0)
    fractions = raw.copy()
    fractions[..., 0] /= size[0]
    fractions[..., 1] /= size[1]
    frames = [
        [None if np.isnan(p[0]) else [float(p[0]), float(p[1]), None, float(p[3])] for p in f]
        for f in fractions
    ]
    data: dict[str, object] = {"skeleton": "mediapipe-33", "fps": 30, "frames": frames}
    (tmp_path / "f.json").write_text(json.dumps(data), encoding="utf-8")
    assert any("look like fractions" in n for n in read_keypoints(tmp_path / "f.json").notes)
    data["size"] = list(size)
    (tmp_path / "f.json").write_text(json.dumps(data), encoding="utf-8")
    scaled = read_keypoints(tmp_path / "f.json")
    assert not scaled.notes
    same(make_track("mediapipe-33", raw, fps=30.0), scaled, atol=1e-6)
    data["size"] = [1280, 0]
    (tmp_path / "f.json").write_text(json.dumps(data), encoding="utf-8")
    assert "size [1280, 0] is not [width, height] in pixels" in problem(tmp_path / "f.json")


def test_world_space_with_z_up(tmp_path: Path) -> None:
    frame = [[0.0, 0.0, 1.0, 1.0]] * 17
    data = {"skeleton": "coco-17", "space": "world", "up": "+z", "fps": 50, "frames": [frame]}
    (tmp_path / "w.json").write_text(json.dumps(data), encoding="utf-8")
    track = read_keypoints(tmp_path / "w.json")
    assert track.space == "world" and track.fps == 50
    assert track.xy("left_knee")[0].tolist() == [0.0, 1.0]  # z became the height


def test_openpose_follows_the_largest_steadiest_person(tmp_path: Path, raw: np.ndarray) -> None:
    small = raw.copy()
    small[..., :2] = raw[..., :2] * 0.3 + 900  # someone far behind
    folder = write_openpose(tmp_path / "op", as_openpose(raw, others=[small]))
    track = read_keypoints(folder)
    truth = make_track("mediapipe-33", raw, fps=30.0)
    seen = np.isfinite(track.points[:, :, 0])
    assert np.allclose(track.points[..., :2][seen], truth.points[..., :2][seen], atol=0.06)
    assert any("More than one person" in n for n in track.notes)


def problem(path: Path) -> str:
    with pytest.raises(KeypointFileError) as info:
        read_keypoints(path)
    assert isinstance(info.value, InputError) and info.value.exit_code == 2
    return str(info.value)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "the file is empty"),
        ("   \n", "the file is empty"),
        ("{not json", "line 1: not valid JSON"),
        ('{"frames": []}', "needs 'skeleton', 'fps' and 'frames'"),
        (
            '{"skeleton": "halpe-26", "fps": 30, "frames": [null]}',
            "skeleton 'halpe-26' is not one of",
        ),
        ('{"skeleton": "coco-17", "fps": 0, "frames": [null]}', "fps 0 is not a frame rate"),
        (
            '{"skeleton": "coco-17", "fps": 30, "space": "pixels", "frames": [null]}',
            "space 'pixels'",
        ),
        ('{"skeleton": "coco-17", "fps": 30, "frames": []}', "there are no frames"),
        (
            '{"skeleton": "mediapipe-33", "fps": 30, "frames": [null, '
            + json.dumps([[1, 2, 0, 1]] * 17)
            + "]}",
            "frame 1: 17 points where mediapipe-33 has 33 (is 'skeleton' right?)",
        ),
        (
            '{"skeleton": "coco-17", "fps": 30, "frames": ['
            + json.dumps([[1, 2]] * 16 + [[1, "x"]])
            + "]}",
            "frame 0, point 16: 'x' is not a number",
        ),
        (
            '{"skeleton": "coco-17", "fps": 30, "frames": ['
            + json.dumps([[1, 2]] * 16 + [[1]])
            + "]}",
            "frame 0, point 16: expected [x, y, z, confidence]",
        ),
        (
            '{"skeleton": "coco-17", "fps": 30, "frames": [['
            + ",".join(["[1, Infinity]"] * 17)
            + "]]}",
            "is not a number",
        ),
        ('{"people": []}', "one OpenPose frame; give the folder"),
        (
            '{"skeleton": "coco-17", "fps": 30, "frames": [null, ['
            + ",".join(["[1e308, 2]"] * 17)
            + "]]}",
            "frame 1: a coordinate of 1e+308 is out of range (at most 1e+06)",
        ),
        ("frame,left_knee_x,left_knee_y\n0,1,2\n1,1\n", "line 3: 2 cells where the header has 3"),
        (
            "frame,left_knee_x,left_knee_y\n0,1,abc\n",
            "line 2, column 'left_knee_y': 'abc' is not a number",
        ),
        ("frame,left_kneecap_x\n0,1\n", "column 'left_kneecap_x' is not <joint>_x"),
        ("frame,left_knee_x\n1,1\n1,2\n", "line 3: frame numbers must go up"),
        ("frame,left_knee_x\n", "a header and no frames"),
        ("x,y\n1,2\n", "not a keypoint file hamcoach knows"),
    ],
)
def test_a_broken_file_says_where_and_what(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    message = problem(path)
    assert says in message, message


def test_nan_is_a_missing_point_not_a_crash(tmp_path: Path) -> None:
    frame = [[float("nan"), 2.0, None, 0.9]] * 16 + [[1.0, 2.0, None, 0.9]]
    data = {"skeleton": "coco-17", "fps": 30, "frames": [frame, None]}
    (tmp_path / "n.json").write_text(json.dumps(data), encoding="utf-8")  # writes NaN
    track = read_keypoints(tmp_path / "n.json")
    assert track.frames == 2 and np.isnan(track.points[1]).all()
    seen = np.isfinite(track.points[0, :, 0])
    assert seen.sum() == 1 and track.has("right_ankle") and seen[INDEX["right_ankle"]]


def test_a_two_hour_file_is_refused_before_the_analysis(tmp_path: Path) -> None:
    frames = ",".join(["null"] * (2 * 3600 * 30))
    path = tmp_path / "long.json"
    path.write_text(f'{{"skeleton": "coco-17", "fps": 30, "frames": [{frames}]}}', encoding="utf-8")
    assert "216,000 frames (120 minutes at 30 fps) is longer than an audit takes" in problem(path)


def test_openpose_problems_name_the_frame_file(tmp_path: Path) -> None:
    coco = json.dumps({"people": [{"pose_keypoints_2d": [0.0] * 54}]})
    folder = write_openpose(tmp_path / "op", [coco])
    assert (
        "squat_000000000000_keypoints.json: pose_keypoints_2d has 54 numbers (18 points: "
        "OpenPose's COCO model, which is not read); BODY_25 has 75" in problem(folder)
    )
    assert "no *_keypoints.json files" in problem(write_openpose(tmp_path / "empty", []))
    broken = write_openpose(tmp_path / "broken", ['{"people": [{"pose_keypoints_2d": 5}]}'])
    assert "a person without a pose_keypoints_2d list" in problem(broken)


def test_missing_and_not_utf8_files(tmp_path: Path) -> None:
    assert "no such file or folder" in problem(tmp_path / "nope.json")
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe{")
    assert "not UTF-8 text" in problem(tmp_path / "bin.json")
