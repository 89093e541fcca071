"""An exercise's key positions as data: joint angles per keyframe, the view, what touches
the ground or a prop, and the props.

Pure values; :mod:`hamcoach.motion` turns them into points (numpy) and
:mod:`hamcoach.pictures` into drawings. The joint names and their ranges live here, once,
so the file loader, the body model and the tests read the same table.

Angles are degrees. In the side view the person faces right; ``pelvis`` is the pelvis
segment's tilt from upright (forward positive: 90 is bent over face down, -90 lying on the
back), and every other angle is a joint's flexion from straight (``ankle`` is
dorsiflexion from a right angle, negative pointing the toes). ``near`` joints are the side
facing the viewer (the person's left); ``far_`` joints default to the near ones. In the
front view the person faces the viewer; the near side is the viewer's right.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class View(StrEnum):
    SIDE = "side"
    FRONT = "front"


class Muscle(StrEnum):
    """What a picture highlights: the working muscles, or the stretched ones."""

    HAMSTRINGS = "hamstrings"
    GLUTES = "glutes"
    QUADRICEPS = "quadriceps"
    CALVES = "calves"
    BACK = "back"
    ADDUCTORS = "adductors"


class Prop(StrEnum):
    STABILITY_BALL = "stability-ball"
    BENCH = "bench"
    STOOL_OR_CHAIR = "stool-or-chair"
    DOOR_FRAME = "door-frame"
    PILLOW = "pillow"
    BAND = "band"
    DUMBBELL_OR_KETTLEBELL = "dumbbell-or-kettlebell"
    MASSAGE_BALL = "massage-ball"
    STEP = "step"
    WALL = "wall"
    ANKLE_ANCHOR = "ankle-anchor"


PROP_EQUIPMENT: Mapping[Prop, frozenset[str]] = {prop: frozenset({prop.value}) for prop in Prop} | {
    Prop.BENCH: frozenset({"bench", "stool-or-chair"}),
    Prop.STOOL_OR_CHAIR: frozenset({"stool-or-chair", "bench"}),
    Prop.BAND: frozenset({"resistance-band"}),
}
"""The equipment an exercise must list for a prop to be drawn in its pictures."""

FLOOR_PROPS: frozenset[Prop] = frozenset(
    {Prop.STABILITY_BALL, Prop.BENCH, Prop.STOOL_OR_CHAIR, Prop.STEP, Prop.WALL, Prop.DOOR_FRAME}
)
"""Props that stand on the floor at a place (``x``); the others go with a body point."""

SURFACE_PROPS: frozenset[Prop] = frozenset(
    {Prop.STABILITY_BALL, Prop.BENCH, Prop.STOOL_OR_CHAIR, Prop.STEP}
)
"""Props a body point can rest on, as on the floor (the first contact too: standing on a
step)."""
LEAN_PROPS: frozenset[Prop] = frozenset({Prop.WALL, Prop.DOOR_FRAME})
"""Upright props a body part can lean or press against."""

CARRIED_AT: Mapping[Prop, frozenset[str]] = {
    Prop.PILLOW: frozenset({"knee", "thigh"}),
    Prop.BAND: frozenset({"ankle", "shank", "foot", "heel", "knee"}),
    Prop.DUMBBELL_OR_KETTLEBELL: frozenset({"wrist", "fingers", "hand", "chest"}),
    Prop.MASSAGE_BALL: frozenset({"thigh", "pelvis"}),
    Prop.ANKLE_ANCHOR: frozenset({"ankle", "shank", "heel", "foot"}),
    Prop.WALL: frozenset({"hand", "fingers", "wrist"}),
}
"""The body parts a carried prop may go with (a side's prefix aside). A wall with ``at``
stands behind the person, side-on to it, the hand on it (leg swings)."""

FLOOR = "floor"


@dataclass(frozen=True, slots=True)
class JointRange:
    low: float
    high: float


# Typical adult active ranges, American Academy of Orthopaedic Surgeons, "Joint Motion:
# Method of Measuring and Recording" (1965): hip flexion 120 / extension 30, knee
# flexion 135 / hyperextension 10, ankle dorsiflexion 20 / plantarflexion 50, shoulder
# flexion 180 / extension 60, elbow flexion 150, thoracolumbar flexion 80 / extension 25
# (split here between the lumbar and thoracic segments), neck flexion 45 / extension 45,
# hip abduction 45 / adduction 30. Two are wider where body weight takes a joint past its
# active range: knee flexion to 150 and ankle dorsiflexion to 40 in a full squat with the
# heels down (Hemmerich et al. 2006, J Orthop Res 24:770, squatting heels down).
SIDE_JOINTS: Mapping[str, JointRange] = {
    "pelvis": JointRange(-180, 180),
    "pelvis_turn": JointRange(-45, 45),
    "lumbar": JointRange(-15, 50),
    "thoracic": JointRange(-10, 30),
    "neck": JointRange(-45, 45),
    "hip": JointRange(-30, 120),
    "knee": JointRange(-10, 150),
    "ankle": JointRange(-50, 40),
    "shoulder": JointRange(-60, 180),
    "elbow": JointRange(0, 150),
}
FRONT_JOINTS: Mapping[str, JointRange] = {
    "pelvis_tilt": JointRange(-20, 20),
    "trunk_lean": JointRange(-35, 35),
    "hip": JointRange(-30, 120),
    "knee": JointRange(-10, 150),
    "hip_abduction": JointRange(-30, 45),
    "knee_valgus": JointRange(-15, 15),
    "foot_turn": JointRange(-40, 40),
    "shoulder_abduction": JointRange(0, 180),
    "elbow": JointRange(0, 150),
}
SIDED: frozenset[str] = frozenset(
    {"hip", "knee", "ankle", "shoulder", "elbow", "hip_abduction", "knee_valgus", "foot_turn"}
    | {"shoulder_abduction"}
)
"""Joints with a near and a far side; ``far_<joint>`` sets the far one."""


def joint_table(view: View) -> dict[str, JointRange]:
    """Every angle a keyframe of this view may set, ``far_`` ones included."""
    base = SIDE_JOINTS if view is View.SIDE else FRONT_JOINTS
    table = dict(base)
    table.update({f"far_{name}": base[name] for name in base if name in SIDED})
    return table


@dataclass(frozen=True, slots=True)
class Contact:
    """A body point or segment resting on the floor or on a surface prop."""

    point: str
    surface: str = FLOOR


@dataclass(frozen=True, slots=True)
class PropPlacement:
    """A prop: on the floor at ``x`` (heights), or going with body point ``at``."""

    prop: Prop
    x: float | None = None
    at: str | None = None


@dataclass(frozen=True, slots=True)
class Keyframe:
    name: str
    angles: Mapping[str, float]
    contacts: tuple[Contact, ...]
    seconds: float = 1.0
    """Time to move here from the keyframe before (the tempo)."""
    hold: float = 0.0
    """Seconds the picture's animation stays here."""
    props: tuple[PropPlacement, ...] = ()
    """Props that move in this keyframe (the ball rolling in), in place of the set's."""

    def angle(self, joint: str, *, far: bool = False) -> float:
        """A joint's angle (0 when not given); a far joint falls back on the near one."""
        if far and f"far_{joint}" in self.angles:
            return self.angles[f"far_{joint}"]
        return self.angles.get(joint, 0.0)


@dataclass(frozen=True, slots=True)
class Poses:
    view: View
    keyframes: tuple[Keyframe, ...]
    props: tuple[PropPlacement, ...] = ()
    highlight: tuple[Muscle, ...] = ()
    side: str = "near"
    """Where the highlight goes: ``near``, ``far`` or ``both`` legs."""

    def keyframe(self, name: str) -> Keyframe:
        return next(k for k in self.keyframes if k.name == name)

    def props_at(self, keyframe: Keyframe) -> tuple[PropPlacement, ...]:
        """The props where they are in a keyframe."""
        moved = {p.prop for p in keyframe.props}
        return tuple(p for p in self.props if p.prop not in moved) + keyframe.props
