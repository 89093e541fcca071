"""An exercise's form audit over a track: smooth, find the view and the reps, make every
check the recording allows, and say which it does not allow and why."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from hamcoach.audit.families import FAMILIES
from hamcoach.audit.families.base import Check, Family
from hamcoach.audit.keypoints import KeypointFileError, Track
from hamcoach.audit.measures import Scene, foot_angle
from hamcoach.audit.planes import planes
from hamcoach.audit.report import Audit, Finding, Phases, RepVerdict, Skipped
from hamcoach.audit.sides import Side, measured_side
from hamcoach.audit.signal import (
    Rep,
    View,
    facing,
    joint,
    middle,
    part,
    segment,
    smooth_points,
    smooth_track,
    unseen,
    view_of,
)
from hamcoach.audit.views import (
    SEEN,
    RepView,
    change_note,
    frame_views,
    in_view,
    only_in,
    per_rep,
    rep_views,
    view_reason,
)
from hamcoach.domain.catalog import Exercise, Mistake

MIN_SEEN = 0.5
"""A check is made when its joints are seen in at least this share of the frames."""
AT_REST = 0.05
"""Frames with the rep signal this close to rest (a squat's standing) set the foot's length
and angle at rest."""
DEFAULT_TEMPO = 4.0
"""Seconds a rep takes when the exercise has no poses to give its tempo (2 down, 2 up)."""


def tempo(exercise: Exercise) -> float:
    """A rep's seconds at the exercise's tempo: its keyframes' moves and holds."""
    if exercise.poses is None:
        return DEFAULT_TEMPO
    return sum(k.seconds + k.hold for k in exercise.poses.keyframes)


def mistake_for(check: Check, mistakes: Sequence[Mistake]) -> Mistake | None:
    """The exercise's mistake this check finds, by the words of its fault."""
    for mistake in mistakes:
        fault = mistake.fault.lower()
        if any(word in fault for word in check.mistake_words):
            return mistake
    return None


def _joint_reason(check: Check, track: Track, points: np.ndarray) -> str | None:
    for name in check.joints:
        sides = [f"left_{name}", f"right_{name}"]
        if not any(track.has(s) for s in sides):
            return f"the {track.skeleton} skeleton has no {name}s"
        seen = float(np.isfinite(middle(points, name)).all(axis=1).mean())
        if seen < MIN_SEEN:
            return f"the {name}s are seen in only {seen:.0%} of the frames"
    return None


def working_leg(points: np.ndarray, exercise: Exercise, standing: Side | None) -> Side | None:
    """The leg a one-legged exercise stands or works on: as said, else the one whose ankle
    is lower most of the time (the free leg is lifted); None for two-legged ones."""
    if exercise.laterality != "unilateral":
        return None
    if standing is not None:
        return standing
    lower = joint(points, "left_ankle")[:, 1] < joint(points, "right_ankle")[:, 1]
    seen = np.isfinite(joint(points, "left_ankle")[:, 1] - joint(points, "right_ankle")[:, 1])
    return "left" if not seen.any() or lower[seen].mean() >= 0.5 else "right"


def _scene(
    points: np.ndarray, dip: np.ndarray, fps: float, exercise: Exercise, leg: str | None
) -> Scene:
    rest = points[np.nan_to_num(dip, nan=1.0) < AT_REST]
    foot = np.linalg.norm(part(rest, "toe", leg) - part(rest, "heel", leg), axis=1)
    angle = foot_angle(rest, leg)
    return Scene(
        points=points,
        facing=facing(points),
        foot=float(np.nanmedian(foot)) if np.isfinite(foot).any() else float("nan"),
        foot_angle=float(np.nanmedian(angle)) if np.isfinite(angle).any() else 0.0,
        fps=fps,
        tempo=tempo(exercise),
        leg=leg,
    )


def _verdict(
    rep: Rep,
    checks: Sequence[tuple[Check, Scene]],
    seen: RepView,
    fps: float,
    family: Family,
    exercise: Exercise,
) -> RepVerdict:
    findings: list[Finding] = []
    unmeasured: list[str] = []
    for check, scene in checks:
        if check.id in seen.not_made:
            continue
        measured = family.measures[check.id](scene, rep)
        if measured is None:
            unmeasured.append(check.id)
            continue
        value, frame = measured
        limit = check.threshold * scene.tempo if check.unit == "s" else check.threshold
        if check.faulty(value, limit) and not any(f.check == check.unless for f in findings):
            mistake = mistake_for(check, exercise.mistakes)
            findings.append(
                Finding(
                    check=check.id,
                    title=check.title,
                    frame=frame,
                    at=frame / fps,
                    value=value,
                    threshold=limit,
                    unit=check.unit,
                    worse=check.worse.value,
                    correction=mistake.correction if mistake else check.correction,
                    mistake=mistake.fault if mistake else None,
                    source=check.source,
                    label=check.label,
                )
            )
    return RepVerdict(
        number=rep.number,
        start=rep.start / fps,
        end=rep.end / fps,
        start_frame=rep.start,
        end_frame=rep.end,
        phases=Phases(
            down=(rep.bottom_from - rep.start) / fps,
            bottom=(rep.bottom_to - rep.bottom_from) / fps,
            up=(rep.end - rep.bottom_to) / fps,
        ),
        findings=tuple(findings),
        unmeasured=tuple(unmeasured),
        deepest_frame=rep.deepest,
        view=seen.view.value,
        not_in_view=seen.not_made,
    )


def _unverified(
    verdict: RepVerdict, checks: Sequence[Check], made: Sequence[tuple[Check, Scene]]
) -> RepVerdict:
    """The verdict with the essential checks not made in its rep: not made at all, not in
    this rep's view, or their joints unseen in it."""
    done = {c.id for c, _ in made} - set(verdict.unmeasured) - set(verdict.not_in_view)
    missing = tuple(c.id for c in checks if c.essential and c.id not in done)
    return replace(verdict, unverified=missing)


def audit(track: Track, exercise: Exercise, *, side: Side | None = None) -> Audit:
    """The exercise's checks (its family's, :data:`hamcoach.audit.checks.CHECKS`) on every
    rep of the track. ``side`` (``--side``): for a one-legged exercise, the leg it stands
    or works on (without it, found from the movement); for a two-legged one, the side whose
    joints the side-view measures read (without it, both averaged: sides.py)."""
    if side not in (None, "left", "right"):
        raise ValueError(f"side must be left or right, not {side!r}")
    if exercise.id not in FAMILIES:
        raise KeypointFileError(f"no form checks for {exercise.id}")
    # a missing point is NaN by design, and every measure skips it: no warning to give
    with np.errstate(invalid="ignore", divide="ignore"):
        return _audit(track, exercise, FAMILIES[exercise.id], side)


def seen_from_views(track: Track) -> tuple[View, dict[View, np.ndarray], str | None]:
    """The view, the smoothed points seen from each side the recording allows, and a note."""
    both = planes(track)
    if both is not None:
        side, front = (smooth_points(p, track.fps) for p in both)
        said = "Seen in 3-D: each check in the plane it needs, side or front."
        return View.THREE_D, {View.SIDE: side, View.FRONT: front}, said
    points = smooth_track(track)
    view, width = view_of(points)
    if view not in (View.SIDE, View.FRONT):
        return view, {view: points}, None
    said = f"Seen from the {view.value} (shoulders and hips {width:.2f} of the trunk wide)."
    return view, {view: points}, said


def _audit(track: Track, exercise: Exercise, family: Family, side: Side | None) -> Audit:
    view, seen, note = seen_from_views(track)
    one_legged = exercise.laterality == "unilateral"
    # a one-legged exercise reads both legs (the standing one and the free one): --side
    # names the standing leg there, and no joints are copied over
    seen_from, measured, side_note = (seen, side, None) if one_legged else measured_side(seen, side)
    points = seen_from.get(View.SIDE, next(iter(seen_from.values())))
    if view not in family.signal_views and view is not View.THREE_D:
        views = " or ".join(sorted(v.value for v in family.signal_views))
        raise KeypointFileError(
            f"the reps of {exercise.id} are counted from {family.signal_says}, which needs "
            f"a {views} view; {SEEN[view]}"
        )
    dip = family.signal(points)
    if not np.isfinite(dip).any():
        raise KeypointFileError(f"no frame shows {family.signal_says}, so no rep can be counted")
    reps, cut_off = segment(dip, track.fps)
    leg = working_leg(points, exercise, side)
    if one_legged and leg is not None:
        measured = leg
        how = f"--side {side}" if side else "the ankle that stays down"
        side_note = f"Working on the {leg} leg ({how})."
        lower = working_leg(points, exercise, None)
        if side is not None and lower != side:
            side_note += (
                f" But the {lower} ankle stays lower most of the time, as a standing leg's "
                f"does: if the {side} leg is the one lifted, leave --side out or give "
                f"--side {lower}."
            )
    seen_views = rep_views(points, reps, view)
    used = [in_view(v, view) for v in seen_views]
    scene = _scenes(seen_from, view, reps, used, lambda p: _scene(p, dip, track.fps, exercise, leg))
    made: list[tuple[Check, Scene]] = []
    skipped: list[Skipped] = []
    for check in family.checks[exercise.id]:
        reason = view_reason(check, seen_views, view) or _joint_reason(check, track, points)
        if reason is None and check.needs_foot and not np.isfinite(scene(check).foot):
            reason = "the feet are not seen at rest, so the foot's length is unknown"
        if reason:
            skipped.append(Skipped(check.id, check.title, reason))
        else:
            made.append((check, scene(check)))
    notes = [*track.notes, *(n for n in (note, change_note(seen_views, view), side_note) if n)]
    notes += [
        f"The person is not seen well enough to follow from {start / track.fps:.1f} s to "
        f"{(stop + 1) / track.fps:.1f} s: a rep there is not counted or checked."
        for start, stop in unseen(dip, track.fps)
    ]
    if cut_off:
        notes.append("The recording stops in the middle of a rep: that one is not counted.")
    rep_seen = per_rep([c for c, _ in made], seen_views, view)
    return Audit(
        exercise=exercise.id,
        exercise_name=exercise.name,
        view=view.value,
        fps=track.fps,
        frames=track.frames,
        reps=tuple(
            _unverified(
                _verdict(rep, made, how_seen, track.fps, family, exercise),
                family.checks[exercise.id],
                made,
            )
            for rep, how_seen in zip(reps, rep_seen, strict=True)
        ),
        skipped=tuple(skipped),
        notes=tuple(notes),
        side=measured,
        one_legged=one_legged,
    )


def _scenes(
    seen_from: Mapping[View, np.ndarray],
    view: View,
    reps: Sequence[Rep],
    used: Sequence[View],
    make: Callable[[np.ndarray], Scene],
) -> Callable[[Check], Scene]:
    """Each check's scene: in 3-D, the plane it needs; in 2-D, when the reps are seen from
    more than one view, the frames seen from the check's view only (the foot's length
    and angle at rest, which way the person faces); else the whole recording."""
    scenes = {v: make(p) for v, p in seen_from.items()}
    whole = scenes[next(iter(scenes))]
    if view is not View.THREE_D and len(set(used)) > 1:
        points = next(iter(seen_from.values()))
        labels = frame_views(reps, used, len(points))
        scenes = {v: make(only_in(points, labels, v)) for v in set(used)}
    return lambda check: scenes.get(check.view, whole) if check.view else whole
