"""World (heights, y up) to SVG (pixels, y down), and the few SVG shapes the pictures use.

Colours are chosen to print in black and white: the body is near-black, the far side mid
grey, props light grey with dark outlines, and the highlight an orange that prints as a
grey lighter than the body, drawn on the muscle's side of the limb so it reads by place
as well as by colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import numpy as np

INK = "#1f2328"
FAR = "#8c959f"
PROP_FILL = "#eaeef2"
PROP_LINE = "#57606a"
HIGHLIGHT = "#e8590c"
GHOST_OPACITY = 0.22


@dataclass(frozen=True, slots=True)
class Frame:
    """A panel's mapping: world x0 at pixel left, world y0 (the floor) at pixel floor."""

    left: float
    x0: float
    floor: float
    scale: float
    width: float = 0.0
    """The panel's width in pixels (0: not known)."""

    def xy(self, point: np.ndarray) -> tuple[float, float]:
        return (
            round(self.left + (float(point[0]) - self.x0) * self.scale, 1),
            round(self.floor - float(point[1]) * self.scale, 1),
        )

    def length(self, heights: float) -> float:
        return round(heights * self.scale, 1)


def line(
    a: tuple[float, float], b: tuple[float, float], *, colour: str, width: float, extra: str = ""
) -> str:
    return (
        f'<line x1="{a[0]}" y1="{a[1]}" x2="{b[0]}" y2="{b[1]}" stroke="{colour}" '
        f'stroke-width="{width}" stroke-linecap="round"{extra}/>'
    )


def circle(
    c: tuple[float, float], r: float, *, fill: str, stroke: str = "none", extra: str = ""
) -> str:
    return f'<circle cx="{c[0]}" cy="{c[1]}" r="{r}" fill="{fill}" stroke="{stroke}"{extra}/>'


def rect(x: float, y: float, w: float, h: float, *, fill: str = PROP_FILL, rx: float = 2) -> str:
    return (
        f'<rect x="{round(x, 1)}" y="{round(y, 1)}" width="{round(w, 1)}" height="{round(h, 1)}" '
        f'rx="{rx}" fill="{fill}" stroke="{PROP_LINE}" stroke-width="1.5"/>'
    )


def text(x: float, y: float, words: str, *, size: int = 15, weight: str = "normal") -> str:
    return (
        f'<text x="{round(x, 1)}" y="{round(y, 1)}" font-family="Helvetica, Arial, sans-serif" '
        f'font-size="{size}" font-weight="{weight}" fill="{INK}" text-anchor="middle">'
        f"{escape(words)}</text>"
    )


def document(width: float, height: float, body: list[str], *, title: str) -> str:
    w, h = round(width), round(height)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" '
        f'height="{h}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" '
        f'markerHeight="5" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{INK}"/>'
        "</marker></defs>" + "".join(body) + "</svg>"
    )
