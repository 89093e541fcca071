"""Recordings made from the body model, with faults put in at chosen reps: what the
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

from hamcoach.audit.families.base import Angles, Synth
from hamcoach.audit.families.squat import SQUAT
from hamcoach.audit.keypoints import BODY_25, MEDIAPIPE_33
from hamcoach.audit.writers import keypoints_csv
from hamcoach.domain.pose import Keyframe, Poses, View
from hamcoach.motion.body import (
    ANKLE_HEIGHT,
    HEEL_BEHIND_ANKLE,
    HIP_WIDTH,
    SHOULDER_WIDTH,
    Body,
)
from hamcoach.motion.place import place
from hamcoach.pictures.animate import between

Faults = Mapping[str, float]
EMPTY: Faults = {}
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
    turn: float = 0.0
    """Degrees the camera is turned about the person from the view (side or front)."""


@dataclass(frozen=True, slots=True)
class Frame:
    """One frame of the movement: the pose, how far toward the rep's far keyframe it is
    (0-1), and the rep's faults."""

    keyframe: Keyframe
    progress: float = 0.0
    faults: Mapping[str, float] = field(default_factory=dict)


def _blend(k: Keyframe, table: Mapping[str, Angles], faults: Mapping[str, float]) -> Keyframe:
    """The keyframe with each fault's angles put in, ``strength`` of the way."""
    angles = dict(k.angles)
    for fault, strength in faults.items():
        for name, value in table.get(fault, {}).items():
            angles[name] = angles.get(name, 0.0) + strength * (value - angles.get(name, 0.0))
    return replace(k, angles=angles)


def _added(k: Keyframe, table: Mapping[str, Angles], faults: Faults) -> Keyframe:
    """The keyframe with each fault's degrees added, ``strength`` of them."""
    angles = dict(k.angles)
    for fault, strength in faults.items():
        for name, value in table.get(fault, {}).items():
            angles[name] = _angle(k, name) + strength * value
    return replace(k, angles=angles)


def _short(k: Keyframe, toward: Keyframe, table: Mapping[str, float], faults: Faults) -> Keyframe:
    """The keyframe moved a share of the way toward another, for each fault in the table."""
    share = sum(table[f] * strength for f, strength in faults.items() if f in table)
    if not share:
        return k
    keys = set(k.angles) | set(toward.angles)
    keys |= {f"far_{n}" for n in keys if not n.startswith("far_")}
    angles = {n: (1 - share) * _angle(k, n) + share * _angle(toward, n) for n in keys}
    return replace(k, angles=angles)


def _angle(k: Keyframe, key: str) -> float:
    return k.angle(key[4:], far=True) if key.startswith("far_") else k.angle(key)


def _lagged(
    a: Keyframe, b: Keyframe, t: float, lags: Sequence[tuple[frozenset[str], float]]
) -> Keyframe:
    """``between(a, b, t)`` with some angles starting late (a share of the way). A hip's
    angle is its thigh's against the pelvis, so a late hip keeps its thigh where it was in
    the room: the pelvis's move since is added to it."""
    k = between(a, b, t)
    for names, share in lags:
        late = between(a, b, min(1.0, max(0.0, (t - share) / (1 - share))))
        tipped = k.angle("pelvis") - late.angle("pelvis")
        angles = dict(k.angles)
        for n in names:
            angles[n] = _angle(late, n) + (tipped if n.endswith("hip") else 0.0)
        k = replace(k, angles=angles)
    return k


def _frames(poses: Poses, plan: Plan, synth: Synth, rng: np.random.Generator) -> list[Frame]:
    """The body at each frame: at rest, then each rep out, held, back, and a rest."""
    start = poses.keyframes[0]
    front = poses.view is View.FRONT
    frames: list[Frame] = []

    def stay(k: Keyframe, seconds: float, progress: float = 0.0, faults: Faults = EMPTY) -> None:
        frames.extend([Frame(k, progress, faults)] * round(seconds * plan.fps))

    def move(a: Keyframe, b: Keyframe, seconds: float, out: bool, faults: Faults) -> None:
        n = max(2, round(seconds * plan.fps))
        lags = [(synth.lag[f][0], synth.lag[f][1] * v) for f, v in faults.items() if f in synth.lag]
        lags = lags if out else []
        for i in range(n):
            t = i / n
            eased = t * t * (3 - 2 * t)
            frames.append(Frame(_lagged(a, b, t, lags), eased if out else 1 - eased, faults))

    stay(start, 1.0)
    rest = start
    for rep in range(1, plan.reps + 1):
        faults = plan.faults.get(rep, {})
        far = _blend(poses.keyframes[1], synth.front_far if front else synth.far, faults)
        far = _short(_added(far, synth.far_by, faults), start, synth.short, faults)
        back = _short(start, far, synth.short_back, faults)
        speed = plan.speed * rng.uniform(0.9, 1.1) * (RUSH if "rushing" in faults else 1.0)
        move(rest, far, far.seconds / speed, True, faults)
        stay(far, far.hold / speed, 1.0, faults)
        mid_faults = {f: v for f, v in faults.items() if f in synth.mid_back}
        if mid_faults:
            mid = between(far, back, 0.5)
            angles = dict(mid.angles)
            for fault, strength in mid_faults.items():
                for name, value in synth.mid_back[fault].items():
                    for key in (name, f"far_{name}"):
                        old = angles.get(key, 0.0)
                        angles[key] = old + strength * (value - old)
            mid = replace(mid, angles=angles)
            move(far, mid, back.seconds / speed / 2, False, faults)
            move(mid, back, back.seconds / speed / 2, False, faults)
        else:
            move(far, back, back.seconds / speed, False, faults)
        stay(back, rng.uniform(0.4, 1.0))
        rest = back
    stay(rest, 0.5)
    return frames


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


ARMS = ("shoulder", "elbow", "wrist", "pinky", "index", "thumb")
FACE_HALF_WIDTH = 0.03
"""Eyes, ears and mouth corners: about 5 cm either side of the nose (a drawing choice)."""


def _lateral() -> np.ndarray:
    """Each landmark's distance to the person's left, in heights: the arms at Winter's
    shoulder width, the legs at the hip joints (half his hip width apart), as world() does."""
    out = np.zeros(len(MEDIAPIPE_33))
    for i, name in enumerate(MEDIAPIPE_33):
        side, _, part = name.partition("_")
        sign = {"left": 1.0, "right": -1.0}.get(side, 0.0)
        width = SHOULDER_WIDTH / 2 if part in ARMS else HIP_WIDTH / 4
        out[i] = sign * (width if part in ARMS or part in LEG_PARTS else FACE_HALF_WIDTH)
    return out


LEG_PARTS = ("hip", "knee", "ankle", "heel", "foot_index")


def _roll(solid: np.ndarray, frames: Sequence[Frame], synth: Synth) -> None:
    """Turn each rolled fault's joints about the trunk's long axis (see Roll), in place:
    positive degrees raise the person's right side."""
    hips, shoulders = _index("left_hip", "right_hip"), _index("left_shoulder", "right_shoulder")
    for f, frame in enumerate(frames):
        for fault, strength in frame.faults.items():
            roll = synth.roll.get(fault)
            if roll is None:
                continue
            centre = solid[f, hips].mean(axis=0)
            axis = solid[f, shoulders].mean(axis=0) - centre
            axis /= np.linalg.norm(axis)
            sign = 1.0 if -axis[0] >= 0 else -1.0
            theta = np.radians(sign * roll.degrees * strength * frame.progress)
            idx = _index(*roll.joints)
            v = solid[f, idx] - centre
            turned = (
                v * np.cos(theta)
                + np.cross(axis, v) * np.sin(theta)
                + np.outer(v @ axis, axis) * (1 - np.cos(theta))
            )
            solid[f, idx] = centre + turned


def _index(*names: str) -> list[int]:
    return [MEDIAPIPE_33.index(n) for n in names]


def _heights(poses: Poses, plan: Plan, synth: Synth, rng: np.random.Generator) -> np.ndarray:
    """frames × 33 × 2 in heights as the camera sees them (+y up, x to the picture's right
    for a person facing right)."""
    if plan.view is View.FRONT and synth.front_poses is not None:
        frames = _frames(synth.front_poses, plan, synth, rng)
        return np.array(
            [_landmarks(place(synth.front_poses, k.keyframe).body, False) for k in frames]
        )
    frames = _frames(poses, plan, synth, rng)
    flat = np.array([_landmarks(place(poses, k.keyframe).body, True) for k in frames])
    solid = np.stack(
        [flat[..., 0], np.broadcast_to(_lateral(), flat.shape[:2]), flat[..., 1]], axis=-1
    )
    _roll(solid, frames, synth)
    yaw = np.radians(plan.turn + (90.0 if plan.view is View.FRONT else 0.0))
    across = solid[..., 0] * np.cos(yaw) + solid[..., 1] * np.sin(yaw)
    if plan.view is View.SIDE:
        across = across * plan.camera.facing
    return np.stack([across, solid[..., 2]], axis=-1)


def landmarks(poses: Poses, plan: Plan, synth: Synth = SQUAT.synth) -> np.ndarray:
    """frames × 33 × 4 MediaPipe landmarks in pixels (y down), NaN where dropped; the
    faults put in as ``synth`` (the exercise's family's) says."""
    rng = np.random.default_rng(plan.seed)
    side = plan.view is View.SIDE
    heights = _heights(poses, plan, synth, rng)
    cam = plan.camera
    out = np.full((len(heights), 33, 4), np.nan)
    out[..., 0] = cam.x_px + cam.height_px * heights[..., 0]
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
    return keypoints_csv(raw, fps, joints)


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
