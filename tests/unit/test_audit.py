"""The form audit on recordings made from the body model, whose truth is known: the rep
count, and which reps carry which fault, through noise, jumps, dropped points and frames,
other heights, speeds, frame rates and facings."""

from __future__ import annotations

import re

import numpy as np
import pytest

from hamcoach.audit.analyse import audit, mistake_for
from hamcoach.audit.checks import CHECKS, DEPTH, KNEES_IN_DOWN, KNEES_IN_UP
from hamcoach.audit.keypoints import KeypointFileError, Track, make_track
from hamcoach.audit.report import Audit, as_json
from hamcoach.audit.signal import View, fill_gaps, segment, smooth
from hamcoach.audit.synthetic import Camera, Plan, landmarks
from hamcoach.domain.catalog import Catalog, Exercise
from hamcoach.domain.pose import View as PoseView

DETECTOR = {"noise_px": 2.0, "jump_chance": 0.01, "drop_point": 0.05, "drop_frame": 0.03}
"""A detector's flaws, on every recording unless a test says otherwise."""


def record(exercise: Exercise, plan: Plan, skeleton: str = "mediapipe-33") -> Track:
    assert exercise.poses is not None
    return make_track(skeleton, landmarks(exercise.poses, plan), fps=plan.fps)


def faults(result: Audit) -> dict[int, set[str]]:
    """Rep number -> the checks that found a fault in it (reps without any left out)."""
    return {r.number: {f.check for f in r.findings} for r in result.reps if r.findings}


@pytest.fixture
def squat(catalog: Catalog) -> Exercise:
    return catalog.get("bodyweight-squat")


def test_clean_reps_are_counted_and_good(squat: Exercise) -> None:
    result = audit(record(squat, Plan(reps=7, seed=3, **DETECTOR)), squat)
    assert len(result.reps) == 7
    assert result.good_reps == 7 and result.most_common() is None
    assert result.view == "side"
    assert {s.check for s in result.skipped} == {"knees-in-down", "knees-in-up"}
    for rep in result.reps:
        assert 0.8 < rep.phases.down < 2.2 and 0.8 < rep.phases.up < 2.2
        assert rep.start < rep.end


@pytest.mark.parametrize(
    "fault", ["depth", "trunk-lean", "knees-past-toes", "heels-lift", "rushing"]
)
def test_a_side_view_fault_is_found_in_its_rep_only(squat: Exercise, fault: str) -> None:
    plan = Plan(reps=5, faults={2: {fault: 1.0}, 4: {fault: 1.0}}, seed=11, **DETECTOR)
    result = audit(record(squat, plan), squat)
    assert len(result.reps) == 5
    assert faults(result) == {2: {fault}, 4: {fault}}
    assert result.most_common() == next(c.title for c in CHECKS[squat.id] if c.id == fault)


@pytest.mark.parametrize("fault", ["knees-in-down", "knees-in-up"])
def test_knees_caving_in_is_seen_from_the_front(squat: Exercise, fault: str) -> None:
    plan = Plan(reps=4, view=PoseView.FRONT, faults={3: {fault: 1.0}}, seed=5, **DETECTOR)
    result = audit(record(squat, plan), squat)
    assert result.view == "front" and len(result.reps) == 4
    assert faults(result) == {3: {fault}}
    skipped = {s.check: s.reason for s in result.skipped}
    assert set(skipped) == {"depth", "knees-past-toes", "heels-lift", "trunk-lean"}
    assert "needs a side view" in skipped["depth"]


def test_several_faults_in_one_recording(squat: Exercise) -> None:
    plan = Plan(
        reps=8,
        faults={2: {"depth": 1.0}, 3: {"heels-lift": 1.0, "rushing": 1.0}, 6: {"trunk-lean": 1.0}},
        seed=21,
        **DETECTOR,
    )
    result = audit(record(squat, plan), squat)
    assert len(result.reps) == 8
    assert faults(result) == {2: {"depth"}, 3: {"heels-lift", "rushing"}, 6: {"trunk-lean"}}
    depth = result.reps[1].findings[0]
    assert depth.value < 90 == depth.threshold and depth.unit == "degrees"
    assert result.reps[1].start <= depth.at <= result.reps[1].end
    assert depth.mistake == "Stopping at 90 degrees."  # the catalog's own mistake and correction
    assert depth.correction.startswith("Go lower")


@pytest.mark.parametrize(
    ("height_px", "speed", "fps", "facing"),
    [(300, 1.0, 30, 1.0), (900, 0.8, 60, -1.0), (500, 1.4, 25, -1.0), (700, 1.2, 50, 1.0)],
)
def test_heights_speeds_rates_and_facings(
    squat: Exercise, height_px: float, speed: float, fps: float, facing: float
) -> None:
    camera = Camera(height_px=height_px, x_px=height_px, floor_px=1.2 * height_px, facing=facing)
    plan = Plan(
        reps=6,
        faults={3: {"knees-past-toes": 1.0}, 5: {"depth": 1.0}},
        speed=speed,
        fps=fps,
        camera=camera,
        seed=int(height_px),
        **DETECTOR,
    )
    result = audit(record(squat, plan), squat)
    assert len(result.reps) == 6
    assert faults(result) == {3: {"knees-past-toes"}, 5: {"depth"}}


@pytest.mark.parametrize("turn", [0.0, 37.0, 160.0, -95.0])
def test_world_keypoints_make_every_check_whichever_way_the_person_faces(
    squat: Exercise, turn: float
) -> None:
    from hamcoach.audit.keypoints import Space, Up
    from hamcoach.audit.synthetic import world

    assert squat.poses is not None
    plan = Plan(
        reps=4, faults={2: {"heels-lift": 1.0}, 3: {"trunk-lean": 1.0}}, seed=12, **DETECTOR
    )
    metres = world(landmarks(squat.poses, plan), plan, turn=turn)
    track = make_track("mediapipe-33", metres, fps=30, space=Space.WORLD, up=Up.PLUS_Z)
    result = audit(track, squat)
    assert result.view == "3-d" and not result.skipped
    assert len(result.reps) == 4
    assert faults(result) == {2: {"heels-lift"}, 3: {"trunk-lean"}}


@pytest.mark.parametrize("seed", [600, 601, 602])
def test_a_poor_detector_still_gives_the_reps_and_their_faults(squat: Exercise, seed: int) -> None:
    """Noise of 1.5 % of the height, a twentieth of the points jumping, a fifth of the points
    and a fifth of the frames lost, on a person 400 pixels tall."""
    faults_in = {2: {"depth": 1.0}, 4: {"knees-past-toes": 1.0}, 5: {"heels-lift": 1.0}}
    plan = Plan(
        reps=6,
        faults=faults_in,
        seed=seed,
        camera=Camera(height_px=400, x_px=400, floor_px=500),
        noise_px=6.0,
        jump_chance=0.05,
        drop_point=0.2,
        drop_frame=0.2,
    )
    result = audit(record(squat, plan), squat)
    assert len(result.reps) == 6
    assert faults(result) == {n: set(f) for n, f in faults_in.items()}


def test_a_weak_fault_stays_under_its_threshold(squat: Exercise) -> None:
    plan = Plan(reps=3, faults={2: {"depth": 0.2}}, seed=4, noise_px=1.0)
    assert faults(audit(record(squat, plan), squat)) == {}


def test_coco_has_no_feet_so_foot_checks_are_not_made(squat: Exercise) -> None:
    from hamcoach.audit.keypoints import COCO_17, MEDIAPIPE_33

    assert squat.poses is not None
    mp = landmarks(squat.poses, Plan(reps=3, faults={2: {"depth": 1.0}}, seed=8))
    coco = mp[:, [MEDIAPIPE_33.index(n) for n in COCO_17]]
    result = audit(make_track("coco-17", coco, fps=30), squat)
    assert len(result.reps) == 3 and faults(result) == {2: {"depth"}}
    reasons = {s.check: s.reason for s in result.skipped}
    assert reasons["heels-lift"] == "the coco-17 skeleton has no heels"
    assert reasons["knees-past-toes"] == "the coco-17 skeleton has no toes"


def test_a_recording_cut_mid_rep_counts_only_whole_reps(squat: Exercise) -> None:
    track = record(squat, Plan(reps=3, seed=2))
    third = audit(track, squat).reps[2]
    bottom = third.start_frame + round((third.phases.down + third.phases.bottom) * track.fps)
    cut = Track(track.points[: bottom + 3], track.fps, track.skeleton)
    result = audit(cut, squat)
    assert len(result.reps) == 2
    assert any("stops in the middle of a rep" in n for n in result.notes)


def test_a_person_leaving_the_picture_ends_the_rep_where_they_left(squat: Exercise) -> None:
    """Seen on a real clip: a rep went on through the seconds after the person had gone."""
    track = record(squat, Plan(reps=3, seed=2))
    whole = audit(track, squat)
    third = whole.reps[2]
    rising = third.end_frame - round(third.phases.up * track.fps / 4)  # three quarters up
    points = track.points.copy()
    points[rising:] = np.nan  # gone from the picture, the recording running on
    late = np.full((40, *points.shape[1:]), np.nan)  # and coming in 40 frames late
    result = audit(Track(np.concatenate([late, points]), track.fps, track.skeleton), squat)
    assert len(result.reps) == 3
    assert result.reps[2].end_frame <= 40 + rising
    for kept, rep in zip(whole.reps[:2], result.reps, strict=False):
        assert abs(rep.start_frame - 40 - kept.start_frame) <= 1
        assert abs(rep.end_frame - 40 - kept.end_frame) <= 1


def test_a_long_stretch_unseen_mid_recording_is_said_and_no_rep_spans_it(
    squat: Exercise,
) -> None:
    """Found in a new user's trial: 3.3 s of dropped frames merged the reps on either side
    into one 'good' rep and hid the shallow one between them, without a word."""
    track = record(squat, Plan(reps=3, faults={2: {"depth": 1.0}}, seed=2))
    whole = audit(track, squat)
    second = whole.reps[1]
    points = track.points.copy()
    points[second.start_frame - 5 : second.end_frame + 5] = np.nan
    result = audit(Track(points, track.fps, track.skeleton), squat)
    kept = [f for r in (whole.reps[0], whole.reps[2]) for f in (r.start_frame, r.end_frame)]
    assert [f for r in result.reps for f in (r.start_frame, r.end_frame)] == pytest.approx(
        kept, abs=1
    )
    assert [r.number for r in result.reps] == [1, 2]
    gone = [n for n in result.notes if "not seen well enough to follow" in n]
    assert len(gone) == 1
    found = re.search(r"from ([0-9.]+) s to ([0-9.]+) s", gone[0])
    assert found is not None
    start, stop = float(found[1]), float(found[2])
    assert start <= (second.start_frame - 5) / track.fps + 0.05  # the smoothing widens it
    assert stop >= (second.end_frame + 5) / track.fps - 0.05
    assert stop - start < (second.end_frame - second.start_frame + 10) / track.fps + 0.5


def test_no_hips_or_ankles_is_an_error_not_an_empty_report(squat: Exercise) -> None:
    track = record(squat, Plan(reps=2))
    blank = Track(np.full_like(track.points, np.nan), track.fps, track.skeleton)
    with pytest.raises(KeypointFileError, match="hips above the ankles"):
        audit(blank, squat)


def test_a_point_where_nobody_stands_is_an_error(squat: Exercise) -> None:
    flat = np.ones((30, 17, 4))  # every joint in one place
    with pytest.raises(KeypointFileError, match="hips above the ankles"):
        audit(make_track("coco-17", flat, fps=30), squat)


def test_squat_to_bench_has_no_depth_check_and_its_own_corrections(catalog: Catalog) -> None:
    bench = catalog.get("squat-to-bench")
    assert DEPTH not in CHECKS[bench.id]
    assert mistake_for(KNEES_IN_UP, bench.mistakes) is not None
    assert mistake_for(KNEES_IN_DOWN, bench.mistakes) is None  # its mistake is on rising
    loaded = catalog.get("loaded-squat")
    both = {mistake_for(c, loaded.mistakes) for c in (DEPTH, KNEES_IN_DOWN)}
    assert len(both) == 1 and None not in both  # "knees cave, depth shrinks"
    result = audit(record(bench, Plan(reps=3, seed=9)), bench)
    assert len(result.reps) == 3 and result.good_reps == 3


def test_json_lists_every_check_with_threshold_view_and_source(squat: Exercise) -> None:
    result = audit(record(squat, Plan(reps=2, faults={1: {"depth": 1.0}}, seed=1)), squat)
    data = as_json(result)
    assert data["summary"] == {
        "reps": 2,
        "good_form": 1,
        "not_fully_checked": 0,
        "most_common_fault": "not deep enough",
        "faults": {"not deep enough": 1},
    }
    assert {c["check"] for c in data["checks"]} == {c.id for c in CHECKS[squat.id]}
    assert [c["check"] for c in data["checks"] if c["essential"]] == ["depth"]
    assert all(c["source"] and c["view"] in ("side", "front", "any") for c in data["checks"])
    fault = data["reps"][0]["faults"][0]
    assert fault["check"] == "depth" and fault["threshold"] == 90.0


def test_smoothing_keeps_a_fast_rep_and_drops_a_one_frame_jump() -> None:
    t = np.arange(60) / 30
    fast = 100 * np.sin(np.pi * t / 2) ** 2  # one rep in 2 s
    noisy = fast.copy()
    noisy[20] += 80
    out = smooth(noisy[:, None], 30.0)[:, 0]
    assert abs(out[20] - fast[20]) < 3
    assert out.max() > 97  # the bottom is kept


def test_short_gaps_are_filled_and_long_ones_kept() -> None:
    x = np.arange(100, dtype=float)
    x[10:14] = np.nan
    x[40:80] = np.nan
    out = fill_gaps(x[:, None], 15)[:, 0]
    assert np.allclose(out[10:14], np.arange(10, 14))
    assert np.isnan(out[40:80]).all()


def test_reps_that_never_stand_fully_up_are_still_apart() -> None:
    t = np.arange(300) / 30
    dip = 0.25 + 0.2 * np.cos(2 * np.pi * t / 2)  # bouncing between 0.05 and 0.45
    reps, cut = segment(dip, 30.0)
    assert (
        len(reps) == 4 and cut
    )  # the first dip is already down at the start; the last not back up


def test_view_is_worked_out_from_the_geometry(squat: Exercise) -> None:
    from hamcoach.audit.signal import smooth_track, view_of

    side = record(squat, Plan(reps=1))
    front = record(squat, Plan(reps=1, view=PoseView.FRONT))
    assert view_of(smooth_track(side))[0] is View.SIDE
    assert view_of(smooth_track(front))[0] is View.FRONT
