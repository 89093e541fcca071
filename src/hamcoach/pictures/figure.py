"""One posed body with its props, as SVG shapes in a panel."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from hamcoach.domain.pose import Muscle, Poses, Prop, PropPlacement, View
from hamcoach.motion.body import Body, Segment
from hamcoach.motion.place import BALL_RADIUS, BOX, Placed
from hamcoach.pictures.canvas import (
    FAR,
    GHOST_OPACITY,
    HIGHLIGHT,
    INK,
    PROP_FILL,
    PROP_LINE,
    Frame,
    circle,
    line,
    rect,
)

# which segments a muscle lies along, and on which face (+1 the back, -1 the front)
MUSCLE_SEGMENTS: dict[Muscle, tuple[tuple[str, int, float, float], ...]] = {
    Muscle.HAMSTRINGS: (("thigh", 1, 0.12, 0.88),),
    Muscle.QUADRICEPS: (("thigh", -1, 0.1, 0.85),),
    Muscle.CALVES: (("shank", 1, 0.12, 0.55),),
    Muscle.GLUTES: (("pelvis", 1, 0.0, 0.45),),
    Muscle.BACK: (("lumbar", 1, 0.0, 1.0), ("thoracic", 1, 0.0, 0.6)),
    Muscle.ADDUCTORS: (("thigh", 1, 0.05, 0.6),),
}
UPWARD = frozenset({"pelvis", "lumbar", "thoracic"})
BACKREST = 0.22
"""How far a chair's backrest rises above its seat, in heights."""


def _back_normal(segment: Segment) -> np.ndarray:
    """The unit normal on the segment's back face (its front face in the front view)."""
    d = segment.end - segment.start
    n = np.array([-d[1], d[0]]) if segment.name in UPWARD else np.array([d[1], -d[0]])
    size = float(np.linalg.norm(n))
    return n / size if size else n


def body_shapes(frame: Frame, body: Body, *, ghost: bool = False) -> list[str]:
    """The segments and head; the far side lighter, a ghost all faint."""
    extra = f' opacity="{GHOST_OPACITY}"' if ghost else ""
    out = []
    for segment in body.segments():
        behind = segment.side == "far" and body.view is View.SIDE
        colour = FAR if behind and not ghost else INK
        width = max(frame.length(2 * segment.radius), 2.0)
        out.append(
            line(
                frame.xy(segment.start),
                frame.xy(segment.end),
                colour=colour,
                width=width,
                extra=extra,
            )
        )
    centre, r = body.head()
    out.append(circle(frame.xy(centre), frame.length(r), fill=INK, extra=extra))
    face = nose(body)
    if face is not None:
        out.append(circle(frame.xy(face), frame.length(NOSE * r), fill=INK, extra=extra))
    return out


NOSE = 0.3
"""The nose's size against the head's: a bump that shows which way a figure faces."""


def nose(body: Body) -> np.ndarray | None:
    """Where the nose is, on the face side of the head (side view only)."""
    if body.view is not View.SIDE:
        return None
    centre, r = body.head()
    axis = centre - body["neck"]
    axis = axis / float(np.linalg.norm(axis))
    tip: np.ndarray = centre + 0.95 * r * np.array([axis[1], -axis[0]])
    return tip


def highlight_lines(body: Body, poses: Poses) -> list[tuple[np.ndarray, np.ndarray, float]]:
    """The working (or stretched) muscles as bands along the limbs' muscle faces:
    (from, to, width in heights)."""
    sides = {"near": ("near",), "far": ("far",), "both": ("near", "far")}[poses.side]
    out = []
    for muscle in poses.highlight:
        for name, face, a, b in MUSCLE_SEGMENTS[muscle]:
            for segment in body.segments():
                if segment.name != name or (segment.side and segment.side not in sides):
                    continue
                if body.view is View.FRONT and muscle is Muscle.HAMSTRINGS:
                    face = 0  # the back of the thigh is hidden: mark the thigh itself
                offset = face * 0.45 * segment.radius * _back_normal(segment)
                d = segment.end - segment.start
                p, q = segment.start + a * d + offset, segment.start + b * d + offset
                out.append((p, q, 0.9 * segment.radius))
    return out


def highlight_shapes(frame: Frame, body: Body, poses: Poses) -> list[str]:
    return [
        line(frame.xy(p), frame.xy(q), colour=HIGHLIGHT, width=max(frame.length(w), 2.0))
        for p, q, w in highlight_lines(body, poses)
    ]


def prop_shapes(frame: Frame, placed: Placed, *, carried: bool = False) -> list[str]:
    """The props on the floor where they stand (drawn under the body), or with
    ``carried`` those that go with a body point (drawn over it: a weight in the hand, a
    pillow between the knees)."""
    out: list[str] = []
    front = placed.body.view is View.FRONT
    for prop in placed.props:
        if is_carried(prop) != carried:
            continue
        if carried:
            out.extend(_carried(frame, placed.body, prop))
        elif prop.at is not None:
            out.extend(_wall_behind(frame, placed.body, prop.at))
        else:
            out.extend(_floor_prop(frame, prop, front=front))
    return out


def is_carried(prop: PropPlacement) -> bool:
    """Goes with a body point (drawn over the body); a wall behind the person does not."""
    return prop.at is not None and prop.prop is not Prop.WALL


def _floor_prop(frame: Frame, prop: PropPlacement, *, front: bool = False) -> list[str]:
    assert prop.x is not None
    x = prop.x
    if prop.prop is Prop.STABILITY_BALL:
        centre = frame.xy(np.array([x, BALL_RADIUS]))
        return [
            circle(
                centre,
                frame.length(BALL_RADIUS),
                fill=PROP_FILL,
                stroke=PROP_LINE,
                extra=' stroke-width="1.5"',
            )
        ]
    if prop.prop in (Prop.WALL, Prop.DOOR_FRAME):
        high, low = frame.xy(np.array([x, 1.15])), frame.xy(np.array([x, 0.0]))
        width = frame.length(0.03 if prop.prop is Prop.WALL else 0.05)
        return [line(high, low, colour=PROP_LINE, width=width)]
    height, depth = BOX[prop.prop]
    if front and prop.prop is not Prop.STEP:  # a seat seen from the front: its top and legs
        seat = 0.3
        left, top = frame.xy(np.array([x - seat / 2, height]))
        legs = [frame.xy(np.array([x + dx, 0.0])) for dx in (-seat / 2 + 0.02, seat / 2 - 0.02)]
        return [
            *(
                line((lx, top), (lx, ly), colour=PROP_LINE, width=frame.length(0.02))
                for lx, ly in legs
            ),
            rect(left, top, frame.length(seat), frame.length(0.035)),
        ]
    left, top = frame.xy(np.array([x - depth / 2, height]))
    shapes = [rect(left, top, frame.length(depth), frame.length(height))]
    if prop.prop is Prop.STOOL_OR_CHAIR:  # a backrest behind the seat
        back_top = frame.xy(np.array([x - depth / 2, height + BACKREST]))
        shapes.append(line(back_top, (left, top), colour=PROP_LINE, width=frame.length(0.02)))
    return shapes


def _wall_behind(frame: Frame, body: Body, at: str) -> list[str]:
    """A wall behind a person standing side-on to it: a pale panel behind the figure, and
    where the hand rests on it."""
    xs = [float(p[0]) for p in body.points.values()]
    left, top = frame.xy(np.array([min(xs) - 0.25, 1.12]))
    right, _ = frame.xy(np.array([max(xs) + 0.25, 0.0]))
    if frame.width:  # the whole panel, so the wall stays put from one panel to the next
        left, right = frame.left + 6, frame.left + frame.width - 6
    hand = frame.xy(_point(body, at))
    return [
        f'<rect x="{left}" y="{top}" width="{round(right - left, 1)}" '
        f'height="{round(frame.floor - top, 1)}" fill="{PROP_FILL}" stroke="none"/>',
        circle(hand, frame.length(0.022), fill="none", stroke=PROP_LINE,
               extra=' stroke-width="2"'),
    ]  # fmt: skip


def _carried(frame: Frame, body: Body, prop: PropPlacement) -> list[str]:
    assert prop.at is not None
    at = _point(body, prop.at)
    if prop.prop is Prop.PILLOW:
        c = frame.xy(at)
        return [
            f'<ellipse cx="{c[0]}" cy="{c[1]}" rx="{frame.length(0.045)}" '
            f'ry="{frame.length(0.03)}" fill="{PROP_FILL}" stroke="{PROP_LINE}" '
            'stroke-width="1.5"/>'
        ]
    if prop.prop is Prop.MASSAGE_BALL:
        r = 0.03
        c = frame.xy(at - np.array([0.0, 0.042 + r]))
        return [
            circle(
                c, frame.length(r), fill=PROP_FILL, stroke=PROP_LINE, extra=' stroke-width="1.5"'
            )
        ]
    if prop.prop is Prop.BAND:
        anchor = np.array([at[0] - 0.35 if prop.x is None else prop.x, 0.05])
        post = frame.xy(np.array([anchor[0], 0.0]))
        return [
            line(
                frame.xy(anchor),
                frame.xy(at),
                colour=PROP_LINE,
                width=2.5,
                extra=' stroke-dasharray="6 3"',
            ),
            line(
                post,
                frame.xy(anchor + np.array([0.0, 0.05])),
                colour=PROP_LINE,
                width=frame.length(0.025),
            ),
        ]
    if prop.prop is Prop.ANKLE_ANCHOR:
        return [circle(frame.xy(at + np.array([0.0, 0.04])), frame.length(0.028), fill=PROP_LINE)]
    # a dumbbell or kettlebell in the hand
    c = frame.xy(at - np.array([0.0, 0.02]))
    return [
        line(
            (c[0] - frame.length(0.05), c[1]),
            (c[0] + frame.length(0.05), c[1]),
            colour=PROP_LINE,
            width=frame.length(0.015),
        ),
        circle((c[0] - frame.length(0.05), c[1]), frame.length(0.03), fill=PROP_LINE),
        circle((c[0] + frame.length(0.05), c[1]), frame.length(0.03), fill=PROP_LINE),
    ]


def prop_anchor(body: Body, prop: PropPlacement) -> np.ndarray:
    """Where a prop is: the body point it goes with, or its place on the floor."""
    if prop.at is not None:
        return _point(body, prop.at)
    assert prop.x is not None
    return np.array([prop.x, 0.0])


def _point(body: Body, name: str) -> np.ndarray:
    """A named point, or the middle of a named segment (``near.thigh``)."""
    if name in body.points:
        return body[name]
    segment = next(s for s in body.segments() if s.key == name)
    middle: np.ndarray = (segment.start + segment.end) / 2
    return middle


def floor_shapes(frame: Frame, width: float, *, mat: bool) -> list[str]:
    y = frame.floor
    out = [line((0.0, y), (round(width, 1), y), colour=PROP_LINE, width=2.0)]
    if mat:
        out.insert(0, rect(8.0, y - 5.0, width - 16.0, 5.0, fill=PROP_FILL, rx=2))
    return out


def moved_most(before: Body, after: Body, names: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
    """The point that travels furthest between two keyframes, before and after."""
    best = max(names, key=lambda n: float(np.linalg.norm(after[n] - before[n])))
    return before[best], after[best]


TRACKED = (
    *("hip", "neck", "head", "near.wrist"),
    *(f"{side}.{point}" for side in ("near", "far") for point in ("knee", "ankle", "toe", "heel")),
)


def arrow(frame: Frame, before: Body, after: Body) -> list[str]:
    """An arrow along the largest motion into this keyframe, beside the path."""
    a, b = moved_most(before, after, [n for n in TRACKED if n in before.points])
    size = float(np.linalg.norm(b - a))
    if size < 0.004:  # nothing moves that a picture could show
        return []
    if size < 0.06:  # a small motion (a pelvic tilt): an arrow long enough to see
        middle = (a + b) / 2
        a, b = middle - (b - a) / size * 0.03, middle + (b - a) / size * 0.03
    d = b - a
    normal = np.array([-d[1], d[0]]) / float(np.linalg.norm(d))
    start, end = a + 0.15 * d + 0.06 * normal, a + 0.85 * d + 0.06 * normal
    low = min(float(start[1]), float(end[1]))
    if low < 0.04:  # keep it off the floor and clear of the caption
        lift = np.array([0.0, 0.04 - low])
        start, end = start + lift, end + lift
    return [
        line(
            frame.xy(start), frame.xy(end), colour=INK, width=2.5, extra=' marker-end="url(#arrow)"'
        )
    ]
