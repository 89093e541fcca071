"""What a stored log or check-in decided, read again: the page a form goes on to after it
saves (Post/Redirect/Get), so that going back to it or reloading it reads, and never saves
the entry a second time.

The doses are a fold of every dated event (services/folding.py), so the entry's decision
is folded again without saving: it is what the entry decides as the plan stands now (a
later check-in may have settled it since). Pauses are the ones the entry brought that still
stand. What a write changed elsewhere (the coming doses a back-dated log worked out again,
a check-in it replaced) was said once, in the answer to the write.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hamcoach.domain.catalog import Catalog
from hamcoach.domain.fold_values import Pause
from hamcoach.domain.rules import DEFAULT_RULES, Rules
from hamcoach.services.entries import Entry, find_entry
from hamcoach.services.folding import Refolded, refold
from hamcoach.services.patients import person_rules, resolve
from hamcoach.services.planning import require_active_plan
from hamcoach.services.ports import Store
from hamcoach.services.training import CheckInResult, LogResult, closest, stopping


@dataclass(frozen=True)
class Receipt:
    """An entry and what it decided: ``log`` for a logged exercise, ``checkin`` for a
    morning check-in (the other is None)."""

    entry: Entry
    log: LogResult | None = None
    checkin: CheckInResult | None = None


def receipt(
    store: Store,
    catalog: Catalog,
    entry_id: str,
    *,
    patient_id: str | None = None,
    rules: Rules = DEFAULT_RULES,
) -> Receipt:
    """The person's entry with this id and what it decides now; TrainingError when their
    active plan has no such entry (another person's is unknown too)."""
    entry = find_entry(store, entry_id, patient_id=patient_id)
    with store.unit_of_work() as uow:
        patient = resolve(uow, patient_id)
        plan = require_active_plan(uow, patient.id)
        done = refold(uow, plan, catalog, rules=person_rules(patient, rules), save=False)
    plan_paused = any(p.exercise_id is None and p.until is None for p in done.result.pauses)
    if entry.log is not None:
        record = entry.log
        outcome = done.result.logs[record.key]
        later = done.last_logged is not None and done.last_logged > record.log.on
        pauses = _brought(done, record.recorded_at)
        return Receipt(entry, log=LogResult(
            outcome.session_number, outcome.decision, later_entries=later, pauses=pauses,
            plan_paused=plan_paused, log_key=record.key,
            stopped=stopping(done.result.pauses, outcome.decision.after.exercise_id),
            close=closest(done.result, outcome.session_number),
        ))  # fmt: skip
    on = entry.day
    assert entry.checkin is not None
    decisions = [d.decision for d in done.result.decisions
                 if d.on == on and d.trigger == "check-in"]  # fmt: skip
    deload = next((x.reason for x in done.result.deloads if x.on == on), None)
    return Receipt(entry, checkin=CheckInResult(
        decisions, deload, pauses=_brought(done, entry.checkin.recorded_at),
        plan_paused=plan_paused,
    ))  # fmt: skip


def _brought(done: Refolded, recorded_at: dt.datetime) -> tuple[Pause, ...]:
    """The pauses the entry recorded at ``recorded_at`` brought, that still stand."""
    return tuple(p for p in done.result.pauses if p.recorded_at == recorded_at and p.until is None)
