"""`plan simulate`: replay a file of logs against a throw-away copy of the plan.

The file's entries join the person's own events and go through the same fold
(domain/fold.py) as real logs and check-ins, so a simulation decides exactly
as real use would. Nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from hamcoach.domain.catalog import Catalog, UnknownIdError
from hamcoach.domain.fold import FoldResult
from hamcoach.domain.plan import Plan
from hamcoach.domain.progression import CheckIn, ExerciseLog
from hamcoach.domain.rules import DEFAULT_RULES, Rules
from hamcoach.errors import SimulationFileError
from hamcoach.services.folding import refold, upcoming_doses
from hamcoach.services.patients import person_rules, resolve
from hamcoach.services.planning import require_active_plan
from hamcoach.services.ports import CheckInRecord, LogRecord, Store


def simulate(
    store: Store,
    catalog: Catalog,
    entries: Sequence[tuple[int, ExerciseLog | CheckIn]],
    *,
    source: str,
    patient_id: str | None = None,
    rules: Rules = DEFAULT_RULES,
) -> dict[str, Any]:
    """``entries`` (each with its place in ``source``, for messages) folded with the person's
    own events; nothing is stored."""
    with store.unit_of_work() as uow:
        patient = resolve(uow, patient_id)
        plan = require_active_plan(uow, patient.id)
        rules = person_rules(patient, rules)
        before = refold(uow, plan, catalog, rules=rules, save=False)
        logs, checkins = _as_events(source, entries, plan, catalog)
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
    source: str,
    entries: Sequence[tuple[int, ExerciseLog | CheckIn]],
    plan: Plan,
    catalog: Catalog,
) -> tuple[list[LogRecord], list[CheckInRecord]]:
    logs, checkins = [], []
    for i, e in entries:
        moment = dt.datetime.combine(e.on, dt.time(23, 0), tzinfo=dt.UTC)
        where = f"{source}: [{i}]"
        if e.on < plan.start_date:
            raise SimulationFileError(
                [f"{where}: {e.on.isoformat()} is before the plan starts "
                 f"({plan.start_date.isoformat()})"]
            )  # fmt: skip
        if isinstance(e, CheckIn):
            checkins.append(CheckInRecord(e, moment))
            continue
        if e.exercise_id not in catalog:
            raise SimulationFileError(
                [f"{where}: {UnknownIdError('exercise', e.exercise_id, catalog.exercises)}"]
            )
        if not any(
            it.exercise_id == e.exercise_id for s in plan.sessions for it in s.session.items
        ):
            raise SimulationFileError(
                [f"{where}: '{e.exercise_id}' is not in your plan"], hint="show-plan"
            )
        logs.append(LogRecord(-1 - i, e, moment))
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
