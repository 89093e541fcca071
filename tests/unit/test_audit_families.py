"""The form audit beyond squats, on recordings made from each exercise's own poses: the rep
count, and which reps carry which fault, through a detector's noise, jumps and dropped
points and frames, other heights, speeds, frame rates, facings and camera angles."""

from __future__ import annotations

import pytest

from hamcoach.audit.analyse import audit, mistake_for
from hamcoach.audit.families import CHECKS, FAMILIES
from hamcoach.audit.keypoints import KeypointFileError, Track, make_track
from hamcoach.audit.report import Audit
from hamcoach.audit.synthetic import Camera, Plan, landmarks
from hamcoach.catalog.loader import load_catalog
from hamcoach.domain.pose import View

CATALOG = load_catalog().catalog
DETECTOR = {"noise_px": 2.0, "jump_chance": 0.01, "drop_point": 0.05, "drop_frame": 0.03}
"""A detector's flaws, on every recording unless a test says otherwise."""

BRIDGES = ("bridge", "single-leg-bridge", "bridge-pillow-squeeze", "ball-bridge")
SIDE_FAULTS = {
    "bridge": ("hips-not-high", "toes-push", "rushing"),
    "single-leg-bridge": ("hips-not-high", "toes-push", "rushing"),
    "bridge-pillow-squeeze": ("hips-not-high", "toes-push", "rushing"),
    "ball-bridge": ("hips-not-high", "rushing"),
    "ball-hamstring-curl": ("hips-drop", "leg-not-straight", "heel-short", "rushing"),
    "single-leg-ball-hamstring-curl": ("hips-drop", "leg-not-straight", "heel-short", "rushing"),
    "single-leg-deadlift": ("hips-open", "back-v", "back-first", "rushing"),
    "weighted-single-leg-deadlift": ("hips-open", "back-v", "back-first", "rushing"),
    "nordic-curl": ("hips-break", "rushing"),
    "nordic-curl-eccentric": ("hips-break", "rushing"),
}
FRONT_FAULTS = {ex: ("hips-not-level",) for ex in BRIDGES}
CURLS = ("ball-hamstring-curl", "single-leg-ball-hamstring-curl")


def record(exercise: str, plan: Plan) -> Track:
    poses = CATALOG.get(exercise).poses
    assert poses is not None
    raw = landmarks(poses, plan, FAMILIES[exercise].synth)
    return make_track("mediapipe-33", raw, fps=plan.fps)


def run(exercise: str, plan: Plan, standing: str | None = None) -> Audit:
    return audit(record(exercise, plan), CATALOG.get(exercise), side=standing)  # type: ignore[arg-type]


def faults(result: Audit) -> dict[int, set[str]]:
    """Rep number -> the checks that found a fault in it (reps without any left out)."""
    return {r.number: {f.check for f in r.findings} for r in result.reps if r.findings}


CASES = [(ex, View.SIDE, f) for ex, fs in SIDE_FAULTS.items() for f in fs] + [
    (ex, View.FRONT, f) for ex, fs in FRONT_FAULTS.items() for f in fs
]


@pytest.mark.parametrize(
    ("exercise", "view"),
    [(ex, v) for ex in sorted(SIDE_FAULTS) for v in (View.SIDE, View.FRONT) if ex not in CURLS]
    + [(ex, View.SIDE) for ex in CURLS],
)
def test_clean_reps_are_counted_and_good(exercise: str, view: View) -> None:
    """Clean reps have no fault; they are good form only when the view allows every
    essential check (a bridge's height is seen from the side): from the front they are
    'no fault seen', not good form, and say which check was not made."""
    result = run(exercise, Plan(reps=5, view=view, seed=31, **DETECTOR))
    assert result.view == view.value
    assert len(result.reps) == 5 and not faults(result), faults(result)
    made = {c.id for c in CHECKS[exercise]} - {s.check for s in result.skipped}
    needs = {c.id for c in CHECKS[exercise] if c.view not in (None, view)}
    assert {s.check for s in result.skipped} == needs
    assert "rushing" in made
    unseen = tuple(c.id for c in CHECKS[exercise] if c.essential and c.id in needs)
    assert all(r.unverified == unseen for r in result.reps)
    assert result.good_reps == (0 if unseen else 5)
    assert result.unverified_reps == (5 if unseen else 0)
    assert any(c.essential for c in CHECKS[exercise])


@pytest.mark.parametrize(("exercise", "view", "fault"), CASES)
def test_a_fault_is_found_in_its_reps_only(exercise: str, view: View, fault: str) -> None:
    plan = Plan(reps=5, view=view, faults={2: {fault: 1.0}, 4: {fault: 0.8}}, seed=17, **DETECTOR)
    result = run(exercise, plan)
    assert len(result.reps) == 5
    assert faults(result) == {2: {fault}, 4: {fault}}
    finding = result.reps[1].findings[0]
    check = next(c for c in CHECKS[exercise] if c.id == fault)
    assert check.faulty(finding.value, finding.threshold)
    mistake = mistake_for(check, CATALOG.get(exercise).mistakes)
    assert mistake is not None and finding.correction == mistake.correction


@pytest.mark.parametrize(
    ("exercise", "height_px", "speed", "fps", "facing", "turn"),
    [
        ("bridge", 300, 1.0, 30, 1.0, 10.0),
        ("single-leg-bridge", 900, 1.1, 60, -1.0, -12.0),
        ("bridge-pillow-squeeze", 500, 1.3, 25, -1.0, 0.0),
        ("ball-bridge", 700, 1.2, 50, 1.0, 8.0),
        ("ball-hamstring-curl", 450, 0.9, 30, -1.0, 10.0),
        ("single-leg-ball-hamstring-curl", 800, 1.2, 60, 1.0, 0.0),
        ("single-leg-deadlift", 350, 1.1, 25, 1.0, -10.0),
        ("weighted-single-leg-deadlift", 650, 0.9, 50, -1.0, 6.0),
        ("nordic-curl", 550, 1.0, 30, -1.0, 12.0),
        ("nordic-curl-eccentric", 750, 1.25, 60, 1.0, 0.0),
    ],
)
def test_heights_speeds_rates_facings_and_camera_angles(
    exercise: str, height_px: float, speed: float, fps: float, facing: float, turn: float
) -> None:
    side = SIDE_FAULTS[exercise]
    camera = Camera(height_px=height_px, x_px=height_px, floor_px=1.2 * height_px, facing=facing)
    plan = Plan(
        reps=6,
        faults={3: {side[0]: 1.0}, 5: {side[-1]: 1.0}},
        speed=speed,
        fps=fps,
        camera=camera,
        turn=turn,
        seed=int(height_px),
        **DETECTOR,
    )
    result = run(exercise, plan)
    assert result.view == "side" and len(result.reps) == 6
    assert faults(result) == {3: {side[0]}, 5: {side[-1]}}


@pytest.mark.parametrize("seed", [700, 701])
def test_a_poor_detector_still_gives_the_reps_and_their_faults(seed: int) -> None:
    plan = Plan(
        reps=6,
        faults={2: {"hips-not-high": 1.0}, 5: {"toes-push": 1.0}},
        seed=seed,
        camera=Camera(height_px=400, x_px=400, floor_px=500),
        noise_px=4.0,
        jump_chance=0.04,
        drop_point=0.15,
        drop_frame=0.15,
    )
    result = run("single-leg-bridge", plan)
    assert len(result.reps) == 6
    assert faults(result) == {2: {"hips-not-high"}, 5: {"toes-push"}}


def test_a_camera_at_an_angle_says_which_checks_it_cannot_make() -> None:
    result = run("bridge", Plan(reps=3, turn=25.0, seed=3, **DETECTOR))
    assert result.view == "oblique" and len(result.reps) == 3
    reasons = {s.check: s.reason for s in result.skipped}
    assert set(reasons) == {"hips-not-level", "hips-not-high", "toes-push"}
    assert reasons["hips-not-level"].startswith("needs a front view; the camera is at an angle")


def test_a_weak_fault_stays_under_its_threshold() -> None:
    plan = Plan(reps=3, faults={2: {"hips-not-high": 0.2, "toes-push": 0.2}}, seed=4, noise_px=1.0)
    assert faults(run("bridge", plan)) == {}


def test_the_lifted_leg_is_found_or_taken_as_said() -> None:
    """The single-leg bridge's checks read the working leg: found as the lower ankle, or as
    --side says it; said wrongly, the straight line is measured to the lifted knee."""
    plan = Plan(reps=3, faults={2: {"hips-not-high": 1.0}}, seed=5, **DETECTOR)
    assert faults(run("single-leg-bridge", plan)) == {2: {"hips-not-high"}}
    assert faults(run("single-leg-bridge", plan, standing="left")) == {2: {"hips-not-high"}}
    wrong = run("single-leg-bridge", plan, standing="right")
    assert len(wrong.reps) == 3 and wrong.good_reps < 3
    with pytest.raises(ValueError, match="left or right"):
        run("single-leg-bridge", plan, standing="both")


def test_an_exercise_without_checks_is_refused() -> None:
    track = record("bridge", Plan(reps=2, seed=1))
    with pytest.raises(KeypointFileError, match="no form checks for marching-bridge"):
        audit(track, CATALOG.get("marching-bridge"))


def test_a_ball_curl_seen_from_the_front_cannot_be_counted() -> None:
    plan = Plan(reps=3, view=View.FRONT, seed=6, **DETECTOR)
    with pytest.raises(KeypointFileError) as error:
        run("ball-hamstring-curl", plan)
    assert str(error.value) == (
        "the reps of ball-hamstring-curl are counted from the knee's angle, which needs a "
        "side view; this recording is seen from the front"
    )


@pytest.mark.parametrize("exercise", ["single-leg-deadlift", "nordic-curl-eccentric"])
def test_several_faults_in_one_recording(exercise: str) -> None:
    first, *rest = SIDE_FAULTS[exercise]
    last = rest[-1]
    plan = Plan(
        reps=7,
        faults={2: {first: 1.0}, 3: {first: 0.9, last: 1.0}, 6: {last: 1.0}},
        seed=41,
        **DETECTOR,
    )
    result = run(exercise, plan)
    assert len(result.reps) == 7
    assert faults(result) == {2: {first}, 3: {first, last}, 6: {last}}
    assert result.most_common() is not None


def test_the_single_leg_deadlift_reads_the_leg_it_is_told_stands() -> None:
    """The V is measured to the free leg's heel: told the wrong leg stands, the line runs
    to the standing heel and every rep looks folded."""
    plan = Plan(reps=3, faults={2: {"back-v": 1.0}}, seed=8, **DETECTOR)
    assert faults(run("single-leg-deadlift", plan, standing="left")) == {2: {"back-v"}}
    wrong = faults(run("single-leg-deadlift", plan, standing="right"))
    assert all("back-v" in found for found in wrong.values()) and len(wrong) == 3
