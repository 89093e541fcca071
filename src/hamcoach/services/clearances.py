"""Clinicians' clearances of red flags: recording one, and listing a person's.

Recording one changes no plan: the next screening (a new plan from the same
answers) reads it. What it says back is what a person needs next: whether their
latest answers still hold a flag that blocks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from hamcoach.domain.clearance import Clearance, new_clearance
from hamcoach.domain.codec import profile_from_json
from hamcoach.domain.screening import ScreeningResult, screen
from hamcoach.services.patients import resolve
from hamcoach.services.ports import Patient, Store, utc


@dataclass(frozen=True, slots=True)
class ClearanceOutcome:
    clearance: Clearance
    patient: Patient
    latest: ScreeningResult | None
    """The person's latest answers screened again with every clearance on file (None: no
    answers stored yet)."""
    answered_yes: bool
    """Whether those latest answers said yes to the cleared question."""


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

    Refused (ClearanceError, nothing stored) for an emergency flag, a day after today or
    an empty name; UnknownIdError names the closest question ids.
    """
    now = utc(now)
    with store.unit_of_work(write=True) as uow:
        patient = resolve(uow, patient_id)
        today = now.astimezone(_zone(patient.timezone)).date()
        clearance = replace(
            new_clearance(
                question_id, cleared_by=cleared_by, cleared_on=cleared_on, today=today, note=note
            ),
            recorded_at=now,
        )
        uow.patients.lock(patient.id)
        uow.clearances.add(patient.id, clearance)
        data = uow.plans.latest_profile_data(patient.id)
        if data is None:
            return ClearanceOutcome(clearance, patient, None, False)
        profile = profile_from_json(data)
        result = screen(profile, uow.clearances.all(patient.id))
        said_yes = bool(profile.red_flags.get(clearance.question_id, False))
        return ClearanceOutcome(clearance, patient, result, said_yes)


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
