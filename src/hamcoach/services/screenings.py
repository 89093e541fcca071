"""A person's screenings as the use cases read them: the answers screened with their
clearances and their last screening, and the referral that stands until a clinician has
cleared it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hamcoach.domain.profile import Profile
from hamcoach.domain.screening import ScreeningResult, screen
from hamcoach.services.ports import Store, UnitOfWork

__all__ = ["Referral", "screened", "standing", "standing_referral"]


def screened(uow: UnitOfWork, patient_id: str, profile: Profile) -> ScreeningResult:
    """The answers screened with the person's clearances and their last screening's flags
    (a yes changed to no still blocks: domain/screening.py ``screen``)."""
    earlier = uow.plans.latest_screening(patient_id)
    flags = earlier.flags if earlier is not None else ()
    return screen(profile, uow.clearances.all(patient_id), flags)


@dataclass(frozen=True)
class Referral:
    """The person's newest screening asked them to see a clinician (or get emergency care)
    and no clinician has cleared every flag it raised since: no plan until then."""

    at: dt.datetime
    emergency: bool
    flags: tuple[str, ...]
    """The flags still standing."""


def standing_referral(store: Store, patient_id: str) -> Referral | None:
    with store.unit_of_work() as uow:
        return standing(uow, patient_id)


def standing(uow: UnitOfWork, patient_id: str) -> Referral | None:
    latest = uow.plans.latest_screening(patient_id)
    if latest is None or latest.cleared:
        return None
    cleared = {c.question_id for c in uow.clearances.all(patient_id)}
    emergency = latest.urgency == "emergency"
    standing = tuple(f for f in latest.flags if emergency or f not in cleared)
    return Referral(latest.at, emergency, standing) if standing else None
