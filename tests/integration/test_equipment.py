"""A change of equipment through the services on every store (memory, SQLite, PostgreSQL):
an exercise whose kit is gone is swapped for the step below it, every dose and decision so
far stays, a new profile version is stored, and new kit is offered, never forced."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from hamcoach.domain.catalog import Catalog, Equipment
from hamcoach.domain.fold_values import ChangeKind, PlanChange
from hamcoach.domain.plan import Plan
from hamcoach.domain.training import LoggedSet
from hamcoach.errors import InputError, TrainingError
from hamcoach.services.equipment import EQUIPMENT, change_equipment, parse_equipment
from hamcoach.services.plan_changes import change_plan
from hamcoach.services.planning import load_active_plan, plan_history
from hamcoach.services.training import LogEntry, check_in, log_exercise
from profiles import new_plan, profile_data

EASY_BRIDGES = {"single_leg_bridge_left": 30, "single_leg_bridge_right": 30}
DAY1 = dt.date(2026, 11, 23)  # Monday: session 1
NOW = dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC)  # Wednesday morning, before session 2


def ids(plan: Plan, number: int) -> list[str]:
    s = next(s for s in plan.sessions if s.number == number)
    return [i.exercise_id for i in s.session.items]


def doses(plan: Plan, number: int) -> dict[str, str]:
    s = next(s for s in plan.sessions if s.number == number)
    return {i.exercise_id: i.describe() for i in s.session.items}


def train_session_1(store: Any, catalog: Catalog) -> None:
    """Session 1 done as prescribed, and a good next morning: doses go up."""
    plan = load_active_plan(store)
    at = dt.datetime(2026, 11, 23, 19, tzinfo=dt.UTC)
    for item in next(s for s in plan.sessions if s.number == 1).session.items:
        sets = tuple(LoggedSet(reps=item.reps or 0, hold_seconds=item.hold_seconds,
                               load_kg=item.load_kg) for _ in range(item.sets))  # fmt: skip
        log_exercise(store, catalog, LogEntry(item.exercise_id, DAY1, sets, pain=1), now=at)
    check_in(store, catalog, on=DAY1 + dt.timedelta(days=1), pain=1, stiffness=None,
             now=at + dt.timedelta(hours=14))  # fmt: skip


def test_lost_kit_is_swapped_for_the_step_below_and_progress_stays(
    store: Any, catalog: Catalog
) -> None:
    new_plan(store, catalog, profile_data(equipment=["stability-ball"], baseline=EASY_BRIDGES))
    train_session_1(store, catalog)
    before = load_active_plan(store)
    assert "ball-hamstring-curl" in ids(before, 2)
    with store.unit_of_work() as uow:
        decided = uow.plans.decisions(before.uid)
    assert decided  # session 1 brought decisions: the progress that must stay

    result = change_equipment(store, catalog, frozenset(), now=NOW)

    assert result.changed and result.before == {Equipment.STABILITY_BALL} and not result.after
    [swap] = result.swapped
    assert (swap.old, swap.new) == ("ball-hamstring-curl", "single-leg-bridge")
    assert "needs stability ball, which you no longer have" in swap.reason
    assert "the step below Hamstring curl on a ball on its ladder" in swap.reason
    after = load_active_plan(store)
    for s in after.sessions:
        if s.number == 1:  # done: as it was
            assert ids(after, 1) == ids(before, 1) and doses(after, 1) == doses(before, 1)
            continue
        assert "ball-hamstring-curl" not in ids(after, s.number)
        assert "single-leg-bridge" in ids(after, s.number)
        # every other exercise keeps the dose it had reached
        kept = {k: v for k, v in doses(before, s.number).items() if k != "ball-hamstring-curl"}
        assert {k: v for k, v in doses(after, s.number).items() if k in kept} == kept
    with store.unit_of_work() as uow:
        assert uow.plans.decisions(after.uid)[: len(decided)] == decided
        assert uow.plans.latest_profile_data("test-person")["equipment"] == []  # type: ignore[index]
        assert uow.plans.profile_data(after.uid)["equipment"] == ["stability-ball"]
    kinds = [h.kind for h in plan_history(store)]
    assert [k for k in kinds if k in (EQUIPMENT, "swap")] == [EQUIPMENT, "swap"]
    # a swap back to the ball curl is now refused: the person has no ball
    with pytest.raises(TrainingError, match="needs stability ball"):
        change_plan(store, catalog, PlanChange(NOW.date(), NOW, ChangeKind.SWAP,
                                               "single-leg-bridge", "ball-hamstring-curl"))  # fmt: skip


def test_new_kit_is_offered_and_changes_nothing_until_taken(store: Any, catalog: Catalog) -> None:
    new_plan(store, catalog, profile_data(baseline=EASY_BRIDGES))
    plan = load_active_plan(store)
    swap = PlanChange(NOW.date(), NOW, ChangeKind.SWAP, "single-leg-bridge", "ball-hamstring-curl")
    with pytest.raises(TrainingError, match="needs stability ball"):
        change_plan(store, catalog, swap)

    result = change_equipment(
        store, catalog, frozenset({Equipment.STABILITY_BALL, Equipment.MASSAGE_BALL}), now=NOW
    )

    assert not result.swapped
    after = load_active_plan(store)
    assert [s.session.items for s in after.sessions] == [s.session.items for s in plan.sessions]
    offers = {o.exercise_id: o for o in result.offers}
    assert offers["ball-hamstring-curl"].instead_of == "single-leg-bridge"
    assert "bridges are easy" in offers["ball-hamstring-curl"].reason
    assert offers["asmr-hamstrings"].instead_of is None  # nothing of its kind to replace
    change_plan(store, catalog, swap)  # taken up: now allowed, with the ball
    taken = load_active_plan(store)
    assert "ball-hamstring-curl" in ids(taken, 2) and "single-leg-bridge" not in ids(taken, 2)


def test_the_same_equipment_again_writes_nothing(store: Any, catalog: Catalog) -> None:
    new_plan(store, catalog, profile_data(equipment=["massage-ball"]))
    count = len(plan_history(store))
    result = change_equipment(store, catalog, frozenset({Equipment.MASSAGE_BALL}), now=NOW)
    assert not result.changed and not result.swapped and not result.offers
    assert len(plan_history(store)) == count


def test_equipment_names_are_checked() -> None:
    assert parse_equipment(["none"]) == frozenset()
    assert parse_equipment([" Massage-Ball ", "bench"]) == {Equipment.MASSAGE_BALL,
                                                            Equipment.BENCH}  # fmt: skip
    with pytest.raises(InputError, match=re.escape("unknown equipment 'dumbell'")) as err:
        parse_equipment(["dumbell"])
    assert "dumbbell-or-kettlebell" in str(err.value)  # the names are listed
    with pytest.raises(InputError, match="unknown equipment 'wall'"):
        parse_equipment(["wall"])  # household things are assumed, not asked


def test_the_fold_never_climbs_back_onto_kit_that_is_gone(store: Any, catalog: Catalog) -> None:
    """Found when equipment changes were built: the fold went on deciding with the kit the
    plan was built with, so single-leg bridges done easily stepped back up the ladder to
    the ball curl the person no longer had a ball for."""
    new_plan(store, catalog, profile_data(equipment=["stability-ball"], baseline=EASY_BRIDGES))
    train_session_1(store, catalog)
    change_equipment(store, catalog, frozenset(), now=NOW)
    plan = load_active_plan(store)
    for s in sorted(plan.sessions, key=lambda s: s.number)[1:7]:
        day = s.at.date()
        at = dt.datetime.combine(day, dt.time(20), tzinfo=dt.UTC)
        easy = tuple(LoggedSet(reps=12) for _ in range(3))  # the top of 2-3 x 8-12, every set
        log_exercise(store, catalog, LogEntry("single-leg-bridge", day, easy, pain=0), now=at)
        check_in(store, catalog, on=day + dt.timedelta(days=1), pain=0, stiffness=None,
                 now=at + dt.timedelta(hours=14))  # fmt: skip
    after = load_active_plan(store)
    assert all("ball-hamstring-curl" not in ids(after, s.number) for s in after.sessions[1:])
    with store.unit_of_work() as uow:
        steps = [d for d in uow.plans.decisions(after.uid) if d.action == "ladder-up"]
    assert not any(d.after.get("name") == "Hamstring curl on a ball" for d in steps)


def test_a_step_up_is_announced_never_swapped_in(store: Any, catalog: Catalog) -> None:
    """Found trying the equipment setting: a dumbbell offered loaded squats with a one-tap
    swap, skipping the articles' gate of 30 good-form bodyweight squats first (000, 001).
    The step up is now only announced; the fold climbs to it once the log earns it."""
    new_plan(store, catalog, profile_data(baseline={"bodyweight_squats": 12}))
    plan = load_active_plan(store)
    assert "bodyweight-squat" in ids(plan, 1)

    result = change_equipment(store, catalog, frozenset({Equipment.DUMBBELL_OR_KETTLEBELL}),
                              now=dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC))  # fmt: skip

    offer = {o.exercise_id: o for o in result.offers}["loaded-squat"]
    assert offer.step_up and offer.instead_of == "bodyweight-squat"
    assert ("the plan moves you up to it by itself once you have earned it (what earns it: 30 "
            "bodyweight squats in a row with perfect form, down and up).") in offer.reason  # fmt: skip
    climb = PlanChange(DAY1, NOW, ChangeKind.SWAP, "bodyweight-squat", "loaded-squat")
    with pytest.raises(TrainingError, match="a swap cannot skip that") as err:
        change_plan(store, catalog, climb)
    assert "Loaded squat is a step up from Bodyweight squat" in str(err.value)
    assert "loaded-squat" not in {i for s in load_active_plan(store).sessions
                                  for i in ids(load_active_plan(store), s.number)}  # fmt: skip

    def train(day: dt.date, sets: tuple[LoggedSet, ...]) -> None:
        at = dt.datetime.combine(day, dt.time(19), tzinfo=dt.UTC)
        log_exercise(store, catalog, LogEntry("bodyweight-squat", day, sets, pain=0), now=at)
        check_in(store, catalog, on=day + dt.timedelta(days=1), pain=0, stiffness=None,
                 now=at + dt.timedelta(hours=14))  # fmt: skip

    train(DAY1, (LoggedSet(reps=29), LoggedSet(reps=30, good_form=False)))
    assert "loaded-squat" not in ids(load_active_plan(store), 2)  # not yet 30 good ones
    train(DAY1 + dt.timedelta(days=2), (LoggedSet(reps=30),))  # session 2
    climbed = load_active_plan(store)
    assert "loaded-squat" in ids(climbed, 3) and "bodyweight-squat" not in ids(climbed, 3)


def test_a_gate_passed_at_the_start_may_be_taken_up_with_new_kit(
    store: Any, catalog: Catalog
) -> None:
    """30 good squats at the start but no weight: the planner's own pick with a dumbbell is
    loaded squats, so that offer keeps its swap."""
    new_plan(store, catalog, profile_data(baseline={"bodyweight_squats": 30}))
    assert "bodyweight-squat" in ids(load_active_plan(store), 1)

    result = change_equipment(store, catalog, frozenset({Equipment.DUMBBELL_OR_KETTLEBELL}),
                              now=dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC))  # fmt: skip

    offer = {o.exercise_id: o for o in result.offers}["loaded-squat"]
    assert not offer.step_up and offer.instead_of == "bodyweight-squat"
    change_plan(store, catalog, PlanChange(DAY1, NOW, ChangeKind.SWAP, "bodyweight-squat",
                                           "loaded-squat"))  # fmt: skip
    assert "loaded-squat" in ids(load_active_plan(store), 1)


def test_no_swap_climbs_any_ladder_for_a_beginner_with_every_piece_of_kit(
    store: Any, catalog: Catalog
) -> None:
    """Every step up every ladder, from each exercise a beginner's plan holds: refused, and
    the plan stays as it was. Only the log (or the entry gate at the start) climbs."""
    from hamcoach.domain.prescription import step_up
    from hamcoach.intake.questions import OFFERED

    new_plan(store, catalog, profile_data(equipment=[e.value for e in OFFERED]))
    plan = load_active_plan(store)
    upcoming = {i for s in plan.sessions for i in ids(plan, s.number)}
    climbs = [(old, new) for old in sorted(upcoming) for new in catalog.exercises
              if new not in upcoming and step_up(catalog, old, new) is not None]  # fmt: skip
    assert ("bodyweight-squat", "loaded-squat") in climbs and len(climbs) >= 5, climbs
    for old, new in climbs:
        # a Nordic is refused first for its protocol, which a swap cannot start part-way
        with pytest.raises(TrainingError, match=r"a swap cannot (skip that|start it part-way)"):
            change_plan(store, catalog, PlanChange(NOW.date(), NOW, ChangeKind.SWAP, old, new))
    assert load_active_plan(store) == plan
    assert step_up(catalog, "loaded-squat", "bodyweight-squat") is None  # down is no climb
    first = step_up(catalog, "squat-to-bench", "loaded-squat")
    assert first is not None and first.target == "bodyweight-squat"  # two rungs: the first
