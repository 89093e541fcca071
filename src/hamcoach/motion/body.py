"""A 2-D articulated body and its forward kinematics.

Lengths are fractions of standing height, from de Leva's adjustment of Zatsiorsky and
Seluyanov's segment parameters (de Leva P. "Adjustments to Zatsiorsky-Seluyanov's segment
inertia parameters", J Biomech 1996;29(9):1223-30, Table 1, men, stature 1741 mm): the
trunk is three segments there (lower: hip joints to navel, middle: navel to the bottom of
the breastbone, upper: breastbone to the seventh neck vertebra), which is what lets a
picture show the spine rolling down. Widths for the front view and the ankle's height are
Winter's (Winter DA, "Biomechanics and Motor Control of Human Movement", 4th ed. 2009,
Fig. 4.1, after Drillis and Contini). Thicknesses are a drawing choice, said as such.

Coordinates: x forward (side view) or to the person's left (front view), y up, in
heights; the hip joints' midpoint starts at the origin and :mod:`hamcoach.motion.place`
moves the body onto the floor.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from hamcoach.domain.pose import Keyframe, View

MM_STATURE = 1741.0
LENGTH: Mapping[str, float] = {
    name: mm / MM_STATURE
    for name, mm in {
        "head": 242.9,  # vertex to cervicale
        "thoracic": 242.1,  # cervicale to xiphoid (de Leva's upper trunk)
        "lumbar": 215.5,  # xiphoid to omphalion (middle trunk)
        "pelvis": 145.7,  # omphalion to the hip joints' midpoint (lower trunk)
        "upper-arm": 281.7,
        "forearm": 268.9,
        "hand": 86.2,
        "thigh": 422.2,
        "shank": 434.0,  # knee joint to lateral malleolus
        "foot": 258.1,  # heel to the tip of the longest toe
    }.items()
}
ANKLE_HEIGHT = 0.039  # Winter, lateral malleolus above the floor
HEEL_BEHIND_ANKLE = 0.25  # of the foot's length (a drawing choice)
SHOULDER_ALONG_THORAX = 0.6  # shoulder joint up the thoracic segment, from the xiphoid
HIP_WIDTH = 0.191  # Winter; the joints are drawn at half of it apart
SHOULDER_WIDTH = 0.259  # Winter
RADIUS: Mapping[str, float] = {
    "head": 0.062,
    "thoracic": 0.065,
    "lumbar": 0.055,
    "pelvis": 0.06,
    "upper-arm": 0.025,
    "forearm": 0.02,
    "hand": 0.014,
    "thigh": 0.042,
    "shank": 0.03,
    "foot": 0.012,
}
"""Half thicknesses, in heights: how thick each segment is drawn (not measured)."""

SIDES = ("near", "far")
CHAIN: tuple[tuple[str, str, str], ...] = (
    ("pelvis", "hip", "navel"),
    ("lumbar", "navel", "chest"),
    ("thoracic", "chest", "neck"),
    ("upper-arm", "shoulder", "elbow"),
    ("forearm", "elbow", "wrist"),
    ("hand", "wrist", "fingers"),
    ("thigh", "hip-joint", "knee"),
    ("shank", "knee", "ankle"),
    ("foot", "heel", "toe"),
)
"""Segments as (name, from point, to point); limb ones exist on both sides."""
LIMB_SEGMENTS = frozenset({"upper-arm", "forearm", "hand", "thigh", "shank", "foot"})


def unit(degrees: float) -> np.ndarray:
    """The direction at an angle from straight up, positive toward +x."""
    r = np.radians(degrees)
    return np.array([np.sin(r), np.cos(r)])


@dataclass(frozen=True, slots=True)
class Segment:
    name: str
    side: str | None
    start: np.ndarray
    end: np.ndarray
    radius: float

    @property
    def key(self) -> str:
        return f"{self.side}.{self.name}" if self.side else self.name

    def lowest(self) -> float:
        return float(min(self.start[1], self.end[1]) - self.radius)


@dataclass(frozen=True, slots=True)
class Body:
    """One keyframe's points, in heights; limb points are keyed ``near.knee``."""

    view: View
    points: Mapping[str, np.ndarray]

    def __getitem__(self, name: str) -> np.ndarray:
        return self.points[name]

    def moved(self, by: np.ndarray) -> Body:
        return Body(self.view, {k: v + by for k, v in self.points.items()})

    def segments(self) -> Iterator[Segment]:
        """Far side first, so a drawing in this order puts the near side on top."""
        for side in ("far", None, "near"):
            for name, a, b in CHAIN:
                limb = name in LIMB_SEGMENTS
                if (side is None) == limb:
                    continue
                start, end = (f"{side}.{a}", f"{side}.{b}") if limb else (a, b)
                if start in self.points and end in self.points:
                    yield Segment(name, side, self[start], self[end], RADIUS[name])

    def head(self) -> tuple[np.ndarray, float]:
        return self["head"], RADIUS["head"]

    def lowest(self, part: str) -> float:
        """The lowest y of a segment (``near.shank``, ``thoracic``, ``head``) or a point."""
        if part == "head":
            centre, r = self.head()
            return float(centre[1] - r)
        for segment in self.segments():
            if segment.key == part:
                return segment.lowest()
        return float(self[part][1])

    def bottom(self) -> float:
        """The lowest y of the whole body."""
        return min(
            [s.lowest() for s in self.segments()] + [self.lowest("head")],
        )


def pose(keyframe: Keyframe, view: View) -> Body:
    """The body in a keyframe's angles, hips at the origin (not yet on the floor)."""
    if view is View.SIDE:
        return Body(view, _side(keyframe))
    return Body(view, _front(keyframe))


def _side(k: Keyframe) -> dict[str, np.ndarray]:
    p: dict[str, np.ndarray] = {"hip": np.zeros(2)}
    tilt = k.angle("pelvis")
    lumbar = tilt + k.angle("lumbar")
    thoracic = lumbar + k.angle("thoracic")
    p["navel"] = p["hip"] + LENGTH["pelvis"] * unit(tilt)
    p["chest"] = p["navel"] + LENGTH["lumbar"] * unit(lumbar)
    p["neck"] = p["chest"] + LENGTH["thoracic"] * unit(thoracic)
    head = thoracic + k.angle("neck")
    p["head"] = p["neck"] + 0.55 * LENGTH["head"] * unit(head)
    shoulder = p["chest"] + SHOULDER_ALONG_THORAX * LENGTH["thoracic"] * unit(thoracic)
    # a turned pelvis (hips not square) shows as the far hip joint off the near one
    turn = np.array([np.sin(np.radians(k.angle("pelvis_turn"))) * HIP_WIDTH / 4, 0.0])
    for side in SIDES:
        far = side == "far"
        q = f"{side}."
        p[q + "hip-joint"] = p["hip"] + (-turn if far else turn)
        arm = thoracic + 180 - k.angle("shoulder", far=far)
        forearm = arm - k.angle("elbow", far=far)
        p[q + "shoulder"] = shoulder
        p[q + "elbow"] = shoulder + LENGTH["upper-arm"] * unit(arm)
        p[q + "wrist"] = p[q + "elbow"] + LENGTH["forearm"] * unit(forearm)
        p[q + "fingers"] = p[q + "wrist"] + LENGTH["hand"] * unit(forearm)
        thigh = tilt + 180 - k.angle("hip", far=far)
        shank = thigh + k.angle("knee", far=far)
        toes = shank - 90 - k.angle("ankle", far=far)
        p[q + "knee"] = p[q + "hip-joint"] + LENGTH["thigh"] * unit(thigh)
        p[q + "ankle"] = p[q + "knee"] + LENGTH["shank"] * unit(shank)
        sole = p[q + "ankle"] + ANKLE_HEIGHT * unit(shank)
        p[q + "heel"] = sole - HEEL_BEHIND_ANKLE * LENGTH["foot"] * unit(toes)
        p[q + "toe"] = sole + (1 - HEEL_BEHIND_ANKLE) * LENGTH["foot"] * unit(toes)
    return p


def _front(k: Keyframe) -> dict[str, np.ndarray]:
    """The front view: lateral angles, with hip and knee flexion foreshortening the legs."""
    p: dict[str, np.ndarray] = {"hip": np.zeros(2)}
    tilt = k.angle("pelvis_tilt")
    trunk = -k.angle("trunk_lean")
    p["navel"] = p["hip"] + LENGTH["pelvis"] * unit(trunk)
    p["chest"] = p["navel"] + LENGTH["lumbar"] * unit(trunk)
    p["neck"] = p["chest"] + LENGTH["thoracic"] * unit(trunk)
    p["head"] = p["neck"] + 0.55 * LENGTH["head"] * unit(trunk)
    across = unit(trunk + 90)
    shoulders = p["chest"] + SHOULDER_ALONG_THORAX * LENGTH["thoracic"] * unit(trunk)
    pelvis_line = unit(90 - tilt)
    for side, out in (("near", 1.0), ("far", -1.0)):
        far = side == "far"
        q = f"{side}."
        p[q + "shoulder"] = shoulders + out * SHOULDER_WIDTH / 2 * across
        arm = trunk + 180 - out * k.angle("shoulder_abduction", far=far)
        p[q + "elbow"] = p[q + "shoulder"] + LENGTH["upper-arm"] * unit(arm)
        forearm = arm + out * k.angle("elbow", far=far)
        p[q + "wrist"] = p[q + "elbow"] + LENGTH["forearm"] * unit(forearm)
        p[q + "fingers"] = p[q + "wrist"] + LENGTH["hand"] * unit(forearm)
        p[q + "hip-joint"] = p["hip"] + out * HIP_WIDTH / 4 * pelvis_line
        hip_flexion = k.angle("hip", far=far)
        shank_pitch = hip_flexion - k.angle("knee", far=far)  # the shank's lean from down
        thigh = 180 - tilt - out * k.angle("hip_abduction", far=far)
        shank = thigh + out * k.angle("knee_valgus", far=far)
        thigh_seen = LENGTH["thigh"] * abs(np.cos(np.radians(hip_flexion)))
        shank_seen = LENGTH["shank"] * abs(np.cos(np.radians(shank_pitch)))
        p[q + "knee"] = p[q + "hip-joint"] + thigh_seen * unit(thigh)
        p[q + "ankle"] = p[q + "knee"] + shank_seen * unit(shank)
        sole = p[q + "ankle"] + np.array([0.0, -ANKLE_HEIGHT])
        turn = np.sin(np.radians(k.angle("foot_turn", far=far)))
        sideways = np.array([out * turn * LENGTH["foot"], 0.0])
        p[q + "heel"] = sole - HEEL_BEHIND_ANKLE * sideways
        p[q + "toe"] = sole + (1 - HEEL_BEHIND_ANKLE) * sideways
    return p
