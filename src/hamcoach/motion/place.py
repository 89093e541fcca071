"""Putting a posed body on the floor among its props, and checking that what should touch
does touch.

The first contact of a keyframe rests on the floor, or on top of a step or a seat: the body
is moved so that part rests there (on the floor at x = 0), which keeps it in place from one
keyframe to the next (the feet in a squat, the shoulders in a ball curl). Every other
contact is then checked against its surface; a contact that floats or sinks more than
:data:`TOLERANCE` is a mistake in the pose data, said with the distance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hamcoach.domain.pose import (
    FLOOR,
    SURFACE_PROPS,
    Contact,
    Keyframe,
    Poses,
    Prop,
    PropPlacement,
)
from hamcoach.motion.body import Body, Segment, pose

TOLERANCE = 0.015
"""How far (in heights, about 2.6 cm for 1.75 m) a contact may miss its surface."""

BALL_RADIUS = 0.186  # a 65 cm stability ball for a person of 1.75 m
SEAT = (0.245, 0.24)  # a chair or bench seat: height and depth (43 cm, 42 cm)
STEP = (0.1, 0.2)  # a step: height and depth (17.5 cm, 35 cm)
BOX: dict[Prop, tuple[float, float]] = {
    Prop.STOOL_OR_CHAIR: SEAT,
    Prop.BENCH: SEAT,
    Prop.STEP: STEP,
}


@dataclass(frozen=True, slots=True)
class Placed:
    """A keyframe's body on the floor, with where its props are."""

    keyframe: Keyframe
    body: Body
    props: tuple[PropPlacement, ...]


def _part(body: Body, name: str) -> Segment | np.ndarray:
    for segment in body.segments():
        if segment.key == name:
            return segment
    if name == "head":
        centre, r = body.head()
        return Segment("head", None, centre, centre, r)
    return body[name]


def known_part(body: Body, name: str) -> bool:
    return name == "head" or name in body.points or any(s.key == name for s in body.segments())


def _anchor(body: Body, part: Segment | np.ndarray) -> np.ndarray:
    """Where a resting part is pinned: a foot at its ankle (whichever way it turns)."""
    if isinstance(part, Segment):
        return body[f"{part.side}.ankle"] if part.name == "foot" else part.start
    return part


def _lowest(part: Segment | np.ndarray) -> float:
    return part.lowest() if isinstance(part, Segment) else float(part[1])


def _base(poses: Poses, keyframe: Keyframe) -> np.ndarray:
    """Where the first contact rests: the floor at x = 0, or the top of the surface prop it
    names (a foot on a step), at the prop's x."""
    contact = keyframe.contacts[0]
    if contact.surface == FLOOR:
        return np.zeros(2)
    prop = next(p for p in poses.props_at(keyframe) if p.prop.value == contact.surface)
    assert prop.x is not None
    height = 2 * BALL_RADIUS if prop.prop is Prop.STABILITY_BALL else BOX[prop.prop][0]
    return np.array([prop.x, height])


def place(poses: Poses, keyframe: Keyframe) -> Placed:
    """The keyframe's body moved so its first contact rests on its surface: the floor at
    x = 0, which keeps it in place from one keyframe to the next, or a prop's top."""
    body = pose(keyframe, poses.view)
    first = _part(body, keyframe.contacts[0].point)
    shift = _base(poses, keyframe) - np.array([_anchor(body, first)[0], _lowest(first)])
    return Placed(keyframe, body.moved(shift), poses.props_at(keyframe))


def _segment_distance(segment: Segment, centre: np.ndarray) -> float:
    """Distance from a point to the segment's surface."""
    d = segment.end - segment.start
    length2 = float(d @ d)
    t = 0.0 if length2 == 0 else float(np.clip((centre - segment.start) @ d / length2, 0, 1))
    return float(np.linalg.norm(segment.start + t * d - centre)) - segment.radius


def miss(placed: Placed, contact: Contact) -> float | None:
    """How far (heights) a contact misses its surface; None when it has no such prop."""
    part = _part(placed.body, contact.point)
    if contact.surface == FLOOR:
        return abs(_lowest(part))
    prop = next((p for p in placed.props if p.prop.value == contact.surface), None)
    if prop is None or prop.x is None:
        return None
    if not isinstance(part, Segment):
        part = Segment(contact.point, None, part, part, 0.0)
    if prop.prop is Prop.STABILITY_BALL:
        return abs(_segment_distance(part, np.array([prop.x, BALL_RADIUS])) - BALL_RADIUS)
    if prop.prop in (Prop.WALL, Prop.DOOR_FRAME):
        ends = (float(part.start[0]), float(part.end[0]))
        return min(abs(x - prop.x) for x in ends) - part.radius
    height, depth = BOX[prop.prop]
    lo, hi = sorted((float(part.start[0]), float(part.end[0])))
    apart = max(prop.x - depth / 2 - hi, lo - prop.x - depth / 2, 0.0)
    return max(abs(part.lowest() - height), apart)


def _size(heights: float) -> str:
    """A distance in the model's unit, the body's height, and in centimetres for 1.75 m."""
    return f"{heights:.3f} of the body's height (about {heights * 175:.0f} cm at 1.75 m)"


def problems(poses: Poses) -> list[tuple[int, int | None, str]]:
    """What is wrong with the keyframes' contacts: (keyframe, contact or None, message)."""
    found: list[tuple[int, int | None, str]] = []
    for i, keyframe in enumerate(poses.keyframes):
        body = pose(keyframe, poses.view)
        unknown = [(j, c) for j, c in enumerate(keyframe.contacts) if not known_part(body, c.point)]
        for j, c in unknown:
            found.append((i, j, f"unknown body part {c.point!r}"))
        if unknown or not keyframe.contacts:
            if not keyframe.contacts:
                found.append((i, None, "needs at least one contact (what rests on the floor)"))
            continue
        first = keyframe.contacts[0].surface
        tops = {p.prop.value for p in poses.props_at(keyframe) if p.prop in SURFACE_PROPS}
        if first != FLOOR and (first not in tops or first == Prop.STABILITY_BALL.value):
            found.append((i, 0, "the first contact must be on the floor, a step or a seat"))
            continue
        placed = place(poses, keyframe)
        for j, contact in enumerate(keyframe.contacts[1:], start=1):
            gap = miss(placed, contact)
            if gap is None:
                found.append((i, j, f"no {contact.surface} placed on the floor to rest on"))
            elif gap > TOLERANCE:
                found.append(
                    (i, j, f"{contact.point} misses the {contact.surface} by {_size(gap)}")
                )
        below = placed.body.bottom()
        if below < -TOLERANCE:
            found.append((i, None, f"the body goes {_size(-below)} below the floor"))
    return found
