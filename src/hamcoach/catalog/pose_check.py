"""What a pose block means, checked against the body model: joint names and ranges for
the view, props the exercise's equipment allows, and contacts that rest on a surface."""

from __future__ import annotations

from collections.abc import Iterator

from hamcoach.domain.catalog import Exercise
from hamcoach.domain.pose import (
    CARRIED_AT,
    FLOOR,
    LEAN_PROPS,
    PROP_EQUIPMENT,
    SURFACE_PROPS,
    Poses,
    PropPlacement,
    joint_table,
)

Loc = tuple[str | int, ...]


def pose_problems(exercise: Exercise) -> Iterator[tuple[Loc, str]]:
    """(location under ``poses``, message) for every mistake in the exercise's poses."""
    poses = exercise.poses
    if poses is None:
        return
    yield from _props(exercise, poses)
    table = joint_table(poses.view)
    bad_angles = False
    for i, keyframe in enumerate(poses.keyframes):
        for joint, value in keyframe.angles.items():
            loc: Loc = ("keyframes", i, "angles", joint)
            if joint not in table:
                bad_angles = True
                known = ", ".join(sorted(table))
                yield loc, f"no joint {joint!r} in the {poses.view.value} view (known: {known})"
            elif not table[joint].low <= value <= table[joint].high:
                bad_angles = True
                r = table[joint]
                yield loc, f"{joint} {value:g} degrees is outside its range {r.low:g} to {r.high:g}"
        restable = SURFACE_PROPS | LEAN_PROPS
        placed = {p.prop.value for p in poses.props_at(keyframe) if p.prop in restable}
        for j, contact in enumerate(keyframe.contacts):
            if contact.surface != FLOOR and contact.surface not in placed:
                yield (
                    ("keyframes", i, "contacts", j, "surface"),
                    f"{contact.surface!r} is not a placed prop to rest on",
                )
                bad_angles = True
    if bad_angles:
        return
    from hamcoach.motion.body import pose
    from hamcoach.motion.place import known_part, problems  # numpy: only when files are read

    body = pose(poses.keyframes[0], poses.view)
    unknown = [
        (where, prop.at) for where, prop in _every_prop(poses)
        if prop.at is not None and not known_part(body, prop.at)
    ]  # fmt: skip
    for where, part in unknown:
        yield (*where, "at"), f"unknown body part {part!r}"
    if unknown:
        return
    yield from _carried_at(poses)

    for k, c, message in problems(poses):
        yield (("keyframes", k, "contacts", c) if c is not None else ("keyframes", k)), message


def _props(exercise: Exercise, poses: Poses) -> Iterator[tuple[Loc, str]]:
    for where, prop in _every_prop(poses):
        allowed = PROP_EQUIPMENT[prop.prop]
        if not allowed & {e.value for e in exercise.equipment}:
            yield (
                (*where, "prop"),
                (
                    f"{_a(prop.prop.value)} {prop.prop.value} is drawn but the exercise's "
                    f"equipment ({', '.join(e.value for e in exercise.equipment)}) has none"
                ),
            )


def _a(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _every_prop(poses: Poses) -> list[tuple[Loc, PropPlacement]]:
    """Every prop of the poses, the set's and each keyframe's, with where it is written."""
    return [(("props", i), p) for i, p in enumerate(poses.props)] + [
        (("keyframes", k, "props", i), p)
        for k, frame in enumerate(poses.keyframes)
        for i, p in enumerate(frame.props)
    ]


def _carried_at(poses: Poses) -> Iterator[tuple[Loc, str]]:
    for where, prop in _every_prop(poses):
        if prop.at is None:
            continue
        allowed = CARRIED_AT[prop.prop]
        if prop.at.split(".")[-1] not in allowed:
            yield (
                (*where, "at"),
                (
                    f"{_a(prop.prop.value)} {prop.prop.value} goes with "
                    f"{' or '.join(sorted(allowed))}, not {prop.at}"
                ),
            )
