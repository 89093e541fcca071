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
