"""The exercise knowledge base as plain frozen values, free of I/O: ``hamcoach.catalog``
reads and validates the YAML files into these types; ladder criteria live in
``hamcoach.domain.criteria``, key positions in ``hamcoach.domain.pose``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from hamcoach.domain.criteria import Criterion
from hamcoach.domain.pose import Poses
from hamcoach.errors import InputError


class Category(StrEnum):
    """Where an exercise sits in a session; sessions run in this order."""

    WARM_UP = "warm-up"
    TISSUE_QUALITY = "tissue-quality"
    MOBILITY = "mobility"
    ACTIVATION = "activation"
    STRENGTH = "strength"
    COOL_DOWN = "cool-down"


SESSION_ORDER: tuple[Category, ...] = tuple(Category)


class Position(StrEnum):
    SUPINE = "supine"
    SEATED = "seated"
    STANDING = "standing"
    KNEELING = "kneeling"
    PRONE = "prone"
    SIDE_LYING = "side-lying"


class Equipment(StrEnum):
    NONE = "none"
    MASSAGE_BALL = "massage-ball"
    STABILITY_BALL = "stability-ball"
    STOOL_OR_CHAIR = "stool-or-chair"
    DOOR_FRAME = "door-frame"
    BENCH = "bench"
    PILLOW = "pillow"
    DUMBBELL_OR_KETTLEBELL = "dumbbell-or-kettlebell"
    BARBELL = "barbell"
    RESISTANCE_BAND = "resistance-band"
    ANKLE_ANCHOR = "ankle-anchor"
    STEP = "step"
    MIRROR = "mirror"
    WALL = "wall"
    MAT = "mat"


# Things nearly every home has; a plan never asks whether they are at hand.
HOUSEHOLD_EQUIPMENT: frozenset[Equipment] = frozenset(
    {Equipment.NONE, Equipment.WALL, Equipment.MAT, Equipment.PILLOW, Equipment.DOOR_FRAME}
    | {Equipment.MIRROR, Equipment.STOOL_OR_CHAIR}
)


class Target(StrEnum):
    KNEE_FLEXION = "knee-flexion"
    HIP_EXTENSION = "hip-extension"
    TIBIAL_INTERNAL_ROTATION = "tibial-internal-rotation"
    TIBIAL_EXTERNAL_ROTATION = "tibial-external-rotation"
    POSTERIOR_PELVIC_TILT = "posterior-pelvic-tilt"
    GLUTES = "glutes"
    CORE = "core"
    ECCENTRIC_HAMSTRING_STRENGTH = "eccentric-hamstring-strength"
    END_RANGE_LENGTH = "end-range-length"
    TISSUE_QUALITY = "tissue-quality"
    BALANCE = "balance"


class Goal(StrEnum):
    STRENGTH = "strength"
    LENGTH = "length"
    RANGE_OF_MOTION = "range-of-motion"
    TISSUE_QUALITY = "tissue-quality"
    ACTIVATION = "activation"


class Laterality(StrEnum):
    BILATERAL = "bilateral"
    UNILATERAL = "unilateral"
    ALTERNATING = "alternating"


class Condition(StrEnum):
    """Conditions an intake can report; cautions key on these."""

    SCIATICA = "sciatica"
    FLEXION_SENSITIVE_BACK = "flexion-sensitive-back"
    KNEE_PAIN = "knee-pain"
    LOW_BACK_PAIN = "low-back-pain"
    RECENT_HAMSTRING_STRAIN = "recent-hamstring-strain"
    RECENT_KNEE_SURGERY = "recent-knee-surgery"


class CautionAction(StrEnum):
    MODIFY = "modify"  # keep the exercise, change how it is done
    SUBSTITUTE = "substitute"  # do another exercise instead
    AVOID = "avoid"  # leave it out


class Evidence(StrEnum):
    """Where a number comes from: an article, a cited clinical rule, or us."""

    ARTICLE = "article"
    CLINICAL_RULE = "clinical-rule"
    DEFAULT = "default"


@dataclass(frozen=True, slots=True)
class Range:
    low: int
    high: int

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int | float) and self.low <= value <= self.high


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A pointer to a source, with what it says where that matters."""

    source: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class WeekDose:
    """One week of a week-by-week protocol (the Nordic protocol has one)."""

    week: int
    sessions_per_week: int
    sets: int
    reps: Range
    reps_by_set: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Dosage:
    """How much: sets and one of reps, holds or spots x extensions."""

    sets: Range
    reps: Range | None = None
    hold_seconds: Range | None = None
    spots: Range | None = None
    extensions_per_spot: Range | None = None
    rep_unit: str = "reps"
    holds_per_rep: int = 1
    holds: tuple[str, ...] = ()
    """What each hold of a rep is, in order (e.g. 'heels out', 'heels in'); the player names it."""
    per_side: bool = False
    tempo: str | None = None
    rest_seconds: Range | None = None
    evidence: Evidence = Evidence.ARTICLE
    sources: tuple[SourceRef, ...] = ()
    note: str | None = None
    weekly: tuple[WeekDose, ...] = ()

    def describe(self) -> str:
        """A one-line dose a person can follow, e.g. '2-3 x 5-8 reps'."""
        side = " per side" if self.per_side else ""
        if self.spots is not None and self.extensions_per_spot is not None:
            return f"{self.spots} spots x {self.extensions_per_spot} extensions{side}"
        parts: list[str] = []
        if self.reps is not None:
            parts.append(f"{self.sets} x {self.reps} {self.rep_unit}")
        else:
            parts.append(f"{self.sets} x")
        if self.hold_seconds is not None:
            hold = f"{self.hold_seconds} s hold"
            parts.append(f"({hold} each)" if self.reps is not None else hold)
        return " ".join(parts) + side


@dataclass(frozen=True, slots=True)
class LadderLink:
    """A step up (progression) or down (regression) to another exercise."""

    target: str
    criterion_text: str
    criterion: Criterion | None = None
    sources: tuple[SourceRef, ...] = ()

    def earned_clause(self) -> str:
        """'you have earned it (what earns it: ...)': the criterion inside a sentence."""
        text = self.criterion_text.strip().rstrip(".")
        return f"you have earned it (what earns it: {text[:1].lower() + text[1:]})"


@dataclass(frozen=True, slots=True)
class Mistake:
    fault: str
    correction: str
    sources: tuple[SourceRef, ...] = ()
    """Where the mistake is described (the form audit's corrections are these)."""


@dataclass(frozen=True, slots=True)
class Caution:
    """What to do with this exercise when a person has ``condition``."""

    condition: Condition
    action: CautionAction
    advice: str
    substitute: str | None = None
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True, slots=True)
class Note:
    """A remark that is not a step, e.g. where two articles disagree."""

    text: str
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True, slots=True)
class Exercise:
    id: str
    name: str
    summary: str
    category: Category
    position: Position
    laterality: Laterality
    dosage: Dosage
    sources: tuple[SourceRef, ...]
    aliases: tuple[str, ...] = ()
    equipment: tuple[Equipment, ...] = (Equipment.NONE,)
    targets: tuple[Target, ...] = ()
    goals: tuple[Goal, ...] = ()
    helps_with: tuple[Condition, ...] = ()
    steps: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    mistakes: tuple[Mistake, ...] = ()
    progressions: tuple[LadderLink, ...] = ()
    regressions: tuple[LadderLink, ...] = ()
    cautions: tuple[Caution, ...] = ()
    alternative_dosages: tuple[Dosage, ...] = ()
    notes: tuple[Note, ...] = ()
    kneeling: bool = False
    loaded: bool = False
    poses: Poses | None = None

    def caution_for(self, condition: Condition) -> Caution | None:
        return next((c for c in self.cautions if c.condition is condition), None)

    def needs(self) -> frozenset[Equipment]:
        """Equipment a person must own for this, household items aside."""
        return frozenset(self.equipment) - HOUSEHOLD_EQUIPMENT


@dataclass(frozen=True, slots=True)
class RoutineItem:
    exercise: str
    dosage: Dosage | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Routine:
    id: str
    name: str
    summary: str
    items: tuple[RoutineItem, ...]
    sources: tuple[SourceRef, ...]
    goals: tuple[Goal, ...] = ()
    sessions_per_week: Range = Range(2, 3)
    weeks: int | None = None
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    file: str
    author: str | None = None
    publisher: str | None = None
    kind: str = "article"

    def cite(self) -> str:
        return f"article {self.id}" if self.kind == "article" else self.title


@dataclass(frozen=True, slots=True)
class Ladder:
    """The chain an exercise sits on, easiest first."""

    steps: tuple[str, ...]
    position: int


@dataclass(frozen=True)
class Catalog:
    exercises: Mapping[str, Exercise]
    routines: Mapping[str, Routine] = field(default_factory=dict)
    sources: Mapping[str, Source] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.exercises.values())

    def __len__(self) -> int:
        return len(self.exercises)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self.exercises

    def get(self, exercise_id: str) -> Exercise:
        """The exercise with this id; raises KeyError with near matches."""
        try:
            return self.exercises[exercise_id]
        except KeyError:
            raise UnknownIdError("exercise", exercise_id, self.exercises) from None

    def routine(self, routine_id: str) -> Routine:
        try:
            return self.routines[routine_id]
        except KeyError:
            raise UnknownIdError("routine", routine_id, self.routines) from None

    def cite(self, refs: Sequence[SourceRef]) -> str:
        """'article 002', 'articles 000, 001' for a list of refs."""
        names = []
        for ref in refs:
            src = self.sources.get(ref.source)
            names.append(src.cite() if src else ref.source)
        arts = [n.removeprefix("article ") for n in names if n.startswith("article ")]
        other = [n for n in names if not n.startswith("article ")]
        out = []
        if arts:
            out.append(("article " if len(arts) == 1 else "articles ") + ", ".join(arts))
        out.extend(other)
        return "; ".join(out)

    def ladder(self, exercise_id: str) -> Ladder:
        """The chain an exercise sits on, easiest first.

        Downwards it follows the longest chain of exercises that progress to
        this one; upwards it takes each step's first progression.
        """
        self.get(exercise_id)
        below: dict[str, list[str]] = {}
        for ex in self.exercises.values():
            for link in ex.progressions:
                below.setdefault(link.target, []).append(ex.id)

        def longest_down(node: str, seen: frozenset[str]) -> list[str]:
            best: list[str] = []
            for prev in below.get(node, []):
                if prev not in seen:
                    chain = [prev, *longest_down(prev, seen | {prev})]
                    if len(chain) > len(best):
                        best = chain
            return best

        down = longest_down(exercise_id, frozenset({exercise_id}))
        seen = {exercise_id, *down}
        up: list[str] = []
        current = exercise_id
        while True:
            nxt = next(
                (
                    p.target
                    for p in self.exercises[current].progressions
                    if p.target not in seen and p.target in self.exercises
                ),
                None,
            )
            if nxt is None:
                break
            up.append(nxt)
            seen.add(nxt)
            current = nxt
        return Ladder(steps=(*reversed(down), exercise_id, *up), position=len(down))


class UnknownIdError(InputError):
    """An id that is not in the catalog; carries the closest ids."""

    def __init__(self, kind: str, wanted: str, known: Mapping[str, object]) -> None:
        import difflib

        self.kind = kind
        self.wanted = wanted
        self.suggestions = tuple(difflib.get_close_matches(wanted, list(known), n=3, cutoff=0.5))
        if not self.suggestions:
            self.suggestions = tuple(k for k in known if wanted and wanted in k)[:3]
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown {kind} '{wanted}'{hint}")
