"""The static picture: an exercise's key positions side by side, each after the first
with the position before it as a faint ghost and an arrow along the motion."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hamcoach.domain.catalog import Equipment, Exercise
from hamcoach.domain.pose import Poses
from hamcoach.motion.body import Body
from hamcoach.motion.place import BALL_RADIUS, BOX, Placed, place
from hamcoach.pictures import figure
from hamcoach.pictures.canvas import Frame, document, text

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
    left, right, top = 0.0, 0.0, 0.3
    for p in placed:
        lo, hi, up = _extent(p.body)
        left, right, top = min(left, lo), max(right, hi), max(top, up)
    for prop in placed[0].props if placed else ():
        if prop.x is None:
            continue
        half = (
            BALL_RADIUS
            if prop.prop.value == "stability-ball"
            else BOX.get(prop.prop, (0, 0.05))[1] / 2
        )
        height = 2 * BALL_RADIUS if prop.prop.value == "stability-ball" else 1.15
        left, right = min(left, prop.x - half - 0.03), max(right, prop.x + half + 0.03)
        top = max(top, min(height, top) if prop.prop.value in ("wall", "door-frame") else height)
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
    row_h = floor_y + size + 14
    shapes: list[str] = []
    for i, p in enumerate(placed):
        row, col = divmod(i, per_row)
        floor = row * row_h + floor_y
        frame = Frame(left=col * panel_w, x0=box.left, floor=floor, scale=SCALE)
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
        label = caption(i + 1, p.keyframe.name)
        shapes.append(text(frame.left + panel_w / 2, floor + size + 6, label, size=size))
        shapes.append("</g>")
    title = f"{exercise.name}: key positions"
    return document(panel_w * per_row, rows * row_h, shapes, title=title)


def _panel_floor(frame: Frame, panel_w: float, *, mat: bool) -> list[str]:
    shifted = figure.floor_shapes(Frame(0.0, frame.x0, frame.floor, frame.scale), panel_w, mat=mat)
    return [f'<g transform="translate({round(frame.left, 1)} 0)">{s}</g>' for s in shifted]
