"""People: two persons in one database never see or change each other's data (services on
the in-memory store, SQLite and PostgreSQL); timestamps are stored in UTC, timezone-aware."""

from __future__ import annotations

import datetime as dt

import pytest

from hamcoach.domain.catalog import Catalog
from hamcoach.domain.progression import LoggedSet
from hamcoach.errors import NoActivePlanError, PatientError, TrainingError
from hamcoach.exports.views.history import history_json
from hamcoach.services.patients import add_patient, list_patients, rename_patient
from hamcoach.services.planning import load_active_plan, plan_history, reschedule_active_plan
from hamcoach.services.ports import Store
from hamcoach.services.reports import progress, training_history
from hamcoach.services.training import LogEntry, check_in, log_exercise, record_retest
from profiles import new_plan, profile_data

START = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 12, 2, 20, tzinfo=dt.UTC)


def two_people(store: Store, catalog: Catalog) -> None:
    add_patient(store, "Ann Example", now=NOW)
    add_patient(store, "Ben Example", now=NOW, timezone="Europe/Paris")
    data = profile_data(schedule={"start_date": START.isoformat()})
    new_plan(store, catalog, {**data, "name": "Ann Example"}, patient_id="ann-example")
    new_plan(store, catalog, {**data, "name": "Ben Example"}, patient_id="ben-example")


def bridge(day: dt.date, reps: int, pain: int) -> LogEntry:
    return LogEntry("bridge", day, (LoggedSet(reps=reps), LoggedSet(reps=reps)), pain)


def snapshot(store: Store, who: str) -> tuple[object, ...]:
    plan = load_active_plan(store, who)
    return (
        plan,
        history_json(training_history(store, patient_id=who)),
        [(h.kind, h.message) for h in plan_history(store, who)],
    )


def test_two_people_never_see_or_change_each_others_data(store: Store, catalog: Catalog) -> None:
    two_people(store, catalog)
    ann, ben = load_active_plan(store, "ann-example"), load_active_plan(store, "ben-example")
    assert ann.uid != ben.uid and (ann.patient_id, ben.patient_id) == ("ann-example", "ben-example")
    ben_before = snapshot(store, "ben-example")

    # everything Ann does
    log_exercise(store, catalog, bridge(START, 10, 7), now=NOW, patient_id="ann-example")
    check_in(store, catalog, on=START + dt.timedelta(days=1), pain=1, stiffness=None, now=NOW,
             patient_id="ann-example")  # fmt: skip
    record_retest(store, point="week-3", on=START, nprs=2, psfs=[], tests={}, now=NOW,
                  patient_id="ann-example")  # fmt: skip
    reschedule_active_plan(store, catalog, from_day=START + dt.timedelta(days=7), now=NOW,
                           patient_id="ann-example")  # fmt: skip
    new_plan(store, catalog, profile_data(name="Ann Again"), patient_id="ann-example")

    # ... leaves Ben exactly as he was
    assert snapshot(store, "ben-example") == ben_before
    assert progress(store, today=NOW.date(), patient_id="ben-example").pain_points == []
    ann_history = training_history(store, patient_id="ann-example")
    assert ann_history == []  # Ann's new plan starts clean; the old one is archived, kept
    kinds = [h.kind for h in plan_history(store, "ann-example")]
    assert kinds.count("created") == 2 and "archived" in kinds


def test_without_an_id_the_only_person_is_meant_and_two_are_ambiguous(
    store: Store, catalog: Catalog
) -> None:
    with pytest.raises(NoActivePlanError):
        load_active_plan(store)
    new_plan(store, catalog)  # an empty database: the person is made from the profile
    [only] = list_patients(store)
    assert (only.id, only.display_name) == ("test-person", "Test Person")
    assert load_active_plan(store).patient_id == "test-person"
    add_patient(store, "Second Person", now=NOW)
    with pytest.raises(PatientError, match="2 people share this database"):
        load_active_plan(store)
    with pytest.raises(PatientError, match="unknown patient 'nobody'"):
        log_exercise(store, catalog, bridge(START, 10, 1), now=NOW, patient_id="nobody")
    with pytest.raises(NoActivePlanError):
        load_active_plan(store, "second-person")
    # a person without a plan cannot log into someone else's
    with pytest.raises(NoActivePlanError):
        log_exercise(store, catalog, bridge(START, 10, 1), now=NOW, patient_id="second-person")


def test_patients_are_validated(store: Store) -> None:
    add_patient(store, "Ann Example", now=NOW)
    with pytest.raises(PatientError, match="exists already"):
        add_patient(store, "Ann  Example!", now=NOW)
    with pytest.raises(PatientError, match="lower-case"):
        add_patient(store, "X", now=NOW, patient_id="Bad Id")
    with pytest.raises(PatientError, match="IANA"):
        add_patient(store, "Cy", now=NOW, timezone="Mars/Olympus")
    with pytest.raises(PatientError, match="1-80"):
        rename_patient(store, "ann-example", " ")
    renamed = rename_patient(store, "ann-example", "Ann Other")
    assert (renamed.id, renamed.display_name) == ("ann-example", "Ann Other")
    [ann] = list_patients(store)
    assert ann.created_at == NOW and ann.created_at.tzinfo is not None


def test_moments_come_back_in_utc(store: Store, catalog: Catalog) -> None:
    paris = dt.timezone(dt.timedelta(hours=1))
    moment = dt.datetime(2026, 11, 20, 10, 30, tzinfo=paris)
    outcome = new_plan(store, catalog, now=moment)
    assert outcome.plan is not None
    plan = load_active_plan(store)
    assert plan.created_at == moment and plan.created_at.utcoffset() == dt.timedelta(0)
    [created] = plan_history(store)
    assert created.at == dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)


def test_dates_outside_the_plan_are_refused_and_store_nothing(
    store: Store, catalog: Catalog
) -> None:
    new_plan(store, catalog, profile_data(schedule={"start_date": START.isoformat()}))
    with pytest.raises(TrainingError, match="before your plan starts"):
        log_exercise(store, catalog, bridge(START - dt.timedelta(days=1), 10, 1), now=NOW)
    with pytest.raises(TrainingError, match="in the future"):
        check_in(store, catalog, on=NOW.date() + dt.timedelta(days=1), pain=1, stiffness=None,
                 now=NOW)  # fmt: skip
    assert training_history(store) == []


def test_a_second_checkin_for_a_day_replaces_the_first(store: Store, catalog: Catalog) -> None:
    new_plan(store, catalog, profile_data(schedule={"start_date": START.isoformat()}))
    log_exercise(store, catalog, bridge(START, 10, 1), now=NOW)
    morning = START + dt.timedelta(days=1)
    first = check_in(store, catalog, on=morning, pain=1, stiffness=None, now=NOW)
    assert first.replaced is None and [d.rule for d in first.decisions] == ["double-progression"]
    second = check_in(store, catalog, on=morning, pain=6, stiffness=2, now=NOW)
    assert second.replaced is not None and second.replaced.pain == 1
    assert [d.rule for d in second.decisions] == ["morning-worse"]
    # the step back replaced the progress, it did not stack on it
    [bridge_change] = [(c.before.describe(), c.after.describe()) for c in second.changes]
    assert bridge_change == ("2 x 11 reps", "2 x 10 reps")
    rows = [r for r in history_json(training_history(store)) if r["kind"] == "checkin"]
    assert [(r["date"], r["pain"]) for r in rows] == [(morning.isoformat(), 6)]


def test_each_person_has_their_own_load_settings(store: Store) -> None:
    from hamcoach.domain.rules import Rules
    from hamcoach.services.patients import person_rules, set_load_settings

    add_patient(store, "Ann Example", now=NOW)
    add_patient(store, "Ben Example", now=NOW)
    installation = Rules(load_step_pct=5.0, load_increment_kg=1.0)
    set_load_settings(store, "ann-example", load_step_pct=None, load_increment_kg=2.5)
    ann, ben = list_patients(store)
    assert person_rules(ann, installation) == Rules(load_step_pct=5.0, load_increment_kg=2.5)
    assert person_rules(ben, installation) == installation
    with pytest.raises(PatientError, match="outside 2-10 %"):
        set_load_settings(store, "ben-example", load_step_pct=12, load_increment_kg=None)
    with pytest.raises(PatientError, match=r"outside 0\.25-20 kg"):
        set_load_settings(store, "ben-example", load_step_pct=None, load_increment_kg=0.1)
    set_load_settings(store, "ann-example", load_step_pct=None, load_increment_kg=None)
    assert person_rules(list_patients(store)[0], installation) == installation


def test_a_red_flag_on_a_new_screening_stops_the_plan_in_progress(
    store: Store, catalog: Catalog
) -> None:
    """Found by a first-time user: the referral came, but 'today' and 'log' carried on with
    the plan made before the red flag."""
    first = new_plan(store, catalog, profile_data(schedule={"start_date": START.isoformat()}))
    assert first.plan is not None
    referred = new_plan(store, catalog, profile_data(red_flags={"fever": True}))
    assert referred.plan is None and referred.archived == first.plan.uid
    with pytest.raises(NoActivePlanError):
        load_active_plan(store)
    with pytest.raises(NoActivePlanError):
        log_exercise(store, catalog, bridge(START, 10, 1), now=NOW)
    assert [h.kind for h in plan_history(store)][-1] == "paused"
