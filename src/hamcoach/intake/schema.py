"""The profile file format (YAML or JSON), shared by ``hamcoach start`` and
``hamcoach plan create --profile FILE``. ``hamcoach profile schema`` prints it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from hamcoach import limits
from hamcoach.domain import profile as p
from hamcoach.domain.catalog import Equipment
from hamcoach.domain.screening import QUESTION_IDS, unanswered
from hamcoach.errors import InputError

Score = Annotated[int, Field(ge=0, le=10)]
Reps = Annotated[int, Field(ge=0, le=500)]
Day = Annotated[dt.date, Field(ge=limits.FIRST_DAY, le=limits.LAST_DAY)]
"""A date hamcoach can work with (limits.py): 0001-01-01 or 9999-12-31 is a typo."""


def _printable(text: str) -> str:
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise ValueError("holds a control character")
    return text


Name = Annotated[
    str,
    StringConstraints(min_length=1, max_length=80, strip_whitespace=True),
    AfterValidator(_printable),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class ActivityModel(_Model):
    """A PSFS item: an activity you find hard, 0 = unable, 10 = as before the problem."""

    name: Name
    ability: Score


class ConditionsModel(_Model):
    flexion_sensitive_back: bool = Field(
        default=False, description="Bending or sitting makes your back worse."
    )
    leg_symptoms: bool = Field(
        default=False, description="Pain or tingling in the leg below the knee (sciatica-like)."
    )
    recent_hamstring_strain: bool = Field(
        default=False, description="A hamstring strain in the last 3 months."
    )
    recent_knee_surgery: bool = Field(default=False, description="Knee surgery in the last year.")


class BaselineModel(_Model):
    single_leg_bridge_left: Reps | None = None
    single_leg_bridge_right: Reps | None = None
    bodyweight_squats: Reps | None = Field(default=None, description="In a row, with good form.")
    single_leg_deadlift_left: Reps | None = None
    single_leg_deadlift_right: Reps | None = None
    active_knee_extension_deg: Annotated[int, Field(ge=0, le=90)] | None = None


class ScheduleModel(_Model):
    days: list[p.Weekday] = Field(min_length=1, description="Weekdays you can train: mon..sun.")
    time: dt.time = Field(default=dt.time(18, 0), description="HH:MM, local time.")
    sessions_per_week: int = Field(default=2, ge=2, le=3, description="2 or 3 (articles 002, 003).")
    max_minutes: int = Field(default=30, ge=10, le=120, description="Longest session you want.")
    start_date: Day
    timezone: str | None = Field(default=None, description="IANA name, e.g. Europe/London.")

    @field_validator("days")
    @classmethod
    def _unique(cls, days: list[p.Weekday]) -> list[p.Weekday]:
        if len(set(days)) != len(days):
            raise ValueError("a weekday is listed twice")
        return days

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, zone: str | None) -> str | None:
        if zone is None:
            return None
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone '{zone}'") from None
        return zone

    @model_validator(mode="after")
    def _enough_days(self) -> ScheduleModel:
        if len(self.days) < self.sessions_per_week:
            raise ValueError(
                f"{self.sessions_per_week} sessions a week need at least "
                f"{self.sessions_per_week} available days; {len(self.days)} given"
            )
        return self


class ProfileModel(_Model):
    """Everything the intake asks. Red-flag questions must all be answered."""

    name: Name
    age: int = Field(ge=12, le=110)
    sex: p.Sex | None = None
    pain_area: p.PainArea
    pain_now: Score
    activities: list[ActivityModel] = Field(default_factory=list, max_length=3)
    conditions: ConditionsModel = Field(default_factory=ConditionsModel)
    red_flags: dict[str, bool] = Field(
        description="Every red-flag question id (see 'hamcoach profile questions') "
        "with true or false."
    )
    equipment: list[Equipment] = Field(default_factory=list)
    experience: p.Experience = p.Experience.NONE
    schedule: ScheduleModel
    baseline: BaselineModel = Field(default_factory=BaselineModel)
    routine: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")] | None = Field(
        default=None,
        description="Follow this catalog routine (see 'hamcoach routines list') instead of the "
        "planner's own selection; cautions and equipment still apply.",
    )

    @field_validator("red_flags")
    @classmethod
    def _known_questions(cls, answers: dict[str, bool]) -> dict[str, bool]:
        unknown = sorted(set(answers) - QUESTION_IDS)
        if unknown:
            raise ValueError(f"unknown red-flag question(s): {', '.join(unknown)}")
        return answers

    @model_validator(mode="after")
    def _all_answered(self) -> ProfileModel:
        missing = unanswered(self.pain_area, self.red_flags)
        if missing:
            raise ValueError(
                "red-flag questions must be answered, not assumed 'no': missing "
                + ", ".join(missing)
            )
        return self

    def to_domain(self) -> p.Profile:
        s, b, c = self.schedule, self.baseline, self.conditions
        return p.Profile(
            name=self.name,
            age=self.age,
            sex=self.sex,
            pain_area=self.pain_area,
            pain_now=self.pain_now,
            activities=tuple(p.Activity(a.name, a.ability) for a in self.activities),
            conditions=p.Conditions(
                c.flexion_sensitive_back,
                c.leg_symptoms,
                c.recent_hamstring_strain,
                c.recent_knee_surgery,
            ),
            red_flags=dict(self.red_flags),
            equipment=frozenset(self.equipment),
            experience=self.experience,
            availability=p.Availability(
                frozenset(s.days), s.time, s.sessions_per_week, s.max_minutes
            ),
            start_date=s.start_date,
            baseline=p.Baseline(
                b.single_leg_bridge_left,
                b.single_leg_bridge_right,
                b.bodyweight_squats,
                b.single_leg_deadlift_left,
                b.single_leg_deadlift_right,
                b.active_knee_extension_deg,
            ),
            timezone=s.timezone,
            routine=self.routine,
        )


def profile_json_schema() -> dict[str, Any]:
    schema = ProfileModel.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


class ProfileFileError(InputError):
    """A profile file that cannot be used; ``problems`` has one line per field."""

    problems: list[str]
    closing = "Nothing was stored."

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems=problems)


def parse_profile(data: Any, *, where: str = "profile") -> ProfileModel:
    from pydantic import ValidationError

    if not isinstance(data, dict):
        raise ProfileFileError([f"{where}: expected a mapping of fields at the top"])
    try:
        return ProfileModel.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = ".".join(str(x) for x in err["loc"]) or "(top level)"
            msg = "unknown field" if err["type"] == "extra_forbidden" else err["msg"]
            if err["type"] == "missing":
                msg = "required field is missing"
            elif "input" in err and err["type"] not in {"value_error", "model_type", "missing"}:
                msg += f" (got {err['input']!r})"
            msg = msg.removeprefix("Value error, ")
            problems.append(f"{where}: {loc}: {msg}")
        raise ProfileFileError(problems) from None


def _yaml_loader() -> type[Any]:
    """SafeLoader without YAML 1.1's base-60 integers, so 18:00 stays a time, not 1080."""
    import re

    import yaml

    class Loader(yaml.SafeLoader):
        pass

    int_tag = "tag:yaml.org,2002:int"
    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != int_tag]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    Loader.add_implicit_resolver(
        int_tag,
        re.compile(
            r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"
        ),
        list("-+0123456789"),
    )
    return Loader


def load_profile_file(path: Path) -> ProfileModel:
    """Read a YAML or JSON profile; every problem is reported, one line each."""
    from hamcoach import limits
    from hamcoach.datafile import FileProblem, load

    try:
        data = load(path, limit=limits.PROFILE_BYTES, yaml_loader=_yaml_loader())
    except FileProblem as exc:
        raise ProfileFileError([exc.at(path)]) from None
    return parse_profile(data, where=str(path))
