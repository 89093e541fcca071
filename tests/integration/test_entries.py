"""Deleting a wrong entry on every store (memory, SQLite, PostgreSQL): the doses are folded
again without it (a red-pain log's step back and pause go with it), the deletion is in
the plan's history, and only the person's own entries can be named (issue 8)."""

from __future__ import annotations

import datetime as dt

import pytest

from hamcoach.domain.catalog import Catalog
from hamcoach.domain.progression import LoggedSet
from hamcoach.errors import TrainingError
from hamcoach.exports.views.history import history_json
from hamcoach.services.entries import delete_entry, find_entry
from hamcoach.services.patients import add_patient
from hamcoach.services.planning import load_active_plan, plan_history
from hamcoach.services.ports import Store
from hamcoach.services.reports import training_history
from hamcoach.services.training import LogEntry, check_in, log_exercise
from profiles import new_plan, profile_data

START = dt.date(2026, 11, 23)  # a Monday; sessions Mon/Wed/Fri
NOW = dt.datetime(2026, 12, 2, 20, tzinfo=dt.UTC)


def bridge(day: dt.date, reps: int, pain: int) -> LogEntry:
    return LogEntry("bridge", day, (LoggedSet(reps=reps), LoggedSet(reps=reps)), pain)


def next_bridge(store: Store, who: str | None = None) -> str:
    plan = load_active_plan(store, who)
    todo = [s for s in plan.sessions if s.status != "done"]
    return next(i.describe() for s in todo for i in s.session.items if i.exercise_id == "bridge")


def ids(store: Store, who: str | None = None) -> list[str]:
    return [row["id"] for row in history_json(training_history(store, patient_id=who))]


def test_deleting_a_red_pain_log_undoes_its_step_back(store: Store, catalog: Catalog) -> None:
    new_plan(store, catalog, profile_data())
    first = log_exercise(store, catalog, bridge(START, 10, 1), now=NOW)
    check_in(store, catalog, on=START + dt.timedelta(days=1), pain=1, stiffness=None, now=NOW)
    assert next_bridge(store) == "2 x 11 reps"
    red = log_exercise(store, catalog, bridge(START + dt.timedelta(days=2), 11, 8), now=NOW)
    assert red.decision.rule == "pain-red" and next_bridge(store) == "2 x 10 reps"
    entries = ids(store)
    assert entries[0] == f"log-{first_key(store)}" and entries[1] == "checkin-2026-11-24"
    red_id = entries[2]

    assert (
        find_entry(store, red_id).describe() == "the bridge log of 2026-11-25 (2 sets, pain 8/10)"
    )
    deleted = delete_entry(store, catalog, red_id, now=NOW)
    assert [(c.before.describe(), c.after.describe()) for c in deleted.changes] == [
        ("2 x 10 reps", "2 x 11 reps")
    ]
    assert next_bridge(store) == "2 x 11 reps"
    assert ids(store) == entries[:2]
    with store.unit_of_work() as uow:
        rules = [d.rule for d in uow.plans.decisions(load_active_plan(store).uid)]
    assert "pain-red" not in rules and first.decision.rule in rules
    (note,) = [h for h in plan_history(store) if h.kind == "deleted"]
    assert note.message == (f"Deleted the bridge log of 2026-11-25 (2 sets, pain 8/10), {red_id}.")
    # a check-in deleted: the progress it let happen waits for a check-in again
    delete_entry(store, catalog, "checkin-2026-11-24", now=NOW)
    assert next_bridge(store) == "2 x 10 reps" and ids(store) == entries[:1]


def first_key(store: Store) -> int:
    with store.unit_of_work() as uow:
        return uow.training.logs(load_active_plan(store).uid)[0].key


def test_deleting_the_logs_that_paused_the_plan_lifts_the_pause(
    store: Store, catalog: Catalog
) -> None:
    new_plan(store, catalog, profile_data())
    log_exercise(store, catalog, bridge(START, 10, 8), now=NOW)
    second = LogEntry("jefferson-curl", START, (LoggedSet(reps=3),), 8)
    assert log_exercise(store, catalog, second, now=NOW).plan_paused
    deleted = delete_entry(store, catalog, ids(store)[1], now=NOW)
    assert None in deleted.lifted and not deleted.plan_paused


def test_unknown_ids_and_another_persons_entries_are_refused(
    store: Store, catalog: Catalog
) -> None:
    add_patient(store, "Ann Example", now=NOW)
    add_patient(store, "Ben Example", now=NOW)
    for who in ("ann-example", "ben-example"):
        new_plan(store, catalog, profile_data(name=who), patient_id=who)
        log_exercise(store, catalog, bridge(START, 10, 1), now=NOW, patient_id=who)
        check_in(store, catalog, on=START + dt.timedelta(days=1), pain=1, stiffness=None,
                 now=NOW, patient_id=who)  # fmt: skip
    ben_log, ben_checkin = ids(store, "ben-example")
    before = [ids(store, who) for who in ("ann-example", "ben-example")]
    for wrong in (ben_log, "log-999999", "log-99999999999", "log-x", "12", "checkin-2026-11-30",
                  "checkin-2026-13-01", "checkin-"):  # fmt: skip
        with pytest.raises(TrainingError, match=r"no entry .* in Ann Example's history") as err:
            delete_entry(store, catalog, wrong, now=NOW, patient_id="ann-example")
        assert err.value.hint == "show-history"
    assert [ids(store, who) for who in ("ann-example", "ben-example")] == before
    # the same day's check-in id is each person's own
    delete_entry(store, catalog, ben_checkin, now=NOW, patient_id="ann-example")
    assert ids(store, "ben-example") == before[1]
    assert ids(store, "ann-example") == [i for i in before[0] if not i.startswith("checkin-")]
