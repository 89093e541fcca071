"""The file format of the knowledge base: pydantic models for the YAML files.

These models exist only at the boundary. ``to_domain`` turns a validated file
into the frozen values of :mod:`hamcoach.domain.catalog`. ``hamcoach catalog
schema`` prints their JSON Schema for editors.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from hamcoach.catalog.pose_schema import PosesModel
from hamcoach.domain import catalog as d
from hamcoach.domain import criteria
from hamcoach.domain import rules as R

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RangeModel(_Model):
    """An inclusive range; a bare integer means low == high."""

    low: int = Field(ge=0)
    high: int = Field(ge=0)

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return {"low": value, "high": value}
        if isinstance(value, list) and len(value) == 2:
            return {"low": value[0], "high": value[1]}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> RangeModel:
        if self.low > self.high:
            raise ValueError(f"low ({self.low}) is above high ({self.high})")
        return self

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        as_object = handler(core_schema)
        return {
            "description": "An inclusive range: n, [low, high] or {low, high}.",
            "anyOf": [
                {"type": "integer", "minimum": 0},
                {
                    "type": "array",
                    "items": {"type": "integer", "minimum": 0},
                    "minItems": 2,
                    "maxItems": 2,
                },
                as_object,
            ],
        }

    def to_domain(self) -> d.Range:
        return d.Range(self.low, self.high)


class SourceRefModel(_Model):
    source: Slug
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, value: Any) -> Any:
        return {"source": value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        as_object = handler(core_schema)
        return {
            "description": "A source id, or {source, note}.",
            "anyOf": [{"type": "string"}, as_object],
        }

    def to_domain(self) -> d.SourceRef:
        return d.SourceRef(self.source, self.note)


def _refs(refs: list[SourceRefModel]) -> tuple[d.SourceRef, ...]:
    return tuple(r.to_domain() for r in refs)


class WeekDoseModel(_Model):
    week: int = Field(ge=1, le=52)
    sessions_per_week: int = Field(ge=1, le=7)
    sets: int = Field(ge=1, le=10)
    reps: RangeModel
    reps_by_set: list[Annotated[int, Field(ge=1, le=100)]] = Field(default_factory=list)

    @model_validator(mode="after")
    def _per_set(self) -> WeekDoseModel:
        if self.reps_by_set and len(self.reps_by_set) != self.sets:
            raise ValueError(
                f"reps_by_set has {len(self.reps_by_set)} entries for {self.sets} sets"
            )
        return self

    def to_domain(self) -> d.WeekDose:
        return d.WeekDose(
            self.week,
            self.sessions_per_week,
            self.sets,
            self.reps.to_domain(),
            tuple(self.reps_by_set),
        )


class DosageModel(_Model):
    """Sets and one of: reps, hold_seconds, or spots with extensions_per_spot."""

    sets: RangeModel
    reps: RangeModel | None = None
    hold_seconds: RangeModel | None = None
    spots: RangeModel | None = None
    extensions_per_spot: RangeModel | None = None
    rep_unit: Text = "reps"
    holds_per_rep: int = Field(default=1, ge=1, le=5)
    holds: list[Text] = Field(default_factory=list)
    per_side: bool = False
    tempo: str | None = None
    rest_seconds: RangeModel | None = None
    evidence: d.Evidence = d.Evidence.ARTICLE
    sources: list[SourceRefModel] = Field(default_factory=list)
    note: str | None = None
    weekly: list[WeekDoseModel] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_measure(self) -> DosageModel:
        if (self.spots is None) != (self.extensions_per_spot is None):
            raise ValueError("spots and extensions_per_spot go together")
        if self.reps is None and self.hold_seconds is None and self.spots is None:
            raise ValueError("give reps, hold_seconds, or spots with extensions_per_spot")
        if self.sets.low < 1:
            raise ValueError("sets must be at least 1")
        if self.holds and (self.hold_seconds is None or len(self.holds) != self.holds_per_rep):
            raise ValueError(
                f"holds: {len(self.holds)} names for {self.holds_per_rep} hold(s) a rep; "
                "holds need hold_seconds"
            )
        if self.evidence is not d.Evidence.DEFAULT and not self.sources:
            raise ValueError(f"a dose with evidence '{self.evidence}' needs its sources")
        return self

    def to_domain(self) -> d.Dosage:
        def opt(r: RangeModel | None) -> d.Range | None:
            return r.to_domain() if r is not None else None

        return d.Dosage(
            sets=self.sets.to_domain(),
            reps=opt(self.reps),
            hold_seconds=opt(self.hold_seconds),
            spots=opt(self.spots),
            extensions_per_spot=opt(self.extensions_per_spot),
            rep_unit=self.rep_unit,
            holds_per_rep=self.holds_per_rep,
            holds=tuple(self.holds),
            per_side=self.per_side,
            tempo=self.tempo,
            rest_seconds=opt(self.rest_seconds),
            evidence=self.evidence,
            sources=_refs(self.sources),
            note=self.note,
            weekly=tuple(w.to_domain() for w in self.weekly),
        )


class CriterionModel(_Model):
    metric: criteria.Metric
    value: int = Field(ge=1, le=1000)
    per_side: bool = False
    sessions: int = Field(default=1, ge=1, le=10)
    max_pain: int = Field(default=R.PAIN_GREEN_MAX, ge=0, le=R.PAIN_SCALE_MAX)

    def to_domain(self) -> criteria.Criterion:
        return criteria.Criterion(
            self.metric, self.value, self.per_side, self.sessions, self.max_pain
        )


class LadderLinkModel(_Model):
    target: Slug
    criterion: Text
    check: CriterionModel | None = None
    sources: list[SourceRefModel] = Field(default_factory=list)

    def to_domain(self) -> d.LadderLink:
        check = self.check.to_domain() if self.check else None
        return d.LadderLink(self.target, self.criterion, check, _refs(self.sources))


class MistakeModel(_Model):
    fault: Text
    correction: Text
    sources: list[SourceRefModel] = Field(default_factory=list)

    def to_domain(self) -> d.Mistake:
        return d.Mistake(self.fault, self.correction, _refs(self.sources))


class CautionModel(_Model):
    condition: d.Condition
    action: d.CautionAction
    advice: Text
    substitute: Slug | None = None
    sources: list[SourceRefModel] = Field(default_factory=list)

    @model_validator(mode="after")
    def _substitute_given(self) -> CautionModel:
        if self.action is d.CautionAction.SUBSTITUTE and self.substitute is None:
            raise ValueError("action 'substitute' needs a substitute exercise id")
        return self

    def to_domain(self) -> d.Caution:
        return d.Caution(
            self.condition, self.action, self.advice, self.substitute, _refs(self.sources)
        )


class NoteModel(_Model):
    text: Text
    sources: list[SourceRefModel] = Field(default_factory=list)

    def to_domain(self) -> d.Note:
        return d.Note(self.text, _refs(self.sources))


class ExerciseModel(_Model):
    """One exercise file."""

    id: Slug
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    summary: Text
    category: d.Category
    position: d.Position
    equipment: list[d.Equipment] = Field(default_factory=lambda: [d.Equipment.NONE])
    targets: list[d.Target] = Field(min_length=1)
    goals: list[d.Goal] = Field(min_length=1)
    helps_with: list[d.Condition] = Field(default_factory=list)
    laterality: d.Laterality
    kneeling: bool = False
    loaded: bool = False
    dosage: DosageModel
    alternative_dosages: list[DosageModel] = Field(default_factory=list)
    steps: list[Text] = Field(min_length=1)
    cues: list[Text] = Field(default_factory=list)
    mistakes: list[MistakeModel] = Field(default_factory=list)
    progressions: list[LadderLinkModel] = Field(default_factory=list)
    regressions: list[LadderLinkModel] = Field(default_factory=list)
    cautions: list[CautionModel] = Field(default_factory=list)
    notes: list[NoteModel] = Field(default_factory=list)
    sources: list[SourceRefModel] = Field(min_length=1)
    poses: PosesModel | None = None

    def to_domain(self) -> d.Exercise:
        return d.Exercise(
            id=self.id,
            name=self.name,
            summary=self.summary,
            category=self.category,
            position=self.position,
            laterality=self.laterality,
            dosage=self.dosage.to_domain(),
            sources=_refs(self.sources),
            aliases=tuple(self.aliases),
            equipment=tuple(self.equipment),
            targets=tuple(self.targets),
            goals=tuple(self.goals),
            helps_with=tuple(self.helps_with),
            steps=tuple(self.steps),
            cues=tuple(self.cues),
            mistakes=tuple(m.to_domain() for m in self.mistakes),
            progressions=tuple(p.to_domain() for p in self.progressions),
            regressions=tuple(r.to_domain() for r in self.regressions),
            cautions=tuple(c.to_domain() for c in self.cautions),
            alternative_dosages=tuple(a.to_domain() for a in self.alternative_dosages),
            notes=tuple(n.to_domain() for n in self.notes),
            kneeling=self.kneeling,
            loaded=self.loaded,
            poses=self.poses.to_domain() if self.poses else None,
        )


class RoutineItemModel(_Model):
    exercise: Slug
    dosage: DosageModel | None = None
    note: str | None = None

    def to_domain(self) -> d.RoutineItem:
        dose = self.dosage.to_domain() if self.dosage else None
        return d.RoutineItem(self.exercise, dose, self.note)


class RoutineModel(_Model):
    """One routine file: an ordered list of exercises."""

    id: Slug
    name: Text
    summary: Text
    goals: list[d.Goal] = Field(default_factory=list)
    sessions_per_week: RangeModel = Field(default_factory=lambda: RangeModel(low=2, high=3))
    weeks: int | None = Field(default=None, ge=1, le=52)
    items: list[RoutineItemModel] = Field(min_length=1)
    notes: list[NoteModel] = Field(default_factory=list)
    sources: list[SourceRefModel] = Field(min_length=1)

    def to_domain(self) -> d.Routine:
        return d.Routine(
            id=self.id,
            name=self.name,
            summary=self.summary,
            items=tuple(i.to_domain() for i in self.items),
            sources=_refs(self.sources),
            goals=tuple(self.goals),
            sessions_per_week=self.sessions_per_week.to_domain(),
            weeks=self.weeks,
            notes=tuple(n.to_domain() for n in self.notes),
        )


class SourceModel(_Model):
    id: Slug
    title: Text
    file: Text
    author: str | None = None
    publisher: str | None = None
    kind: Literal["article", "clinical-rule", "guideline"] = "article"

    def to_domain(self) -> d.Source:
        return d.Source(self.id, self.title, self.file, self.author, self.publisher, self.kind)


class SourcesFileModel(_Model):
    sources: list[SourceModel] = Field(min_length=1)


def json_schema() -> dict[str, Any]:
    """One schema document with the three file kinds under ``$defs``."""
    from pydantic.json_schema import models_json_schema

    _, top = models_json_schema(
        [
            (ExerciseModel, "validation"),
            (RoutineModel, "validation"),
            (SourcesFileModel, "validation"),
        ],
        title="hamcoach catalog files",
    )
    top["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    top["oneOf"] = [
        {"$ref": "#/$defs/ExerciseModel"},
        {"$ref": "#/$defs/RoutineModel"},
        {"$ref": "#/$defs/SourcesFileModel"},
    ]
    return top
