"""What every movement family is made of: its checks as data (:class:`Check`), the rep
signal that counts its reps, the measures behind its checks, and the faults the synthetic
recordings can put in (:class:`Synth`).

A check's correction is the exercise's own mistake's (matched by words of the mistake's
``fault`` text, so that the loaded squat's "Form breaks under the weight (knees cave,
depth shrinks)" speaks for both its checks); a check with no mistake in the catalog says
its own, taken from the exercise's cues or the articles, with the source.

Thresholds are the articles' and the literature's, not fitted to any recording; where no
study gives a number the value is a hamcoach default, said as such. Where the pictures'
tests (tests/unit/test_pose_form.py) hold a position to a tolerance, a fault is twice
that tolerance away (:data:`PICTURE_MARGIN`): a rule of hamcoach's, said as such.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from hamcoach.audit.measures import Measured, Scene
from hamcoach.audit.signal import Rep, View
from hamcoach.domain.pose import Poses

PICTURE_MARGIN = 2.0
"""A fault's threshold is this many times the tolerance the pictures are held to."""


class Worse(StrEnum):
    """Which side of the threshold is the fault."""

    BELOW = "below"
    ABOVE = "above"


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    title: str
    """The fault, in a few words a person reads in the report."""
    measure: str
    """How the value is measured, for docs and the JSON."""
    unit: str
    threshold: float
    worse: Worse
    source: str
    view: View | None
    """The camera view the measure needs (None: any)."""
    joints: tuple[str, ...]
    """Joints it reads, without side (``knee`` means both knees, or the one seen)."""
    mistake_words: tuple[str, ...] = ()
    """Words of a catalog mistake's fault that make it this check's mistake."""
    correction: str = ""
    """Said when the exercise has no matching mistake."""
    unless: str | None = None
    """Not reported in a rep that already has this check's fault (the same fault going on)."""
    needs_foot: bool = False
    """Needs the foot's length at rest (the feet seen in the rest frames)."""
    essential: bool = False
    """A rep is called good form only when this check was made in it: the one a step up
    rests on (a squat's depth), so a rep the camera could not judge on it (a front view,
    the knees unseen) is "no fault seen", not good form, and does not count toward a
    good-form gate."""
    label: str = ""
    """The measured value's name in a few words, said before it: ``knee bend 74°``."""

    def faulty(self, value: float, threshold: float | None = None) -> bool:
        limit = self.threshold if threshold is None else threshold
        return value < limit if self.worse is Worse.BELOW else value > limit


RUSHING = Check(
    id="rushing",
    label="rep time",
    title="rushing",
    measure="the rep's time, leaving the start to the start again (from a tenth of the way "
    "to a tenth from the end, scaled as a smooth movement's), against the exercise's tempo",
    unit="s",
    threshold=0.5,
    worse=Worse.BELOW,
    source="ACSM position stand (Ratamess et al., Med Sci Sports Exerc 2009;41:687): moderate "
    "speed is 1-2 s each way, so a rep in under half the catalog's tempo (its poses' seconds "
    "and holds) is faster than moderate; articles 000 and 003: slow and controlled, no momentum",
    view=None,
    joints=("hip", "ankle"),
    mistake_words=("fast", "momentum", "rush", "quickly", "dropping once"),
    correction="Slow down: take the time the tempo gives each way, under control.",
)
"""Every audited exercise's: a rep faster than half its tempo."""


Measure = Callable[[Scene, Rep], Measured]
Signal = Callable[[np.ndarray], np.ndarray]
Angles = Mapping[str, float]


@dataclass(frozen=True, slots=True)
class Roll:
    """A fault the 2-D body model cannot pose: ``joints`` (MediaPipe names) turned by
    ``degrees`` about the trunk's long axis through the hips' midpoint, growing with the
    rep (one hip dropping or rising: the pelvis tilting, or the hips opening)."""

    degrees: float
    joints: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Synth:
    """How the synthetic recordings put each fault in (see audit/synthetic.py); a fault's
    strength 0-1 moves the angles part of the way."""

    far: Mapping[str, Angles] = field(default_factory=dict)
    """fault -> angles at the rep's far keyframe (the squat's bottom, the bridge's top)."""
    far_by: Mapping[str, Angles] = field(default_factory=dict)
    """fault -> degrees added to angles at the far keyframe (whatever the exercise's own)."""
    short: Mapping[str, float] = field(default_factory=dict)
    """fault -> the share of the way back to the start at which the rep turns (it stops
    short of its far keyframe: the hips not high, the heel not reaching the buttock)."""
    short_back: Mapping[str, float] = field(default_factory=dict)
    """fault -> the share of the way out at which the rep stops coming back (the leg not
    straightened again); the next rep starts from there."""
    mid_back: Mapping[str, Angles] = field(default_factory=dict)
    """fault -> angles halfway back (the knees pulling together as a squat rises)."""
    roll: Mapping[str, Roll] = field(default_factory=dict)
    lag: Mapping[str, tuple[frozenset[str], float]] = field(default_factory=dict)
    """fault -> (angles that start late, the share of the way out they wait)."""
    front_poses: Poses | None = None
    """Keyframes of the body model's front view, when the family has its own; else a front
    view is the side view's points turned a quarter (with the body's widths)."""
    front_far: Mapping[str, Angles] = field(default_factory=dict)
    """fault -> front-view angles at the far keyframe."""


@dataclass(frozen=True, slots=True)
class Family:
    """A movement family: how its reps are found and which checks each exercise gets."""

    name: str
    signal: Signal
    """points -> how far into the rep each frame is: 0 at rest, deeper into the rep above."""
    signal_says: str
    """What the signal is, for messages: "the hips' height"."""
    checks: Mapping[str, tuple[Check, ...]]
    """exercise id -> its checks."""
    measures: Mapping[str, Measure]
    """check id -> its measure."""
    synth: Synth = Synth()
    signal_views: frozenset[View] = frozenset(View)
    """The views in which the signal counts reps."""
    phases: tuple[str, str, str] = ("down", "bottom", "up")
    """The rep's three phases in words (the JSON's ``down``, ``bottom``, ``up``): out of
    rest, at the far point, back to rest."""
