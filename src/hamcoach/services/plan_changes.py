"""Use cases that change a plan without starting over: a starting weight, a swap, a skip,
a clinician's resume, a new schedule. Each is a dated event in the plan's history that the
fold replays (domain/fold_plan.py), so every dose and decision so far stays as it was and
only the sessions from that day on change; session numbers (and so calendar UIDs) stay.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from hamcoach.domain.catalog import Catalog, Equipment, UnknownIdError
from hamcoach.domain.codec import change_to_json, schedule_to_json
from hamcoach.domain.fold_values import ChangeKind, Pause, PlanChange
from hamcoach.domain.plan import Plan, Schedule
from hamcoach.domain.prescription import step_up
from hamcoach.domain.rules import DEFAULT_RULES, LOAD_INCREMENT_RANGE_KG, Rules
from hamcoach.domain.scheduling import weekly_capacity
from hamcoach.errors import TrainingError
from hamcoach.limits import MAX_LOAD_KG
from hamcoach.services.adding import allowed_or_picked, check_add, check_no_protocol
from hamcoach.services.equipment import equipment_now, kit_words, left_out_for_kit
from hamcoach.services.folding import paused_now, refold
from hamcoach.services.patients import check_timezone, person_rules, resolve
from hamcoach.services.planning import require_active_plan
from hamcoach.services.ports import HistoryEntry, Store, UnitOfWork, utc


@dataclass(frozen=True)
class ChangeResult:
    plan: Plan
    moved: tuple[tuple[int, dt.datetime, dt.datetime], ...]
    pauses: tuple[Pause, ...]
    """Pauses still in force after the change (a resume lifts one)."""


def _upcoming_ids(plan: Plan, today: dt.date) -> set[str]:
    return {
        i.exercise_id
        for s in plan.sessions
        if s.status != "done" and s.at.date() >= today
        for i in s.session.items
    }


def change_plan(
    store: Store,
    catalog: Catalog,
    change: PlanChange,
    *,
    patient_id: str | None = None,
    rules: Rules = DEFAULT_RULES,
    timezone: str | None = None,
) -> ChangeResult:
    """Check the change against the plan and the person, store it, and re-derive."""
    now = utc(change.recorded_at)
    change = replace(change, recorded_at=now)
    timezone = check_timezone(timezone)  # an unknown zone would break every later read
    with store.unit_of_work(write=True) as uow:
        patient = resolve(uow, patient_id)
        uow.patients.lock(patient.id)
        plan = require_active_plan(uow, patient.id)
        if change.on < plan.start_date:
            change = replace(change, on=plan.start_date)
        if change.kind is ChangeKind.RESUME:  # something paused first, then whether it can be
            _check_paused(uow, plan, change.exercise_id)
        message = _check(uow, plan, catalog, change)
        data = change_to_json(change)
        if change.kind is ChangeKind.EDIT:
            data["before"] = schedule_to_json(plan.schedule)  # the fold starts from the first
            uow.plans.save_schedule(plan.uid, _new_schedule(plan.schedule, change, timezone))
            plan = require_active_plan(uow, patient.id)
        uow.plans.add_history(HistoryEntry(now, plan.uid, change.kind.value, message, data))
        done = refold(uow, plan, catalog, rules=person_rules(patient, rules))
        still = tuple(p for p in done.result.pauses if p.until is None)
    return ChangeResult(done.plan, tuple(done.moved), still)


def _check_paused(uow: UnitOfWork, plan: Plan, exercise_id: str | None) -> None:
    """A resume needs something paused now (what the last fold left paused)."""
    history = uow.plans.history(plan.patient_id)
    paused = paused_now(history, plan.uid)
    if exercise_id is not None and exercise_id in left_out_for_kit(history, plan.uid):
        raise TrainingError(
            f"'{exercise_id}' is left out for want of equipment, not paused: it comes back by "
            "itself when your equipment has what it needs again"
        )
    if exercise_id not in paused:
        what = "the plan" if exercise_id is None else f"'{exercise_id}'"
        names = sorted(p or "the plan" for p in paused)
        known = f" (paused now: {', '.join(names)})" if names else " (nothing is paused)"
        raise TrainingError(f"{what} is not paused{known}")


def _new_schedule(old: Schedule, change: PlanChange, timezone: str | None) -> Schedule:
    return Schedule(
        days=change.days if change.days is not None else old.days,
        at=change.at if change.at is not None else old.at,
        sessions_per_week=change.per_week if change.per_week is not None
        else old.sessions_per_week,
        max_minutes=change.max_minutes if change.max_minutes is not None else old.max_minutes,
        timezone=timezone if timezone is not None else old.timezone,
    )  # fmt: skip


def _check(uow: UnitOfWork, plan: Plan, catalog: Catalog, change: PlanChange) -> str:
    """The change's line in the plan's history, once it is known to be sound."""
    ex_id = change.exercise_id
    if ex_id is not None and ex_id not in catalog:
        raise UnknownIdError("exercise", ex_id, catalog.exercises)
    upcoming = _upcoming_ids(plan, change.on)
    kind = change.kind
    if kind in {ChangeKind.SET_LOAD, ChangeKind.SWAP, ChangeKind.SKIP} and ex_id not in upcoming:
        raise TrainingError(f"'{ex_id}' is not in the sessions still to do", hint="show-plan")
    if kind not in _PERSONS:
        raise TrainingError(f"a '{kind.value}' change is made by the equipment setting")
    assert ex_id is not None or kind in {ChangeKind.RESUME, ChangeKind.EDIT}
    if kind is ChangeKind.ADD:
        return check_add(uow, plan, catalog, ex_id or "", change.on)
    if kind is ChangeKind.SET_LOAD:
        return _check_load(catalog, ex_id or "", change.load_kg)
    if kind is ChangeKind.SWAP:
        return _check_swap(uow, plan, catalog, ex_id or "", change.new_exercise_id or "", upcoming)
    if kind is ChangeKind.SKIP:
        return f"{catalog.get(ex_id or '').name} left out from {change.on.isoformat()}."
    if kind is ChangeKind.RESUME:
        return _check_resume(catalog, change, equipment_now(uow, plan))
    return _check_edit(plan, change)


_PERSONS = frozenset(ChangeKind) - {ChangeKind.EQUIPMENT, ChangeKind.NO_KIT}
"""The changes a person or clinician makes here (the equipment's are services/equipment.py's)."""


def _check_load(catalog: Catalog, ex_id: str, kg: float | None) -> str:
    ex = catalog.get(ex_id)
    if not ex.loaded:
        raise TrainingError(f"{ex.name} is done without added weight: no load to set")
    if kg is None or not LOAD_INCREMENT_RANGE_KG[0] <= kg <= MAX_LOAD_KG:
        raise TrainingError(
            f"a load must be {LOAD_INCREMENT_RANGE_KG[0]:g}-{MAX_LOAD_KG:g} kg, not {kg}"
        )
    return f"{ex.name}: {kg:g} kg from now on."


def _check_swap(
    uow: UnitOfWork, plan: Plan, catalog: Catalog, old: str, new: str, upcoming: set[str]
) -> str:
    if new not in catalog:
        raise UnknownIdError("exercise", new, catalog.exercises)
    if new in upcoming:
        raise TrainingError(f"'{new}' is already in your sessions: no exercise twice")
    ex = catalog.get(new)
    check_no_protocol(ex, "a swap")
    picked = allowed_or_picked(uow, plan, catalog, ex)
    climb = step_up(catalog, old, new)
    if climb is not None and not picked:
        # a step up is earned: in the log (the fold climbs) or at the start (the entry gate)
        raise TrainingError(
            f"{ex.name} is a step up from {catalog.get(old).name}: the plan moves you up to "
            f"it by itself once {climb.earned_clause()}; a swap cannot skip that"
        )
    return f"{catalog.get(old).name} swapped for {ex.name}."


def _check_resume(catalog: Catalog, change: PlanChange, kit: frozenset[Equipment]) -> str:
    """The resume's line; whether anything was paused is known once the fold has run. An
    exercise whose kit has gone since it was paused is not brought back without it."""
    if not change.by or not change.by.strip():
        raise TrainingError("a resume names the clinician who agreed to it")
    if change.exercise_id is not None:
        ex = catalog.get(change.exercise_id)
        missing = ex.needs() - kit
        if missing:
            raise TrainingError(
                f"{ex.name} needs {kit_words(missing)}, which the person no longer has: "
                "resume it once the equipment is back, or choose another exercise"
            )
    what = "The plan" if change.exercise_id is None else catalog.get(change.exercise_id).name
    return f"{what} resumed by {change.by} on {change.on.isoformat()}."


def _check_edit(plan: Plan, change: PlanChange) -> str:
    days = change.days if change.days is not None else plan.schedule.days
    per_week = change.per_week if change.per_week is not None else plan.schedule.sessions_per_week
    if not days:
        raise TrainingError("give at least one training day")
    if not 1 <= per_week <= 7:
        raise TrainingError(f"{per_week} sessions a week is outside 1-7")
    room = weekly_capacity(days, per_week)
    if room < per_week:
        raise TrainingError(
            f"{len(days)} day(s) a week hold only {room} session(s) 48 hours apart, "
            f"not {per_week}: add days or plan fewer sessions a week"
        )
    if change.max_minutes is not None and not 5 <= change.max_minutes <= 180:
        raise TrainingError(f"a session of {change.max_minutes} minutes is outside 5-180")
    return f"New schedule from {change.on.isoformat()}."
