"""The ``poses`` block of an exercise file: keyframes of joint angles, contacts and props.

Only the shape is checked here; the meaning (joint names and ranges for the view, props
the exercise's equipment allows, contacts that really rest on their surface) is checked
by :mod:`hamcoach.catalog.pose_check` once the whole exercise is read, with the file's
line numbers.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from hamcoach.domain import pose as d

Name = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=30)]
PART_PATTERN = r"^((near|far)\.)?[a-z-]+$"
Part = Annotated[str, StringConstraints(pattern=PART_PATTERN, max_length=30)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ContactModel(_Model):
    """A body part at rest on a surface; a bare name means on the floor."""

    point: Part
    surface: str = d.FLOOR

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, value: Any) -> Any:
        return {"point": value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        as_object = handler(core_schema)
        name = {"type": "string", "pattern": PART_PATTERN, "description": "On the floor."}
        return {"description": "A body part at rest: a name, or {point, surface}.",
                "anyOf": [name, as_object]}  # fmt: skip


class PropModel(_Model):
    prop: d.Prop
    x: float | None = Field(default=None, ge=-2, le=2)
    at: Part | None = None

    @model_validator(mode="after")
    def _placed_once(self) -> PropModel:
        standing = self.prop in d.FLOOR_PROPS
        behind = self.prop is d.Prop.WALL and self.at is not None and self.x is None
        if standing and not behind and (self.x is None or self.at is not None):
            raise ValueError(f"a {self.prop.value} stands on the floor: give its x, not at")
        anchored = self.prop is d.Prop.BAND  # a band may say where its anchor stands (x)
        if not standing and (self.at is None or (self.x is not None and not anchored)):
            raise ValueError(
                f"a {self.prop.value} goes with the body: give at (a body point), not x"
            )
        return self


class KeyframeModel(_Model):
    name: Name
    angles: dict[str, float] = Field(default_factory=dict)
    contacts: list[ContactModel] = Field(min_length=1)
    seconds: float = Field(default=1.0, gt=0, le=10)
    hold: float = Field(default=0.0, ge=0, le=10)
    props: list[PropModel] = Field(default_factory=list)

    def to_domain(self) -> d.Keyframe:
        return d.Keyframe(
            self.name,
            dict(self.angles),
            tuple(d.Contact(c.point, c.surface) for c in self.contacts),
            self.seconds,
            self.hold,
            tuple(d.PropPlacement(p.prop, p.x, p.at) for p in self.props),
        )


class PosesModel(_Model):
    """An exercise's key positions: at least its start and its end of range."""

    view: d.View = d.View.SIDE
    keyframes: list[KeyframeModel] = Field(min_length=2)
    props: list[PropModel] = Field(default_factory=list)
    highlight: list[d.Muscle] = Field(default_factory=list)
    side: str = Field(default="near", pattern="^(near|far|both)$")

    @model_validator(mode="after")
    def _unique_names(self) -> PosesModel:
        names = [k.name for k in self.keyframes]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"keyframe names must differ: {', '.join(twice)} is used twice")
        return self

    def to_domain(self) -> d.Poses:
        return d.Poses(
            self.view,
            tuple(k.to_domain() for k in self.keyframes),
            tuple(d.PropPlacement(p.prop, p.x, p.at) for p in self.props),
            tuple(self.highlight),
            self.side,
        )
