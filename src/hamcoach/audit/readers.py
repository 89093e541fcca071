"""Keypoint files, told apart by their content (docs/keypoints.md describes each).

- hamcoach keypoints JSON: an object with ``skeleton``, ``fps`` and ``frames``;
- OpenPose output: a folder of per-frame JSON files with ``people[].pose_keypoints_2d``;
- CSV: a header ``frame,<joint>_x,<joint>_y[,<joint>_z][,<joint>_c]...`` in MediaPipe's
  landmark names, optionally with a ``time`` column (seconds) after ``frame``.

Every problem is a :class:`KeypointFileError` naming the line, frame or file and what is
wrong, never a traceback. A missing value (``null``, an empty CSV cell, NaN) is a missing
point, which the analysis copes with; what cannot be read at all is an error.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from hamcoach.audit.keypoints import (
    MEDIAPIPE_33,
    MIN_CONFIDENCE,
    SKELETONS,
    KeypointFileError,
    Space,
    Track,
    Up,
    make_track,
)
from hamcoach.audit.writers import AXES

MAX_BYTES = 200_000_000
"""A file larger than this is refused before it is read (an hour of MediaPipe JSON)."""
MAX_SECONDS = 20 * 60
"""The longest recording audited: a set of squats takes a minute or two."""
MAX_FRAMES = 150_000
MAX_FPS = 1000.0
MAX_COORDINATE = 1e6
"""No picture is a million pixels wide, and no one a thousand kilometres away."""
FRACTIONS = 1.5
"""Image coordinates no larger than this are taken for fractions of the picture's size."""
DEFAULT_FPS = 30.0
"""Assumed, and said, when a format carries no frame rate (OpenPose, CSV without time)."""


def read_keypoints(path: Path) -> Track:
    """The track in a keypoint file or an OpenPose folder, whichever it is; a problem's
    ``where`` is the path."""
    try:
        track = _read(path)
        if np.isnan(track.points[..., :2]).all():
            raise KeypointFileError(
                "no person is seen in any frame: every point is missing or under "
                f"{MIN_CONFIDENCE:g} confidence"
            )
    except KeypointFileError as exc:
        exc.where = exc.where or str(path)
        raise
    xy = track.points[..., :2]
    if track.space is Space.IMAGE and np.nanmax(np.abs(xy), initial=0.0) <= FRACTIONS:
        note = (
            "The coordinates look like fractions of the picture: unless it is square, give "
            "its size ('size': [width, height] in hamcoach JSON), or the angles are skewed."
        )
        track = replace(track, notes=(*track.notes, note))
    return track


def _read(path: Path) -> Track:
    if path.is_dir():
        from hamcoach.audit.openpose import read_openpose  # it reads with this module

        return read_openpose(path)
    if not path.is_file():
        raise KeypointFileError("no such file or folder")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise KeypointFileError(f"{size / 1e6:.0f} MB is more than this reads (200 MB)")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise KeypointFileError(f"not UTF-8 text (byte {exc.start})") from None
    text = text.removeprefix("\ufeff")  # a spreadsheet's byte-order mark
    start = text.lstrip()[:1]
    if not start:
        raise KeypointFileError("the file is empty")
    if start == "{":
        data = json_of(text)
        if isinstance(data, dict) and "people" in data:
            raise KeypointFileError("one OpenPose frame; give the folder that holds all the frames")
        return parse_hamcoach(data)
    if text.lstrip().startswith("frame"):
        return parse_csv(text)
    raise KeypointFileError(
        "not a keypoint file hamcoach knows (hamcoach JSON, OpenPose folder or CSV "
        "with a 'frame,...' header; see docs/keypoints.md)"
    )


def json_of(text: str, name: str = "") -> Any:
    at = f"{name}: " if name else ""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise KeypointFileError(f"{at}line {exc.lineno}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise KeypointFileError(f"{at}nested too deeply to be keypoints") from None


def _fps(value: Any) -> float:
    if value is None:
        raise KeypointFileError(f'"fps" is missing: the frames a second, a number 1-{MAX_FPS:g}')
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise KeypointFileError(
            f"fps {value!r:.40} is not a number: it must be a number 1-{MAX_FPS:g}"
        )
    if not 0 < value <= MAX_FPS or not math.isfinite(value):
        raise KeypointFileError(f"fps {value!r} is not a frame rate (1-{MAX_FPS:g})")
    return float(value)


def check_length(frames: int, fps: float) -> None:
    if frames == 0:
        raise KeypointFileError("there are no frames")
    if frames / fps > MAX_SECONDS or frames > MAX_FRAMES:
        _too_long(f"{frames:,} frames ({frames / fps / 60:.0f} minutes at {fps:g} fps)")


def _too_long(what: str) -> NoReturn:
    """The one message for a recording over :data:`MAX_SECONDS` or :data:`MAX_FRAMES`."""
    raise KeypointFileError(
        f"{what} is longer than an audit takes (at most {MAX_SECONDS // 60} minutes and "
        f"{MAX_FRAMES:,} frames); cut the recording to the set"
    )


def _enum(enum: type[Space] | type[Up], value: Any, key: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(repr(e.value) for e in enum)
        raise KeypointFileError(f"{key} {value!r} is not one of {allowed}") from None


def parse_hamcoach(data: Any) -> Track:
    """hamcoach keypoints JSON, already parsed."""
    if not isinstance(data, dict) or "frames" not in data or "skeleton" not in data:
        raise KeypointFileError("a keypoints object needs 'skeleton', 'fps' and 'frames'")
    skeleton = data["skeleton"]
    if skeleton not in SKELETONS:
        raise KeypointFileError(
            f"skeleton {skeleton!r} is not one of {', '.join(map(repr, SKELETONS))}"
        )
    fps = _fps(data.get("fps"))
    space = _enum(Space, data.get("space", "image"), "space")
    up = _enum(Up, data.get("up", "-y"), "up")
    frames = data["frames"]
    if not isinstance(frames, list):
        raise KeypointFileError("'frames' must be a list, one entry a frame")
    check_length(len(frames), fps)
    raw = _frames_array(frames, len(SKELETONS[skeleton]), skeleton)
    if "size" in data:
        raw[..., :2] *= _size(data["size"])
    return make_track(skeleton, bounded(raw), fps=fps, space=space, up=up)


def _size(size: Any) -> np.ndarray:
    """The picture's width and height, which scale coordinates given as its fractions."""
    if (
        not isinstance(size, list)
        or len(size) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in size)
        or not all(0 < v <= MAX_COORDINATE for v in size)
    ):
        raise KeypointFileError(f"size {size!r:.40} is not [width, height] in pixels")
    return np.array(size, dtype=float)


def _frames_array(frames: list[Any], joints: int, skeleton: str) -> np.ndarray:
    """frames × joints × 4; the quick path for a regular file, else frame by frame with
    the first problem's place."""
    try:
        raw = np.array(frames, dtype=float)
        if raw.shape == (len(frames), joints, 4) and not np.isinf(raw).any():
            return raw
    except (ValueError, TypeError):
        pass
    out = np.full((len(frames), joints, 4), np.nan)
    for f, frame in enumerate(frames):
        if frame is None or frame == []:
            continue  # nobody detected in this frame
        if not isinstance(frame, list) or len(frame) != joints:
            count = len(frame) if isinstance(frame, list) else type(frame).__name__
            raise KeypointFileError(
                f"frame {f}: {count} points where {skeleton} has {joints} (is 'skeleton' right?)"
            )
        for j, point in enumerate(frame):
            out[f, j] = _point(point, f"frame {f}, point {j}")
    return out


def bounded(raw: np.ndarray) -> np.ndarray:
    """The points, unless a coordinate is beyond :data:`MAX_COORDINATE` (or infinite)."""
    xyz = raw[..., :3]
    bad = np.abs(np.nan_to_num(xyz, nan=0.0)) > MAX_COORDINATE
    if bad.any():
        frame = int(np.argmax(bad.any(axis=(1, 2))))
        value = float(xyz[frame][bad[frame]][0])
        raise KeypointFileError(
            f"frame {frame}: a coordinate of {value:g} is out of range (at most {MAX_COORDINATE:g})"
        )
    return raw


def _point(point: Any, where: str) -> list[float]:
    if point is None:
        return [math.nan] * 4
    if not isinstance(point, list) or not 2 <= len(point) <= 4:
        raise KeypointFileError(f"{where}: expected [x, y, z, confidence], got {point!r:.60}")
    values = []
    for v in [*point, None, None][:4]:
        if v is None:
            values.append(math.nan)
        elif isinstance(v, int | float) and not isinstance(v, bool) and not math.isinf(v):
            values.append(float(v))
        else:
            raise KeypointFileError(f"{where}: {v!r:.30} is not a number")
    return values


def parse_csv(text: str) -> Track:
    """MediaPipe-named CSV: one row a frame; empty cells are missing values."""
    rows = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(rows)]
    if len(header) == 1 and _separator(header[0]):
        _not_commas(1, header[0])
    timed = len(header) > 1 and header[1] == "time"
    first = 2 if timed else 1
    columns = _csv_columns(header[first:])
    lines: list[int] = []
    numbers: list[int] = []
    times: list[float] = []
    values: list[list[float]] = []
    for line, row in enumerate(rows, start=2):
        if not row:
            continue
        if len(row) != len(header):
            if _separator(",".join(row)):  # 1;2;3, or 1,5;2,5 with decimal commas
                _not_commas(line, ",".join(row))
            raise KeypointFileError(
                f"line {line}: {len(row)} cells where the header has {len(header)}"
            )
        try:
            numbers.append(int(row[0]))
            if timed:
                times.append(float(row[1]))
            values.append([float(c) if c.strip() else math.nan for c in row[first:]])
        except ValueError:
            _bad_cell(row, header, line)
        lines.append(line)
        _csv_not_too_long(numbers, times)
    if not numbers:
        raise KeypointFileError("a header and no frames")
    frame_no = np.array(numbers)
    if (np.diff(frame_no) <= 0).any():
        bad = lines[int(np.argmax(np.diff(frame_no) <= 0)) + 1]
        raise KeypointFileError(f"line {bad}: frame numbers must go up")
    fps = _csv_fps(np.array(times), frame_no) if timed else DEFAULT_FPS
    count = int(frame_no[-1] - frame_no[0] + 1)
    check_length(count, fps)
    table = np.array(values)
    if np.isinf(table).any():
        row, col = np.argwhere(np.isinf(table))[0]
        raise KeypointFileError(
            f"line {lines[row]}, column {header[first + col]!r}: an infinite value "
            f"({table[row, col]:g}) is not a coordinate"
        )
    raw = np.full((count, len(MEDIAPIPE_33), 4), np.nan)
    for col, (joint, axis) in enumerate(columns):
        raw[frame_no - frame_no[0], joint, axis] = table[:, col]
    notes = () if timed else (f"The CSV has no time column: {DEFAULT_FPS:g} fps assumed.",)
    return make_track("mediapipe-33", bounded(raw), fps=fps, notes=notes)


def _separator(cell: str) -> bool:
    return ";" in cell or "\t" in cell


def _not_commas(line: int, cell: str) -> NoReturn:
    sep = "';'" if ";" in cell else "tabs"
    raise KeypointFileError(
        f"line {line}: the values must be separated by commas, not {sep}: {_quote(cell)}"
    )


def _quote(text: str, at_most: int = 40) -> str:
    return repr(text if len(text) <= at_most else text[:at_most] + "...")


def _bad_cell(row: list[str], header: list[str], line: int) -> NoReturn:
    """Which cell of a row that did not read is not a number."""
    if _separator(",".join(row)):
        _not_commas(line, ",".join(row))
    for n, (cell, column) in enumerate(zip(row, header, strict=True)):
        text = cell.strip()
        try:
            int(text) if n == 0 else float(text) if text or column == "time" else None
        except ValueError:
            what = "a whole number" if n == 0 else "a number"
            raise KeypointFileError(
                f"line {line}, column {column!r}: {_quote(text)} is not {what}"
            ) from None
    raise KeypointFileError(f"line {line}: a value is not a number")


def _csv_not_too_long(numbers: list[int], times: list[float]) -> None:
    """Stop reading a CSV as soon as it is over the limit, without counting the rest."""
    rows = len(numbers)
    if rows > MAX_FRAMES:
        _too_long(f"more than {MAX_FRAMES:,} frames")
    if times and times[-1] - times[0] > MAX_SECONDS:
        _too_long(
            f"more than {rows - 1:,} frames (over {MAX_SECONDS // 60} minutes by the time column)"
        )
    if not times and numbers[-1] - numbers[0] + 1 > MAX_SECONDS * DEFAULT_FPS:
        _too_long(
            f"more than {MAX_SECONDS * DEFAULT_FPS:,.0f} frames (over {MAX_SECONDS // 60} "
            f"minutes at the {DEFAULT_FPS:g} fps assumed)"
        )


def _csv_columns(header: list[str]) -> list[tuple[int, int]]:
    columns = []
    for n, h in enumerate(header):
        joint, _, axis = h.rpartition("_")
        if joint not in MEDIAPIPE_33 or axis not in AXES:
            raise KeypointFileError(
                f"line 1: column {h!r} is not <joint>_x, _y, _z or _c with a MediaPipe "
                "landmark name (e.g. left_knee_x)"
            )
        if h in header[:n]:
            raise KeypointFileError(f"line 1: the column {h!r} appears twice")
        columns.append((MEDIAPIPE_33.index(joint), AXES[axis]))
    return columns


def _csv_fps(times: np.ndarray, frames: np.ndarray) -> float:
    if len(times) < 2 or not np.isfinite(times).all() or times[-1] <= times[0]:
        raise KeypointFileError("the time column must rise from frame to frame")
    rate = float((frames[-1] - frames[0]) / (times[-1] - times[0]))
    return _fps(round(rate, 3))  # to a thousandth: the times are rounded, the rate is not
