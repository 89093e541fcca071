"""Kit in the fold (domain/fold_plan.py): an exercise left out for want of kit ('no-kit')
comes back by itself, at the dose it had reached, at a change of equipment that has the kit
again, while a person's own skip stays; an added exercise joins the sessions to come at its
starting dose, in its place in the session order. Both are data the fold replays, so the
same events in any order fold to the same plan."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fold_histories import START, plan, the_catalog
from hamcoach.domain.catalog import SESSION_ORDER, Equipment
from hamcoach.domain.fold import (
    BuiltSession,
    CheckInEvent,
    Context,
    FoldResult,
    LogEvent,
    PlanChange,
    fold,
)
from hamcoach.domain.fold_values import ChangeKind
from hamcoach.domain.progression import CheckIn, ExerciseLog, LoggedSet

KIT = frozenset({Equipment.MASSAGE_BALL, Equipment.STABILITY_BALL, Equipment.ANKLE_ANCHOR})
AT = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
GONE, BACK = START + dt.timedelta(days=9), START + dt.timedelta(days=23)  # Wed wk 2, Wed wk 4


def _ctx() -> Context:
    return Context(the_catalog(), START, frozenset({0, 2, 4}), dt.time(18), 3, baseline_pain=2,
                   equipment=KIT)  # fmt: skip


def _diary(built: tuple[BuiltSession, ...], upto: int) -> tuple[list[LogEvent], list[CheckInEvent]]:
    """The first ``upto`` sessions done with a rep more than asked, pain 1, calm mornings:
    doses rise."""
    logs, checkins = [], []
    for s in built[:upto]:
        day = s.at.date()
        for item in s.items:
            sets = tuple(LoggedSet(reps=(item.reps or 8) + 1, hold_seconds=item.hold_seconds)
                         for _ in range(item.sets))  # fmt: skip
            logs.append(LogEvent(ExerciseLog(item.exercise_id, day, sets, 1), len(logs) + 1, AT))
        checkins.append(CheckInEvent(CheckIn(day + dt.timedelta(days=1), 1), AT))
    return logs, checkins


def _changes() -> list[PlanChange]:
    """The ball goes (ASMR left out for want of it), the person skips the ERE of their own
    choice, then the ball comes back; and an added pelvic tilt."""

    def at(day: dt.date, n: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(8, n), tzinfo=dt.UTC)

    no_ball = KIT - {Equipment.MASSAGE_BALL}
    return [
        PlanChange(GONE, at(GONE, 0), ChangeKind.EQUIPMENT, equipment=no_ball),
        PlanChange(
            GONE,
            at(GONE, 1),
            ChangeKind.NO_KIT,
            "asmr-hamstrings",
            equipment=frozenset({Equipment.MASSAGE_BALL}),
        ),
        PlanChange(GONE, at(GONE, 2), ChangeKind.SKIP, "hamstring-ere-standing"),
        PlanChange(
            GONE + dt.timedelta(days=5), at(GONE, 3), ChangeKind.ADD, "posterior-pelvic-tilt"
        ),
        PlanChange(BACK, at(BACK, 0), ChangeKind.EQUIPMENT, equipment=KIT),
    ]


def _ids(result: FoldResult, day: dt.date) -> list[str]:
    s = next(s for s in result.sessions if s.at.date() == day)
    return [i.exercise_id for i in s.items]


def test_kit_back_brings_back_what_it_left_out_at_the_dose_reached_and_no_skip() -> None:
    built = plan(the_catalog(), "demo", 5)
    logs, checkins = _diary(built, 3)  # sessions 1-3, before the ball goes
    result = fold(built, logs=logs, checkins=checkins, changes=_changes(), ctx=_ctx())

    reached = next(i for i in result.sessions[3].items if i.exercise_id == "asmr-hamstrings")
    first = next(i for i in built[0].items if i.exercise_id == "asmr-hamstrings")
    assert reached != first  # it had progressed before the ball went
    between = [s for s in result.sessions if GONE <= s.at.date() < BACK]
    after = [s for s in result.sessions if s.at.date() >= BACK]
    assert between and after
    assert all("asmr-hamstrings" not in [i.exercise_id for i in s.items] for s in between)
    for s in after:
        [asmr] = [i for i in s.items if i.exercise_id == "asmr-hamstrings"]
        assert asmr == reached  # at the dose it had reached, not its starting dose
        assert "hamstring-ere-standing" not in [i.exercise_id for i in s.items]  # own skip
    [kit] = [p for p in result.pauses if p.rule == "no-kit"]
    assert (kit.exercise_id, kit.on, kit.until, kit.resumed_by) == (
        "asmr-hamstrings", GONE, BACK, None)  # fmt: skip
    assert dict(kit.params) == {"kit": "massage-ball"}
    [own] = [p for p in result.pauses if p.rule == "skipped"]
    assert own.until is None


def test_an_added_exercise_joins_the_sessions_to_come_in_its_place() -> None:
    built = plan(the_catalog(), "demo", 5)
    result = fold(built, changes=_changes(), ctx=_ctx())
    added_on = GONE + dt.timedelta(days=5)
    catalog = the_catalog()
    for s in result.sessions:
        ids = [i.exercise_id for i in s.items]
        if s.at.date() < added_on:
            assert "posterior-pelvic-tilt" not in ids
            continue
        assert ids.count("posterior-pelvic-tilt") == 1
        [tilt] = [i for i in s.items if i.exercise_id == "posterior-pelvic-tilt"]
        assert (tilt.sets, tilt.reps) == (catalog.get(tilt.exercise_id).dosage.sets.low,
                                          catalog.get(tilt.exercise_id).dosage.reps.low)  # fmt: skip
        ranks = [SESSION_ORDER.index(i.phase) for i in s.items]
        assert ranks == sorted(ranks), ids  # warm-up, mobility, ..., cool-down


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), upto=st.integers(0, 8))
def test_no_kit_and_add_fold_the_same_in_any_order(seed: int, upto: int) -> None:
    built = plan(the_catalog(), "demo", 5)
    logs, checkins = _diary(built, upto)
    changes = _changes()
    a = fold(built, logs=logs, checkins=checkins, changes=changes, ctx=_ctx())
    rnd = random.Random(seed)
    logs_b, checkins_b, changes_b = logs[:], checkins[:], changes[:]
    rnd.shuffle(logs_b)
    rnd.shuffle(checkins_b)
    rnd.shuffle(changes_b)
    changes_b.sort(key=lambda c: c.recorded_at)  # as the history gives them: made in order
    renumbered = [LogEvent(e.log, 1000 + i, e.recorded_at) for i, e in enumerate(logs_b)]
    b = fold(built, logs=renumbered, checkins=checkins_b, changes=changes_b, ctx=_ctx())
    assert a.sessions == b.sessions
    assert a.pauses == b.pauses
    assert [d.decision for d in a.decisions] == [d.decision for d in b.decisions]
