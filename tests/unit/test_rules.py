"""Every number in domain/rules.py pinned to its cited value, by behaviour.

These tests write the cited numbers as literals on purpose: a test that read
``rules.PAIN_AMBER_MAX`` would pass whatever the number became. Change a number
in rules.py and one of these fails, which is the point: the source must
change first (shared/design/CLINICAL_RULES.md, articles 000-004).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

import hamcoach
from hamcoach.cli.player import Player, StopExercise
from hamcoach.config import Settings, SettingsError
from hamcoach.domain import rules as R
from hamcoach.domain.catalog import Catalog, Category
from hamcoach.domain.outcomes import bridge_rating
from hamcoach.domain.outcomes import test_gates as outcome_gates
from hamcoach.domain.outcomes import test_lines as outcome_lines
from hamcoach.domain.prescription import Prescription, starting_dose
from hamcoach.domain.profile import Profile
from hamcoach.domain.program import Program, build_program
from hamcoach.domain.progression import (
    Action,
    CheckIn,
    Decision,
    ExerciseLog,
    LoggedSet,
    next_prescription,
)
from hamcoach.domain.rules import Rules, pain_zone
from hamcoach.domain.scheduling import place_sessions
from hamcoach.domain.screening import screen
from hamcoach.intake.schema import parse_profile
from profiles import profile_data

SRC = Path(hamcoach.__file__).parent
DAY = dt.date(2026, 12, 1)


# --- helpers ----------------------------------------------------------------------


def dose(catalog: Catalog, exercise_id: str, **changes: Any) -> Prescription:
    return replace(starting_dose(catalog.get(exercise_id)), **changes)


def logged(
    p: Prescription,
    *,
    pain: int = 1,
    on: dt.date = DAY,
    reps: int | None = None,
    rpe: float | None = 6,
) -> ExerciseLog:
    n = p.reps if reps is None else reps
    sets = tuple(LoggedSet(reps=n or 0, load_kg=p.load_kg, rpe=rpe) for _ in range(p.sets))
    return ExerciseLog(p.exercise_id, on, sets, pain)


def decide(
    catalog: Catalog,
    p: Prescription,
    history: list[ExerciseLog],
    *,
    morning_after_days: int | None = 1,
    rules: Rules = R.DEFAULT_RULES,
) -> Decision:
    """The next dose, with a settled morning check-in ``morning_after_days`` after the last log."""
    last = history[-1].on
    checkins = [CheckIn(last - dt.timedelta(days=1), 1)]
    if morning_after_days is not None:
        checkins.append(CheckIn(last + dt.timedelta(days=morning_after_days), 1))
    return next_prescription(p, history, checkins, catalog=catalog, baseline_pain=1, rules=rules)


def program_for(catalog: Catalog, **changes: Any) -> Program:
    data = profile_data(pain_area="low-back", **changes)
    data["schedule"]["max_minutes"] = 120
    profile: Profile = parse_profile(data).to_domain()
    return build_program(profile, screen(profile), catalog)


def included(program: Program) -> dict[str, bool]:
    return {c.exercise_id: c.included for c in program.choices}


# --- pain monitoring (Silbernagel 2007) -------------------------------------------


def test_pain_zones_are_0_3_green_4_5_amber_above_5_red() -> None:
    assert [pain_zone(p) for p in range(11)] == ["green"] * 4 + ["amber"] * 2 + ["red"] * 5


@pytest.mark.parametrize(("pain", "action"), [(3, Action.PROGRESS), (4, Action.HOLD)])
def test_pain_3_may_progress_and_4_holds(catalog: Catalog, pain: int, action: Action) -> None:
    p = dose(catalog, "bridge")
    assert decide(catalog, p, [logged(p, pain=pain)]).action is action


@pytest.mark.parametrize(("pain", "action"), [(5, Action.HOLD), (6, Action.REGRESS)])
def test_pain_5_holds_and_6_steps_back(catalog: Catalog, pain: int, action: Action) -> None:
    p = dose(catalog, "bridge", sets=3)
    d = decide(catalog, p, [logged(p, pain=pain)])
    assert d.action is action
    if pain == 6:
        assert "above 5" in d.reason


def test_the_next_morning_is_a_check_in_within_2_days(catalog: Catalog) -> None:
    p = dose(catalog, "bridge")
    assert decide(catalog, p, [logged(p)], morning_after_days=2).action is Action.PROGRESS
    assert decide(catalog, p, [logged(p)], morning_after_days=3).action is Action.HOLD


def test_a_gap_over_14_days_is_a_break_that_steps_back(catalog: Catalog) -> None:
    p = dose(catalog, "bridge", sets=3)
    before = logged(p, on=DAY - dt.timedelta(days=14))
    assert decide(catalog, p, [before, logged(p)]).action is not Action.REGRESS
    before = logged(p, on=DAY - dt.timedelta(days=15))
    assert decide(catalog, p, [before, logged(p)]).action is Action.REGRESS


# --- load (ACSM 2009, NSCA 2-for-2) ------------------------------------------------


def test_red_pain_on_a_load_cuts_it_by_10_percent(catalog: Catalog) -> None:
    p = dose(catalog, "loaded-squat", load_kg=40.0)
    d = decide(catalog, p, [logged(p, pain=6)])
    assert d.after.load_kg == 36.0


@pytest.mark.parametrize(("rpe", "kg"), [(8, 40.0), (9, 38.0), (10, 36.0)])
def test_rpe_9_cuts_5_percent_and_rpe_10_cuts_10(catalog: Catalog, rpe: int, kg: float) -> None:
    p = dose(catalog, "loaded-squat", load_kg=40.0)
    d = decide(catalog, p, [logged(p, rpe=rpe)])
    assert (d.after.load_kg or 0) >= kg if rpe == 8 else d.after.load_kg == kg


def test_load_rises_5_percent_by_default_and_never_more_than_10(catalog: Catalog) -> None:
    p = dose(catalog, "loaded-squat", load_kg=100.0)
    top = logged(p, reps=10, rpe=8)  # every set at the top of 6-10 at RPE 8
    assert decide(catalog, p, [top]).after.load_kg == 105.0
    greedy = Rules(load_step_pct=25.0, load_increment_kg=1.0)
    assert decide(catalog, p, [top], rules=greedy).after.load_kg == 110.0
    assert decide(catalog, p, [top], rules=Rules(load_increment_kg=2.5)).after.load_kg == 105.0


@pytest.mark.parametrize(("extra", "sessions", "up"), [(2, 2, True), (1, 2, False), (2, 1, False)])
def test_two_for_two_is_2_extra_reps_in_2_sessions(
    catalog: Catalog, extra: int, sessions: int, up: bool
) -> None:
    p = dose(catalog, "loaded-squat", reps=6, load_kg=100.0)
    days = [DAY - dt.timedelta(days=2 * k) for k in reversed(range(sessions))]
    history = [logged(p, reps=6 + extra, rpe=7, on=d) for d in days]
    assert (decide(catalog, p, history).after.load_kg == 105.0) is up


def test_red_pain_with_no_set_to_drop_cuts_20_percent_of_the_reps(catalog: Catalog) -> None:
    p = dose(catalog, "bridge", sets=2, reps=15)  # 2 sets is the bottom of 2-3
    assert decide(catalog, p, [logged(p, pain=6)]).after.reps == 12


def test_holds_rise_2_seconds_at_a_time(catalog: Catalog) -> None:
    p = dose(catalog, "wall-sit", sets=2, hold_seconds=20)
    held = ExerciseLog(p.exercise_id, DAY, (LoggedSet(hold_seconds=20),) * 2, 1)
    assert decide(catalog, p, [held]).after.hold_seconds == 22


def test_rpe_above_8_does_not_raise_the_load(catalog: Catalog) -> None:
    p = dose(catalog, "loaded-squat", load_kg=40.0)
    assert decide(catalog, p, [logged(p, reps=10, rpe=8.5)]).after.load_kg == 40.0


# --- deload ---------------------------------------------------------------------------


def test_a_deload_halves_the_sets_and_takes_15_percent_off(catalog: Catalog) -> None:
    p = dose(catalog, "loaded-squat", sets=3, load_kg=40.0)
    lighter = p.deloaded()
    assert (lighter.sets, lighter.load_kg) == (2, 34.0)
    assert replace(p, sets=4).deloaded().sets == 2
    assert replace(p, load_kg=None).deloaded().load_kg is None


# --- scheduling and timing (articles 002, 003; defaults) ------------------------------


def test_sessions_are_at_least_48_hours_apart() -> None:
    at = dt.time(18)
    placed = place_sessions(6, start=dt.date(2026, 11, 23), days=range(7), at=at, per_week=3)
    gaps = {b - a for a, b in itertools.pairwise(placed)}
    assert min(gaps) == dt.timedelta(hours=48)


def test_a_program_runs_5_weeks_by_default(catalog: Catalog) -> None:
    assert program_for(catalog).weeks == 5


def test_time_estimate_counts_4_s_a_rep_45_s_rests_and_30_s_setup() -> None:
    p = Prescription("x", "X", Category.STRENGTH, sets=2, reps=10)
    assert p.seconds() == 30 + 2 * 10 * 4 + 45
    holds = Prescription("x", "X", Category.STRENGTH, sets=1, reps=3, hold_seconds=5)
    assert holds.seconds() == 30 + 3 * (5 + 2)
    spots = Prescription("x", "X", Category.TISSUE_QUALITY, sets=1, spots=3, extensions=4)
    assert spots.seconds() == 30 + 3 * (10 + 4 * 5)


# --- settings, intake and test norms ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "ok"),
    [
        ("HAMCOACH_LOAD_STEP_PCT", "2", True),
        ("HAMCOACH_LOAD_STEP_PCT", "10", True),
        ("HAMCOACH_LOAD_STEP_PCT", "1.9", False),
        ("HAMCOACH_LOAD_STEP_PCT", "10.5", False),
        ("HAMCOACH_LOAD_INCREMENT_KG", "0.25", True),
        ("HAMCOACH_LOAD_INCREMENT_KG", "20", True),
        ("HAMCOACH_LOAD_INCREMENT_KG", "0.2", False),
        ("HAMCOACH_LOAD_INCREMENT_KG", "21", False),
    ],
)
def test_load_settings_stay_within_acsm_2_to_10_percent(
    tmp_path: Path, name: str, value: str, ok: bool
) -> None:
    env = {"HAMCOACH_HOME": str(tmp_path), name: value}
    if ok:
        Settings.from_env(env)
    else:
        with pytest.raises(SettingsError):
            Settings.from_env(env)


def test_default_load_settings_are_5_percent_and_1_kg(tmp_path: Path) -> None:
    settings = Settings.from_env({"HAMCOACH_HOME": str(tmp_path)})
    assert (settings.load_step_pct, settings.load_increment_kg) == (5.0, 1.0)


@pytest.mark.parametrize(("pain", "note"), [(6, False), (7, True)])
def test_pain_7_at_intake_gets_a_start_gently_note(pain: int, note: bool) -> None:
    profile: Profile = parse_profile(profile_data(pain_now=pain)).to_domain()
    notes = " ".join(screen(profile).notes)
    assert ("Start gently" in notes) is note
    if note:
        assert "may reach 5/10" in notes


def test_bridge_test_norms_are_freckleton_2014() -> None:
    ratings = [bridge_rating(n).split()[0] for n in (19, 20, 30, 31)]
    assert ratings == ["poor", "average", "average", "good"]
    assert bridge_rating(25) == "average (about 25)"
    lines = " ".join(
        outcome_lines({"single_leg_bridge_left": 100, "single_leg_bridge_right": 85}, None, GATES)
    )
    assert "gap over 15 %" not in lines
    lines = " ".join(
        outcome_lines({"single_leg_bridge_left": 100, "single_leg_bridge_right": 84}, None, GATES)
    )
    assert "gap over 15 %" in lines


GATES = {"bodyweight_squats": 30, "single_leg_deadlift": 30}


def test_the_progress_report_reads_the_squat_and_deadlift_gates_from_the_catalog(
    catalog: Catalog,
) -> None:
    """The re-test lines count down to the catalog's ladder gate, not to a number of their
    own: a changed gate changes what the report says."""
    assert outcome_gates(catalog) == GATES  # articles 000/001: 30 perfect reps before load
    tests = {"bodyweight_squats": 18, "single_leg_deadlift_left": 30}
    said = outcome_lines(tests, None, outcome_gates(catalog))
    assert "Bodyweight squats with good form: 18 (12 to go before adding load" in said[0]
    assert "Single-leg deadlifts left: 30 (passed for adding weight" in said[1]
    lower = outcome_lines(tests, None, {"bodyweight_squats": 15, "single_leg_deadlift": 31})
    assert "18 (passed: load may be added" in lower[0] and "30 (1 to go" in lower[1]


# --- the planner's entry gates read the catalog (articles 000, 001) -------------------


@pytest.mark.parametrize(("squats", "loaded"), [(29, False), (30, True)])
def test_30_bodyweight_squats_before_loading(catalog: Catalog, squats: int, loaded: bool) -> None:
    program = program_for(
        catalog, equipment=["dumbbell-or-kettlebell"], baseline={"bodyweight_squats": squats}
    )
    assert ("loaded-squat" in program.exercise_ids()) is loaded
    assert included(program)["loaded-squat"] is loaded
    if not loaded:
        reason = next(c.reason for c in program.choices if c.exercise_id == "loaded-squat")
        assert "30 bodyweight squats" in reason


@pytest.mark.parametrize(("reps", "weighted"), [(29, False), (30, True)])
def test_30_single_leg_deadlifts_a_leg_before_weight(
    catalog: Catalog, reps: int, weighted: bool
) -> None:
    program = program_for(
        catalog,
        equipment=["dumbbell-or-kettlebell"],
        baseline={"single_leg_deadlift_left": 40, "single_leg_deadlift_right": reps},
    )
    assert ("weighted-single-leg-deadlift" in program.exercise_ids()) is weighted


@pytest.mark.parametrize(
    ("test", "ball", "start"),
    [
        (9, True, "bridge"),
        (10, True, "single-leg-bridge"),
        (19, True, "single-leg-bridge"),
        (20, True, "ball-hamstring-curl"),
        (20, False, "single-leg-bridge"),
    ],
)
def test_single_leg_bridge_test_under_20_is_poor_and_under_10_starts_on_two_legs(
    catalog: Catalog, test: int, ball: bool, start: str
) -> None:
    kit = ["stability-ball"] if ball else []
    program = program_for(
        catalog,
        equipment=kit,
        baseline={"single_leg_bridge_left": test, "single_leg_bridge_right": 40},
    )
    rungs = {"bridge", "single-leg-bridge", "ball-hamstring-curl"} & program.exercise_ids()
    assert rungs == {start}


@pytest.mark.parametrize(("squats", "start"), [(9, "squat-to-bench"), (10, "bodyweight-squat")])
def test_under_10_good_squats_start_on_a_bench(catalog: Catalog, squats: int, start: str) -> None:
    program = program_for(catalog, baseline={"bodyweight_squats": squats})
    assert start in program.exercise_ids()
    assert ("squat-to-bench" in program.exercise_ids()) is (start == "squat-to-bench")


def test_warm_up_squats_are_1_set_of_10(catalog: Catalog) -> None:
    program = program_for(
        catalog, equipment=["dumbbell-or-kettlebell"], baseline={"bodyweight_squats": 30}
    )
    warm = [i for i in program.sessions[0].items if i.exercise_id == "bodyweight-squat"]
    assert [(i.sets, i.reps) for i in warm] == [(1, 10)]


def test_a_loaded_squat_met_at_baseline_starts_in_week_1_even_with_knee_pain(
    catalog: Catalog,
) -> None:
    data = profile_data(
        pain_area="knee", equipment=["dumbbell-or-kettlebell"], baseline={"bodyweight_squats": 30}
    )
    data["schedule"]["max_minutes"] = 120
    profile: Profile = parse_profile(data).to_domain()
    program = build_program(profile, screen(profile), catalog)
    for week in range(1, program.weeks + 1):
        for s in program.week(week):
            ids = [i.exercise_id for i in s.items]
            assert "loaded-squat" in ids and ids.count("bodyweight-squat") == 1


def test_the_gates_are_the_catalog_criteria(catalog: Catalog) -> None:
    squat = catalog.get("bodyweight-squat").progressions[0]
    assert squat.target == "loaded-squat" and squat.criterion is not None
    assert squat.criterion.value == 30


# --- the session player stops above 5 -----------------------------------------------


def run_player(catalog: Catalog, answers: list[str]) -> tuple[str, Any]:
    out = io.StringIO()
    console = Console(file=out, width=100, color_system=None)
    script = iter(answers)
    player = Player(console, lambda _prompt: next(script), catalog)
    player.scale = 0
    p = dose(catalog, "bridge", sets=1, reps=10)
    return out.getvalue, player.exercise(p, 1, 1)


def test_player_carries_on_at_pain_5(catalog: Catalog) -> None:
    # start; pain 5 at "done as prescribed?", then yes; good form; worst pain 5
    text, result = run_player(catalog, ["", "pain 5", "", "y", "5"])
    assert not result.stopped_for_pain and result.pain == 5
    assert "carry on if it stays at 5 or below" in text()


def test_player_stops_the_exercise_at_pain_6(catalog: Catalog) -> None:
    text, result = run_player(catalog, ["", "pain 6"])
    assert result.stopped_for_pain and result.pain == 6
    assert "Pain 6/10 is above 5: stop this exercise now" in text()


def test_a_cramp_rests_30_seconds(catalog: Catalog) -> None:
    text, result = run_player(catalog, ["cramp", "", "", "y", "0"])
    assert "rest for the cramp (30 s)" in text() and not result.stopped_for_pain


def test_record_pain_raises_only_above_5(catalog: Catalog) -> None:
    player = Player(Console(file=io.StringIO()), lambda _p: "", catalog)
    player.record_pain("5")
    with pytest.raises(StopExercise):
        player.record_pain("6")


# --- nothing restates the numbers ----------------------------------------------------

# The pain thresholds (3 and 5 out of 10) written as digits after the word pain, on
# its line or the next: "pain above 5/10", "pain > 5", "0-3/10", "PAIN_STOP = 5".
RESTATED_PAIN = re.compile(
    r"pain[^\n]{0,60}?\n?[^\n]{0,60}?(\b[35]/10|\b[0-5]-[35]\b"
    r"|\b(above|over|under|below|at|to|reach) [35]\b|[<>=]=? ?[35]\b|\b[35] or (less|below|more))",
    re.IGNORECASE,
)


def restated_pain_numbers(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "rules.py" or "data" in path.relative_to(root).parts:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, (line, after) in enumerate(zip(lines, [*lines[1:], ""], strict=False), 1):
            match = RESTATED_PAIN.search(f"{line}\n{after}")
            if match and match.start() < len(line):
                found.append(f"{path.relative_to(root)}:{n}: {line.strip()}")
    return found


@pytest.mark.source
def test_no_module_restates_the_pain_thresholds() -> None:
    found = restated_pain_numbers(SRC)
    assert not found, "read these from hamcoach.domain.rules:\n" + "\n".join(found)


def test_the_restated_pain_check_catches_a_restatement(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(
        'print("Pain above 5/10: stop.")\nPAIN_STOP = 5\nif pain > 5:\n    pass\n'
        'notes = ("pain may"\n    " reach 5/10")\nmax_pain: int = 3\n'
    )
    assert len(restated_pain_numbers(tmp_path)) == 5


def test_readme_states_the_pain_rules_as_the_code_does() -> None:
    readme = (SRC.parent.parent / "README.md").read_text(encoding="utf-8")
    text = " ".join(readme.split())
    assert (
        f"{R.GREEN_RANGE}/10 that settles by the next morning may progress, "
        f"{R.AMBER_RANGE} repeats, above {R.PAIN_AMBER_MAX}"
    ) in text
    assert f"at least {R.MIN_HOURS_BETWEEN_SESSIONS} hours apart" in text
    assert f"{R.DEFAULT_WEEKS}-week program" in text
