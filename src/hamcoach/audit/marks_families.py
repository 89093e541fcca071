"""The marks of the bridges', ball curls', single-leg deadlifts' and Nordic curls' checks,
each drawn from the joints its measure reads (families/*.py), so the angle drawn is the
one printed; and :func:`marks`, which finds any check's mark (the squats' are in
marks.py).

A line's bend (shoulder-hip-knee, knee-hip-shoulder, shoulder-hip-raised heel) is drawn
as the squat's knee is: an arc at the middle joint from the first segment carried on
past it (grey) to the second segment, and the threshold's ray dashed.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from hamcoach.audit.families.hinge import PELVIS_PER_THIGH
from hamcoach.audit.marks import (
    ARC,
    DASH,
    Pose,
    Seen,
    _label,
    angle_marks,
    depth,
    heels_lift,
    knees_in,
    knees_past_toes,
    rushing,
    trunk_lean,
)
from hamcoach.audit.report import Finding, value_text
from hamcoach.pictures.canvas import FAR, HIGHLIGHT, INK, Frame, line, text

Mark = Callable[[Frame, Pose, Finding, Seen], list[str]]


def _bend(frame: Frame, a: np.ndarray, b: np.ndarray, c: np.ndarray, f: Finding) -> list[str]:
    """The turn of the chain a-b-c at b (measures.turn): from a-b carried on to b-c."""
    return angle_marks(frame, b, b - a, c - b, f, radius=1.3 * ARC)


def hips_not_high(frame: Frame, pose: Pose, finding: Finding, seen: Seen) -> list[str]:
    """Shoulder-hip-(working) knee at the hip (bridge.line_bend; the ball curl's hips-drop)."""
    return _bend(frame, pose["shoulder"], pose["hip"], seen.part(pose, "knee"), finding)


def hips_break(frame: Frame, pose: Pose, finding: Finding, seen: Seen) -> list[str]:
    """Knee-hip-shoulder at the hip (nordic.hips_break)."""
    return _bend(frame, pose["knee"], pose["hip"], pose["shoulder"], finding)


def back_v(frame: Frame, pose: Pose, finding: Finding, seen: Seen) -> list[str]:
    """Shoulder-hip-raised heel at the hip (hinge.back_v)."""
    return _bend(frame, pose["shoulder"], pose["hip"], seen.free(pose, "heel"), finding)


def leg_not_straight(frame: Frame, pose: Pose, finding: Finding, seen: Seen) -> list[str]:
    """The working knee's flexion (ball_curl.leg_not_straight): hip-knee-ankle at the knee."""
    hip, knee, ankle = (seen.part(pose, n) for n in ("hip", "knee", "ankle"))
    return angle_marks(frame, knee, knee - hip, ankle - knee, finding)


def hips_not_level(frame: Frame, pose: Pose, finding: Finding, seen: Seen) -> list[str]:
    """The hip-to-hip line against the horizontal (bridge.hip_tilt), at the right hip."""
    right, left = np.asarray(pose["right_hip"]), np.asarray(pose["left_hip"])
    across = 1.0 if left[0] >= right[0] else -1.0
    return angle_marks(frame, right, np.array([across, 0.0]), left - right, finding)


def hips_open(frame: Frame, pose: Pose, finding: Finding, seen: Seen) -> list[str]:
    """The two hips' distance apart in the picture (hinge.hips_open): a line from the
    working hip to the free one, and the threshold's tick where the free hip would be at
    the limit's turn (the thigh's length times the pelvis's share, times its sine)."""
    hip, free = seen.part(pose, "hip"), seen.free(pose, "hip")
    thigh = float(np.linalg.norm(seen.part(pose, "knee") - hip))
    apart = free - hip
    size = float(np.linalg.norm(apart))
    along = apart / size if size > 1e-9 else np.array([seen.facing, 0.0])
    limit = hip + along * PELVIS_PER_THIGH * thigh * np.sin(np.radians(finding.threshold))
    tick = 0.035 * np.array([-along[1], along[0]])
    # the words behind the hips and over them, where neither the trunk nor a leg is
    behind = hip + np.array([-seen.facing * 0.07, 0.0])
    return [
        line(frame.xy(hip), frame.xy(free), colour=HIGHLIGHT, width=5.0),
        line(frame.xy(limit - tick), frame.xy(limit + tick), colour=INK, width=2.5, extra=DASH),
        _label(frame, behind + np.array([0.0, 0.16]), value_text(finding.value, finding.unit),
               toward=-seen.facing),
        _label(frame, behind + np.array([0.0, 0.10]), f"limit {finding.threshold:g}°", size=12,
               toward=-seen.facing),
    ]  # fmt: skip


def heel_short(frame: Frame, pose: Pose, finding: Finding, seen: Seen) -> list[str]:
    """The working heel's distance from the hip in thigh lengths (ball_curl.heel_short): a
    line from the hip to the heel, and the threshold dashed as the arc of the points a
    threshold's thighs from the hip, across the heel's way."""
    hip, heel = seen.part(pose, "hip"), seen.part(pose, "heel")
    thigh = float(np.linalg.norm(seen.part(pose, "knee") - hip))
    reach = finding.threshold * thigh
    toward = float(np.arctan2(*(heel - hip)[::-1]))
    steps = [toward + np.radians(a) for a in range(-35, 36, 5)]
    arc = " ".join(f"{x},{y}" for x, y in (frame.xy(hip + reach * _unit(a)) for a in steps))
    return [
        line(frame.xy(hip), frame.xy(heel), colour=HIGHLIGHT, width=4.0),
        f'<polyline points="{arc}" fill="none" stroke="{INK}" stroke-width="2"{DASH}/>',
        _label(frame, heel + np.array([0.0, 0.08]), f"{finding.value:.2f} thighs"),
        _label(
            frame, hip + (reach + 0.05) * _unit(steps[-1]), f"limit {finding.threshold:g}", size=12
        ),
    ]


def _unit(angle: float) -> np.ndarray:
    return np.array([np.cos(angle), np.sin(angle)])


def back_first(frame: Frame, pose: Pose, finding: Finding, seen: Seen) -> list[str]:
    """The way down as a bar (the rep's start to its deepest frame), with ticks where the
    trunk and the free leg were each a quarter of their way, and the threshold's tick: no
    pose shows the order of two movements, so the panel shows the clock."""
    rep = seen.rep
    if rep.deepest_frame is None or rep.deepest_frame <= rep.start_frame:
        return []
    down = rep.deepest_frame - rep.start_frame
    left, width = frame.left + 20, frame.width - 40
    y = frame.floor + 20

    def x(share: float) -> float:
        return round(left + width * min(max(share, 0.0), 1.0), 1)

    trunk = (finding.frame - rep.start_frame) / down
    leg, limit = trunk + finding.value, trunk + finding.threshold
    return [
        line((left, y), (left + width, y), colour=FAR, width=8.0),
        line((x(trunk), y), (x(leg), y), colour=HIGHLIGHT, width=8.0),
        line((x(limit), y - 9), (x(limit), y + 9), colour=INK, width=2.5, extra=DASH),
        _at(x(limit), y - 14, f"limit {finding.threshold:.2f}", 12),
        _at(x(trunk), y + 24, "back", 12, anchor="end"),
        _at(x(leg), y + 24, "leg", 12, anchor="start"),
    ]


def _at(x: float, y: float, words: str, size: int, anchor: str = "middle") -> str:
    return text(x, y, words, size=size, weight="bold").replace(
        ' text-anchor="middle"', f' text-anchor="{anchor}"'
    )


MARKS: dict[str, Mark] = {
    "depth": depth,
    "trunk-lean": trunk_lean,
    "heels-lift": heels_lift,
    "knees-past-toes": knees_past_toes,
    "knees-in-down": knees_in,
    "knees-in-up": knees_in,
    "hips-not-high": hips_not_high,
    "hips-drop": hips_not_high,
    "hips-break": hips_break,
    "back-v": back_v,
    "leg-not-straight": leg_not_straight,
    "hips-not-level": hips_not_level,
    "toes-push": heels_lift,
    "hips-open": hips_open,
    "heel-short": heel_short,
}
"""How each check's measure is drawn over the figure."""
CLOCKS: dict[str, Mark] = {"rushing": rushing, "back-first": back_first}
"""Checks of time, drawn as a bar in a strip under the figure (the frame's floor is the
strip's top, its left and width the panel's)."""
FREE_LEG = frozenset({"back-v", "back-first"})
"""Checks whose leg joints are the free leg's (the others read the working leg's)."""


def marks(frame: Frame, pose: Pose, finding: Finding, seen: Seen) -> list[str]:
    """The finding's measure over the skeleton (or its clock, with a strip's frame), when
    its joints are seen in this frame."""
    draw = MARKS.get(finding.check) or CLOCKS.get(finding.check)
    if draw is None:
        return []
    try:
        shapes = draw(frame, pose, finding, seen)
    except KeyError:  # a joint the measure needs is not seen in this frame
        return []
    return [] if any("nan" in s for s in shapes) else shapes
