"""Adding an exercise to the sessions still to do (``plan add``, Settings' "Add it to my
sessions"): the checks that keep the sessions safe. The change itself is a dated ``add``
the fold replays (domain/fold_plan.py): from its day the exercise joins every session to
come, at its starting dose, in its place in the session order.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

from hamcoach.domain.catalog import Catalog, Exercise
from hamcoach.domain.plan import Plan, ScheduledSession
from hamcoach.domain.prescription import not_allowed, starting_dose, step_up
from hamcoach.domain.selection import choose
from hamcoach.errors import TrainingError
from hamcoach.services.equipment import equipment_now, left_out_for_kit
from hamcoach.services.folding import paused_now, stored_profile
from hamcoach.services.ports import UnitOfWork


def check_add(uow: UnitOfWork, plan: Plan, catalog: Catalog, ex_id: str, on: dt.date) -> str:
    """The add's line in the plan's history, once it is known to be sound (TrainingError,
    one line, if not): not in the sessions already, not paused or left out for want of kit,
    allowed with the person's cautions and equipment, no step up a ladder not earned, and
    no session to come over the person's longest-session minutes."""
    ex = catalog.get(ex_id)
    to_come = [s for s in plan.sessions if s.status != "done" and s.at.date() >= on]
    ids = {i.exercise_id for s in to_come for i in s.session.items}
    if ex_id in ids:
        raise TrainingError(f"{ex.name} is already in your sessions: no exercise twice")
    history = uow.plans.history(plan.patient_id)
    if ex_id in left_out_for_kit(history, plan.uid):
        raise TrainingError(f"{ex.name} is left out for want of equipment: it comes back by "
                            "itself when your equipment has what it needs again")  # fmt: skip
    if ex_id in paused_now(history, plan.uid):
        raise TrainingError(f"{ex.name} is paused: only a clinician's resume brings it back")
    check_no_protocol(ex, "an add")
    if not allowed_or_picked(uow, plan, catalog, ex):
        _check_climb(catalog, ex, ids)
    _check_minutes(ex, to_come, plan.schedule.max_minutes)
    return f"{ex.name} added to your sessions from {on.isoformat()}, at its starting dose."


def allowed_or_picked(uow: UnitOfWork, plan: Plan, catalog: Catalog, ex: Exercise) -> bool:
    """TrainingError if the person may not do ``ex`` now (cautions, kit); else whether the
    planner would pick it for them now (its entry gate passed: no climb to earn)."""
    profile = stored_profile(uow, plan)
    kit = equipment_now(uow, plan)
    why_not = not_allowed(ex, profile.active_conditions(), kit)
    if why_not is not None:
        raise TrainingError(why_not)
    return ex.id in choose(catalog, replace(profile, equipment=kit)).picked()


def check_no_protocol(ex: Exercise, what: str) -> None:
    """An exercise whose dose follows a week-by-week protocol (the Nordic: how many
    sessions a week and what dose, week by week, Petersen 2011) is laid out by a new plan;
    ``what`` (an add, a swap) would put it in every session at its first week's dose."""
    if ex.dosage.weekly:
        raise TrainingError(
            f"{ex.name} follows a week-by-week protocol (how many sessions a week and what "
            f"dose each week) that only a new plan lays out; {what} cannot start it part-way"
        )


def _check_climb(catalog: Catalog, ex: Exercise, ids: set[str]) -> None:
    """A step up a ladder is earned in the log (the fold climbs) or at the start (the
    planner's entry gate): an add skips neither, from an exercise in the sessions or from
    the rung below it (30 good-form bodyweight squats before load, articles 000, 001)."""
    below = sorted(i for i in ids if step_up(catalog, i, ex.id) is not None)
    below += [r.target for r in ex.regressions if r.target in catalog]
    for frm in below:
        climb = step_up(catalog, frm, ex.id)
        if climb is None:
            continue
        where = "in your sessions" if frm in ids else "the step below it"
        raise TrainingError(
            f"{ex.name} is a step up from {catalog.get(frm).name} ({where}): the plan moves "
            f"you up to it by itself once {climb.earned_clause()}; an add cannot skip that"
        )


def _check_minutes(ex: Exercise, to_come: list[ScheduledSession], limit: int) -> None:
    """No session to come over the person's longest session with the exercise added: say
    by how much, and what could be left out to make room."""
    extra = starting_dose(ex).seconds()
    worst = max(to_come, key=lambda s: sum(i.seconds() for i in s.session.items), default=None)
    if worst is None:
        return
    total = sum(i.seconds() for i in worst.session.items) + extra
    over = total - limit * 60
    if over <= 0:
        return
    over_min = math.ceil(over / 60)
    freeing = sorted((i for i in worst.session.items if i.seconds() >= over),
                     key=lambda i: i.seconds())  # fmt: skip
    room = (
        "leave out " + " or ".join(i.name for i in freeing[:2])
        if freeing
        else "leave out two exercises"
    )
    raise TrainingError(
        f"{ex.name} (about {math.ceil(extra / 60)} min) would make session {worst.number} "
        f"about {math.ceil(total / 60)} minutes, {over_min} over your longest session of "
        f"{limit} minutes: to make room, {room}, or allow {limit + over_min} minutes a session"
    )
