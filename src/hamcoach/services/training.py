"""Use cases for training: log, check in, re-test. Each appends an event and re-derives.

Each call is one writing unit of work under the person's lock: the event is
appended, the plan's doses are folded again from every event (services/
folding.py), and the cache is stored, all or nothing. A log is acknowledged
only after its commit, so an acknowledged log survives the process being
killed right after.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from hamcoach.domain.catalog import Catalog, UnknownIdError
from hamcoach.domain.fold_values import FoldResult, Pause
from hamcoach.domain.guided import close_to
from hamcoach.domain.plan import Plan
from hamcoach.domain.progression import CheckIn, Decision, ExerciseLog, LoggedSet
from hamcoach.domain.rules import DEFAULT_RULES, Rules
from hamcoach.errors import TrainingError
from hamcoach.services.account_ports import AuditEvent
from hamcoach.services.folding import DoseChange, refold
from hamcoach.services.patients import person_rules, resolve
from hamcoach.services.planning import require_active_plan
from hamcoach.services.ports import CheckInRecord, HistoryEntry, LogRecord, RetestRecord, Store, utc

__all__ = ["CheckInResult", "LogEntry", "LogResult", "TrainingError", "check_in", "log_exercise"]


@dataclass(frozen=True)
class LogEntry:
    exercise_id: str
    performed_on: dt.date
    sets: tuple[LoggedSet, ...]
    pain: int | None
    leg_symptoms: bool = False
    note: str | None = None


@dataclass(frozen=True)
class LogResult:
    session_number: int | None
    decision: Decision
    moves: tuple[tuple[int, dt.datetime, dt.datetime], ...] = ()
    changes: tuple[DoseChange, ...] = ()
    """Upcoming doses that changed: more than this log's own decision when the log was
    back-dated and re-derived what came after it."""
    later_entries: bool = False
    """Sessions were logged after this one's date: its decision is not the latest word."""
    pauses: tuple[Pause, ...] = ()
    """What this entry paused (escalation): say it at once, plainly."""
    plan_paused: bool = False
    """The plan is paused (this entry or an earlier one): training waits for a clinician."""
    log_key: int = 0
    """The stored log's key (its history id is ``log-<key>``)."""
    stopped: Pause | None = None
    """The standing pause that keeps the decision's exercise (or the whole plan) out of the
    sessions to come: its next dose is not to be done until a clinician resumes it."""
    close: tuple[int, dt.date] | None = None
    """Another session done within the minimum rest of this log's (domain/guided.py
    ``close_to``): the number and day of the nearest."""


@dataclass(frozen=True)
class CheckInResult:
    decisions: list[Decision]
    deload: str | None = None
    replaced: CheckIn | None = None
    changes: tuple[DoseChange, ...] = ()
    pauses: tuple[Pause, ...] = ()
    plan_paused: bool = False


def _check_day(on: dt.date, plan: Plan | None, now: dt.datetime, what: str) -> None:
    if on > now.date():
        raise TrainingError(f"{on.isoformat()} is in the future; {what} only what is done")
    if plan is not None and on < plan.start_date:
        raise TrainingError(
            f"{on.isoformat()} is before your plan starts ({plan.start_date.isoformat()})"
        )


def _plan_paused(pauses: tuple[Pause, ...]) -> bool:
    return any(p.exercise_id is None and p.until is None for p in pauses)


def stopping(pauses: tuple[Pause, ...], exercise_id: str) -> Pause | None:
    """The pause standing now that stops ``exercise_id``: its own, else the whole plan's."""
    standing = {p.exercise_id: p for p in pauses if p.until is None}
    return standing.get(exercise_id) or standing.get(None)


def _in_plan(plan: Plan, exercise_id: str) -> bool:
    return any(
        i.exercise_id == exercise_id
        for s in plan.sessions
        for i in s.session.items + (s.built.items if s.built else ())
    )


def _not_in_plan(plan: Plan, exercise_id: str) -> str:
    """Logs adapt the plan's doses, so only its exercises are logged; name the ones closest
    to what was typed ('bridge' -> marching-bridge, single-leg-bridge)."""
    import difflib

    ids = sorted({i.exercise_id for s in plan.sessions for i in s.session.items})
    close = [i for i in ids if exercise_id in i or i in exercise_id]
    close += difflib.get_close_matches(exercise_id, ids, n=3, cutoff=0.6)
    near = list(dict.fromkeys(close))[:3]
    hint = f"; in it: {', '.join(near)}" if near else ""
    return f"'{exercise_id}' is not in your plan{hint}"


def log_exercise(
    store: Store,
    catalog: Catalog,
    entry: LogEntry,
    *,
    now: dt.datetime,
    patient_id: str | None = None,
    rules: Rules = DEFAULT_RULES,
    audit_by: int | None = None,
) -> LogResult:
    """Store the log and re-derive. ``audit_by``: the account that logged it (the web app),
    written to the audit log in the same unit of work (one commit, not two)."""
    now = utc(now)
    if entry.exercise_id not in catalog:
        raise UnknownIdError("exercise", entry.exercise_id, catalog.exercises)
    with store.unit_of_work(write=True) as uow:
        patient = resolve(uow, patient_id)
        uow.patients.lock(patient.id)
        plan = require_active_plan(uow, patient.id)
        _check_day(entry.performed_on, plan, now, "log")
        if not _in_plan(plan, entry.exercise_id):
            raise TrainingError(_not_in_plan(plan, entry.exercise_id), hint="log-in-plan")
        log = ExerciseLog(
            entry.exercise_id, entry.performed_on, entry.sets, entry.pain, entry.leg_symptoms
        )
        key = uow.training.add_log(plan.uid, LogRecord(0, log, now, entry.note))
        done = refold(uow, plan, catalog, rules=person_rules(patient, rules))
        if audit_by is not None:
            detail = {"exercise": entry.exercise_id, "on": entry.performed_on.isoformat()}
            uow.accounts.audit(AuditEvent(now, "log", audit_by, patient.id, detail))
    later = done.last_logged is not None and done.last_logged > entry.performed_on
    outcome = done.result.logs[key]
    return LogResult(
        outcome.session_number,
        outcome.decision,
        tuple(done.moved),
        tuple(done.changes),
        later,
        done.new_pauses,
        _plan_paused(done.result.pauses),
        key,
        stopping(done.result.pauses, outcome.decision.after.exercise_id),
        closest(done.result, outcome.session_number),
    )


def closest(result: FoldResult, number: int | None) -> tuple[int, dt.date] | None:
    """``LogResult.close`` for a log that counted for session ``number``."""
    if number is None:
        return None
    done = [(s.number, s.at.date()) for s in result.sessions if s.done]
    return close_to(done, number)


def check_in(
    store: Store,
    catalog: Catalog,
    *,
    on: dt.date,
    pain: int,
    stiffness: int | None,
    now: dt.datetime,
    patient_id: str | None = None,
    rules: Rules = DEFAULT_RULES,
    audit_by: int | None = None,
) -> CheckInResult:
    """Store the morning check-in (a second one for the same day replaces the first), then
    re-derive: the sessions it is the next morning of may now progress or step back.
    ``audit_by``: as for ``log_exercise``."""
    now = utc(now)
    with store.unit_of_work(write=True) as uow:
        patient = resolve(uow, patient_id)
        uow.patients.lock(patient.id)
        plan = require_active_plan(uow, patient.id)
        _check_day(on, plan, now, "check in for")
        replaced = uow.training.put_checkin(
            plan.uid, CheckInRecord(CheckIn(on, pain, stiffness), now)
        )
        done = refold(uow, plan, catalog, rules=person_rules(patient, rules))
        if audit_by is not None:
            uow.accounts.audit(
                AuditEvent(now, "checkin", audit_by, patient.id, {"on": on.isoformat()})
            )
    decisions = [
        d.decision for d in done.result.decisions if d.on == on and d.trigger == "check-in"
    ]
    deload = next((x.reason for x in done.result.deloads if x.on == on), None)
    return CheckInResult(
        decisions,
        deload,
        replaced.checkin if replaced is not None else None,
        tuple(done.changes),
        done.new_pauses,
        _plan_paused(done.result.pauses),
    )


def record_retest(
    store: Store,
    *,
    point: str,
    on: dt.date,
    nprs: int | None,
    psfs: list[dict[str, Any]],
    tests: dict[str, int],
    now: dt.datetime,
    patient_id: str | None = None,
) -> None:
    now = utc(now)
    with store.unit_of_work(write=True) as uow:
        patient = resolve(uow, patient_id)
        uow.patients.lock(patient.id)
        plan = require_active_plan(uow, patient.id)
        _check_day(on, None, now, "record")  # a baseline may come before the start
        uow.training.add_retest(plan.uid, RetestRecord(on, now, point, nprs, psfs, tests))
        uow.plans.add_history(
            HistoryEntry(
                now, plan.uid, "retest", f"Re-test ({point}) recorded for {on.isoformat()}."
            )
        )
