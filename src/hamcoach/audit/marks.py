"""What a fault's panel draws over the skeleton: the measured angle as an arc at the joint
it is read at, or the measured distance as a line, and the threshold beside it (a dashed
ray or tick), each in the way the check measures it (measures.py).

A pose is a mapping of joint names (``hip``, ``left_knee``...) to points in heights (the
person's standing height is 1), +y up, the floor at y 0. Colours are the exercise
pictures': the measure in their highlight orange, the threshold in ink, dashed, the
reference it is measured from in the far side's grey.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from hamcoach.audit.report import Finding, RepVerdict, value_text
from hamcoach.pictures.canvas import FAR, HIGHLIGHT, INK, Frame, line, text

Pose = Mapping[str, np.ndarray]
ARC = 0.075
"""An angle's arc radius, in heights."""
RAY = 0.22
"""How far the reference and threshold rays reach from the joint, in heights."""
FOOT = 0.152
"""A foot's length in heights (Winter), when the heel or the toe is not seen."""
DASH = ' stroke-dasharray="7 5"'


@dataclass(frozen=True, slots=True)
class Seen:
    """What a mark needs beside the pose: which way the person faces (+1: +x), the working
    leg of a one-legged exercise (None: the two legs averaged, as the measures read
    them), and the rep."""

    facing: float
    leg: str | None
    rep: RepVerdict

    def part(self, pose: Pose, name: str) -> np.ndarray:
        """A joint of the working leg, or the two averaged (signal.part)."""
        return np.asarray(pose[f"{self.leg}_{name}"] if self.leg else pose[name])

    def free(self, pose: Pose, name: str) -> np.ndarray:
        """A joint of the free leg, or the two averaged."""
        other = {"left": "right", "right": "left"}.get(self.leg or "")
        return np.asarray(pose[f"{other}_{name}"] if other else pose[name])


def _unit(angle: float) -> np.ndarray:
    return np.array([np.cos(angle), np.sin(angle)])


def _direction(v: np.ndarray) -> float:
    return float(np.arctan2(v[1], v[0]))


def _label(frame: Frame, at: np.ndarray, words: str, *, size: int = 15, toward: float = 0.0) -> str:
    """Bold words centred on ``at`` (or starting there when ``toward`` is +1, ending there
    when -1), on a white halo so they read over a limb."""
    x, y = frame.xy(at)
    anchor = "start" if toward > 0.3 else "end" if toward < -0.3 else "middle"
    halo = f' stroke="#ffffff" stroke-width="4" paint-order="stroke" text-anchor="{anchor}"'
    return text(x, y + size / 3, words, size=size, weight="bold").replace(
        ' text-anchor="middle"', halo
    )


def angle_marks(
    frame: Frame,
    vertex: np.ndarray,
    reference: np.ndarray,
    measured: np.ndarray,
    finding: Finding,
    *,
    radius: float = ARC,
    label: float = 0.055,
) -> list[str]:
    """An arc at ``vertex`` from the ``reference`` direction to the ``measured`` one, with
    the value; the reference ray in grey and the threshold's ray dashed, turned from the
    reference by the threshold the same way as the measured direction."""
    start = _direction(reference)
    sweep = float(np.angle(np.exp(1j * (_direction(measured) - start))))
    turn = 1.0 if sweep >= 0 else -1.0
    limit = start + turn * np.radians(finding.threshold)
    steps = [start + sweep * i / 24 for i in range(25)]
    arc = " ".join(f"{x},{y}" for x, y in (frame.xy(vertex + radius * _unit(a)) for a in steps))
    cx, cy = frame.xy(vertex)
    mid = start + sweep / 2
    limit_end = vertex + RAY * _unit(limit)
    reach = max(RAY, radius + 0.03)
    value_at = vertex + (radius + label) * _unit(mid)
    limit_at = vertex + (RAY + 0.02) * _unit(limit)
    gap = (limit - mid) * turn  # how far along the sweep the threshold is past the middle
    if abs(gap) < np.radians(25):  # the two labels would meet: part them across the rays
        apart = np.sign(gap or 1.0) * 0.045 * _unit(mid + turn * np.pi / 2)
        value_at, limit_at = value_at - apart, limit_at + apart
    return [
        line(frame.xy(vertex), frame.xy(vertex + reach * _unit(start)), colour=FAR, width=2.5),
        line(
            frame.xy(vertex),
            frame.xy(vertex + reach * _unit(start + sweep)),
            colour=HIGHLIGHT,
            width=2.0,
        ),
        f'<polygon class="angle" points="{cx},{cy} {arc}" fill="{HIGHLIGHT}" '
        'fill-opacity="0.25" stroke="none"/>',
        f'<polyline points="{arc}" fill="none" stroke="{HIGHLIGHT}" stroke-width="3.5"/>',
        line(frame.xy(vertex), frame.xy(limit_end), colour=INK, width=2.0, extra=DASH),
        _label(frame, value_at, value_text(finding.value, "degrees")),
        _label(
            frame, limit_at, f"limit {finding.threshold:g}°", size=12, toward=float(np.cos(limit))
        ),
    ]


def depth(frame: Frame, pose: Pose, finding: Finding, seen: Seen) -> list[str]:
    """The knee's flexion: from the thigh's line carried on past the knee to the shank."""
    knee = pose["knee"]
    return angle_marks(frame, knee, knee - pose["hip"], pose["ankle"] - knee, finding)


def trunk_lean(frame: Frame, pose: Pose, finding: Finding, seen: Seen) -> list[str]:
    """The trunk's lean beyond the shins': at the hip, from the shin's line (carried up to
    the hip) to the trunk."""
    hip = pose["hip"]
    shin = pose["knee"] - pose["ankle"]
    return angle_marks(frame, hip, shin, pose["shoulder"] - hip, finding, radius=1.5 * ARC)


def heels_lift(frame: Frame, pose: Pose, finding: Finding, seen: Seen) -> list[str]:
    """The foot tipped onto the toes: at the toes, from the foot's line standing (the
    measured line turned back by the value) to the toes-heel line now."""
    toe = seen.part(pose, "toe")
    now = seen.part(pose, "heel") - toe
    standing = _direction(now) + seen.facing * np.radians(finding.value)
    return angle_marks(frame, toe, _unit(standing), now, finding, radius=0.2, label=0.06)


def knees_past_toes(frame: Frame, pose: Pose, finding: Finding, seen: Seen) -> list[str]:
    """How far the knee is ahead of the toes' tip: a line at the knee's height from above
    the toes to the knee, and the threshold's tick that far ahead of the toes."""
    toe, knee = pose["toe"], pose["knee"]
    foot = float(np.linalg.norm(toe - pose["heel"])) if "heel" in pose else FOOT
    above = np.array([toe[0], knee[1]])
    limit = above + np.array([seen.facing * finding.threshold * (foot or FOOT), 0.0])
    tick = np.array([0.0, 0.045])
    return [
        line(frame.xy(toe), frame.xy(above + tick), colour=FAR, width=2.0, extra=DASH),
        line(frame.xy(above), frame.xy(knee), colour=HIGHLIGHT, width=4.0),
        line(frame.xy(limit - tick), frame.xy(limit + tick), colour=INK, width=2.5, extra=DASH),
        _label(
            frame,
            knee + np.array([seen.facing * 0.035, 0.0]),
            value_text(finding.value, finding.unit),
            toward=seen.facing,
        ),
        _label(
            frame,
            limit + np.array([seen.facing * 0.015, -0.075]),
            f"limit {finding.threshold:g}",
            size=12,
            toward=seen.facing,
        ),
    ]


def knees_in(frame: Frame, pose: Pose, finding: Finding, seen: Seen) -> list[str]:
    """The knees' distance apart against the ankles': a line between the knees, one
    between the ankles, and the threshold's ticks where the knees should at least be."""
    lk, rk, la, ra = (pose[f"{s}_{j}"] for j in ("knee", "ankle") for s in ("left", "right"))
    middle = (lk + rk) / 2
    half = finding.threshold * abs(float(la[0] - ra[0])) / 2
    tick = np.array([0.0, 0.04])
    out = [
        line(frame.xy(la), frame.xy(ra), colour=FAR, width=2.5),
        line(frame.xy(lk), frame.xy(rk), colour=HIGHLIGHT, width=4.0),
    ]
    for side in (-1.0, 1.0):
        at = middle + np.array([side * half, 0.0])
        out.append(
            line(frame.xy(at - tick), frame.xy(at + tick), colour=INK, width=2.5, extra=DASH)
        )
    right = max(float(lk[0]), float(rk[0]), float(middle[0] + half))
    left = min(float(lk[0]), float(rk[0]), float(middle[0] - half))
    value = value_text(finding.value, finding.unit)
    out.append(_label(frame, np.array([right + 0.04, middle[1]]), value, toward=1.0))
    limit = f"limit {finding.threshold:g}"
    out.append(_label(frame, np.array([left - 0.04, middle[1]]), limit, size=12, toward=-1.0))
    return out


def rushing(frame: Frame, pose: Pose, finding: Finding, seen: Seen) -> list[str]:
    """The rep's time as a bar under the figure, and the threshold's tick (its words over
    it, the rep's under the bar): no pose shows speed, so the panel shows the clock."""
    width = frame.width - 40
    per_second = width / max(finding.value, finding.threshold) * 0.9
    left = frame.left + 20
    y = frame.floor + 20
    end, limit = left + finding.value * per_second, left + finding.threshold * per_second
    return [
        line((left, y), (round(end, 1), y), colour=HIGHLIGHT, width=8.0),
        line((round(limit, 1), y - 9), (round(limit, 1), y + 9), colour=INK, width=2.5, extra=DASH),
        text(
            (left + end) / 2,
            y + 24,
            f"rep {value_text(finding.value, finding.unit)}",
            size=13,
            weight="bold",
        ),
        text(limit, y - 14, f"limit {value_text(finding.threshold, finding.unit)}", size=12),
    ]
