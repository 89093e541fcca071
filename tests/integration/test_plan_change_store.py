"""Plan changes through the services on every store (memory, SQLite, PostgreSQL): the
history keeps the schedule the plan had before an edit, and a resume of nothing writes
nothing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from hamcoach.domain.catalog import Catalog
from hamcoach.domain.fold_values import ChangeKind, PlanChange
from hamcoach.errors import TrainingError
from hamcoach.services.plan_changes import change_plan
from hamcoach.services.planning import load_active_plan, plan_history
from profiles import new_plan

NOW = dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC)


def test_an_edit_remembers_the_schedule_before_it(store: Any, catalog: Catalog) -> None:
    new_plan(store, catalog)
    before = load_active_plan(store).schedule
    change_plan(store, catalog, PlanChange(NOW.date(), NOW, ChangeKind.EDIT,
                                           days=frozenset({1, 3, 5})))  # fmt: skip
    [edit] = [h for h in plan_history(store) if h.kind == "edit"]
    assert edit.data is not None
    assert edit.data["before"]["days"] == sorted(before.days)  # not the new days
    assert load_active_plan(store).schedule.days == frozenset({1, 3, 5})
    # a second edit keeps the first schedule as the fold's starting point
    change_plan(store, catalog, PlanChange(NOW.date(), NOW, ChangeKind.EDIT,
                                           at=dt.time(7, 0)))  # fmt: skip
    first, second = [h for h in plan_history(store) if h.kind == "edit"]
    assert first.data and second.data
    assert first.data["before"]["days"] == sorted(before.days)
    assert second.data["before"]["days"] == [1, 3, 5]


def test_resuming_what_is_not_paused_writes_nothing(store: Any, catalog: Catalog) -> None:
    new_plan(store, catalog)
    count = len(plan_history(store))
    with pytest.raises(TrainingError, match=re.escape("is not paused (nothing is paused)")):
        change_plan(store, catalog, PlanChange(NOW.date(), NOW, ChangeKind.RESUME, by="Dr Lee"))
    assert len(plan_history(store)) == count


def test_resuming_the_plan_twice_is_refused_the_second_time(store: Any, catalog: Catalog) -> None:
    """Found by a first-time user: a resume with nothing paused (the plan had been resumed
    already that day) said it worked and left a false entry in the history."""
    new_plan(store, catalog)
    change_plan(store, catalog, PlanChange(NOW.date(), NOW, ChangeKind.SKIP, "bodyweight-squat"))
    resume = PlanChange(NOW.date(), NOW, ChangeKind.RESUME, "bodyweight-squat", by="Dr Lee")
    change_plan(store, catalog, resume)
    count = len(plan_history(store))
    with pytest.raises(TrainingError, match=re.escape("'bodyweight-squat' is not paused")):
        change_plan(store, catalog, resume)
    assert len(plan_history(store)) == count
