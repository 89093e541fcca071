"""Screening and planning: the safety invariants as properties, and a table of cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hamcoach.domain.catalog import (
    HOUSEHOLD_EQUIPMENT,
    SESSION_ORDER,
    Catalog,
    CautionAction,
    Equipment,
    Target,
)
from hamcoach.domain.profile import PainArea
from hamcoach.domain.program import PlanningError, build_program
from hamcoach.domain.screening import QUESTION_IDS, QUESTIONS, Urgency, questions_for, screen
from hamcoach.intake.schema import ProfileFileError, parse_profile
from profiles import profile_data


def domain_profile(data: dict[str, Any]) -> Any:
    return parse_profile(data).to_domain()


OWNABLE = [e.value for e in Equipment if e not in HOUSEHOLD_EQUIPMENT]

profiles = st.fixed_dictionaries(
    {
        "age": st.integers(18, 90),
        "pain_area": st.sampled_from(["knee", "low-back", "both", "neither"]),
        "pain_now": st.integers(0, 10),
        "conditions": st.fixed_dictionaries(
            {
                "flexion_sensitive_back": st.booleans(),
                "leg_symptoms": st.booleans(),
                "recent_hamstring_strain": st.booleans(),
                "recent_knee_surgery": st.booleans(),
            }
        ),
        "equipment": st.lists(st.sampled_from(OWNABLE), unique=True),
        "experience": st.sampled_from(["none", "some", "regular"]),
        "schedule": st.fixed_dictionaries(
            {"sessions_per_week": st.sampled_from([2, 3]), "max_minutes": st.integers(10, 120)}
        ),
        "baseline": st.fixed_dictionaries(
            {
                "single_leg_bridge_left": st.none() | st.integers(0, 60),
                "bodyweight_squats": st.none() | st.integers(0, 60),
                "single_leg_deadlift_left": st.none() | st.integers(0, 60),
            }
        ),
        "routine": st.none()
        | st.sampled_from(
            [
                "knee-pain-five",
                "tight-hamstrings-1",
                "tight-hamstrings-2",
                "top-three-progressions",
                "five-hamstring-workouts",
                "home-no-equipment",
                "low-back-pelvic-alignment",
            ]
        ),
    }
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=profiles, flags=st.sets(st.sampled_from(sorted(QUESTION_IDS)), min_size=1))
def test_any_red_flag_blocks_the_program(
    catalog: Catalog, data: dict[str, Any], flags: set[str]
) -> None:
    profile = domain_profile(profile_data(**data, red_flags=dict.fromkeys(flags, True)))
    result = screen(profile)
    assert not result.cleared
    assert {q.id for q in result.flags} == flags
    assert result.advice
    with pytest.raises(PlanningError):
        build_program(profile, result, catalog)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=profiles)
def test_contraindicated_exercises_are_never_prescribed(
    catalog: Catalog, data: dict[str, Any]
) -> None:
    profile = domain_profile(profile_data(**data))
    result = screen(profile)
    assert result.cleared
    program = build_program(profile, result, catalog)
    conditions = profile.active_conditions()
    have = set(profile.equipment)
    for session in program.sessions:
        assert [SESSION_ORDER.index(i.phase) for i in session.items] == sorted(
            SESSION_ORDER.index(i.phase) for i in session.items
        )
        for item in session.items:
            ex = catalog.get(item.exercise_id)
            for condition in conditions:
                caution = ex.caution_for(condition)
                assert caution is None or caution.action is CautionAction.MODIFY, (ex.id, condition)
            assert ex.needs() <= have, (ex.id, ex.needs() - have)
            if profile.conditions.recent_hamstring_strain:
                assert ex.id != "nordic-curl"
    reasons = {c.exercise_id: c.reason for c in program.choices}
    for ex_id in program.exercise_ids():
        assert reasons.get(ex_id), f"{ex_id} has no reason"


def test_emergency_signs_say_emergency(catalog: Catalog) -> None:
    result = screen(domain_profile(profile_data(red_flags={"saddle_numbness": True})))
    assert result.urgency is Urgency.EMERGENCY and "today" in (result.advice or "")
    result = screen(domain_profile(profile_data(red_flags={"cancer_history": True})))
    assert result.urgency is Urgency.CLINICIAN


def test_every_clinical_rules_group_is_asked() -> None:
    sources = {q.source.split(" (")[0] for q in QUESTIONS}
    assert {
        "cauda equina",
        "NICE NG59 low-back pain pathway",
        "Ottawa knee rules",
        "PAR-Q+ style readiness questions",
    } <= sources
    knee_only = {q.id for q in questions_for(PainArea.KNEE)}
    back_only = {q.id for q in questions_for(PainArea.LOW_BACK)}
    assert "back_pain_onset_age" in back_only - knee_only
    assert "knee_locking" in knee_only - back_only


def test_unanswered_red_flags_are_an_error_not_a_no() -> None:
    data = profile_data()
    del data["red_flags"]["chest_pain"]
    with pytest.raises(ProfileFileError) as info:
        parse_profile(data)
    assert "chest_pain" in info.value.problems[0]


def choices(program: Any) -> dict[str, tuple[bool, str]]:
    return {c.exercise_id: (c.included, c.reason) for c in program.choices}


def test_flexion_sensitive_back_gets_hip_hinge_instead_of_jefferson_curl(catalog: Catalog) -> None:
    profile = domain_profile(profile_data(conditions={"flexion_sensitive_back": True}))
    program = build_program(profile, screen(profile), catalog)
    assert "hip-hinge" in program.exercise_ids() and "jefferson-curl" not in program.exercise_ids()
    included, reason = choices(program)["jefferson-curl"]
    assert not included
    assert (
        reason == "Hip hinge instead of Jefferson curl: bending or sitting aggravates your back "
        "(article 002)."
    )


def test_sciatica_points_the_toe_and_avoids_end_range_stretching(catalog: Catalog) -> None:
    profile = domain_profile(
        profile_data(conditions={"leg_symptoms": True}, equipment=["massage-ball"])
    )
    program = build_program(profile, screen(profile), catalog)
    items = {i.exercise_id: i for i in program.sessions[0].items}
    assert any("toe" in m for m in items["asmr-hamstrings"].modifications)
    assert any("symptoms" in m for m in items["hamstring-static-stretch"].modifications)
    assert "jefferson-curl" not in program.exercise_ids()


def test_knee_pain_pads_kneeling_and_keeps_loaded_squats_shallow_in_week_one(
    catalog: Catalog,
) -> None:
    profile = domain_profile(
        profile_data(
            equipment=["ankle-anchor", "dumbbell-or-kettlebell"], baseline={"bodyweight_squats": 35}
        )
    )
    program = build_program(profile, screen(profile), catalog)
    for session in program.week(1):
        items = {i.exercise_id: i for i in session.items}
        squat = items["loaded-squat"]  # the gate was met at baseline: load from week 1
        assert any("No deep loaded knee bending" in m for m in squat.modifications)
        warm = items["bodyweight-squat"]  # once, as the warm-up, before any strength work
        assert warm.phase.value == "warm-up" and (warm.sets, warm.reps) == (1, 10)
        assert session.items.index(warm) < session.items.index(squat)
    nordic = next(i for i in program.sessions[0].items if i.exercise_id == "nordic-curl-eccentric")
    assert any("Pad the knees" in m for m in nordic.modifications)


def test_recent_strain_means_no_full_nordics(catalog: Catalog) -> None:
    profile = domain_profile(
        profile_data(
            conditions={"recent_hamstring_strain": True},
            equipment=["ankle-anchor"],
            experience="regular",
        )
    )
    program = build_program(profile, screen(profile), catalog)
    assert "nordic-curl" not in program.exercise_ids()


@pytest.mark.parametrize(
    ("baseline", "equipment", "expected", "absent"),
    [
        ({}, [], "bridge", "ball-hamstring-curl"),
        (
            {"single_leg_bridge_left": 14, "single_leg_bridge_right": 17},
            ["stability-ball"],
            "single-leg-bridge",
            "ball-hamstring-curl",
        ),
        (
            {"single_leg_bridge_left": 25, "single_leg_bridge_right": 22},
            ["stability-ball"],
            "ball-hamstring-curl",
            "bridge",
        ),
        (
            {"single_leg_bridge_left": 25, "single_leg_bridge_right": 22},
            [],
            "single-leg-bridge",
            "ball-hamstring-curl",
        ),
        ({"bodyweight_squats": 12}, ["dumbbell-or-kettlebell"], "bodyweight-squat", "loaded-squat"),
        ({"bodyweight_squats": 30}, ["dumbbell-or-kettlebell"], "loaded-squat", "squat-to-bench"),
        (
            {"single_leg_deadlift_left": 29, "single_leg_deadlift_right": 40},
            ["dumbbell-or-kettlebell"],
            "single-leg-deadlift",
            "weighted-single-leg-deadlift",
        ),
        (
            {"single_leg_deadlift_left": 30, "single_leg_deadlift_right": 31},
            ["dumbbell-or-kettlebell"],
            "weighted-single-leg-deadlift",
            None,
        ),
    ],
)
def test_ladder_entry_comes_from_the_baseline(
    catalog: Catalog,
    baseline: dict[str, int],
    equipment: list[str],
    expected: str,
    absent: str | None,
) -> None:
    profile = domain_profile(
        profile_data(pain_area="neither", baseline=baseline, equipment=equipment)
    )
    ids = build_program(profile, screen(profile), catalog).exercise_ids()
    assert expected in ids
    if absent:
        assert absent not in ids


def test_beginner_without_tests_squats_to_a_bench(catalog: Catalog) -> None:
    profile = domain_profile(profile_data(experience="none"))
    assert "squat-to-bench" in build_program(profile, screen(profile), catalog).exercise_ids()


@pytest.mark.parametrize("back", [False, True])
def test_a_beginner_with_a_dumbbell_learns_the_hinge_before_the_romanian_deadlift(
    catalog: Catalog, back: bool
) -> None:
    """Found by a new user's trial: with a dumbbell, a beginner got Romanian deadlifts from
    week 1, which the app itself calls the step above the hip hinge. Article 003: beginners
    learn the movement before loading it. Someone used to training still gets them."""
    kit = {"equipment": ["dumbbell-or-kettlebell"], "conditions": {"flexion_sensitive_back": back}}
    beginner = domain_profile(profile_data(experience="none", **kit))
    program = build_program(beginner, screen(beginner), catalog)
    ids = program.exercise_ids()
    assert "hip-hinge" in ids and "romanian-deadlift" not in ids
    assert all([i.exercise_id for i in s.items].count("hip-hinge") == 1
               for s in program.sessions)  # once a session, whichever reason chose it  # fmt: skip
    included, reason = choices(program)["romanian-deadlift"]
    assert not included and "hip hinge without a weight comes first" in reason
    trained = domain_profile(profile_data(experience="some", **kit))
    assert "romanian-deadlift" in build_program(trained, screen(trained), catalog).exercise_ids()


FUNCTIONS = {
    Target.KNEE_FLEXION,
    Target.HIP_EXTENSION,
    Target.GLUTES,
    Target.TIBIAL_INTERNAL_ROTATION,
    Target.POSTERIOR_PELVIC_TILT,
    Target.ECCENTRIC_HAMSTRING_STRENGTH,
    Target.BALANCE,
}


@pytest.mark.parametrize("area", ["knee", "low-back", "both", "neither"])
@pytest.mark.parametrize("per_week", [2, 3])
@pytest.mark.parametrize(
    "kit", [[], ["massage-ball", "stability-ball", "ankle-anchor", "dumbbell-or-kettlebell"]]
)
def test_each_week_covers_the_hamstring_functions(
    catalog: Catalog, area: str, per_week: int, kit: list[str]
) -> None:
    profile = domain_profile(
        profile_data(
            pain_area=area,
            equipment=kit,
            schedule={"sessions_per_week": per_week, "max_minutes": 60},
        )
    )
    program = build_program(profile, screen(profile), catalog)
    assert len(program.sessions) == 5 * per_week
    for week in range(1, 6):
        targets = {
            t
            for s in program.week(week)
            for i in s.items
            for t in catalog.get(i.exercise_id).targets
        }
        assert targets >= FUNCTIONS, FUNCTIONS - targets
        for s in program.week(week):
            assert s.minutes <= 60
            assert s.items[0].phase.value == "warm-up" and s.items[-1].phase.value == "cool-down"


@pytest.mark.parametrize("minutes", [15, 20, 30])
def test_sessions_fit_the_time_limit_and_say_what_was_left_out(
    catalog: Catalog, minutes: int
) -> None:
    kit = ["massage-ball", "stability-ball", "ankle-anchor", "dumbbell-or-kettlebell"]
    profile = domain_profile(profile_data(equipment=kit, schedule={"max_minutes": minutes}))
    program = build_program(profile, screen(profile), catalog)
    for s in program.sessions:
        assert sum(i.seconds() for i in s.items) <= minutes * 60
    out = {c.exercise_id for c in program.choices if not c.included and "minutes" in c.reason}
    assert out.isdisjoint(program.exercise_ids())


def test_nordic_volume_follows_the_oslo_protocol(catalog: Catalog) -> None:
    profile = domain_profile(
        profile_data(pain_area="neither", equipment=["ankle-anchor"], schedule={"max_minutes": 90})
    )
    program = build_program(profile, screen(profile), catalog)
    per_week = []
    for week in range(1, 6):
        doses = [
            i
            for s in program.week(week)
            for i in s.items
            if i.exercise_id == "nordic-curl-eccentric"
        ]
        per_week.append((len(doses), doses[0].sets, doses[0].reps))
    assert per_week == [(1, 2, 5), (2, 2, 6), (3, 3, 6), (3, 3, 8), (3, 3, 8)]
    week5 = next(i for i in program.week(5)[0].items if i.exercise_id == "nordic-curl-eccentric")
    assert week5.describe() == "3 sets of 12-10-8 reps"


ROUTINES = [
    "knee-pain-five",
    "tight-hamstrings-1",
    "tight-hamstrings-2",
    "top-three-progressions",
    "five-hamstring-workouts",
    "home-no-equipment",
    "low-back-pelvic-alignment",
]
SHAPES: dict[str, dict[str, Any]] = {
    "knee, no kit": {"pain_area": "knee"},
    "flexion-sensitive back": {
        "pain_area": "low-back",
        "conditions": {"flexion_sensitive_back": True},
    },
    "sciatica, full kit": {
        "pain_area": "both",
        "conditions": {"leg_symptoms": True},
        "equipment": [
            "massage-ball",
            "stability-ball",
            "ankle-anchor",
            "dumbbell-or-kettlebell",
            "resistance-band",
        ],
    },
    "strain and surgery, short sessions": {
        "conditions": {"recent_hamstring_strain": True, "recent_knee_surgery": True},
        "schedule": {"max_minutes": 20, "sessions_per_week": 2},
        "equipment": ["ankle-anchor", "stability-ball"],
    },
}


@pytest.mark.parametrize("routine", ROUTINES)
@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_plan_for_each_routine_and_profile_shape(
    catalog: Catalog, routine: str, shape: str
) -> None:
    profile = domain_profile(profile_data(routine=routine, **SHAPES[shape]))
    program = build_program(profile, screen(profile), catalog)
    assert program.sessions and all(s.items for s in program.sessions)
    routine_ids = [i.exercise for i in catalog.routine(routine).items]
    decided = {c.exercise_id for c in program.choices}
    for ex_id in routine_ids:
        assert ex_id in decided, f"{ex_id}: neither chosen nor explained"
    if shape == "flexion-sensitive back":
        assert "jefferson-curl" not in program.exercise_ids()


def test_the_program_is_deterministic(catalog: Catalog) -> None:
    profile = domain_profile(profile_data(equipment=["stability-ball"]))
    assert build_program(profile, screen(profile), catalog) == build_program(
        profile, screen(profile), catalog
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"pain_now": 11}, "pain_now"),
        ({"age": -3}, "age"),
        ({"schedule": {"sessions_per_week": 0}}, "schedule.sessions_per_week"),
        ({"schedule": {"days": []}}, "schedule.days"),
        ({"schedule": {"start_date": "next tuesday"}}, "schedule.start_date"),
        ({"schedule": {"days": ["mon", "funday"]}}, "schedule.days.1"),
        ({"shoe_size": 42}, "shoe_size"),
        ({"age": "forty"}, "age"),
        ({"equipment": ["treadmill"]}, "equipment.0"),
        ({"schedule": {"days": ["mon"], "sessions_per_week": 2}}, "schedule"),
        ({"schedule": {"timezone": "Mars/Olympus"}}, "schedule.timezone"),
    ],
)
def test_impossible_profiles_name_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ProfileFileError) as info:
        parse_profile(profile_data(**change))
    assert any(f": {field}: " in p for p in info.value.problems), info.value.problems


def test_start_date_today_is_a_date() -> None:
    assert parse_profile(profile_data(schedule={"start_date": dt.date.today().isoformat()}))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=profiles)
def test_no_exercise_twice_in_a_session_and_a_chosen_loaded_squat_starts_in_week_1(
    catalog: Catalog, data: dict[str, Any]
) -> None:
    profile = domain_profile(profile_data(**data))
    program = build_program(profile, screen(profile), catalog)
    for session in program.sessions:
        ids = [i.exercise_id for i in session.items]
        assert len(ids) == len(set(ids)), (session.number, ids)
    chosen = {c.exercise_id for c in program.choices if c.included}
    if "loaded-squat" in chosen and "loaded-squat" in program.exercise_ids():
        week_1 = {i.exercise_id for s in program.week(1) for i in s.items}
        assert "loaded-squat" in week_1


def test_a_caution_shown_on_every_session_names_no_week_of_the_plan(catalog: Catalog) -> None:
    """Found by the browser diary: week 5's loaded squat said 'No deep loaded knee bending
    in the first week'. A caution's advice is shown on each session of the exercise, so it
    may not name a week of the plan; the knee's depth advice holds in every week."""
    import re

    profile = domain_profile(profile_data(
        pain_area="both", equipment=["ankle-anchor", "dumbbell-or-kettlebell"],
        baseline={"bodyweight_squats": 35},
        conditions={"recent_hamstring_strain": True},
    ))  # fmt: skip
    program = build_program(profile, screen(profile), catalog)
    shown = [(s.week, i.exercise_id, m) for s in program.sessions for i in s.items
             for m in i.modifications]  # fmt: skip
    assert {w for w, _, _ in shown} == {1, 2, 3, 4, 5}
    late = [(w, ex, m) for w, ex, m in shown if w > 1 and re.search(r"\bfirst week\b", m)]
    assert not late, late
    squats = {(w, m) for w, ex, m in shown if ex == "loaded-squat"}
    assert {w for w, _ in squats} == {1, 2, 3, 4, 5}
    assert all("keep the depth where pain stays at 3/10 or less" in m for _, m in squats)
