"""`plan simulate`: replay a file of logs against a throw-away copy of the plan.

The file's entries join the person's own events and go through the same fold
(domain/fold.py) as real logs and check-ins, so a simulation decides exactly
as real use would. Nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hamcoach.domain.catalog import Catalog, UnknownIdError
from hamcoach.domain.fold import FoldResult
from hamcoach.domain.plan import Plan
from hamcoach.domain.progression import CheckIn, ExerciseLog, LoggedSet
from hamcoach.domain.rules import DEFAULT_RULES, Rules
from hamcoach.errors import InputError
from hamcoach.services.folding import refold, upcoming_doses
from hamcoach.services.patients import person_rules, resolve
from hamcoach.services.planning import require_active_plan
from hamcoach.services.ports import CheckInRecord, LogRecord, Store


class SimulationFileError(InputError):
    def __init__(self, problems: list[str], *, hint: str | None = None) -> None:
        super().__init__(problems=problems, hint=hint)


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


def simulate(
    store: Store,
    catalog: Catalog,
    path: Path,
    *,
    patient_id: str | None = None,
    rules: Rules = DEFAULT_RULES,
) -> dict[str, Any]:
    """The file's entries folded with the person's own events; nothing is stored."""
    entries = _read(path)
    with store.unit_of_work() as uow:
        patient = resolve(uow, patient_id)
        plan = require_active_plan(uow, patient.id)
        rules = person_rules(patient, rules)
        before = refold(uow, plan, catalog, rules=rules, save=False)
        logs, checkins = _as_events(path, entries, plan, catalog)
        after = refold(
            uow, plan, catalog, rules=rules, extra_logs=logs, extra_checkins=checkins, save=False
        )
    return {
        "plan": plan.uid,
        "entries": len(entries),
        "decisions": _new_decisions(before.result, after.result),
        "final": [
            {"exercise_id": k, "name": v.name, "dose": v.describe()}
            for k, v in upcoming_doses(after.plan).items()
        ],
    }


def _as_events(
    path: Path, entries: list[SimLog], plan: Plan, catalog: Catalog
) -> tuple[list[LogRecord], list[CheckInRecord]]:
    logs, checkins = [], []
    for i, e in enumerate(entries):
        moment = dt.datetime.combine(e.date, dt.time(23, 0), tzinfo=dt.UTC)
        where = f"{path}: [{i}]"
        if e.date < plan.start_date:
            raise SimulationFileError(
                [f"{where}: {e.date.isoformat()} is before the plan starts "
                 f"({plan.start_date.isoformat()})"]
            )  # fmt: skip
        if e.checkin is not None:
            checkins.append(CheckInRecord(CheckIn(e.date, e.checkin, e.stiffness), moment))
            continue
        assert e.exercise is not None
        if e.exercise not in catalog:
            raise SimulationFileError(
                [f"{where}: {UnknownIdError('exercise', e.exercise, catalog.exercises)}"]
            )
        if not any(it.exercise_id == e.exercise for s in plan.sessions for it in s.session.items):
            raise SimulationFileError(
                [f"{where}: '{e.exercise}' is not in your plan"], hint="show-plan"
            )
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
        log = ExerciseLog(e.exercise, e.date, sets, e.pain, e.leg_symptoms)
        logs.append(LogRecord(-1 - i, log, moment))
    return logs, checkins


def _new_decisions(before: FoldResult, after: FoldResult) -> list[dict[str, Any]]:
    """The decisions the file's entries added to those the person's own events make."""
    known = Counter(before.decisions)
    new = []
    for d in after.decisions:
        if known[d]:
            known[d] -= 1
        else:
            new.append(d)
    out = [
        {
            "date": d.on.isoformat(),
            "exercise_id": d.decision.exercise_id,
            "action": d.decision.action.value,
            "rule": d.decision.rule,
            "reason": d.decision.reason,
            "before": f"{d.decision.before.name}, {d.decision.before.describe()}",
            "after": f"{d.decision.after.name}, {d.decision.after.describe()}",
        }
        for d in new
    ]
    out += [
        {
            "date": x.on.isoformat(),
            "exercise_id": "all",
            "action": "regress",
            "rule": "deload",
            "reason": x.reason,
            "before": "-",
            "after": "-",
        }
        for x in after.deloads
        if x not in before.deloads
    ]
    return out
