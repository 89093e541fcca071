"""A person's logged entries by id: the ids the history shows, and deleting a wrong entry.

An entry's id is readable and stable: ``log-<n>`` for a logged exercise (its storage key)
and ``checkin-<YYYY-MM-DD>`` for a morning check-in (there is one a day). The doses are a
fold of the dated logs and check-ins (services/folding.py), so deleting an entry removes
it from those events, records the deletion in the plan's history and folds again: what
the entry decided (a step back, a pause) goes with it, and what the others decide stays.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hamcoach.domain.catalog import Catalog
from hamcoach.domain.fold_values import Pause
from hamcoach.domain.plan import Plan
from hamcoach.domain.rules import DEFAULT_RULES, Rules
from hamcoach.errors import TrainingError
from hamcoach.limits import INT32_MAX
from hamcoach.services.folding import DoseChange, paused_now, refold
from hamcoach.services.patients import person_rules, resolve
from hamcoach.services.planning import require_active_plan
from hamcoach.services.ports import (
    CheckInRecord,
    HistoryEntry,
    LogRecord,
    Patient,
    Store,
    UnitOfWork,
    utc,
)

LOG = "log-"
CHECKIN = "checkin-"
DELETED = "deleted"
"""History kind: an entry was deleted (data: its id and day)."""


def log_entry_id(key: int) -> str:
    return f"{LOG}{key}"


def checkin_entry_id(day: dt.date) -> str:
    return f"{CHECKIN}{day.isoformat()}"


@dataclass(frozen=True)
class Entry:
    """One logged exercise or one check-in, with its id."""

    entry_id: str
    log: LogRecord | None = None
    checkin: CheckInRecord | None = None

    @property
    def day(self) -> dt.date:
        if self.log is not None:
            return self.log.log.on
        assert self.checkin is not None
        return self.checkin.checkin.on

    def describe(self) -> str:
        """'the bridge log of 2026-11-24 (2 sets, pain 8/10)', for a person to check."""
        if self.log is not None:
            log = self.log.log
            pain = "no pain score" if log.pain is None else f"pain {log.pain}/10"
            sets = f"{len(log.sets)} set{'s' if len(log.sets) != 1 else ''}"
            return f"the {log.exercise_id} log of {log.on.isoformat()} ({sets}, {pain})"
        assert self.checkin is not None
        return f"the check-in of {self.day.isoformat()} (pain {self.checkin.checkin.pain}/10)"


@dataclass(frozen=True)
class Deleted:
    entry: Entry
    changes: tuple[DoseChange, ...]
    """Upcoming doses the deletion changed, once folded again without the entry."""
    moves: tuple[tuple[int, dt.datetime, dt.datetime], ...]
    lifted: frozenset[str | None]
    """Pauses the entry had brought, gone with it (exercise ids; None: the plan)."""
    pauses: tuple[Pause, ...] = ()
    """Pauses the fold brings without the entry (rare: an entry can hold one off)."""
    plan_paused: bool = False


def find_entry(store: Store, entry_id: str, *, patient_id: str | None = None) -> Entry:
    """The person's entry with this id in their active plan; TrainingError if there is none
    (another person's entry is not theirs: unknown too)."""
    with store.unit_of_work() as uow:
        patient = resolve(uow, patient_id)
        return _find(uow, require_active_plan(uow, patient.id), patient, entry_id)


def delete_entry(
    store: Store,
    catalog: Catalog,
    entry_id: str,
    *,
    now: dt.datetime,
    patient_id: str | None = None,
    rules: Rules = DEFAULT_RULES,
) -> Deleted:
    """Delete the entry, record it in the plan's history, and fold the doses again."""
    now = utc(now)
    with store.unit_of_work(write=True) as uow:
        patient = resolve(uow, patient_id)
        uow.patients.lock(patient.id)
        plan = require_active_plan(uow, patient.id)
        entry = _find(uow, plan, patient, entry_id)
        before = paused_now(uow.plans.history(patient.id), plan.uid)
        if entry.log is not None:
            uow.training.delete_log(plan.uid, entry.log.key)
        else:
            uow.training.delete_checkin(plan.uid, entry.day)
        done = refold(uow, plan, catalog, rules=person_rules(patient, rules))
        uow.plans.add_history(
            HistoryEntry(
                now, plan.uid, DELETED, f"Deleted {entry.describe()}, {entry.entry_id}.",
                {"entry": entry.entry_id, "on": entry.day.isoformat(),
                 "what": entry.describe(), "changed": len(done.changes)},
            )
        )  # fmt: skip
    left = frozenset(p.exercise_id for p in done.result.pauses if p.until is None)
    return Deleted(
        entry, tuple(done.changes), tuple(done.moved), before - left, done.new_pauses,
        None in left,
    )  # fmt: skip


@dataclass(frozen=True)
class Deletion:
    """A deletion as the plan's history keeps it."""

    entry_id: str
    what: str
    """The entry, as ``Entry.describe`` said it."""
    changed: int | None
    """How many upcoming doses it changed (None: not recorded)."""


def deletion(store: Store, entry_id: str, *, patient_id: str | None = None) -> Deletion | None:
    """The latest deletion of this entry from the person's active plan, or None."""
    with store.unit_of_work() as uow:
        patient = resolve(uow, patient_id)
        plan = uow.plans.active(patient.id)
        history = uow.plans.history(patient.id) if plan is not None else []
    for h in reversed(history):
        data = h.data or {}
        if plan and h.plan_uid == plan.uid and h.kind == DELETED and data.get("entry") == entry_id:
            what = data.get("what")  # kept since the history page says it
            return Deletion(entry_id, str(what), data.get("changed")) if what else None
    return None


def _find(uow: UnitOfWork, plan: Plan, patient: Patient, entry_id: str) -> Entry:
    wanted = _parse(entry_id)
    if isinstance(wanted, int):
        log = next((r for r in uow.training.logs(plan.uid) if r.key == wanted), None)
        if log is not None:
            return Entry(log_entry_id(wanted), log=log)
    elif wanted is not None:
        checkins = uow.training.checkins(plan.uid)
        checkin = next((c for c in checkins if c.checkin.on == wanted), None)
        if checkin is not None:
            return Entry(checkin_entry_id(wanted), checkin=checkin)
    shown = entry_id if len(entry_id) <= 40 else entry_id[:40] + "..."
    raise TrainingError(
        f"no entry '{shown}' in {patient.display_name}'s history (ids look like log-12 or "
        "checkin-2026-11-24)",
        hint="show-history",
    )


def _parse(entry_id: str) -> int | dt.date | None:
    """``log-<n>`` -> n, ``checkin-<YYYY-MM-DD>`` -> the day; None for anything else."""
    text = entry_id.strip().lower()
    if text.startswith(LOG):
        digits = text.removeprefix(LOG)
        ok = digits.isascii() and digits.isdigit() and len(digits) <= 10
        return int(digits) if ok and int(digits) <= INT32_MAX else None
    if text.startswith(CHECKIN):
        day = text.removeprefix(CHECKIN)
        try:
            return dt.date.fromisoformat(day) if len(day) == 10 else None
        except ValueError:
            return None
    return None
