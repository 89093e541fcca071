"""The file `hamcoach plan simulate --logs FILE` reads: a YAML or JSON list of logs and
check-ins, checked here at the edge and handed on as domain values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError, field_validator

from hamcoach import limits
from hamcoach.domain.progression import CheckIn, ExerciseLog, LoggedSet
from hamcoach.errors import SimulationFileError


class SimLog(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    date: Annotated[dt.date, Field(ge=limits.FIRST_DAY, le=limits.LAST_DAY)] | None = None
    day: Annotated[int, Field(ge=0, le=limits.MAX_DAY_OFFSET)] | None = None
    """Days from the plan's start (0: its first day), instead of ``date``: the same file
    then replays on any plan (examples/logs.yaml)."""
    exercise: str | None = Field(default=None, max_length=60)
    reps: list[Annotated[int, Field(ge=0, le=500)]] = Field(
        default_factory=list, max_length=limits.MAX_SETS
    )
    hold: list[Annotated[int, Field(ge=0, le=600)]] = Field(
        default_factory=list, max_length=limits.MAX_SETS
    )
    load: StrictStr | None = Field(default=None, max_length=200)
    """As `hamcoach log --load` takes it (limits.read_loads): 12, 12kg, 25lb, 22,5, or one
    weight per set, 10kg,12kg,14kg."""
    rpe: float | None = Field(default=None, ge=1, le=10)
    pain: int | None = Field(default=None, ge=0, le=10)
    form: str = Field(default="good", pattern="^(good|poor)$")
    side: str | None = Field(default=None, pattern="^(left|right)$")
    leg_symptoms: bool = False
    checkin: int | None = Field(default=None, ge=0, le=10)
    stiffness: int | None = Field(default=None, ge=0, le=10)

    @field_validator("load", mode="before")
    @classmethod
    def _number_as_text(cls, value: object) -> object:
        """A bare number is kilograms, as in `log --load 22.5`: read as its text."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        return value

    @property
    def set_count(self) -> int:
        return max(len(self.reps), len(self.hold))

    def loads(self) -> list[float | None]:
        """The weight of each set, read as `hamcoach log --load` reads it; ValueError
        naming the value when it is not one."""
        if self.load is None:
            return [None] * self.set_count
        return list(limits.read_loads(str(self.load), self.set_count))

    def when(self, start: dt.date) -> dt.date:
        if self.date is not None:
            return self.date
        assert self.day is not None
        return start + dt.timedelta(days=self.day)

    def to_domain(self, start: dt.date) -> ExerciseLog | CheckIn:
        on = self.when(start)
        if self.checkin is not None:
            return CheckIn(on, self.checkin, self.stiffness)
        assert self.exercise is not None
        loads = self.loads()
        sets = tuple(
            LoggedSet(
                reps=self.reps[k] if self.reps else 0,
                load_kg=loads[k],
                hold_seconds=(self.hold[k] if len(self.hold) > 1 else self.hold[0])
                if self.hold
                else None,
                rpe=self.rpe,
                good_form=self.form == "good",
                side=self.side,
            )
            for k in range(self.set_count)
        )
        return ExerciseLog(self.exercise, on, sets, self.pain, self.leg_symptoms)


def read_simulation_file(path: Path, start: dt.date) -> list[tuple[int, ExerciseLog | CheckIn]]:
    """The file's entries in date order (each day's check-in first), each with its place in
    the file; ``start``: the plan's first day, which a ``day`` counts from.
    SimulationFileError lists every problem, one line each."""
    from hamcoach.datafile import FileProblem, load

    try:
        data = load(path, limit=limits.SIMULATION_BYTES)
    except FileProblem as exc:
        raise SimulationFileError([exc.at(path)]) from None
    if not isinstance(data, list):
        raise SimulationFileError([f"{path}: expected a list of entries"])
    entries, problems = [], []
    for i, raw in enumerate(data):
        try:
            entry = SimLog.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = ".".join(str(x) for x in err["loc"])
                problems.append(f"{path}: [{i}].{loc}: {err['msg']}")
            continue
        if (entry.date is None) == (entry.day is None):
            problems.append(
                f"{path}: [{i}]: give either 'date' (YYYY-MM-DD) or 'day' (days from the "
                "plan's start, 0 for its first day)"
            )
        elif (entry.exercise is None) == (entry.checkin is None):
            problems.append(
                f"{path}: [{i}]: give either 'exercise' (a log) or 'checkin' (morning pain)"
            )
        elif entry.exercise is not None and not entry.reps and not entry.hold:
            problems.append(f"{path}: [{i}]: a log needs 'reps' or 'hold'")
        elif entry.exercise is not None:
            try:
                entry.loads()
            except ValueError as exc:
                problems.append(f"{path}: [{i}].load: {exc}")
        entries.append(entry)
    if problems:
        raise SimulationFileError(problems)
    ordered = sorted(enumerate(entries), key=lambda p: (p[1].when(start), p[1].checkin is None))
    return [(i, e.to_domain(start)) for i, e in ordered]
