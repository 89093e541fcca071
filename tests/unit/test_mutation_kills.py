"""Every branch of the safety rules pinned to exact decisions (docs/mutation.md).

The progression engine, the pain traffic light and the red-flag screen, each
checked against a whole expected Decision or ScreeningResult: action, rule,
the words the person reads, and the dose before and after. The numbers come
from shared/design/CLINICAL_RULES.md (pain 0-3 green, 4-5 amber, > 5 red;
next-morning check-in within 2 days; a break is more than 14 days; RPE 9: 5 %
lighter, RPE 10: 10 % lighter; load at most +10 %), written out here as
literals, never read back from hamcoach.domain.rules. A small catalog of
made-up exercises puts each rule on its own, so `make mutate` can tell when
one of them stops working.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

import pytest

from hamcoach.domain.catalog import (
    Catalog,
    Category,
    Caution,
    CautionAction,
    Condition,
    Dosage,
    Equipment,
    Exercise,
    LadderLink,
    Laterality,
    Position,
    Range,
    Source,
    SourceRef,
    WeekDose,
)
from hamcoach.domain.criteria import Criterion, Metric, SessionPerformance, SetPerformance
from hamcoach.domain.prescription import Prescription, starting_dose
from hamcoach.domain.profile import Availability, Conditions, PainArea, Profile, Weekday
from hamcoach.domain.progression import (
    Action,
    CheckIn,
    Decision,
    ExerciseLog,
    LoggedSet,
    _performance,
    next_prescription,
)
from hamcoach.domain.progression import decide as decide_with_memo
from hamcoach.domain.rules import DEFAULT_RULES, Rules, pain_zone
from hamcoach.domain.screening import (
    QUESTIONS,
    ScreeningResult,
    Urgency,
    screen,
    unanswered,
)

DAY = dt.date(2026, 12, 1)
ART = (SourceRef("001"),)


def days(n: int) -> dt.date:
    return DAY + dt.timedelta(days=n)


def exercise(
    ex_id: str,
    dosage: Dosage,
    *,
    progressions: tuple[LadderLink, ...] = (),
    regressions: tuple[LadderLink, ...] = (),
    cautions: tuple[Caution, ...] = (),
    equipment: tuple[Equipment, ...] = (Equipment.NONE,),
    loaded: bool = False,
) -> Exercise:
    return Exercise(
        id=ex_id,
        name=ex_id.replace("-", " ").capitalize(),
        summary="",
        category=Category.STRENGTH,
        position=Position.SUPINE,
        laterality=Laterality.BILATERAL,
        dosage=dosage,
        sources=ART,
        equipment=equipment,
        progressions=progressions,
        regressions=regressions,
        cautions=cautions,
        loaded=loaded,
    )


CATALOG = Catalog(
    {
        e.id: e
        for e in (
            exercise(
                "curl",
                Dosage(sets=Range(2, 3), reps=Range(3, 8)),
                progressions=(
                    LadderLink(
                        "curl-plus",
                        "20 good-form reps",
                        Criterion(Metric.GOOD_FORM_REPS, 20),
                        ART,
                    ),
                ),
                regressions=(LadderLink("curl-easy", "back to two-leg curls", None, ART),),
            ),
            exercise(
                "curl-plus",
                Dosage(sets=Range(2, 3), reps=Range(5, 8)),
                progressions=(LadderLink("not-in-this-catalog", "someday"),),
                cautions=(
                    Caution(Condition.KNEE_PAIN, CautionAction.AVOID, "not with knee pain"),
                    Caution(Condition.LOW_BACK_PAIN, CautionAction.MODIFY, "brace first"),
                ),
            ),
            exercise("curl-easy", Dosage(sets=Range(1, 2), reps=Range(5, 8))),
            exercise(
                "hold",
                Dosage(sets=Range(2, 3), hold_seconds=Range(20, 30)),
                progressions=(
                    LadderLink("hold-plus", "a 40 s hold", Criterion(Metric.HOLD_SECONDS, 40), ART),
                ),
                regressions=(LadderLink("hold-easy", "hold on the ball", None, ART),),
            ),
            exercise("hold-plus", Dosage(sets=Range(2, 3), hold_seconds=Range(20, 45))),
            exercise(
                "hold-easy",
                Dosage(sets=Range(2, 3), hold_seconds=Range(10, 20)),
                equipment=(Equipment.STABILITY_BALL,),
            ),
            exercise(
                "spots",
                Dosage(sets=Range(1, 1), spots=Range(2, 4), extensions_per_spot=Range(5, 5)),
            ),
            exercise(
                "lift",
                Dosage(sets=Range(2, 3), reps=Range(6, 10)),
                equipment=(Equipment.DUMBBELL_OR_KETTLEBELL,),
                loaded=True,
            ),
            exercise(
                "protocol",
                Dosage(
                    sets=Range(2, 3),
                    reps=Range(5, 12),
                    weekly=(WeekDose(1, 1, 2, Range(5, 5)), WeekDose(2, 2, 2, Range(6, 6))),
                ),
            ),
        )
    },
    sources={"001": Source("001", "Article one", "001.md")},
)


def dose(ex_id: str, **changes: object) -> Prescription:
    return replace(starting_dose(CATALOG.get(ex_id)), **changes)  # type: ignore[arg-type]


def session(
    p: Prescription,
    *reps: int,
    pain: int | None = 1,
    on: dt.date = DAY,
    hold: int | None = None,
    rpe: float | None = None,
    good: bool = True,
    leg: bool = False,
) -> ExerciseLog:
    """One logged session: one set per value in ``reps`` (default: the prescribed dose)."""
    counts = reps or (p.reps or 0,) * p.sets
    held = hold if hold is not None else p.hold_seconds
    return ExerciseLog(
        p.exercise_id,
        on,
        tuple(
            LoggedSet(reps=n, load_kg=p.load_kg, hold_seconds=held, rpe=rpe, good_form=good)
            for n in counts
        ),
        pain,
        leg_symptoms=leg,
    )


# the evening before at 2/10, the next morning back at 2/10
SETTLED = [CheckIn(days(-1), 2), CheckIn(days(1), 2)]


def decide(
    p: Prescription,
    history: Sequence[ExerciseLog],
    checkins: Sequence[CheckIn] = SETTLED,
    *,
    baseline_pain: int = 2,
    conditions: frozenset[Condition] = frozenset(),
    equipment: frozenset[Equipment] = frozenset(),
    rules: Rules = DEFAULT_RULES,
) -> Decision:
    return next_prescription(
        p,
        history,
        checkins,
        catalog=CATALOG,
        baseline_pain=baseline_pain,
        conditions=conditions,
        equipment=equipment,
        rules=rules,
    )


class D(NamedTuple):
    """A decision as these tests read it: its sentence (messages.py) beside its data."""

    exercise_id: str
    action: Action
    rule: str
    reason: str
    before: Prescription
    after: Prescription


def view(d: Decision) -> D:
    return D(d.exercise_id, d.action, d.rule, d.reason, d.before, d.after)


def hold(p: Prescription, rule: str, reason: str) -> D:
    return D(p.exercise_id, Action.HOLD, rule, reason, p, p)


# --- the pain traffic light ----------------------------------------------------------


@pytest.mark.parametrize(
    ("pain", "zone"),
    [(0, "green"), (3, "green"), (4, "amber"), (5, "amber"), (6, "red"), (10, "red")],
)
def test_pain_zone_is_0_3_green_4_5_amber_above_5_red(pain: int, zone: str) -> None:
    assert pain_zone(pain) == zone


# --- what a criterion sees of a log ----------------------------------------------------


def test_a_log_as_a_criterion_sees_it() -> None:
    curl = CATALOG.get("curl")
    top = ExerciseLog("curl", DAY, (LoggedSet(8), LoggedSet(8)), None)
    assert _performance(top, curl) == SessionPerformance(
        (SetPerformance(8, 0, True, None), SetPerformance(8, 0, True, None)), 10, True
    ), "no pain score counts as 10/10; 8 is the top of 3-8"
    short = ExerciseLog("curl", DAY, (LoggedSet(8), LoggedSet(7, side="left")), 2)
    assert _performance(short, curl) == SessionPerformance(
        (SetPerformance(8, 0, True, None), SetPerformance(7, 0, True, "left")), 2, False
    )
    assert _performance(ExerciseLog("curl", DAY, (), 0), curl) == SessionPerformance((), 0, False)
    held = CATALOG.get("hold")
    at_top = ExerciseLog("hold", DAY, (LoggedSet(hold_seconds=30),), 1)
    assert _performance(at_top, held) == SessionPerformance((SetPerformance(0, 30),), 1, True)
    below = ExerciseLog("hold", DAY, (LoggedSet(hold_seconds=29),), 1)
    assert _performance(below, held).all_sets_at_top is False


# --- the pain gate ------------------------------------------------------------------


def test_nothing_logged_holds() -> None:
    p = dose("curl")
    assert view(decide(p, [])) == hold(p, "no-data", "Nothing logged yet.")


def test_no_pain_score_holds() -> None:
    p = dose("curl")
    assert view(decide(p, [session(p, pain=None)])) == hold(
        p,
        "pain-unknown",
        "No pain score was logged: the dose stays until one is.",
    )


def test_red_pain_takes_a_set_off_first() -> None:
    p = dose("curl", sets=3, reps=5)
    assert view(decide(p, [session(p, pain=6)])) == D(
        "curl",
        Action.REGRESS,
        "pain-red",
        "Pain 6/10 is above 5 (red, Silbernagel 2007): one set less next time.",
        p,
        replace(p, sets=2),
    )


@pytest.mark.parametrize(("reps", "after"), [(5, 4), (8, 6), (4, 3)])
def test_red_pain_at_the_fewest_sets_cuts_about_a_fifth_of_the_reps(reps: int, after: int) -> None:
    p = dose("curl", reps=reps)  # 2 sets: the low end of 2-3; reps 3-8
    assert view(decide(p, [session(p, pain=7)])) == D(
        "curl",
        Action.REGRESS,
        "pain-red",
        f"Pain 7/10 is above 5 (red, Silbernagel 2007): {after} reps a set next time.",
        p,
        replace(p, reps=after),
    )


def test_red_pain_at_the_easiest_dose_steps_down_the_ladder() -> None:
    p = dose("curl")  # 2 x 3: the low end of everything
    assert view(decide(p, [session(p, pain=8)])) == D(
        "curl",
        Action.LADDER_DOWN,
        "pain-red",
        "Pain 8/10 is above 5 (red, Silbernagel 2007): down the ladder to Curl easy (article 001).",
        p,
        starting_dose(
            CATALOG.get("curl-easy"), reason="Stepped down from Curl: back to two-leg curls"
        ),
    )


@pytest.mark.parametrize(("kg", "after"), [(25.0, 22.5), (23.0, 20.5), (53.0, 47.5)])
def test_red_pain_on_a_load_takes_ten_percent_off(kg: float, after: float) -> None:
    p = dose("lift", load_kg=kg)
    assert view(decide(p, [session(p, pain=6)])) == D(
        "lift",
        Action.LOAD_DOWN,
        "pain-red",
        "Pain 6/10 is above 5 (red, Silbernagel 2007): 10 % lighter next time.",
        p,
        replace(p, load_kg=after),
    )


def test_red_pain_shortens_holds_then_steps_down_only_to_what_is_at_hand() -> None:
    p = dose("hold", hold_seconds=26)
    assert view(decide(p, [session(p, pain=6)])) == D(
        "hold",
        Action.REGRESS,
        "pain-red",
        "Pain 6/10 is above 5 (red, Silbernagel 2007): shorter holds next time.",
        p,
        replace(p, hold_seconds=20),
    )
    easiest = dose("hold")  # 2 x 20 s; the step down needs a stability ball
    assert view(decide(easiest, [session(easiest, pain=6)])) == hold(
        easiest,
        "pain-red",
        "Pain 6/10 is above 5 (red, Silbernagel 2007): already at the easiest dose; keep it, "
        "and see a physical therapist if pain persists.",
    )
    ball = frozenset({Equipment.STABILITY_BALL})
    d = decide(easiest, [session(easiest, pain=6)], equipment=ball)
    assert (d.action, d.after.exercise_id) == (Action.LADDER_DOWN, "hold-easy")


def test_a_worse_next_morning_steps_back() -> None:
    p = dose("curl", sets=3)
    worse = [CheckIn(days(-1), 2), CheckIn(days(2), 3)]  # two days after still counts
    assert view(decide(p, [session(p)], worse)) == D(
        "curl",
        Action.REGRESS,
        "morning-worse",
        "The next morning (3/10) was worse than your baseline (2/10): one set less next time.",
        p,
        replace(p, sets=2),
    )
    easiest = dose("curl")  # 2 x 3: next is the step down the ladder
    d = decide(easiest, [session(easiest)], worse)
    assert (d.action, d.rule, d.after.exercise_id) == (
        Action.LADDER_DOWN,
        "morning-worse",
        "curl-easy",
    )
    too_late = [CheckIn(days(-1), 2), CheckIn(days(3), 3)]  # three days after: not the morning
    assert decide(p, [session(p)], too_late).rule == "await-checkin"
    same = [CheckIn(days(-1), 2), CheckIn(days(1), 2)]
    assert decide(p, [session(p)], same).rule == "double-progression"


def test_the_baseline_is_the_last_check_in_up_to_the_session_day() -> None:
    p = dose("curl", sets=3)
    checkins = [CheckIn(days(-1), 4), CheckIn(DAY, 1), CheckIn(days(1), 2)]
    d = decide(p, [session(p)], checkins, baseline_pain=5)
    assert (d.rule, d.reason) == (
        "morning-worse",
        "The next morning (2/10) was worse than your baseline (1/10): one set less next time.",
    )
    # no check-in before the session: the profile's baseline
    assert decide(p, [session(p)], [CheckIn(days(1), 4)], baseline_pain=5).rule == (
        "double-progression"
    )
    d = decide(p, [session(p)], [CheckIn(days(1), 6)], baseline_pain=5)
    assert d.reason.startswith("The next morning (6/10) was worse than your baseline (5/10)")


def test_a_break_of_more_than_14_days_eases_back_in() -> None:
    p = dose("curl", sets=3)
    logs = [session(p, on=days(-15)), session(p)]
    assert view(decide(p, logs)) == D(
        "curl",
        Action.REGRESS,
        "return-after-break",
        "15 days since you last did this: ease back in: one set less next time.",
        p,
        replace(p, sets=2),
    )
    assert decide(p, [session(p, on=days(-14)), session(p)]).rule == "double-progression"
    easiest = dose("curl")  # 2 x 3: next is the step down the ladder
    d = decide(easiest, [session(easiest, on=days(-30)), session(easiest)])
    assert (d.action, d.rule, d.after.exercise_id) == (
        Action.LADDER_DOWN,
        "return-after-break",
        "curl-easy",
    )


def test_amber_pain_repeats_the_dose_and_3_is_still_green() -> None:
    p = dose("curl")
    assert view(decide(p, [session(p, pain=4)])) == hold(
        p,
        "pain-amber",
        "Pain 4/10 is in the amber zone (4-5): repeat the same dose (Silbernagel 2007).",
    )
    assert decide(p, [session(p, pain=5)]).rule == "pain-amber"
    assert decide(p, [session(p, pain=3)]).action is Action.PROGRESS


def test_provoked_leg_symptoms_block_increases_with_or_without_known_sciatica() -> None:
    """CLINICAL_RULES: nerve-type symptoms allow no increase at all. (Before the fold the
    rule only ran for profiles that declared sciatica; leg symptoms logged by anyone else
    still let the dose rise.)"""
    p = dose("curl")
    sciatica = frozenset({Condition.SCIATICA})
    blocked = hold(
        p,
        "nerve-symptoms",
        "Leg symptoms were provoked: no increase while they are.",
    )
    assert view(decide(p, [session(p, leg=True)], conditions=sciatica)) == blocked
    assert view(decide(p, [session(p, leg=True)])) == blocked
    assert decide(p, [session(p)], conditions=sciatica).action is Action.PROGRESS


def test_no_next_morning_check_in_waits() -> None:
    p = dose("curl")
    assert view(decide(p, [session(p)], [CheckIn(days(-1), 2)])) == hold(
        p,
        "await-checkin",
        "Waiting for the next-morning check-in: doses rise only "
        "when pain has settled by the next morning.",
    )


def test_decisions_made_once_are_kept_apart_by_dose_rule_and_parameters() -> None:
    """The fold passes one memo dict to every decision (holds and step-backs are made once
    each): a hold kept for one dose, rule or pain must never answer for another."""
    memo: dict[tuple[object, ...], Decision] = {}
    morning = [CheckIn(days(-1), 2)]

    def at(p: Prescription, log: ExerciseLog) -> D:
        ex = CATALOG.get(p.exercise_id)
        args = (CATALOG, 2, frozenset(), frozenset(), DEFAULT_RULES, memo)
        return view(decide_with_memo(p, ex, [log], morning, *args))

    p, q = dose("curl"), dose("curl", reps=9)
    waiting = "Waiting for the next-morning check-in: doses rise only when pain has settled by the next morning."
    assert at(p, session(p)) == hold(p, "await-checkin", waiting)
    assert at(q, session(q)) == hold(q, "await-checkin", waiting)  # another dose
    assert at(p, session(p, pain=4)).rule == "pain-amber"  # another rule, the same dose
    assert at(p, session(p, pain=5)).reason != at(p, session(p, pain=4)).reason  # its pain
    assert at(p, session(p)) == hold(p, "await-checkin", waiting)  # and back


# --- effort: RPE 9 is 5 % lighter, RPE 10 is 10 % lighter ----------------------------------


def test_rpe_9_takes_five_percent_off_in_the_steps_the_weights_allow() -> None:
    p = dose("lift", load_kg=40.0)
    assert view(decide(p, [session(p, rpe=9)], rules=Rules(load_increment_kg=2.5))) == D(
        "lift",
        Action.LOAD_DOWN,
        "rpe-high",
        "RPE 9 is near failure: 5 % lighter (37.5 kg).",
        p,
        replace(p, load_kg=37.5),
    )


def test_rpe_10_takes_ten_percent_off() -> None:
    p = dose("lift", load_kg=200.0)
    d = decide(p, [session(p, rpe=10)], rules=Rules(load_increment_kg=0.25))
    assert (d.action, d.rule, d.after.load_kg) == (Action.LOAD_DOWN, "rpe-high", 180.0)
    assert d.reason == "RPE 10 is near failure: 10 % lighter (180 kg)."


# --- protocols, ladders, targets -----------------------------------------------------------


def test_a_weekly_protocol_sets_its_own_dose() -> None:
    p = dose("protocol")
    reason = "Pain settled; the weekly protocol sets the next dose (Petersen 2011)."
    assert view(decide(p, [session(p)])) == hold(p, "protocol", reason)
    by_set = dose("curl", sets=3, reps=8, reps_by_set=(8, 7, 6))
    assert view(decide(by_set, [session(by_set, 8, 7, 6)])) == hold(by_set, "protocol", reason)


def test_a_met_criterion_steps_up_the_ladder() -> None:
    p = dose("curl")
    assert view(decide(p, [session(p, 20, 20)])) == D(
        "curl",
        Action.LADDER_UP,
        "ladder-criterion",
        "Criterion met (20 good-form reps in one set, pain <= 3/10): up to Curl plus "
        "(article 001).",
        p,
        starting_dose(CATALOG.get("curl-plus"), reason="Stepped up from Curl: 20 good-form reps"),
    )
    held = dose("hold")
    d = decide(held, [session(held, hold=40)])
    assert (d.action, d.after.exercise_id) == (Action.LADDER_UP, "hold-plus")
    assert decide(held, [session(held, hold=39)]).action is Action.PROGRESS


def test_every_rung_is_tried_and_a_words_only_link_is_passed_over() -> None:
    """A link the articles give only in words (no machine-checkable criterion) is never
    stepped up by itself, and the rungs after it are still tried."""
    multi = exercise(
        "multi",
        Dosage(sets=Range(2, 3), reps=Range(3, 8)),
        progressions=(
            LadderLink("curl-easy", "when it feels easy", None, ART),
            LadderLink("curl-plus", "20 good-form reps", Criterion(Metric.GOOD_FORM_REPS, 20), ART),
        ),
    )
    catalog = Catalog({**CATALOG.exercises, "multi": multi}, sources=CATALOG.sources)
    p = starting_dose(multi)
    d = next_prescription(p, [session(p, 20, 20)], SETTLED, catalog=catalog, baseline_pain=2)
    assert (d.action, d.after.exercise_id) == (Action.LADDER_UP, "curl-plus")


def test_a_criterion_over_sessions_reads_the_newest_ones() -> None:
    """'20 good-form reps in each of 2 sessions' reads the two newest logs, not the oldest."""
    twice = exercise(
        "twice",
        Dosage(sets=Range(2, 3), reps=Range(3, 8)),
        progressions=(
            LadderLink(
                "curl-plus", "20 reps twice", Criterion(Metric.GOOD_FORM_REPS, 20, sessions=2), ART
            ),
        ),
    )
    catalog = Catalog({**CATALOG.exercises, "twice": twice}, sources=CATALOG.sources)
    p = starting_dose(twice)

    def up(*best: int) -> bool:
        logs = [session(p, n, n, on=days(2 * (k + 1 - len(best)))) for k, n in enumerate(best)]
        d = next_prescription(p, logs, SETTLED, catalog=catalog, baseline_pain=2)
        return d.action is Action.LADDER_UP

    assert up(10, 20, 20)  # the newest two
    assert not up(20, 10, 20)  # the oldest and the newest: not two running
    assert not up(20, 20, 10)
    assert not up(20)  # one session is not two


def test_a_step_up_respects_the_persons_cautions() -> None:
    p = dose("curl")
    logs = [session(p, 20, 20)]
    knee = decide(p, logs, conditions=frozenset({Condition.KNEE_PAIN}))  # curl plus: avoid
    assert (knee.action, knee.after) == (Action.PROGRESS, replace(p, reps=4))
    back = decide(p, logs, conditions=frozenset({Condition.LOW_BACK_PAIN}))  # curl plus: modify
    assert (back.action, back.after.exercise_id) == (Action.LADDER_UP, "curl-plus")
    other = decide(p, logs, conditions=frozenset({Condition.RECENT_HAMSTRING_STRAIN}))
    assert (other.action, other.after.exercise_id) == (Action.LADDER_UP, "curl-plus")


def test_a_missed_target_repeats_the_dose() -> None:
    reason = "Not every set reached the target with good form: repeat the dose."
    p = dose("hold")  # 2 x 20 s
    assert view(decide(p, [session(p, hold=15)])) == hold(p, "not-yet", reason)
    c = dose("curl", reps=5)
    assert view(decide(c, [session(c, 5, 4)])) == hold(c, "not-yet", reason)
    assert view(decide(c, [session(c, good=False)])) == hold(c, "not-yet", reason)


# --- load: at most +10 % -------------------------------------------------------------


def test_every_set_at_the_top_at_rpe_8_raises_the_load() -> None:
    p = dose("lift", sets=3, reps=10, load_kg=40.0)
    d = decide(p, [session(p, rpe=8)])
    assert (d.action, d.rule, d.before, d.after) == (
        Action.LOAD_UP,
        "load",
        p,
        replace(p, load_kg=42.0),
    )
    assert d.reason == (
        "Every set at the top at RPE 8 or less: load up to 42 kg (NSCA/ACSM, at most +10 %)."
    )


def test_every_set_at_the_top_with_no_rpe_logged_raises_the_load() -> None:
    p = dose("lift", sets=3, reps=10, load_kg=40.0)
    d = decide(p, [session(p, rpe=None)])
    assert (d.action, d.after.load_kg) == (Action.LOAD_UP, 42.0)


def test_two_for_two_looks_at_the_last_set_of_two_sessions() -> None:
    p = dose("lift", sets=3, reps=6, load_kg=40.0)
    logs = [session(p, 6, 6, 8, on=days(-3)), session(p, 6, 6, 8)]
    assert view(decide(p, logs)) == D(
        "lift",
        Action.LOAD_UP,
        "load",
        "2 extra reps 2 times running (2-for-2): load up to 42 kg (NSCA/ACSM, at most +10 %).",
        p,
        replace(p, load_kg=42.0),
    )
    more_reps = D(
        "lift",
        Action.PROGRESS,
        "double-progression",
        "Pain settled and every set done: 7 reps a set next time.",
        p,
        replace(p, reps=7),
    )
    assert view(decide(p, logs[-1:])) == more_reps, "one session is not two"
    assert view(decide(p, [session(p, 6, 8, 7, on=days(-3)), session(p, 8, 8, 7)])) == more_reps
    assert view(decide(p, [session(p, on=days(-3)), session(p)])) == more_reps


def test_a_load_step_may_be_exactly_ten_percent_but_not_more() -> None:
    p = dose("lift", sets=3, reps=10, load_kg=20.0)
    d = decide(p, [session(p, rpe=7)], rules=Rules(load_increment_kg=2.0))
    assert (d.action, d.after.load_kg) == (Action.LOAD_UP, 22.0)
    five = replace(p, load_kg=5.0)  # 1 kg steps: 6 kg would be +20 %
    d = decide(five, [session(five, rpe=7)], rules=Rules(load_increment_kg=1.0))
    assert (d.rule, d.after) == ("load-step-too-big", five)
    light = replace(p, load_kg=4.0)
    assert view(decide(light, [session(light, rpe=7)], rules=Rules(load_increment_kg=2.0))) == hold(
        light,
        "load-step-too-big",
        "Ready for more, but your smallest step (2 kg) would be over 10 % of 4 kg: "
        "add reps instead when the range allows.",
    )


# --- double progression ---------------------------------------------------------------


def test_reps_then_sets() -> None:
    p = dose("curl", reps=5)
    assert view(decide(p, [session(p)])) == D(
        "curl",
        Action.PROGRESS,
        "double-progression",
        "Pain settled and every set done: 6 reps a set next time.",
        p,
        replace(p, reps=6),
    )
    top = dose("curl", reps=8)
    assert view(decide(top, [session(top)])) == D(
        "curl",
        Action.PROGRESS,
        "double-progression",
        "Top of the rep range reached: 3 sets next time, reps back to 3.",
        top,
        replace(top, sets=3, reps=3),
    )


def test_hold_seconds_then_sets() -> None:
    p = dose("hold")  # 2 x 20 s, up to 30 s
    assert view(decide(p, [session(p)])) == D(
        "hold",
        Action.PROGRESS,
        "double-progression",
        "Pain settled and every hold done: 22 s holds next time.",
        p,
        replace(p, hold_seconds=22),
    )
    near = dose("hold", hold_seconds=29)
    assert decide(near, [session(near)]).after == replace(near, hold_seconds=30)
    top = dose("hold", hold_seconds=30)
    assert view(decide(top, [session(top)])) == D(
        "hold",
        Action.PROGRESS,
        "double-progression",
        "3 sets next time.",
        top,
        replace(top, sets=3),
    )


def test_spots_then_the_top_of_the_range() -> None:
    p = dose("spots")  # 1 set, 2-4 spots
    assert view(decide(p, [session(p)])) == D(
        "spots",
        Action.PROGRESS,
        "double-progression",
        "3 spots next time.",
        p,
        replace(p, spots=3),
    )
    top = dose("spots", spots=4)
    assert view(decide(top, [session(top)])) == hold(
        top, "top-of-range", "At the top of this exercise's range; keep it."
    )


def test_the_top_of_the_range_names_the_next_step_in_the_catalog() -> None:
    top = dose("curl", sets=3, reps=8)
    assert view(decide(top, [session(top)])) == hold(
        top,
        "top-of-range",
        "At the top of this exercise's range; keep it. Next step, Curl plus: 20 good-form reps",
    )
    plus = dose("curl-plus", sets=3, reps=8)  # its next step is not in this catalog
    assert view(decide(plus, [session(plus)])) == hold(
        plus, "top-of-range", "At the top of this exercise's range; keep it."
    )


# --- red-flag screening --------------------------------------------------------------


def person(
    *,
    area: PainArea = PainArea.KNEE,
    pain_now: int = 3,
    red_flags: dict[str, bool] | None = None,
    conditions: Conditions | None = None,
) -> Profile:
    return Profile(
        name="Test Person",
        age=40,
        pain_area=area,
        pain_now=pain_now,
        availability=Availability(frozenset({Weekday.MON, Weekday.THU}), dt.time(18), 2, 45),
        start_date=DAY,
        red_flags={} if red_flags is None else red_flags,
        conditions=conditions or Conditions(),
    )


def test_unanswered_questions_are_not_taken_as_yes() -> None:
    assert screen(person()) == ScreeningResult(True, None, (), frozenset({Condition.KNEE_PAIN}), ())
    assert screen(person(red_flags={"fever": False})).cleared is True


def test_a_yes_blocks_with_the_flag_and_the_persons_conditions() -> None:
    cancer = next(q for q in QUESTIONS if q.id == "cancer_history")
    assert screen(person(area=PainArea.LOW_BACK, red_flags={"cancer_history": True})) == (
        ScreeningResult(
            False, Urgency.CLINICIAN, (cancer,), frozenset({Condition.LOW_BACK_PAIN}), ()
        )
    )


def test_cleared_with_notes_for_high_pain_leg_symptoms_and_knee_surgery() -> None:
    assert screen(person(pain_now=6)).notes == ()
    result = screen(
        person(
            area=PainArea.NEITHER,
            pain_now=7,
            conditions=Conditions(leg_symptoms=True, recent_knee_surgery=True),
        )
    )
    assert result == ScreeningResult(
        True,
        None,
        (),
        frozenset({Condition.SCIATICA, Condition.RECENT_KNEE_SURGERY}),
        (
            "Your pain is 7/10 today. Start gently; during exercise pain may reach 5/10 but "
            "must settle by the next morning (Silbernagel 2007).",
            "Leg pain or tingling below the knee: doses will not rise while those symptoms "
            "are provoked, and nothing stretches into them.",
            "Recent knee surgery: follow your surgeon's or physio's limits first.",
        ),
    )


def test_unanswered_lists_the_questions_for_the_pain_area() -> None:
    knee = unanswered(PainArea.KNEE, {"fever": False})
    assert "knee_injury_age" in knee and "fever" not in knee
    assert "back_pain_onset_age" not in knee
    assert "back_pain_onset_age" in unanswered(PainArea.LOW_BACK, {})
