"""People: who the data belongs to. Every other use case takes a patient id.

Without an explicit id, the single person in the database is meant, so a
one-person installation never has to name anyone.
"""

from __future__ import annotations

import datetime as dt
import re

from hamcoach.domain import rules as R
from hamcoach.domain.profile import slugify
from hamcoach.domain.rules import Rules
from hamcoach.errors import NoActivePlanError, PatientError
from hamcoach.services.ports import Patient, Store, UnitOfWork, utc

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")

DEMO_ID = "demo"
"""The demo person (the Makefile's main job plans for them): made by their first plan, and
never counted as 'the only person there is', so a demo run changes nobody's own data and
never makes them name themselves."""


def check_timezone(name: str | None) -> str | None:
    if name is None:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise PatientError(
            f"timezone '{name}' is not an IANA time zone (e.g. Europe/Paris)"
        ) from None
    return name


def resolve(uow: UnitOfWork, patient_id: str | None) -> Patient:
    """The person meant: the one named, or the only one there is (the demo person aside)."""
    if patient_id is not None:
        patient = uow.patients.get(patient_id)
        if patient is None:
            known = ", ".join(p.id for p in uow.patients.all()) or "none yet"
            raise PatientError(
                f"unknown patient '{patient_id}' (known: {known})", hint="list-patients"
            )
        return patient
    everyone = uow.patients.all()
    if not everyone:
        raise NoActivePlanError("no plan yet", hint="make-plan")
    people = [p for p in everyone if p.id != DEMO_ID] or everyone
    if len(people) > 1:
        raise PatientError(
            f"{len(people)} people share this database ({', '.join(p.id for p in people)})",
            hint="choose-patient",
        )
    return people[0]


def person_rules(patient: Patient, default: Rules) -> Rules:
    """The progression settings for this person: their own where they set them, else the
    installation's ``default``."""
    return Rules(
        load_step_pct=patient.load_step_pct or default.load_step_pct,
        load_increment_kg=patient.load_increment_kg or default.load_increment_kg,
    )


def set_load_settings(
    store: Store,
    patient_id: str | None,
    *,
    load_step_pct: float | None,
    load_increment_kg: float | None,
) -> Patient:
    """Set (a number) or clear (None) the person's own load step and increment."""
    low, high = R.LOAD_STEP_MIN_PCT, R.LOAD_STEP_MAX_PCT
    if load_step_pct is not None and not low <= load_step_pct <= high:
        raise PatientError(f"load step {load_step_pct:g} % is outside {low:g}-{high:g} %")
    low, high = R.LOAD_INCREMENT_RANGE_KG
    if load_increment_kg is not None and not low <= load_increment_kg <= high:
        raise PatientError(
            f"load increment {load_increment_kg:g} kg is outside {low:g}-{high:g} kg"
        )
    with store.unit_of_work(write=True) as uow:
        patient = resolve(uow, patient_id)
        uow.patients.lock(patient.id)
        uow.patients.save_settings(
            patient.id, load_step_pct=load_step_pct, load_increment_kg=load_increment_kg
        )
        saved = uow.patients.get(patient.id)
        assert saved is not None
        return saved


def set_timezone(store: Store, patient_id: str | None, timezone: str | None) -> Patient:
    """The IANA zone the person's moments are shown in (None: the machine's)."""
    zone = check_timezone(timezone)
    with store.unit_of_work(write=True) as uow:
        patient = resolve(uow, patient_id)
        uow.patients.lock(patient.id)
        uow.patients.save_timezone(patient.id, zone)
        saved = uow.patients.get(patient.id)
        assert saved is not None
        return saved


def who(store: Store, patient_id: str | None) -> Patient:
    """The person meant (see ``resolve``)."""
    with store.unit_of_work() as uow:
        return resolve(uow, patient_id)


def list_patients(store: Store) -> list[Patient]:
    with store.unit_of_work() as uow:
        return uow.patients.all()


def add_patient(
    store: Store,
    display_name: str,
    *,
    now: dt.datetime,
    patient_id: str | None = None,
    timezone: str | None = None,
) -> Patient:
    now = utc(now)
    name = display_name.strip()
    if not name or len(name) > 80:
        raise PatientError("a name needs 1-80 characters")
    pid = patient_id or slugify(name)
    if not SLUG.match(pid):
        raise PatientError(
            f"patient id '{pid}': use lower-case letters, digits and '-', at most 60 characters"
        )
    patient = Patient(pid, name, now, check_timezone(timezone))
    with store.unit_of_work(write=True) as uow:
        uow.patients.lock_registry()  # two adding one id at once: the second is told it exists
        if uow.patients.get(pid) is not None:
            raise PatientError(f"patient '{pid}' exists already", hint="other-id")
        uow.patients.add(patient)
    return patient


def rename_patient(store: Store, patient_id: str, display_name: str) -> Patient:
    name = display_name.strip()
    if not name or len(name) > 80:
        raise PatientError("a name needs 1-80 characters")
    with store.unit_of_work(write=True) as uow:
        patient = resolve(uow, patient_id)
        uow.patients.lock(patient.id)
        uow.patients.rename(patient.id, name)
        renamed = uow.patients.get(patient.id)
        assert renamed is not None
        return renamed
