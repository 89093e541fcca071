"""Use cases for screening and plans; one unit of work each, for one person."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, replace

from hamcoach.domain import rules as R
from hamcoach.domain.catalog import Catalog
from hamcoach.domain.codec import profile_to_json
from hamcoach.domain.fold_values import RescheduleEvent
from hamcoach.domain.plan import Plan, Schedule, ScheduledSession
from hamcoach.domain.profile import Profile, Weekday, slugify
from hamcoach.domain.program import Program, build_program
from hamcoach.domain.rules import DEFAULT_RULES, Rules
from hamcoach.domain.scheduling import (
    ScheduleError,
    days_that_help,
    place_sessions,
    weekly_capacity,
)
from hamcoach.domain.screening import ScreeningResult
from hamcoach.errors import NoActivePlanError, PlanStoppedError, TrainingError
from hamcoach.services.folding import refold
from hamcoach.services.patients import DEMO_ID, person_rules, resolve
from hamcoach.services.ports import HistoryEntry, Patient, Store, UnitOfWork, utc
from hamcoach.services.screenings import screened, standing


@dataclass(frozen=True)
class PlanOutcome:
    screening: ScreeningResult
    plan: Plan | None = None
    archived: str | None = None  # uid of the plan this one replaced
    warnings: tuple[str, ...] = ()
    patient: Patient | None = None


def _patient_for_new_plan(
    uow: UnitOfWork, patient_id: str | None, profile: Profile, now: dt.datetime
) -> Patient:
    """The person named, else the only one, else (an empty database, or one holding only
    the demo person) a new one named after the profile; the demo person is made by their
    first plan.

    Concurrent first plans for an empty database must not each add the person: the
    registry lock makes the second wait for the first, then find the person it added."""
    if patient_id in (None, DEMO_ID) and _nobody(uow, patient_id):
        uow.patients.lock_registry()
        if _nobody(uow, patient_id):
            pid = patient_id or slugify(profile.name)
            patient = Patient(pid, profile.name, now, profile.timezone)
            uow.patients.add(patient)
            return patient
    return resolve(uow, patient_id)


def _nobody(uow: UnitOfWork, patient_id: str | None) -> bool:
    """No one to plan for: no demo person yet (``DEMO_ID``), or no one but them (None)."""
    if patient_id == DEMO_ID:
        return uow.patients.get(DEMO_ID) is None
    return all(p.id == DEMO_ID for p in uow.patients.all())


def create_plan(
    store: Store,
    catalog: Catalog,
    profile: Profile,
    *,
    now: dt.datetime,
    patient_id: str | None = None,
    weeks: int = 5,
) -> PlanOutcome:
    """Screen, and if cleared, build, schedule and store a plan.

    The screening reads the person's clearances: a red flag a clinician cleared for
    them no longer blocks, and the plan carries that clearance. A flag their previous
    screening raised still blocks when the answer is now no, until a clinician clears it.
    The screening is stored either way, and the profile with it as versioned data
    (``profile_to_json``). A new plan archives the person's active one; nothing is overwritten.
    """
    now = utc(now)
    with store.unit_of_work(write=True) as uow:
        patient = _patient_for_new_plan(uow, patient_id, profile, now)
        uow.patients.lock(patient.id)
        result = screened(uow, patient.id, profile)
        program: Program | None = None
        fitted, warnings = profile, list[str]()
        if result.cleared:
            fitted, warnings = fit_to_days(profile)
            program = build_program(fitted, result, catalog, weeks=weeks)
        profile_id = uow.plans.add_profile(patient.id, profile.name, profile_to_json(profile), now)
        screening_id = uow.plans.add_screening(profile_id, result, now)
        if program is None:
            # a red flag stops the training that was going on, not only the new plan
            previous = uow.plans.active(patient.id)
            if previous is not None:
                uow.plans.archive(previous.uid, now)
                uow.plans.add_history(
                    HistoryEntry(
                        now,
                        previous.uid,
                        "paused",
                        "Stopped: a new screening found a red flag; see a clinician before "
                        "training again.",
                    )
                )
            stopped = previous.uid if previous is not None else None
            return PlanOutcome(result, patient=patient, archived=stopped)

        schedule, times, stretched = _place(fitted, program)
        warnings += stretched
        archived_uid = None
        previous = uow.plans.active(patient.id)
        if previous is not None:
            uow.plans.archive(previous.uid, now)
            archived_uid = previous.uid
            uow.plans.add_history(
                HistoryEntry(now, previous.uid, "archived", "Replaced by a new plan.")
            )
        plan = Plan(
            uid=f"plan-{uuid.uuid4().hex[:12]}",
            profile_name=profile.name,
            created_at=now,
            start_date=profile.start_date,
            weeks=program.weeks,
            schedule=schedule,
            sessions=tuple(
                ScheduledSession(s, when, built=s, built_at=when)
                for s, when in zip(program.sessions, times, strict=True)
            ),
            choices=program.choices,
            notes=tuple(program.notes) + tuple(warnings),
            patient_id=patient.id,
            clearances=tuple(c for _, c in result.cleared_flags),
        )
        uow.plans.add(plan, profile_id=profile_id, screening_id=screening_id)
        uow.plans.add_history(
            HistoryEntry(
                now, plan.uid, "created", f"Plan created for {profile.name}: {len(times)} sessions."
            )
        )
    return PlanOutcome(result, plan, archived_uid, tuple(warnings), patient)


def fit_to_days(profile: Profile) -> tuple[Profile, list[str]]:
    """The profile with as many sessions a week as the person's days hold 48 hours apart,
    and a warning when that is fewer than they asked for; ScheduleError (nothing is
    stored) when the days hold fewer than the program needs a week."""
    avail = profile.availability
    days = frozenset(d.number for d in avail.days)
    asked = avail.sessions_per_week
    capacity = weekly_capacity(days, asked, start=profile.start_date)
    if capacity >= asked:
        return profile, []
    names = list(Weekday)
    given = ", ".join(d.value for d in sorted(avail.days, key=lambda d: d.number))
    gap = f"at least {R.MIN_HOURS_BETWEEN_SESSIONS} hours apart (article 003)"
    helps = [names[d].value for d in days_that_help(days, asked, start=profile.start_date)]
    if capacity < R.MIN_SESSIONS_PER_WEEK:
        add = f"add {_either(helps)} to allow {asked}" if helps else "add a day"
        raise ScheduleError(
            f"schedule: your days ({given}) hold only {capacity} session a week {gap}; the "
            f"program needs at least {R.MIN_SESSIONS_PER_WEEK} a week (article 002): {add}."
        )
    add = f"adding {_either(helps)} would allow {asked}" if helps else "add a day for more"
    fitted = replace(profile, availability=replace(avail, sessions_per_week=capacity))
    return fitted, [
        f"You asked for {asked} sessions a week, but your days ({given}) hold only "
        f"{capacity} {gap}, so the plan has {capacity} a week for its whole length; "
        f"{add}."
    ]


def _either(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _place(profile: Profile, program: Program) -> tuple[Schedule, list[dt.datetime], list[str]]:
    """The program's sessions on the person's days, 48 hours apart (``fit_to_days`` has
    made the sessions a week fit); a warning should they still run past the plan's weeks."""
    avail = profile.availability
    days = frozenset(d.number for d in avail.days)
    schedule = Schedule(
        days, avail.at, avail.sessions_per_week, avail.max_minutes, profile.timezone
    )
    times = place_sessions(
        len(program.sessions),
        start=profile.start_date,
        days=days,
        at=avail.at,
        per_week=avail.sessions_per_week,
    )
    warnings: list[str] = []
    end = profile.start_date + dt.timedelta(weeks=program.weeks)
    if times and max(times).date() >= end:
        warnings.append(
            f"Your days allow fewer sessions a week {R.MIN_HOURS_BETWEEN_SESSIONS} hours "
            f"apart than planned, so the {len(program.sessions)} sessions run past "
            f"{program.weeks} weeks. Add a day to keep to the plan's length."
        )
    return schedule, list(times), warnings


def require_active_plan(uow: UnitOfWork, patient_id: str) -> Plan:
    """The person's active plan; else PlanStoppedError when a red flag stopped their plan
    and still stands (see a clinician, not make a new plan), else NoActivePlanError telling
    them how to make one."""
    plan = uow.plans.active(patient_id)
    if plan is None:
        raise _no_plan(uow, patient_id)
    return plan


def _no_plan(uow: UnitOfWork, patient_id: str) -> NoActivePlanError:
    """Why there is no plan to act on. Only a new plan archives one (create_plan), and it
    either replaces it or, on a red flag, stops it: so archived plans and no active one
    mean the newest was stopped."""
    held = standing(uow, patient_id)
    old = uow.plans.archived(patient_id) if held is not None else []
    if held is None or not old:
        return NoActivePlanError("no active plan", hint="make-plan")
    if held.emergency:
        return PlanStoppedError(
            f"your plan {old[-1].uid} is stopped: your latest answers showed signs that need "
            "emergency care today",
            hint="emergency-care",
        )
    return PlanStoppedError(
        f"your plan {old[-1].uid} is stopped: your latest answers raised a red flag "
        f"({', '.join(held.flags)}); see a clinician first",
        hint="see-clinician",
    )


def load_active_plan(store: Store, patient_id: str | None = None) -> Plan:
    with store.unit_of_work() as uow:
        return require_active_plan(uow, resolve(uow, patient_id).id)


def reschedule_active_plan(
    store: Store,
    catalog: Catalog,
    *,
    from_day: dt.date,
    now: dt.datetime,
    patient_id: str | None = None,
    rules: Rules = DEFAULT_RULES,
) -> list[tuple[int, dt.datetime, dt.datetime]]:
    """Move the sessions missed before ``from_day`` forward, 48 hours apart; return
    (session, before, after) for each one moved. The request is kept as an event, so
    the fold replays it whenever it re-derives the plan."""
    now = utc(now)
    with store.unit_of_work(write=True) as uow:
        patient = resolve(uow, patient_id)
        uow.patients.lock(patient.id)
        plan = require_active_plan(uow, patient.id)
        if from_day > now.date():
            raise TrainingError(
                f"{from_day.isoformat()} is in the future: only sessions already missed move"
            )
        uow.plans.add_history(
            HistoryEntry(
                now,
                plan.uid,
                "reschedule",
                f"Asked to move the sessions missed before {from_day.isoformat()}.",
                {"from": from_day.isoformat()},
            )
        )
        return refold(uow, plan, catalog, rules=person_rules(patient, rules)).moved


def missed_moves(
    store: Store,
    catalog: Catalog,
    *,
    from_day: dt.date,
    now: dt.datetime,
    patient_id: str | None = None,
    rules: Rules = DEFAULT_RULES,
) -> list[tuple[int, dt.datetime, dt.datetime]]:
    """What ``reschedule_active_plan`` would move now: the same fold with its event added,
    nothing stored, so that a person sees each session's new day before they confirm."""
    with store.unit_of_work() as uow:
        patient = resolve(uow, patient_id)
        plan = require_active_plan(uow, patient.id)
        asked = RescheduleEvent(from_day, utc(now))
        rules = person_rules(patient, rules)
        return refold(uow, plan, catalog, rules=rules, extra_reschedules=[asked], save=False).moved


def plan_history(store: Store, patient_id: str | None = None) -> list[HistoryEntry]:
    """Every change to the person's plans, oldest first (not the guided session's
    bookkeeping of each set done)."""
    from hamcoach.services.sessions import BOOKKEEPING

    with store.unit_of_work() as uow:
        rows = uow.plans.history(resolve(uow, patient_id).id)
    return [h for h in rows if h.kind not in BOOKKEEPING]


CALENDAR_EXPORT = "calendar-export"
"""History kind: the plan was written as a calendar file (data: path, alarm minutes); later
changes rewrite that file, so a calendar that re-reads it stays true."""


def note_calendar_export(
    store: Store,
    *,
    path: str,
    alarm_minutes: int,
    now: dt.datetime,
    patient_id: str | None,
    plan_uid: str,
) -> None:
    """Remember where the calendar was written, in the history of ``plan_uid`` (the plan it
    shows: the active one, or the one a red flag stopped)."""
    with store.unit_of_work(write=True) as uow:
        patient = resolve(uow, patient_id)
        uow.patients.lock(patient.id)
        uow.plans.add_history(
            HistoryEntry(
                utc(now),
                plan_uid,
                CALENDAR_EXPORT,
                f"Calendar written to {path}.",
                {"path": path, "alarm_minutes": alarm_minutes},
            )
        )


@dataclass(frozen=True)
class CalendarPlans:
    plan: Plan | None
    """The active plan; None when a red flag stopped the plan under way (``cancelled``) and
    no new plan has been made since."""
    cancelled: Plan | None
    """The plan this one replaced, or the one stopped: its sessions not done are cancelled in
    the file, and those done stay."""
    target: tuple[str, int] | None
    """Where the calendar was last written (path, alarm minutes), if it ever was."""
    earlier: tuple[Plan, ...] = ()
    """The plans replaced before ``cancelled``, oldest first: the sessions done in them stay
    in the file too, so a calendar keeps the person's training history."""

    @property
    def shown(self) -> Plan:
        """The plan the calendar is about: the active one, else the one stopped."""
        shown = self.plan or self.cancelled
        assert shown is not None  # calendar_plans finds one or raises
        return shown


def calendar_plans(store: Store, patient_id: str | None) -> CalendarPlans:
    """The plans a calendar shows. A plan stopped by a red flag still has one, listing its
    sessions not done as cancelled (a calendar must stop reminding the person to train);
    NoActivePlanError only when the person never had a plan."""
    with store.unit_of_work() as uow:
        patient = resolve(uow, patient_id)
        plan = uow.plans.active(patient.id)
        old = uow.plans.archived(patient.id)
        if plan is None and not old:
            raise NoActivePlanError("no active plan", hint="make-plan")
        exports = [h for h in uow.plans.history(patient.id) if h.kind == CALENDAR_EXPORT]
        target = None
        if exports and exports[-1].data:
            data = exports[-1].data
            target = (str(data["path"]), int(data["alarm_minutes"]))
        return CalendarPlans(plan, old[-1] if old else None, target, tuple(old[:-1]))
