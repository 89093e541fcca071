"""The person as the audit saw them at one frame, drawn as a skeleton: the pose in
heights (:func:`pose_at`), and its bones, head and joints (:func:`skeleton`).

Three ways to draw, as the measures read the joints: from the side with the left and
right joints averaged (or the ``--side`` chosen, copied over the other: sides.py); from
the side with both legs each as seen, for a one-legged exercise, whose measures read the
working leg and the free one apart (the working leg in full ink, the free one a shade
lighter); and from the front, both legs each as seen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hamcoach.audit.keypoints import INDEX
from hamcoach.audit.marks import Pose
from hamcoach.audit.sides import PAIRED
from hamcoach.audit.signal import joint, middle
from hamcoach.motion.body import LENGTH
from hamcoach.pictures.canvas import HIGHLIGHT, INK, Frame, circle, line

HEAD = 0.062
"""The head's radius in heights (the exercise pictures' body model)."""
NOSE_AHEAD = np.array([0.9 * HEAD, -0.01])
"""Where the nose keypoint sits against the head's centre, seen from the side, in heights
(ahead, up): at the face's edge, so the nose shows which way the person faces."""
WIDTH = {"trunk": 0.07, "thigh": 0.05, "shank": 0.036, "foot": 0.02, "neck": 0.03}
"""Stroke widths in heights: thinner than the exercise pictures' limbs, so an arc at a
joint stays visible."""
FREE = "#6e7781"
"""The free leg of a one-legged exercise: a shade lighter than the ink."""
LEG_BONES = (
    ("hip", "knee", "thigh"),
    ("knee", "ankle", "shank"),
    ("ankle", "heel", "foot"),
    ("heel", "toe", "foot"),
    ("ankle", "toe", "foot"),
)
FRONT_LEG = (("hip", "knee", "thigh"), ("knee", "ankle", "shank"), ("ankle", "toe", "foot"))


def stature(points: np.ndarray) -> float:
    """The person's height in the points' units (pixels, metres), from the thighs' and
    shanks' lengths (de Leva's, as the body model's), which stay the same whether the
    person stands, lies or kneels: the longest most frames show (the 95th percentile,
    since a limb turned toward the camera looks shorter), over its share of the height,
    the two averaged."""
    units = []
    for upper, lower, limb in (("hip", "knee", "thigh"), ("knee", "ankle", "shank")):
        seen = np.concatenate(
            [
                np.linalg.norm(
                    joint(points, f"{s}_{lower}") - joint(points, f"{s}_{upper}"), axis=1
                )
                for s in ("left", "right")
            ]
        )
        seen = seen[np.isfinite(seen)]
        if len(seen):
            units.append(float(np.percentile(seen, 95)) / LENGTH[limb])
    return float(np.mean(units)) if units and np.mean(units) > 0 else 1.0


def pose_at(points: np.ndarray, frame: int, unit: float) -> Pose:
    """The joints seen at ``frame`` in heights: each named joint, and each paired one also
    without its side (the two averaged, as the side-view measures read them)."""
    at = points[frame : frame + 1]
    named = {name: at[0, i] for name, i in INDEX.items()}
    named |= {name: middle(at, name)[0] for name in PAIRED}
    seen = {k: v for k, v in named.items() if np.isfinite(v).all()}
    return {k: v / unit for k, v in seen.items()}


@dataclass(frozen=True, slots=True)
class Look:
    """How to draw a figure: front or side, which way it faces, the working leg of a
    one-legged exercise (the other is the free leg: both drawn), the joints to mark, and
    on which leg (``marked_leg``: the working one, the free one, or None for both)."""

    front: bool
    facing: float
    leg: str | None
    marked: frozenset[str] = frozenset()
    marked_leg: str | None = None


def other(leg: str) -> str:
    return "right" if leg == "left" else "left"


def head_centre(pose: Pose, look: Look) -> np.ndarray | None:
    """The head's centre: seen from the side, behind the nose across the trunk's line
    (whichever way the trunk lies: standing, on the back, leaning forward); from the
    front, just over the nose; without a nose, over the shoulders along the trunk."""
    shoulder, hip = pose.get("shoulder"), pose.get("hip")
    up = np.array([0.0, 1.0])
    if shoulder is not None and hip is not None and np.linalg.norm(shoulder - hip) > 1e-9:
        up = (shoulder - hip) / np.linalg.norm(shoulder - hip)
    if "nose" not in pose:
        return None if shoulder is None else np.asarray(shoulder + 0.12 * up)
    nose = np.asarray(pose["nose"])
    if look.front or shoulder is None:
        return np.asarray(nose + 0.01 * up)
    across = nose - shoulder - float((nose - shoulder) @ up) * up
    size = float(np.linalg.norm(across))
    ahead = across / size if size > 1e-9 else np.zeros(2)
    return np.asarray(nose - NOSE_AHEAD[0] * ahead - NOSE_AHEAD[1] * up)


def bones(pose: Pose, look: Look) -> list[tuple[str, str, str, str]]:
    """(joint, joint, limb, colour) for each bone to draw, the free leg's first (behind)."""
    if look.front:
        out = [("shoulder", "hip", "trunk", INK)]  # the spine, between the two widths
        out.append(("left_shoulder", "right_shoulder", "trunk", INK))
        out.append(("left_hip", "right_hip", "trunk", INK))
        legs = [s for s in ("left", "right") if s != look.leg] + ([look.leg] if look.leg else [])
        for s in legs:
            colour = FREE if look.leg and s != look.leg else INK
            out += [(f"{s}_{a}", f"{s}_{b}", w, colour) for a, b, w in FRONT_LEG]
        return [(a, b, w, c) for a, b, w, c in out if a in pose and b in pose]
    if look.leg is None:
        out = [("shoulder", "hip", "trunk", INK)]
        out += [(a, b, w, INK) for a, b, w in LEG_BONES]
        return [(a, b, w, c) for a, b, w, c in out if a in pose and b in pose]
    free = other(look.leg)
    out = [(f"{free}_{a}", f"{free}_{b}", w, FREE) for a, b, w in LEG_BONES]
    out += [("shoulder", "hip", "trunk", INK), ("left_hip", "right_hip", "trunk", INK)]
    out += [(f"{look.leg}_{a}", f"{look.leg}_{b}", w, INK) for a, b, w in LEG_BONES]
    return [(a, b, w, c) for a, b, w, c in out if a in pose and b in pose]


def ground(pose: Pose, look: Look) -> float:
    """The lowest point of the drawn figure, in heights: the floor goes there."""
    lows = [
        min(float(pose[a][1]), float(pose[b][1])) - WIDTH[w] / 2 for a, b, w, _ in bones(pose, look)
    ]
    centre = head_centre(pose, look)
    if centre is not None:
        lows.append(float(centre[1]) - HEAD)
    return min(lows) if lows else 0.0


def dots(pose: Pose, look: Look) -> list[str]:
    """The joints drawn as dots: the averaged side-view ones, or each leg's."""
    if look.front:
        return [f"{s}_{j}" for j in PAIRED for s in ("left", "right") if f"{s}_{j}" in pose]
    if look.leg is None:
        return [j for j in PAIRED if j in pose]
    legs = [f"{s}_{j}" for s in ("left", "right") for j in PAIRED if j != "shoulder"]
    return [n for n in ("shoulder", *legs) if n in pose]


def _is_marked(name: str, look: Look) -> bool:
    side, _, joint = name.partition("_")
    if not joint:  # an averaged joint
        return name in look.marked
    if joint not in look.marked:
        return False
    return look.front or look.marked_leg is None or side == look.marked_leg


def skeleton(frame: Frame, pose: Pose, look: Look) -> list[str]:
    """The bones between the seen joints, the head, and a dot on each joint; the check's
    joints larger, in the highlight."""
    out: list[str] = []
    for a, b, part, colour in bones(pose, look):
        width = max(frame.length(WIDTH[part]), 2.0)
        out.append(line(frame.xy(pose[a]), frame.xy(pose[b]), colour=colour, width=width))
    out += _head(frame, pose, look)
    for name in dots(pose, look):
        big = _is_marked(name, look)
        out.append(
            circle(
                frame.xy(pose[name]),
                6.0 if big else 3.5,
                fill=HIGHLIGHT if big else "#ffffff",
                stroke=INK,
                extra=f' stroke-width="1.5" data-joint="{name}"',
            )
        )
    return out


def _head(frame: Frame, pose: Pose, look: Look) -> list[str]:
    centre = head_centre(pose, look)
    if centre is None:
        return []
    out = []
    shoulder = pose.get("shoulder")
    if shoulder is not None:
        neck = shoulder + 0.35 * (centre - shoulder)
        width = frame.length(WIDTH["neck"])
        out.append(line(frame.xy(shoulder), frame.xy(neck), colour=INK, width=width))
    out.append(circle(frame.xy(centre), frame.length(HEAD), fill=INK, extra=' data-part="head"'))
    if "nose" in pose and not look.front:
        out.append(circle(frame.xy(pose["nose"]), frame.length(0.3 * HEAD), fill=INK))
    return out
