"""Clinicians' clearances of red flags: recording one, and listing a person's.

Recording one changes no plan: the next screening (a new plan from the same
answers) reads it. What it says back is what a person needs next: whether their
latest answers still hold a flag that blocks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from hamcoach.domain.clearance import Clearance, ClearanceError, new_clearance, question
from hamcoach.domain.codec import profile_from_json
from hamcoach.domain.screening import ScreeningResult, screen
from hamcoach.services.patients import resolve
from hamcoach.services.ports import Patient, Store, utc


@dataclass(frozen=True, slots=True)
class ClearanceOutcome:
    clearance: Clearance
    patient: Patient
    latest: ScreeningResult
    """The person's latest answers screened again with every clearance on file."""


def add_clearance(
    store: Store,
    question_id: str,
    *,
    cleared_by: str,
    cleared_on: dt.date,
    now: dt.datetime,
    note: str | None = None,
    patient_id: str | None = None,
) -> ClearanceOutcome:
    """Record that a clinician cleared one "see a clinician first" flag for the person.

    Refused (ClearanceError, nothing stored) for an emergency sign the person reports now,
    a day after today, an empty name, or a flag the person's latest screening did not
    raise (no screening yet, or no yes to that question, now or at the screening
    before): a clearance of a flag nobody saw raised would count, unseen, the day a later
    screening said yes. UnknownIdError names the closest ids.
    """
    now = utc(now)
    with store.unit_of_work(write=True) as uow:
        patient = resolve(uow, patient_id)
        today = now.astimezone(_zone(patient.timezone)).date()
        data = uow.plans.latest_profile_data(patient.id)
        profile = profile_from_json(data) if data is not None else None
        latest = uow.plans.latest_screening(patient.id)
        earlier = latest.flags if latest is not None else ()
        said_yes = profile is not None and profile.red_flags.get(question_id, False)
        clearance = replace(
            new_clearance(
                question_id, cleared_by=cleared_by, cleared_on=cleared_on, today=today,
                note=note, earlier_only=question_id in earlier and not said_yes,
            ),
            recorded_at=now,
        )  # fmt: skip
        uow.patients.lock(patient.id)
        if profile is None or not (said_yes or clearance.question_id in earlier):
            raise _not_raised(clearance.question_id, patient, screened=profile is not None)
        uow.clearances.add(patient.id, clearance)
        result = screen(profile, uow.clearances.all(patient.id), earlier)
        return ClearanceOutcome(clearance, patient, result)


def _not_raised(question_id: str, patient: Patient, *, screened: bool) -> ClearanceError:
    text = question(question_id).text
    why = (
        f"{patient.display_name}'s latest screening did not answer yes to it"
        if screened
        else f"{patient.display_name} has no screening yet"
    )
    return ClearanceError(
        f"'{question_id}' ({text}) was not raised: {why}, so there is nothing to clear. "
        "A clearance is recorded for a flag the screening raised.",
        hint="screen-first",
    )


def list_clearances(store: Store, patient_id: str | None = None) -> tuple[Patient, list[Clearance]]:
    """The person and their clearances, in the order recorded."""
    with store.unit_of_work() as uow:
        patient = resolve(uow, patient_id)
        return patient, uow.clearances.all(patient.id)


def _zone(name: str | None) -> dt.tzinfo | None:
    if name is None:
        return None
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)
