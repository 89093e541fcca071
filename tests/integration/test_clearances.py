"""Clearances on every store (memory, SQLite, PostgreSQL): a cleared flag lets the plan be
made and the plan keeps the clearance; nothing is stored for a refused one."""

from __future__ import annotations

import datetime as dt

import pytest

from hamcoach.domain.catalog import Catalog
from hamcoach.domain.clearance import ClearanceError
from hamcoach.services.clearances import add_clearance, list_clearances
from hamcoach.services.planning import load_active_plan
from hamcoach.services.ports import Store
from profiles import new_plan, profile_data

NOW = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)


def test_a_cleared_flag_lets_the_plan_be_made(store: Store, catalog: Catalog) -> None:
    flagged = profile_data(red_flags={"heart_condition": True, "dizziness": True})
    blocked = new_plan(store, catalog, flagged)
    assert blocked.plan is None and [q.id for q in blocked.screening.flags] == [
        "heart_condition",
        "dizziness",
    ]
    first = add_clearance(
        store, "heart_condition", cleared_by="Dr Lee", cleared_on=NOW.date(), now=NOW
    )
    assert not first.latest.cleared
    assert [q.id for q in first.latest.flags] == ["dizziness"]
    second = add_clearance(store, "dizziness", cleared_by="Dr Roe", cleared_on=NOW.date(), now=NOW)
    assert second.latest.cleared

    made = new_plan(store, catalog, flagged)
    assert made.plan is not None
    plan = load_active_plan(store)
    assert [(c.question_id, c.cleared_by) for c in plan.clearances] == [
        ("heart_condition", "Dr Lee"),
        ("dizziness", "Dr Roe"),
    ]


def test_a_refused_clearance_stores_nothing(store: Store, catalog: Catalog) -> None:
    new_plan(store, catalog, profile_data(red_flags={"both_legs": True}))
    with pytest.raises(ClearanceError):
        add_clearance(store, "both_legs", cleared_by="Dr Lee", cleared_on=NOW.date(), now=NOW)
    assert list_clearances(store)[1] == []
    assert new_plan(store, catalog, profile_data(red_flags={"both_legs": True})).plan is None


def test_a_flag_the_screening_did_not_raise_is_refused(store: Store, catalog: Catalog) -> None:
    from hamcoach.services.patients import add_patient

    add_patient(store, "Ann Example", now=NOW)
    with pytest.raises(ClearanceError, match="Ann Example has no screening yet"):
        add_clearance(store, "heart_condition", cleared_by="Dr Lee", cleared_on=NOW.date(),
                      now=NOW)  # fmt: skip
    new_plan(store, catalog, profile_data(red_flags={"fever": True}))
    with pytest.raises(ClearanceError, match="latest screening did not answer yes") as refused:
        add_clearance(store, "heart_condition", cleared_by="Dr Lee", cleared_on=NOW.date(),
                      now=NOW)  # fmt: skip
    assert refused.value.hint == "screen-first"
    assert list_clearances(store)[1] == []
    # the later yes blocks, as nothing cleared it unseen
    assert new_plan(store, catalog, profile_data(red_flags={"heart_condition": True})).plan is None


def test_a_yes_changed_to_no_blocks_until_a_clinician_clears_it(
    store: Store, catalog: Catalog
) -> None:
    """Found by a new user's trial: a second profile answering no made a plan after an
    emergency sign, with no word of it. Now the flag stands (as "see a clinician first":
    the sign is not reported now) until a clinician who has checked it clears it."""
    from hamcoach.domain.screening import Urgency

    emergency = new_plan(store, catalog, profile_data(red_flags={"saddle_numbness": True}))
    assert emergency.screening.urgency is Urgency.EMERGENCY
    with pytest.raises(ClearanceError, match="Get emergency care today"):
        add_clearance(store, "saddle_numbness", cleared_by="Dr Lee", cleared_on=NOW.date(),
                      now=NOW)  # fmt: skip

    again = new_plan(store, catalog, profile_data())  # every answer no
    assert again.plan is None
    assert again.screening.urgency is Urgency.CLINICIAN
    assert [q.id for q in again.screening.earlier] == ["saddle_numbness"]
    # a third try is held back the same way: the stored screening carries the flag on
    assert new_plan(store, catalog, profile_data()).plan is None

    done = add_clearance(store, "saddle_numbness", cleared_by="Dr Lee", cleared_on=NOW.date(),
                         now=NOW, note="assessed in clinic: no cauda equina signs")  # fmt: skip
    assert done.latest.cleared
    made = new_plan(store, catalog, profile_data())
    assert made.plan is not None
    assert [c.question_id for c in load_active_plan(store).clearances] == ["saddle_numbness"]
    # reported again later: emergency again, whatever was cleared before
    back = new_plan(store, catalog, profile_data(red_flags={"saddle_numbness": True}))
    assert back.plan is None and back.screening.urgency is Urgency.EMERGENCY


def test_a_see_a_clinician_flag_changed_to_no_still_blocks(store: Store, catalog: Catalog) -> None:
    assert new_plan(store, catalog, profile_data(red_flags={"fever": True})).plan is None
    held = new_plan(store, catalog, profile_data())
    assert held.plan is None and [q.id for q in held.screening.flags] == ["fever"]
    add_clearance(store, "fever", cleared_by="Dr Roe", cleared_on=NOW.date(), now=NOW)
    assert new_plan(store, catalog, profile_data()).plan is not None
