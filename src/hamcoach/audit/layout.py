"""Where each panel's figure goes: fitted to what it draws at that frame, whatever the
posture (standing, lying on the back, kneeling), wholly inside its panel with margins.

A panel's drawing (skeleton and marks) is made once at a trial scale with its origin at
the panel's corner, its extent read back from the SVG it made (lines, circles, arcs and
words, the words' width estimated from their length), and the scale brought down until
it fits the panel's width and the tallest figure allowed; every panel of a picture then
takes the smallest of their scales, so one person is one size throughout, and each
figure is centred across its panel and stands on the bottom of its figure area. The
words' sizes are in pixels and do not shrink with the figure, so the fit is repeated
until it holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hamcoach.pictures.canvas import Frame

MARGIN = 14.0
"""Pixels left clear on each side of a figure, inside its panel."""
CHAR = 0.56
"""A character's width as a share of the font size (Helvetica's average, a little more)."""
TRIES = 6

Draw = Callable[[Frame], list[str]]


@dataclass(frozen=True, slots=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top


_NUMBER = r"(-?[\d.]+)"


def _attr(shape: str, name: str) -> float | None:
    found = re.search(rf' {name}="{_NUMBER}"', shape)
    return float(found.group(1)) if found else None


def _points(shape: str) -> list[tuple[float, float]]:
    """The points an SVG shape (line, circle, polygon, polyline, text) covers: its corners,
    grown by half its stroke, a circle's radius and a word's estimated size."""
    pad = (_attr(shape, "stroke-width") or 0.0) / 2
    if shape.startswith("<line"):
        ends = [(_attr(shape, f"x{i}"), _attr(shape, f"y{i}")) for i in (1, 2)]
        xy = [(x, y) for x, y in ends if x is not None and y is not None]
    elif shape.startswith("<circle"):
        cx, cy, r = (_attr(shape, k) or 0.0 for k in ("cx", "cy", "r"))
        xy, pad = [(cx, cy)], pad + r
    elif shape.startswith(("<polygon", "<polyline")):
        found = re.search(r' points="([^"]*)"', shape)
        pairs = (p.split(",") for p in (found.group(1).split() if found else []))
        xy = [(float(a), float(b)) for a, b in pairs]
    elif shape.startswith("<text"):
        return _words(shape)
    else:
        return []
    return [(x + dx, y + dy) for x, y in xy for dx in (-pad, pad) for dy in (-pad, pad)]


def _words(shape: str) -> list[tuple[float, float]]:
    x, y, size = (_attr(shape, k) or 0.0 for k in ("x", "y", "font-size"))
    words = re.sub(r"<[^>]*>", "", shape)
    width = CHAR * size * len(words) * (1.06 if 'font-weight="bold"' in shape else 1.0)
    anchor = re.search(r'text-anchor="(\w+)"', shape)
    start = {"start": x, "end": x - width}.get(
        anchor.group(1) if anchor else "start", x - width / 2
    )
    return [(start, y - 0.8 * size), (start + width, y + 0.25 * size)]


def extent(shapes: Sequence[str]) -> Box | None:
    """The box around everything the shapes draw, in pixels."""
    xy = [p for s in shapes for p in _points(s.lstrip())]
    if not xy:
        return None
    xs, ys = [p[0] for p in xy], [p[1] for p in xy]
    return Box(min(xs), min(ys), max(xs), max(ys))


def fitted_scale(draw: Draw, width: float, height: float, scale: float) -> float:
    """The largest scale, at most ``scale``, at which the drawing fits ``width`` by
    ``height`` pixels with a margin all round."""
    for _ in range(TRIES):
        box = extent(draw(Frame(left=0.0, x0=0.0, floor=0.0, scale=scale, width=width)))
        if box is None:
            return scale
        room = min(
            (width - 2 * MARGIN) / max(box.width, 1.0),
            (height - 2 * MARGIN) / max(box.height, 1.0),
        )
        if room >= 1.0:
            return scale
        scale *= room * 0.97
    return scale


def placed(draw: Draw, scale: float, left: float, width: float, bottom: float) -> Frame:
    """The frame that draws the figure at ``scale``, centred across the panel from
    ``left`` ``width`` pixels wide, its lowest ink ``MARGIN`` over ``bottom``."""
    box = extent(draw(Frame(left=0.0, x0=0.0, floor=0.0, scale=scale, width=width)))
    if box is None:
        return Frame(left=left, x0=0.0, floor=bottom - MARGIN, scale=scale, width=width)
    shift = left + (width - box.width) / 2 - box.left
    return Frame(left=shift, x0=0.0, floor=bottom - MARGIN - box.bottom, scale=scale, width=width)


def height_at(draw: Draw, scale: float, width: float) -> float:
    """The figure's height in pixels at ``scale``, margins included."""
    box = extent(draw(Frame(left=0.0, x0=0.0, floor=0.0, scale=scale, width=width)))
    return (box.height if box else 0.0) + 2 * MARGIN
