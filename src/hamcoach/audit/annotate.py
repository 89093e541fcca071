"""The audit as a picture (``hamcoach audit FILE --annotate OUT.svg|OUT.png``): one panel
per fault found, at the worst frame of that fault across the set (the rep whose value is
furthest past the threshold), or one panel saying good form at the deepest frame of the
deepest rep when none was found.

Each panel draws the person's skeleton from the smoothed keypoints at that frame as the
audit saw them, in the view the check was measured in (the side-view joints averaged, or
the chosen ``--side``'s, as the measures read them), with the joints the check reads
marked, the measured angle or distance and its threshold (marks.py), and a caption: the
rep, the time, the fault, the value against the threshold and the correction. The style
is the exercise pictures' (pictures/canvas.py), and a PNG is rendered from the SVG by
typst, as theirs is (:func:`hamcoach.pictures.png`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from hamcoach.audit.analyse import _views
from hamcoach.audit.checks import CHECKS, Check, Worse
from hamcoach.audit.keypoints import INDEX, Track
from hamcoach.audit.marks import Pose, marks
from hamcoach.audit.report import Audit, Finding, RepVerdict, limit_text, value_text
from hamcoach.audit.sides import PAIRED, Side, measured_side
from hamcoach.audit.signal import View, facing, hip_dip, middle
from hamcoach.pictures.canvas import HIGHLIGHT, INK, PROP_LINE, Frame, circle, document, line, text

SCALE = 280.0
"""Pixels per height (the exercise pictures have 240: these carry more marks)."""
PANEL = 380.0
"""A panel's width in pixels."""
TOP = 1.1
"""Heights of picture above the floor."""
ROW = 4
"""Panels side by side at most; more go on further rows."""
LINE = 18.0
WRAP = 40
"""Characters in a line of a caption's correction."""
SHOULDER_OVER_ANKLE = 0.818 - 0.039
"""The shoulders' height over the ankles', standing, in heights (Winter): what sets the
figure's size from the recording's own units (pixels or metres)."""
HEAD = 0.062
"""The head's radius in heights (the exercise pictures' body model)."""
NOSE_AHEAD = np.array([0.9 * HEAD, -0.01])
"""Where the nose keypoint sits against the head's centre, seen from the side, in heights:
at the face's edge, so the nose shows which way the person faces."""
WIDTH = {"trunk": 0.07, "thigh": 0.05, "shank": 0.036, "foot": 0.02, "neck": 0.03}
"""Stroke widths in heights: thinner than the exercise pictures' limbs, so an arc at a
joint stays visible."""


@dataclass(frozen=True, slots=True)
class Shot:
    """One panel: the frame to draw, in which view's points, and what to say."""

    rep: RepVerdict
    frame: int
    view: View
    finding: Finding | None
    check: Check | None


def excess(finding: Finding) -> float:
    """How far past its threshold a finding's value is (in the check's unit)."""
    past = finding.value - finding.threshold
    return past if finding.worse == Worse.ABOVE.value else -past


def worst_findings(result: Audit) -> list[tuple[RepVerdict, Finding]]:
    """Each fault once, in the order first found: the rep where it is furthest past its
    threshold, and that finding."""
    worst: dict[str, tuple[RepVerdict, Finding]] = {}
    for rep in result.reps:
        for f in rep.findings:
            if f.check not in worst or excess(f) > excess(worst[f.check][1]):
                worst[f.check] = (rep, f)
    return list(worst.values())


def shots(result: Audit, seen_from: Mapping[View, np.ndarray]) -> list[Shot]:
    """The panels: a fault's worst frame each, or the deepest rep's deepest frame."""
    checks = {c.id: c for c in CHECKS.get(result.exercise, ())}
    first = next(iter(seen_from))
    out = []
    for rep, finding in worst_findings(result):
        check = checks.get(finding.check)
        view = check.view if check and check.view and check.view in seen_from else first
        out.append(Shot(rep, finding.frame, view, finding, check))
    if out or not result.reps:
        return out
    points = seen_from.get(View.SIDE, seen_from[first])
    dip = np.nan_to_num(hip_dip(points), nan=-np.inf)
    deepest = max(result.reps, key=lambda r: dip[r.start_frame : r.end_frame + 1].max())
    frame = deepest.start_frame + int(np.argmax(dip[deepest.start_frame : deepest.end_frame + 1]))
    return [Shot(deepest, frame, View.SIDE if View.SIDE in seen_from else first, None, None)]


def stature(points: np.ndarray) -> float:
    """The person's standing height in the points' units (pixels, metres), from how far
    the shoulders stand over the ankles."""
    rise = middle(points, "shoulder")[:, 1] - middle(points, "ankle")[:, 1]
    rise = rise[np.isfinite(rise)]
    return float(np.percentile(rise, 95)) / SHOULDER_OVER_ANKLE if len(rise) else 1.0


def pose_at(points: np.ndarray, frame: int, unit: float) -> Pose:
    """The joints seen at ``frame`` in heights, centred, the floor at y 0: each named
    joint, and each paired one also without its side (the two averaged, as the side-view
    measures read them)."""
    at = points[frame : frame + 1]
    named = {name: at[0, i] for name, i in INDEX.items()}
    named |= {name: middle(at, name)[0] for name in PAIRED}
    seen = {k: v for k, v in named.items() if np.isfinite(v).all()}
    if not seen:
        return {}
    feet = [seen[k][1] for k in ("heel", "toe") if k in seen]
    floor = min(feet) if feet else min(v[1] for v in seen.values()) - 0.039 * unit
    xs = [v[0] for v in seen.values()]
    origin = np.array([(min(xs) + max(xs)) / 2, floor])
    return {k: (v - origin) / unit for k, v in seen.items()}


SIDE_BONES = (
    ("shoulder", "hip", "trunk"),
    ("hip", "knee", "thigh"),
    ("knee", "ankle", "shank"),
    ("ankle", "heel", "foot"),
    ("heel", "toe", "foot"),
    ("ankle", "toe", "foot"),
)
FRONT_BONES = (
    ("left_shoulder", "right_shoulder", "trunk"),
    ("left_hip", "right_hip", "trunk"),
    *(
        (f"{s}_{a}", f"{s}_{b}", w)
        for s in ("left", "right")
        for a, b, w in SIDE_BONES
        if a != "heel" and w != "foot"
    ),
    *((f"{s}_ankle", f"{s}_toe", "foot") for s in ("left", "right")),
)


def skeleton(frame: Frame, pose: Pose, *, front: bool, face: float, marked: set[str]) -> list[str]:
    """The bones between the seen joints, the head, and a dot on each joint; the check's
    joints (``marked``) larger, in the highlight."""
    out: list[str] = []
    for a, b, part in FRONT_BONES if front else SIDE_BONES:
        if a in pose and b in pose:
            width = max(frame.length(WIDTH[part]), 2.0)
            out.append(line(frame.xy(pose[a]), frame.xy(pose[b]), colour=INK, width=width))
    out += _head(frame, pose, front=front, face=face)
    names = [f"{s}_{j}" for j in PAIRED for s in ("left", "right")] if front else list(PAIRED)
    for name in names:
        if name in pose:
            joint = name.split("_", 1)[-1] if front else name
            big = joint in marked
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


def _head(frame: Frame, pose: Pose, *, front: bool, face: float) -> list[str]:
    shoulder = pose.get("shoulder")
    if "nose" in pose:
        nose = pose["nose"]
        centre = nose + (np.array([0.0, 0.01]) if front else -NOSE_AHEAD * [face, 1.0])
    elif shoulder is not None:
        centre, nose = shoulder + np.array([0.0, 0.12]), None
    else:
        return []
    out = []
    if shoulder is not None:
        neck = shoulder + 0.35 * (centre - shoulder)
        width = frame.length(WIDTH["neck"])
        out.append(line(frame.xy(shoulder), frame.xy(neck), colour=INK, width=width))
    out.append(circle(frame.xy(centre), frame.length(HEAD), fill=INK, extra=' data-part="head"'))
    if nose is not None and not front:
        out.append(circle(frame.xy(nose), frame.length(0.3 * HEAD), fill=INK))
    return out


def caption(shot: Shot, fps: float) -> list[str]:
    """The panel's words: the rep and time, then the fault, value against threshold and
    correction (or good form)."""
    when = f"Rep {shot.rep.number} · {shot.frame / fps:.1f} s (frame {shot.frame})"
    f = shot.finding
    if f is None:
        return [when, "Good form", "every check made passed in every rep"]
    said = f"{value_text(f.value, f.unit)}, {limit_text(f)}"
    return [when, f.title[0].upper() + f.title[1:], said, *textwrap.wrap(f.correction, WRAP)]


def _panel(shot: Shot, frame: Frame, points: np.ndarray, unit: float, fps: float) -> list[str]:
    front = shot.view is View.FRONT
    pose = pose_at(points, shot.frame, unit)
    face = facing(points)
    marked = set(shot.check.joints) if shot.check else set()
    check = shot.finding.check if shot.finding else "good-form"
    out = [
        f'<g class="panel" data-check="{check}" data-rep="{shot.rep.number}" '
        f'data-frame="{shot.frame}">'
    ]
    floor = line(
        (frame.left + 10, frame.floor),
        (frame.left + frame.width - 10, frame.floor),
        colour=PROP_LINE,
        width=2.0,
    )
    out.append(floor)
    out += skeleton(frame, pose, front=front, face=face, marked=marked)
    if shot.finding is not None:
        out += marks(frame, pose, shot.finding, face)
    centre = frame.left + frame.width / 2
    below = frame.floor + (76 if check == "rushing" else 26)
    for i, words in enumerate(caption(shot, fps)):
        weight = "bold" if i in (0, 1) else "normal"
        out.append(text(centre, below + i * LINE, words, size=14, weight=weight))
    out.append("</g>")
    return out


def annotated_svg(track: Track, result: Audit, *, side: Side | None = None) -> str:
    """The audit's picture, as a standalone SVG document."""
    with np.errstate(invalid="ignore", divide="ignore"):
        _, seen, _ = _views(track)
        seen_from, _, _ = measured_side(seen, side)
        units = {view: stature(points) for view, points in seen_from.items()}
        panels = shots(result, seen_from)
        title = _title(result)
        if not panels:
            return document(PANEL * 2, 120, [text(PANEL, 64, title, size=18)], title=title)
        per_row = -(-len(panels) // -(-len(panels) // ROW))  # five panels: three and two
        lines = max(len(caption(s, result.fps)) for s in panels)
        extra = 50 if any(s.finding and s.finding.check == "rushing" for s in panels) else 0
        said = textwrap.wrap(title, round(PANEL * per_row / 10))
        head = 16 + 24 * len(said)
        row_h = TOP * SCALE + 26 + lines * LINE + extra + 10
        body = [
            text(PANEL * per_row / 2, 28 + 24 * i, words, size=18, weight="bold")
            for i, words in enumerate(said)
        ]
        for i, shot in enumerate(panels):
            row, col = divmod(i, per_row)
            frame = Frame(
                left=col * PANEL,
                x0=0.0 - PANEL / 2 / SCALE,
                floor=head + row * row_h + TOP * SCALE,
                scale=SCALE,
                width=PANEL,
            )
            body += _panel(shot, frame, seen_from[shot.view], units[shot.view], result.fps)
        rows = -(-len(panels) // per_row)
        return document(PANEL * per_row, head + rows * row_h, body, title=title)


def _title(result: Audit) -> str:
    faults = len({f.check for r in result.reps for f in r.findings})
    if not result.reps:
        return f"{result.exercise_name}: no rep found, nothing to show"
    found = f"{faults} fault{'s' if faults != 1 else ''}" if faults else "good form"
    side = f", {result.side} side" if result.side else ""
    reps = f"{len(result.reps)} rep{'s' if len(result.reps) != 1 else ''}"
    return f"{result.exercise_name}: {found} in {reps} ({result.view} view{side})"
