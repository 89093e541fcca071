"""What a printed handout needs to know about its reader: their name, their plan, and the
conditions that decide which of an exercise's cautions are theirs.

The handout itself (the view model and the typesetting) is in ``hamcoach.exports.handout``;
this module only reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from hamcoach.domain.catalog import Condition
from hamcoach.domain.codec import profile_from_json
from hamcoach.domain.plan import Plan
from hamcoach.errors import NoActivePlanError, PatientError
from hamcoach.services.folding import stored_profile
from hamcoach.services.patients import resolve
from hamcoach.services.planning import require_active_plan
from hamcoach.services.ports import Store


@dataclass(frozen=True)
class Reader:
    """Who a handout is for."""

    name: str
    conditions: frozenset[Condition] | None
    """Their conditions from their latest intake; None when they have given none."""


@dataclass(frozen=True)
class PlanReader:
    """A reader with an active plan: the plan, and the conditions it was made for."""

    name: str
    plan: Plan
    conditions: frozenset[Condition]


def plan_reader(store: Store, patient_id: str | None) -> PlanReader:
    """The person's active plan; NoActivePlanError (hint: make one) if they have none."""
    with store.unit_of_work() as uow:
        patient = resolve(uow, patient_id)
        plan = require_active_plan(uow, patient.id)
        profile = stored_profile(uow, plan)
    return PlanReader(patient.display_name, plan, profile.active_conditions())


def reader(store: Store, patient_id: str | None) -> Reader | None:
    """The person a handout of catalog exercises is for. Without a named person, the only
    one there is, or nobody (None: a blank handout for anyone) when there is no one or
    several; a named person who does not exist is an error (PatientError)."""
    with store.unit_of_work() as uow:
        try:
            patient = resolve(uow, patient_id)
        except (NoActivePlanError, PatientError):
            if patient_id is not None:
                raise
            return None
        data = uow.plans.latest_profile_data(patient.id)
    conditions = profile_from_json(data).active_conditions() if data else None
    return Reader(patient.display_name, conditions)
