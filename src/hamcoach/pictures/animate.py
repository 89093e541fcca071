"""The animated picture: one body looping through the keyframes at the exercise's tempo,
as SVG with SMIL ``<animate>`` elements, which browsers play without any script.

Between keyframes the joint angles (not the points) are interpolated, with an ease in and
out, so limbs keep their lengths mid-move; each keyframe is held for its ``hold``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from hamcoach.domain.catalog import Equipment, Exercise
from hamcoach.domain.pose import Keyframe, Poses, PropPlacement
from hamcoach.motion.body import Body
from hamcoach.motion.place import Placed, place
from hamcoach.pictures import figure
from hamcoach.pictures.canvas import FAR, HIGHLIGHT, INK, Frame, document
from hamcoach.pictures.sheet import CAPTION, SCALE, bounds, placed_keyframes

STEPS_PER_SECOND = 6


@dataclass(frozen=True, slots=True)
class Moment:
    at: float
    """Seconds from the start of the loop."""
    placed: Placed


def _value(k: Keyframe, key: str) -> float:
    return k.angle(key[4:], far=True) if key.startswith("far_") else k.angle(key)


def between(a: Keyframe, b: Keyframe, t: float) -> Keyframe:
    """Keyframe a moved a fraction t of the way to b (angles eased in and out)."""
    eased = t * t * (3 - 2 * t)
    keys = set(a.angles) | set(b.angles)
    keys |= {f"far_{k}" for k in keys if not k.startswith("far_")}
    angles = {k: (1 - eased) * _value(a, k) + eased * _value(b, k) for k in keys}
    return replace(a, name=f"{a.name}-{t:.2f}", angles=angles)


def _props(poses: Poses, a: Keyframe, b: Keyframe, t: float) -> tuple[PropPlacement, ...]:
    after = {p.prop: p for p in poses.props_at(b)}
    out = []
    for p in poses.props_at(a):
        q = after.get(p.prop)
        if p.x is not None and q is not None and q.x is not None:
            p = replace(p, x=(1 - t) * p.x + t * q.x)
        out.append(p)
    return tuple(out)


def timeline(poses: Poses) -> list[Moment]:
    """The loop as moments: each keyframe, held, then eased into the next."""
    frames = poses.keyframes
    moments: list[Moment] = []
    clock = 0.0
    for i, start in enumerate(frames):
        end = frames[(i + 1) % len(frames)]
        here = place(poses, start)
        moments.append(Moment(clock, here))
        if start.hold:
            clock += start.hold
            moments.append(Moment(clock, here))
        steps = max(3, round(end.seconds * STEPS_PER_SECOND))
        for s in range(1, steps):
            t = s / steps
            moved = place(poses, between(start, end, t))
            moments.append(
                Moment(clock + t * end.seconds, replace(moved, props=_props(poses, start, end, t)))
            )
        clock += end.seconds
    moments.append(Moment(clock, place(poses, frames[0])))
    return moments


def _lines(body: Body, poses: Poses) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(s.start, s.end) for s in body.segments()] + [
        (p, q) for p, q, _ in figure.highlight_lines(body, poses)
    ]


def _moving_props(frame: Frame, moments: list[Moment], timing: str, *, carried: bool) -> list[str]:
    """Each prop drawn where it first is, then carried along (a ball rolled in, a weight in
    the hand) by a translation."""
    out = []
    first = moments[0].placed
    for n, prop in enumerate(first.props):
        if figure.is_carried(prop) != carried:
            continue
        shapes = figure.prop_shapes(frame, replace(first, props=(prop,)), carried=carried)
        origin = figure.prop_anchor(first.body, prop)
        moves = [figure.prop_anchor(m.placed.body, m.placed.props[n]) - origin for m in moments]
        if all(float(np.abs(d).max()) < 1e-6 for d in moves):
            out += shapes
            continue
        values = ";".join(
            f"{frame.length(float(d[0]))} {-frame.length(float(d[1]))}" for d in moves
        )
        out.append(
            "<g>" + "".join(shapes) + '<animateTransform attributeName="transform" '
            f'type="translate" values="{values}" {timing}/></g>'
        )
    return out


def _animate(attr: str, values: list[float], timing: str) -> str:
    joined = ";".join(str(v) for v in values)
    return f'<animate attributeName="{attr}" values="{joined}" {timing}/>'


def _figure(frame: Frame, moments: list[Moment], poses: Poses, timing: str) -> list[str]:
    """The body's segments and highlights, each a line whose ends move, and the head."""
    first = moments[0].placed.body
    segments = list(first.segments())
    side_view = first.view.value == "side"
    widths = [max(frame.length(2 * s.radius), 2.0) for s in segments]
    colours = [FAR if s.side == "far" and side_view else INK for s in segments]
    for _, _, w in figure.highlight_lines(first, poses):
        widths.append(max(frame.length(w), 2.0))
        colours.append(HIGHLIGHT)
    per_moment = [_lines(m.placed.body, poses) for m in moments]
    out = []
    for n, (width, colour) in enumerate(zip(widths, colours, strict=True)):
        ends = [(frame.xy(lines[n][0]), frame.xy(lines[n][1])) for lines in per_moment]
        (x1, y1), (x2, y2) = ends[0]
        moves = "".join(
            _animate(attr, [e[end][axis] for e in ends], timing)
            for attr, end, axis in (("x1", 0, 0), ("y1", 0, 1), ("x2", 1, 0), ("y2", 1, 1))
        )
        out.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" '
            f'stroke-width="{width}" stroke-linecap="round">{moves}</line>'
        )
    noses = [figure.nose(m.placed.body) for m in moments]
    if all(n is not None for n in noses):
        tips = [frame.xy(n) for n in noses if n is not None]
        out.append(
            f'<circle cx="{tips[0][0]}" cy="{tips[0][1]}" '
            f'r="{frame.length(figure.NOSE * first.head()[1])}" fill="{INK}">'
            f"{_animate('cx', [t[0] for t in tips], timing)}"
            f"{_animate('cy', [t[1] for t in tips], timing)}</circle>"
        )
    heads = [frame.xy(m.placed.body.head()[0]) for m in moments]
    out.append(
        f'<circle cx="{heads[0][0]}" cy="{heads[0][1]}" r="{frame.length(first.head()[1])}" '
        f'fill="{INK}">{_animate("cx", [h[0] for h in heads], timing)}'
        f"{_animate('cy', [h[1] for h in heads], timing)}</circle>"
    )
    return out


def animated_svg(exercise: Exercise, poses: Poses) -> str:
    """One figure looping through the keyframes, its props carried along."""
    moments = timeline(poses)
    box = bounds(placed_keyframes(poses))
    width = (box.right - box.left) * SCALE
    frame = Frame(left=0.0, x0=box.left, floor=box.top * SCALE, scale=SCALE, width=width)
    total = moments[-1].at
    times = ";".join(f"{m.at / total:.4f}" for m in moments)
    timing = f'dur="{total:g}s" keyTimes="{times}" repeatCount="indefinite" calcMode="linear"'
    shapes = figure.floor_shapes(frame, width, mat=Equipment.MAT in exercise.equipment)
    shapes += _moving_props(frame, moments, timing, carried=False)
    shapes += _figure(frame, moments, poses, timing)
    shapes += _moving_props(frame, moments, timing, carried=True)
    title = f"{exercise.name}: the movement"
    return document(width, frame.floor + CAPTION / 2, shapes, title=title)


def seconds(poses: Poses) -> float:
    """How long one loop of the animation lasts."""
    return sum(k.seconds + k.hold for k in poses.keyframes)
