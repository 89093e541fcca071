"""`plan simulate`: replay a file of logs against a throw-away copy of the plan.

The copy is an in-memory SQLite database filled by the same export/import
that backs `hamcoach export`, and the replay goes through the same use cases
as `hamcoach log` and `hamcoach checkin`, so a simulation decides exactly as
real use would. The real database is only read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Engine, select

from hamcoach.domain.catalog import Catalog, UnknownIdError
from hamcoach.domain.progression import LoggedSet
from hamcoach.services.planning import load_active_plan
from hamcoach.services.training import LogEntry, TrainingError, check_in, log_exercise
from hamcoach.services.transfer import export_json, import_json
from hamcoach.storage.db import make_engine, unit_of_work, upgrade
from hamcoach.storage.models import DecisionRow


class SimulationFileError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class SimLog(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: dt.date
    exercise: str | None = None
    reps: list[Annotated[int, Field(ge=0, le=500)]] = Field(default_factory=list)
    hold: list[Annotated[int, Field(ge=0, le=600)]] = Field(default_factory=list)
    load: float | None = Field(default=None, gt=0, le=500)
    rpe: float | None = Field(default=None, ge=1, le=10)
    pain: int | None = Field(default=None, ge=0, le=10)
    form: str = Field(default="good", pattern="^(good|poor)$")
    side: str | None = Field(default=None, pattern="^(left|right)$")
    leg_symptoms: bool = False
    checkin: int | None = Field(default=None, ge=0, le=10)
    stiffness: int | None = Field(default=None, ge=0, le=10)


def _read(path: Path) -> list[SimLog]:
    import json

    import yaml

    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise SimulationFileError([f"{path}: cannot read: {exc}"]) from None
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise SimulationFileError([f"{path}: not valid YAML or JSON: {exc}"]) from None
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
        if (entry.exercise is None) == (entry.checkin is None):
            problems.append(
                f"{path}: [{i}]: give either 'exercise' (a log) or 'checkin' (morning pain)"
            )
        elif entry.exercise is not None and not entry.reps and not entry.hold:
            problems.append(f"{path}: [{i}]: a log needs 'reps' or 'hold'")
        entries.append(entry)
    if problems:
        raise SimulationFileError(problems)
    return sorted(entries, key=lambda e: (e.date, e.checkin is None))


def simulate(engine: Engine, catalog: Catalog, path: Path) -> dict[str, Any]:
    entries = _read(path)
    snapshot = export_json(engine, now=dt.datetime.now())
    copy = make_engine("sqlite:///:memory:")
    upgrade(copy)
    import_json(copy, snapshot)
    plan = load_active_plan(copy)
    with unit_of_work(copy) as db:
        known = set(db.scalars(select(DecisionRow.id)))
    for i, e in enumerate(entries):
        moment = dt.datetime.combine(e.date, dt.time(23, 0))
        try:
            if e.checkin is not None:
                check_in(
                    copy, catalog, on=e.date, pain=e.checkin, stiffness=e.stiffness, now=moment
                )
                continue
            assert e.exercise is not None
            count = max(len(e.reps), len(e.hold))
            sets = tuple(
                LoggedSet(
                    reps=e.reps[k] if e.reps else 0,
                    load_kg=e.load,
                    hold_seconds=(e.hold[k] if len(e.hold) > 1 else e.hold[0]) if e.hold else None,
                    rpe=e.rpe,
                    good_form=e.form == "good",
                    side=e.side,
                )
                for k in range(count)
            )
            log_exercise(
                copy,
                catalog,
                LogEntry(e.exercise, e.date, sets, e.pain, e.leg_symptoms),
                now=moment,
            )
        except (TrainingError, UnknownIdError) as exc:
            raise SimulationFileError([f"{path}: [{i}]: {exc}"]) from None
    with unit_of_work(copy) as db:
        decisions = [
            {
                "date": d.decided_on.isoformat(),
                "exercise_id": d.exercise_id,
                "action": d.action,
                "rule": d.rule,
                "reason": d.reason,
                "before": _dose(d.before),
                "after": _dose(d.after),
            }
            for d in db.scalars(select(DecisionRow).order_by(DecisionRow.id))
            if d.id not in known
        ]
    final_plan = load_active_plan(copy)
    copy.dispose()
    last: dict[str, Any] = {}
    for s in final_plan.sessions:
        for item in s.session.items:
            if s.status != "done":
                last.setdefault(item.exercise_id, item)
    return {
        "plan": plan.uid,
        "entries": len(entries),
        "decisions": decisions,
        "final": [
            {"exercise_id": k, "name": v.name, "dose": v.describe()} for k, v in last.items()
        ],
    }


def _dose(data: dict[str, Any]) -> str:
    if not data:
        return "-"
    from hamcoach.storage.repository import prescription_from_json

    p = prescription_from_json(data)
    return f"{p.name}, {p.describe()}"
