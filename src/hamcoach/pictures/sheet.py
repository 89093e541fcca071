"""The static picture: an exercise's key positions side by side, each after the first
with the position before it as a faint ghost and an arrow along the motion."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hamcoach.domain.catalog import Equipment, Exercise
from hamcoach.domain.pose import LEAN_PROPS, Poses, Prop, View
from hamcoach.motion.body import LENGTH, Body
from hamcoach.motion.place import BALL_RADIUS, BOX, Placed, place
from hamcoach.pictures import figure
from hamcoach.pictures.canvas import (
    GHOST_OPACITY,
    INK,
    Frame,
    circle,
    document,
    line,
    text,
)
from hamcoach.pictures.figure import BACKREST

SCALE = 240.0  # pixels per height
MARGIN = 0.08  # heights around the figure
CAPTION = 34.0  # pixels under the floor for the caption
ROW = 4
"""At most this many panels side by side; more go on a second row (so each stays big
enough to read on a phone or a printed page)."""


@dataclass(frozen=True, slots=True)
class Box:
    """The world rectangle every keyframe of an exercise fits in."""

    left: float
    right: float
    top: float


def _extent(body: Body) -> tuple[float, float, float]:
    xs = [float(p[0]) for p in body.points.values()]
    ys = [float(p[1]) for p in body.points.values()]
    return min(xs) - 0.07, max(xs) + 0.07, max(ys) + 0.07


def bounds(placed: Sequence[Placed]) -> Box:
    """The world box every keyframe's body and props fit in (walls are cut to the body)."""
    left, right, top = 0.0, 0.0, 0.3
    for p in placed:
        lo, hi, up = _extent(p.body)
        left, right, top = min(left, lo), max(right, hi), max(top, up)
    for p in placed:
        for prop in p.props:
            if prop.x is None or prop.at is not None or prop.prop in LEAN_PROPS:
                continue
            if prop.prop is Prop.STABILITY_BALL:
                half, height = BALL_RADIUS, 2 * BALL_RADIUS
            else:
                high, depth = BOX[prop.prop]
                half, height = (
                    depth / 2,
                    high + (BACKREST if prop.prop is Prop.STOOL_OR_CHAIR else 0),
                )
            left, right = min(left, prop.x - half - 0.03), max(right, prop.x + half + 0.03)
            top = max(top, height)
    return Box(left - MARGIN, right + MARGIN, top + MARGIN)


def placed_keyframes(poses: Poses) -> list[Placed]:
    return [place(poses, k) for k in poses.keyframes]


def caption(index: int, name: str) -> str:
    return f"{index}. {name.replace('-', ' ').capitalize()}"


def static_svg(exercise: Exercise, poses: Poses) -> str:
    """Every keyframe in its own panel, left to right, on one floor."""
    placed = placed_keyframes(poses)
    box = bounds(placed)
    panel_w = (box.right - box.left) * SCALE
    floor_y = box.top * SCALE
    mat = Equipment.MAT in exercise.equipment
    size = max(16, min(26, round(panel_w / 9)))  # captions readable when a phone shrinks it
    rows = -(-len(placed) // ROW)
    per_row = -(-len(placed) // rows)  # six panels: two rows of three
    strip = FEET_STRIP * SCALE if turns_feet(poses) else 0.0
    row_h = floor_y + strip + size + 14
    shapes: list[str] = []
    for i, p in enumerate(placed):
        row, col = divmod(i, per_row)
        floor = row * row_h + floor_y
        frame = Frame(left=col * panel_w, x0=box.left, floor=floor, scale=SCALE, width=panel_w)
        shapes.append(f'<g class="keyframe" data-name="{p.keyframe.name}">')
        shapes += _panel_floor(frame, panel_w, mat=mat)
        shapes += figure.prop_shapes(frame, p)
        if i:
            shapes += figure.body_shapes(frame, placed[i - 1].body, ghost=True)
        shapes += figure.body_shapes(frame, p.body)
        shapes += figure.highlight_shapes(frame, p.body, poses)
        shapes += figure.prop_shapes(frame, p, carried=True)
        if i:
            shapes += figure.arrow(frame, placed[i - 1].body, p.body)
        if strip:
            before = placed[i - 1] if i else None
            shapes += feet_from_above(frame, p, before, panel_w, first=not i)
        label = caption(i + 1, p.keyframe.name)
        shapes.append(text(frame.left + panel_w / 2, floor + strip + size + 6, label, size=size))
        shapes.append("</g>")
    title = f"{exercise.name}: key positions"
    return document(panel_w * per_row, rows * row_h, shapes, title=title)


FEET_STRIP = 0.33
"""The strip (heights) under a front view whose feet turn, showing them from above."""


def turns_feet(poses: Poses) -> bool:
    return poses.view is View.FRONT and any(
        k.angle("foot_turn") or k.angle("foot_turn", far=True) for k in poses.keyframes
    )


def feet_from_above(
    frame: Frame, p: Placed, before: Placed | None, panel_w: float, *, first: bool
) -> list[str]:
    """Both feet seen from above, under the figure: a foot turned toes-in shows its heel
    out, which the front view alone hardly shows (seated tibial rotation). The keyframe
    before is a faint ghost; the heels are marked."""
    top = frame.floor + 0.09 * SCALE
    out = []
    if first:
        out.append(text(frame.left + panel_w / 2, top - 2, "feet from above", size=13))
    for placed, ghost in ((before, True), (p, False)):
        if placed is None:
            continue
        for side, outward in (("near", 1.0), ("far", -1.0)):
            turn = np.radians(placed.keyframe.angle("foot_turn", far=side == "far"))
            x = frame.xy(placed.body[f"{side}.ankle"])[0]
            # the foot pivots on its ball (the steps: heels just off the floor), so the
            # toes stay put and the heel swings out or in
            toe = np.array([x, top + 0.06 * SCALE + LENGTH["foot"] * SCALE])
            toward = np.array([outward * np.sin(turn), np.cos(turn)])  # toes to the viewer
            heel = toe - LENGTH["foot"] * SCALE * toward
            extra = f' opacity="{GHOST_OPACITY}"' if ghost else ""
            ends = (round(float(heel[0]), 1), round(float(heel[1]), 1))
            tip = (round(float(toe[0]), 1), round(float(toe[1]), 1))
            out.append(line(ends, tip, colour=INK, width=0.05 * SCALE, extra=extra))
            heel_mark = f' stroke-width="2"{extra}'
            out.append(circle(ends, 0.02 * SCALE, fill="#ffffff", stroke=INK, extra=heel_mark))
    return out


def _panel_floor(frame: Frame, panel_w: float, *, mat: bool) -> list[str]:
    shifted = figure.floor_shapes(Frame(0.0, frame.x0, frame.floor, frame.scale), panel_w, mat=mat)
    return [f'<g transform="translate({round(frame.left, 1)} 0)">{s}</g>' for s in shifted]
