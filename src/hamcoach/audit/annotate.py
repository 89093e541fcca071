"""The audit as a picture (``hamcoach audit FILE --annotate OUT.svg|OUT.png``): one panel
per fault found, at the worst frame of that fault across the set (the rep whose value is
furthest past the threshold), or one panel saying good form at the deepest frame of the
deepest rep when none was found.

Each panel draws the person's skeleton from the smoothed keypoints at that frame as the
audit saw them (figure.py), in the view the check was measured in, with the joints the
check reads marked, the measured angle or distance and its threshold (marks.py,
marks_families.py; a check of time as a bar under the figure), and a caption: the rep,
the time, the fault, the value against the threshold and the correction. Each figure is
fitted to its panel, whatever its posture (layout.py). The style is the exercise
pictures' (pictures/canvas.py), and a PNG is rendered from the SVG by typst, as theirs is
(:func:`hamcoach.pictures.png`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from hamcoach.audit.analyse import seen_from_views
from hamcoach.audit.checks import CHECKS, Check, Worse
from hamcoach.audit.families import FAMILIES
from hamcoach.audit.figure import Look, ground, pose_at, skeleton, stature
from hamcoach.audit.keypoints import Track
from hamcoach.audit.layout import Draw, fitted_scale, height_at, placed
from hamcoach.audit.marks import Pose, Seen
from hamcoach.audit.marks_families import CLOCKS, FREE_LEG, marks
from hamcoach.audit.report import Audit, Finding, RepVerdict, limit_text, value_text
from hamcoach.audit.sides import Side, measured_side
from hamcoach.audit.signal import View, facing
from hamcoach.audit.views import CLEAR
from hamcoach.pictures.canvas import PROP_LINE, Frame, document, line, text

SCALE = 280.0
"""Pixels per height at most (the exercise pictures have 240: these carry more marks)."""
PANEL = 380.0
"""A panel's width in pixels."""
TALLEST = 1.1 * SCALE
"""A figure area's height at most, in pixels: a standing person at full scale."""
ROW = 4
"""Panels side by side at most; more go on further rows."""
LINE = 18.0
WRAP = 40
"""Characters in a line of a caption's correction."""
CLOCK = 62.0
"""The strip under the figure where a check of time draws its bar, in pixels."""


@dataclass(frozen=True, slots=True)
class Shot:
    """One panel: the frame to draw, in which view's points, and what to say."""

    rep: RepVerdict
    frame: int
    view: View
    finding: Finding | None
    check: Check | None
    unchecked: str = ""
    """With no fault: the essential checks not made in the rep (Audit.not_checked_for)."""


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


def _drawn_view(rep: RepVerdict, check: Check | None, seen_from: Mapping[View, np.ndarray]) -> View:
    """The view a panel is drawn in: the check's (its plane, in 3-D), else the rep's own
    when clear, else the recording's."""
    if check is not None and check.view is not None:
        return check.view
    own = View(rep.view) if rep.view else None
    if own in CLEAR:
        return own
    first = next(iter(seen_from))
    return View.SIDE if View.SIDE in seen_from or first not in CLEAR else first


def shots(result: Audit, seen_from: Mapping[View, np.ndarray]) -> list[Shot]:
    """The panels: a fault's worst frame each, or the deepest rep's deepest frame."""
    checks = {c.id: c for c in CHECKS.get(result.exercise, ())}
    out = []
    for rep, finding in worst_findings(result):
        check = checks.get(finding.check)
        view = _drawn_view(rep, check, seen_from)
        out.append(Shot(rep, finding.frame, view, finding, check))
    if out or not result.reps:
        return out
    signal = FAMILIES[result.exercise].signal(_points(seen_from, View.SIDE))
    depth = np.nan_to_num(signal, nan=-np.inf)

    def deepest(rep: RepVerdict) -> int:
        return rep.deepest_frame if rep.deepest_frame is not None else rep.start_frame

    rep = max(result.reps, key=lambda r: depth[deepest(r)])
    view = _drawn_view(rep, None, seen_from)
    return [Shot(rep, deepest(rep), view, None, None, result.not_checked_for(rep))]


def _points(seen_from: Mapping[View, np.ndarray], view: View) -> np.ndarray:
    """The points seen from ``view`` (a plane of a 3-D recording), or the recording's own."""
    return seen_from.get(view, next(iter(seen_from.values())))


def caption(shot: Shot, fps: float) -> list[str]:
    """The panel's words: the rep and time, then the fault, value against threshold and
    correction (or good form)."""
    when = f"Rep {shot.rep.number} · {shot.frame / fps:.1f} s (frame {shot.frame})"
    f = shot.finding
    if f is None and shot.rep.unverified:
        return [when, "No fault seen", f"not checked for {shot.unchecked}"]
    if f is None:
        return [when, "Good form", "every check made passed in every rep"]
    value, limit = f"{value_text(f.value, f.unit)},", limit_text(f)
    said = [f"{value} {limit}"] if len(value) + len(limit) < WRAP + 8 else [value, limit]
    return [when, f.title[0].upper() + f.title[1:], *said, *textwrap.wrap(f.correction, WRAP)]


@dataclass(frozen=True, slots=True)
class Figure:
    """A panel's figure: its pose, how to draw it, and the marks' view of it."""

    shot: Shot
    pose: Pose
    look: Look
    seen: Seen

    def draw(self, frame: Frame) -> list[str]:
        """The skeleton and the finding's marks over it (a check of time draws its own
        strip: :meth:`clock`)."""
        out = skeleton(frame, self.pose, self.look)
        f = self.shot.finding
        if f is not None and f.check not in CLOCKS:
            out += marks(frame, self.pose, f, self.seen)
        return out

    def clock(self, left: float, top: float) -> list[str]:
        f = self.shot.finding
        if f is None or f.check not in CLOCKS:
            return []
        frame = Frame(left=left, x0=0.0, floor=top, scale=1.0, width=PANEL)
        return marks(frame, self.pose, f, self.seen)


def figure(shot: Shot, points: np.ndarray, unit: float, result: Audit) -> Figure:
    leg = result.side if result.one_legged else None
    check = shot.finding.check if shot.finding else ""
    marked_leg = None if leg is None else (leg if check not in FREE_LEG else _other(leg))
    look = Look(
        front=shot.view is View.FRONT,
        facing=facing(points),
        leg=leg,
        marked=frozenset(shot.check.joints if shot.check else ()),
        marked_leg=marked_leg,
    )
    return Figure(shot, pose_at(points, shot.frame, unit), look, Seen(look.facing, leg, shot.rep))


def _other(leg: str) -> str:
    return "right" if leg == "left" else "left"


def _panel(
    fig: Figure, frame: Frame, left: float, area_bottom: float, clock_h: float, fps: float
) -> list[str]:
    shot = fig.shot
    check = shot.finding.check if shot.finding else "good-form"
    out = [
        f'<g class="panel" data-check="{check}" data-rep="{shot.rep.number}" '
        f'data-frame="{shot.frame}" data-view="{shot.view.value}" data-left="{left:g}">'
    ]
    floor_y = frame.xy(np.array([0.0, ground(fig.pose, fig.look)]))[1]
    out.append(
        line((left + 10, floor_y), (left + PANEL - 10, floor_y), colour=PROP_LINE, width=2.0)
    )
    out += fig.draw(frame)
    out += fig.clock(left, area_bottom)
    below = area_bottom + clock_h + 26
    for i, words in enumerate(caption(shot, fps)):
        weight = "bold" if i in (0, 1) else "normal"
        out.append(text(left + PANEL / 2, below + i * LINE, words, size=14, weight=weight))
    out.append("</g>")
    return out


def annotated_svg(track: Track, result: Audit, *, side: Side | None = None) -> str:
    """The audit's picture, as a standalone SVG document."""
    with np.errstate(invalid="ignore", divide="ignore"):
        _, seen, _ = seen_from_views(track)
        # a one-legged exercise is drawn with both legs, each as seen: nothing copied
        seen_from = seen if result.one_legged else measured_side(seen, side)[0]
        units = {view: stature(points) for view, points in seen_from.items()}
        panels = shots(result, seen_from)
        title = _title(result)
        if not panels:
            return document(PANEL * 2, 120, [text(PANEL, 64, title, size=18)], title=title)
        figures = [
            figure(s, _points(seen_from, s.view), units.get(s.view, next(iter(units.values()))),
                   result)
            for s in panels
        ]  # fmt: skip
        return _document(figures, title, result.fps)


def _document(figures: list[Figure], title: str, fps: float) -> str:
    """The panels in rows, each figure fitted to its panel at one scale for all."""
    per_row = -(-len(figures) // -(-len(figures) // ROW))  # five panels: three and two
    draws: list[Draw] = [f.draw for f in figures]
    scale = min(fitted_scale(d, PANEL, TALLEST, SCALE) for d in draws)
    area = max(height_at(d, scale, PANEL) for d in draws)
    lines = max(len(caption(f.shot, fps)) for f in figures)
    clock = CLOCK if any(f.clock(0.0, 0.0) for f in figures) else 0.0
    said = textwrap.wrap(title, round(PANEL * per_row / 10))
    head = 16 + 24 * len(said)
    row_h = area + clock + 26 + lines * LINE + 10
    body = [
        text(PANEL * per_row / 2, 28 + 24 * i, words, size=18, weight="bold")
        for i, words in enumerate(said)
    ]
    for i, (fig, draw) in enumerate(zip(figures, draws, strict=True)):
        row, col = divmod(i, per_row)
        left, bottom = col * PANEL, head + row * row_h + area
        body += _panel(fig, placed(draw, scale, left, PANEL, bottom), left, bottom, clock, fps)
    rows = -(-len(figures) // per_row)
    return document(PANEL * per_row, head + rows * row_h, body, title=title)


def _title(result: Audit) -> str:
    faults = len({f.check for r in result.reps for f in r.findings})
    if not result.reps:
        return f"{result.exercise_name}: no rep found, nothing to show"
    found = (
        f"{faults} fault{'s' if faults != 1 else ''}"
        if faults
        else "no fault seen"
        if result.unverified_reps
        else "good form"
    )
    side = f", {result.side} {'leg' if result.one_legged else 'side'}" if result.side else ""
    reps = f"{len(result.reps)} rep{'s' if len(result.reps) != 1 else ''}"
    return f"{result.exercise_name}: {found} in {reps} ({result.view} view{side})"
