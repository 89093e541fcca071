"""Squat recordings made from the body model, with faults put in at chosen reps: what the
tests and the benchmark audit, since their truth is known.

The exercise's own keyframes (its ``poses``) are played at its tempo through the
pictures' interpolation (:func:`hamcoach.pictures.animate.between`), sampled at the
camera's frame rate, and drawn as MediaPipe's 33 landmarks in pixels (y down, as a
detector reports them). A fault changes the bottom keyframe's angles (or a rep's speed);
``strength`` 0-1 moves it part of the way. Noise, single-frame jumps, dropped points and
dropped frames imitate a detector.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from hamcoach.audit.keypoints import BODY_25, MEDIAPIPE_33
from hamcoach.domain.pose import Contact, Keyframe, Poses, View
from hamcoach.motion.body import ANKLE_HEIGHT, HEEL_BEHIND_ANKLE, HIP_WIDTH, Body
from hamcoach.motion.place import place
from hamcoach.pictures.animate import between

FAULT_ANGLES: Mapping[str, Mapping[str, float]] = {
    # hips and knees bent less: knee flexion 75, above the hips-below-knees line
    "depth": {"pelvis": 10, "lumbar": 5, "thoracic": 5, "hip": 80, "knee": 75, "ankle": 5},
    # folded forward: trunk about 65 degrees from upright over shins at 25
    "trunk-lean": {
        "pelvis": 50,
        "lumbar": 20,
        "thoracic": 10,
        "hip": 140,
        "knee": 115,
        "ankle": 25,
    },
    # knees driven forward: shins at 40 degrees
    "knees-past-toes": {"pelvis": 25, "hip": 120, "knee": 135, "ankle": 40},
    # the foot tipped 15 degrees onto the toes
    "heels-lift": {"ankle": 10},
}
"""Side-view bottom angles that put each fault in."""
# The front view: feet a little wider than the hips, knees out over them at the bottom;
# the front model has no pelvis pitch, so the thigh's pitch (hip 95) is the squat's.
# (The body model's knee_valgus turns the shank back under the knee as it grows, so a
# knee caving in is a negative one here.)
FRONT_START = {"hip_abduction": 8, "knee_valgus": 8}
FRONT_BOTTOM = {"hip": 95, "knee": 120, "hip_abduction": 15, "knee_valgus": 15}
KNEES_IN = {"hip_abduction": -5, "knee_valgus": -15}
FRONT_FAULTS: Mapping[str, Mapping[str, float]] = {"knees-in-down": KNEES_IN}
MID_RISE = {"hip": 50, "knee": 60, **KNEES_IN}
"""Halfway up with the knees together: the 'knees-in-up' fault."""
RUSH = 2.5
"""A rushed rep is played this many times faster."""

HEAD_TO_NOSE = np.array([0.035, -0.01])


@dataclass(frozen=True, slots=True)
class Camera:
    height_px: float = 600.0
    """The person's standing height in pixels."""
    x_px: float = 640.0
    floor_px: float = 680.0
    facing: float = 1.0
    """+1: the person faces right in the picture (side view)."""


@dataclass(frozen=True, slots=True)
class Plan:
    """What to record: reps, their faults, the tempo and the detector's flaws."""

    reps: int = 5
    faults: Mapping[int, Mapping[str, float]] = field(default_factory=dict)
    """rep number (from 1) -> fault -> strength (0-1)."""
    view: View = View.SIDE
    fps: float = 30.0
    speed: float = 1.0
    """Tempo multiplier for every rep (2 is twice as fast)."""
    camera: Camera = Camera()
    noise_px: float = 0.0
    jump_chance: float = 0.0
    """Chance a point jumps 5 % of the height for one frame."""
    drop_point: float = 0.0
    drop_frame: float = 0.0
    seed: int = 0


def _front_poses() -> Poses:
    feet = (Contact("near.foot"), Contact("far.foot"))
    return Poses(
        view=View.FRONT,
        keyframes=(
            Keyframe("start", FRONT_START, feet, seconds=2),
            Keyframe("bottom", FRONT_BOTTOM, feet, seconds=2),
        ),
    )


def _bottom(poses: Poses, faults: Mapping[str, float]) -> Keyframe:
    bottom = poses.keyframes[1]
    angles = dict(bottom.angles)
    table = FRONT_FAULTS if poses.view is View.FRONT else FAULT_ANGLES
    for fault, strength in faults.items():
        for name, value in table.get(fault, {}).items():
            angles[name] = angles.get(name, 0.0) + strength * (value - angles.get(name, 0.0))
    return replace(bottom, angles=angles)


def _bodies(poses: Poses, plan: Plan, rng: np.random.Generator) -> list[Body]:
    """The body at each frame: standing, then each rep down, held, up, and a rest."""
    start = poses.keyframes[0]
    frames: list[Keyframe] = []

    def stay(k: Keyframe, seconds: float) -> None:
        frames.extend([k] * round(seconds * plan.fps))

    def move(a: Keyframe, b: Keyframe, seconds: float) -> None:
        n = max(2, round(seconds * plan.fps))
        frames.extend(between(a, b, i / n) for i in range(n))

    stay(start, 1.0)
    for rep in range(1, plan.reps + 1):
        faults = plan.faults.get(rep, {})
        bottom = _bottom(poses, faults)
        speed = plan.speed * rng.uniform(0.9, 1.1) * (RUSH if "rushing" in faults else 1.0)
        move(start, bottom, bottom.seconds / speed)
        stay(bottom, bottom.hold / speed)
        if "knees-in-up" in faults and poses.view is View.FRONT:
            strength = faults["knees-in-up"]
            mid = between(bottom, start, 0.5)
            angles = dict(mid.angles)
            for name, value in MID_RISE.items():
                for key in (name, f"far_{name}"):
                    angles[key] = angles.get(key, 0.0) + strength * (value - angles.get(key, 0.0))
            mid = replace(mid, angles=angles)
            move(bottom, mid, start.seconds / speed / 2)
            move(mid, start, start.seconds / speed / 2)
        else:
            move(bottom, start, start.seconds / speed)
        stay(start, rng.uniform(0.4, 1.0))
    stay(start, 0.5)
    return [place(poses, k).body for k in frames]


def _foot(body: Body, side: str) -> tuple[np.ndarray, np.ndarray]:
    """Heel and toe with the sole under the ankle square to the foot. The body model hangs
    the sole along the shin, which slides a flat foot's toes back as the shin leans (about
    2 cm at 30 degrees); a detector sees toes that stay put."""
    heel, toe, ankle = body[f"{side}.heel"], body[f"{side}.toe"], body[f"{side}.ankle"]
    length = float(np.linalg.norm(toe - heel))
    if length < 1e-9:  # the front view: the foot points at the camera
        return heel, toe
    along = (toe - heel) / length
    sole = ankle + ANKLE_HEIGHT * np.array([along[1], -along[0]]) * np.sign(along[0])
    return sole - HEEL_BEHIND_ANKLE * length * along, sole + (
        1 - HEEL_BEHIND_ANKLE
    ) * length * along


def _landmarks(body: Body, side_view: bool) -> np.ndarray:
    """33 × 2 in heights (+y up); the near side is the person's left."""
    at: dict[str, np.ndarray] = {}
    nose = body["head"] + (HEAD_TO_NOSE if side_view else np.array([0.0, -0.01]))
    for name in MEDIAPIPE_33[:11]:
        at[name] = nose if name == "nose" else body["head"]
    parts = {
        "shoulder": "shoulder",
        "elbow": "elbow",
        "wrist": "wrist",
        "pinky": "fingers",
        "index": "fingers",
        "thumb": "fingers",
        "hip": "hip-joint",
        "knee": "knee",
        "ankle": "ankle",
        "heel": "heel",
        "foot_index": "toe",
    }
    for mp, ours in parts.items():
        at[f"left_{mp}"] = body[f"near.{ours}"]
        at[f"right_{mp}"] = body[f"far.{ours}"]
    if side_view:
        for person, model in (("left", "near"), ("right", "far")):
            at[f"{person}_heel"], at[f"{person}_foot_index"] = _foot(body, model)
    return np.array([at[name] for name in MEDIAPIPE_33])


def landmarks(poses: Poses, plan: Plan) -> np.ndarray:
    """frames × 33 × 4 MediaPipe landmarks in pixels (y down), NaN where dropped."""
    rng = np.random.default_rng(plan.seed)
    poses = _front_poses() if plan.view is View.FRONT else poses
    side = plan.view is View.SIDE
    heights = np.array([_landmarks(b, side) for b in _bodies(poses, plan, rng)])
    cam = plan.camera
    out = np.full((len(heights), 33, 4), np.nan)
    out[..., 0] = cam.x_px + cam.height_px * heights[..., 0] * (cam.facing if side else 1.0)
    out[..., 1] = cam.floor_px - cam.height_px * heights[..., 1]
    out[..., 3] = 0.95
    if side:  # the far side is partly hidden
        out[:, [i for i, n in enumerate(MEDIAPIPE_33) if n.startswith("right_")], 3] = 0.7
    out[..., :2] += rng.normal(0.0, plan.noise_px, out[..., :2].shape) if plan.noise_px else 0.0
    jumps = rng.random(out.shape[:2]) < plan.jump_chance
    out[jumps, :2] += rng.normal(0.0, 0.05 * cam.height_px, (int(jumps.sum()), 2))
    out[rng.random(out.shape[:2]) < plan.drop_point] = np.nan
    out[rng.random(len(out)) < plan.drop_frame] = np.nan
    return out


def world(raw: np.ndarray, plan: Plan, *, height_m: float = 1.75, turn: float = 0.0) -> np.ndarray:
    """Side-view landmarks (pixels) as world keypoints in metres, +z up: the person's left
    points a quarter of Winter's hip width to their left, the right ones to their right,
    and the whole turned ``turn`` degrees about the vertical."""
    cam = plan.camera
    metres = height_m / cam.height_px
    forward = (raw[..., 0] - cam.x_px) * metres * cam.facing
    side = [
        1.0 if n.startswith("left_") else -1.0 if n.startswith("right_") else 0.0
        for n in MEDIAPIPE_33
    ]
    left = np.array(side) * HIP_WIDTH / 4 * height_m
    a = np.radians(turn)
    out = np.full(raw.shape, np.nan)
    out[..., 0] = forward * np.cos(a) - left * np.sin(a)
    out[..., 1] = forward * np.sin(a) + left * np.cos(a)
    out[..., 2] = (cam.floor_px - raw[..., 1]) * metres
    out[..., 3] = raw[..., 3]
    return out


def _rounded(point: np.ndarray) -> list[float | None] | None:
    if not np.isfinite(point[:2]).all():
        return None
    return [round(float(point[0]), 1), round(float(point[1]), 1), None, round(float(point[3]), 2)]


def as_hamcoach_json(raw: np.ndarray, fps: float) -> str:
    """hamcoach keypoints JSON (mediapipe-33, image space)."""
    frames = [
        None if not np.isfinite(frame[:, :2]).any() else [_rounded(p) for p in frame]
        for frame in raw
    ]
    data = {"skeleton": "mediapipe-33", "space": "image", "up": "-y", "fps": fps, "frames": frames}
    return json.dumps(data, separators=(",", ":")) + "\n"


def as_csv(raw: np.ndarray, fps: float, joints: Sequence[str] = MEDIAPIPE_33) -> str:
    """CSV in MediaPipe's names; a time column when the rate is not the assumed 30."""
    timed = fps != 30.0
    header = ["frame", *(["time"] if timed else [])]
    header += [f"{j}_{a}" for j in joints for a in ("x", "y", "c")]
    rows = [",".join(header)]
    index = [MEDIAPIPE_33.index(j) for j in joints]
    for f, frame in enumerate(raw):
        cells = [str(f), *([f"{f / fps:.4f}"] if timed else [])]
        for i in index:
            p = frame[i]
            seen = np.isfinite(p[:2]).all()
            cells += [f"{p[0]:.1f}", f"{p[1]:.1f}", f"{p[3]:.2f}"] if seen else ["", "", ""]
        rows.append(",".join(cells))
    return "\n".join(rows) + "\n"


def _body25(frame: np.ndarray) -> list[float]:
    mp = {n: frame[i] for i, n in enumerate(MEDIAPIPE_33)}
    mp["neck"] = (mp["left_shoulder"] + mp["right_shoulder"]) / 2
    mp["mid_hip"] = (mp["left_hip"] + mp["right_hip"]) / 2
    for s in ("left", "right"):
        mp[f"{s}_big_toe"] = mp[f"{s}_small_toe"] = mp[f"{s}_foot_index"]
    flat: list[float] = []
    for name in BODY_25:
        p = mp[name]
        flat += (
            [round(float(p[0]), 1), round(float(p[1]), 1), round(float(p[3]), 2)]
            if (np.isfinite(p[:2]).all())
            else [0.0, 0.0, 0.0]
        )
    return flat


def as_openpose(raw: np.ndarray, others: Sequence[np.ndarray] = ()) -> list[str]:
    """One OpenPose BODY_25 JSON text a frame; ``others`` are more people (frames × 33 × 4)."""
    out = []
    for f, frame in enumerate(raw):
        people = [frame, *(o[f] for o in others)]
        listed = [
            {"person_id": [-1], "pose_keypoints_2d": _body25(p)}
            for p in people
            if np.isfinite(p[:, :2]).any()
        ]
        out.append(json.dumps({"version": 1.3, "people": listed}))
    return out
