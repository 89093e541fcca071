"""The pictures teach the right form: the key positions, computed from each exercise's pose
data through the body model, are checked against what the articles say.

Each check names the exercises it covers; an exercise added to a family (a loaded squat,
a weighted single-leg deadlift) is checked the same way once its file has poses.
"""

from __future__ import annotations

import numpy as np
import pytest

from hamcoach.catalog.loader import load_catalog
from hamcoach.domain.pose import View
from hamcoach.motion.balance import centre_of_mass
from hamcoach.motion.body import LENGTH, Body
from hamcoach.motion.geometry import angle_at, bend, incline
from hamcoach.motion.place import place

CATALOG = load_catalog().catalog


def body(exercise_id: str, keyframe: str) -> Body:
    ex = CATALOG.get(exercise_id)
    assert ex.poses is not None, f"{exercise_id} has no poses"
    return place(ex.poses, ex.poses.keyframe(keyframe)).body


def last(exercise_id: str) -> str:
    poses = CATALOG.get(exercise_id).poses
    assert poses is not None
    return poses.keyframes[-1].name


def posed(*ids: str) -> list[str]:
    """The ids of an exercise family; a misspelt or missing one fails here instead of
    quietly leaving its check out (every exercise has poses: see the test below)."""
    unknown = [i for i in ids if i not in CATALOG.exercises]
    assert not unknown, f"no such exercises: {unknown}"
    return list(ids)


def knee_flexion(b: Body, side: str = "near") -> float:
    return 180.0 - angle_at(b["hip"], b[f"{side}.knee"], b[f"{side}.ankle"])


@pytest.mark.parametrize("ident", posed("bodyweight-squat", "loaded-squat"))
def test_squats_go_below_90_degrees_with_the_knees_over_the_feet(ident: str) -> None:
    # article 000: below 90 degrees (hips below the knees); knees roughly above the toes
    b = body(ident, last(ident))
    assert b["hip"][1] < b["near.knee"][1], "the hips stay above the knees"
    assert knee_flexion(b) > 90
    assert b["near.knee"][0] - b["near.toe"][0] <= 0.03, "the knees go far past the toes"
    assert b["near.knee"][0] >= b["near.heel"][0], "the knees stay behind the heels"


@pytest.mark.parametrize("ident", posed("single-leg-deadlift", "weighted-single-leg-deadlift"))
def test_single_leg_deadlift_keeps_one_line_from_upper_back_to_raised_heel(ident: str) -> None:
    # article 000: a straight line from the upper back through the lifted leg, hips square
    b = body(ident, last(ident))
    assert bend(b["neck"], b["hip"], b["far.heel"]) <= 15
    assert abs(incline(b["hip"], b["neck"])) <= 25, "the trunk is not near level"
    assert np.allclose(b["near.hip-joint"], b["far.hip-joint"]), "the hips turn open"
    assert knee_flexion(b) <= 30, "the standing knee bends more than slightly"


@pytest.mark.parametrize(
    "ident",
    posed("bridge", "single-leg-bridge", "marching-bridge", "bridge-pillow-squeeze", "ball-bridge"),
)
def test_bridges_lift_the_hips_to_a_straight_shoulder_hip_knee_line(ident: str) -> None:
    first, top = body(ident, CATALOG.get(ident).poses.keyframes[0].name), body(ident, last(ident))  # type: ignore[union-attr]
    assert bend(top["near.shoulder"], top["hip"], top["near.knee"]) <= 10
    assert top["hip"][1] > first["hip"][1] + 0.08, "the hips do not rise"


@pytest.mark.parametrize("ident", posed("ball-hamstring-curl", "single-leg-ball-hamstring-curl"))
def test_ball_curl_ends_with_the_heel_near_the_buttock_and_the_hips_up(ident: str) -> None:
    b = body(ident, last(ident))
    assert np.linalg.norm(b["near.heel"] - b["hip"]) < LENGTH["thigh"]
    assert bend(b["near.shoulder"], b["hip"], b["near.knee"]) <= 10, "the hips drop"
    assert knee_flexion(b) >= 90


def test_jefferson_curl_rolls_the_spine_down_with_straight_knees() -> None:
    b = body("jefferson-curl", last("jefferson-curl"))
    spine = (
        180.0
        - angle_at(b["hip"], b["navel"], b["chest"])
        + 180.0
        - angle_at(b["navel"], b["chest"], b["neck"])
    )
    assert spine >= 50, "the spine does not roll down"
    assert knee_flexion(b) <= 5, "the knees bend"
    assert b["head"][1] < b["hip"][1], "the head does not go below the hips"


@pytest.mark.parametrize("ident", posed("hip-hinge", "romanian-deadlift"))
def test_hip_hinge_keeps_a_neutral_spine_with_bent_knees(ident: str) -> None:
    b = body(ident, last(ident))
    assert bend(b["hip"], b["navel"], b["chest"], b["neck"]) <= 10, "the back rounds"
    assert knee_flexion(b) >= 15, "the knees stay straight"
    assert 90 - abs(incline(b["hip"], b["neck"])) >= 45, "the trunk hardly tips forward"


@pytest.mark.parametrize("ident", posed("nordic-curl", "nordic-curl-eccentric"))
def test_nordic_lowers_with_a_straight_line_from_knees_to_head(ident: str) -> None:
    start, low = body(ident, CATALOG.get(ident).poses.keyframes[0].name), body(ident, last(ident))  # type: ignore[union-attr]
    assert bend(low["near.knee"], low["hip"], low["neck"], low["head"]) <= 10
    assert low["neck"][1] < start["neck"][1] - 0.15, "the body does not lower"
    assert low["near.knee"][1] < 0.06 and low["far.knee"][1] < 0.06, "the knees leave the floor"


def test_tibial_rotation_is_shown_from_the_front_heels_out_then_in() -> None:
    poses = CATALOG.get("seated-tibial-rotation").poses
    assert poses is not None and poses.view is View.FRONT
    names = [k.name for k in poses.keyframes]
    assert names.index("heels-out") < names.index("heels-in")
    out, inward = (
        body("seated-tibial-rotation", "heels-out"),
        body("seated-tibial-rotation", "heels-in"),
    )
    # the near side is the viewer's right (+x): heels out means the heel outside the toes
    assert out["near.heel"][0] > out["near.toe"][0] and out["far.heel"][0] < out["far.toe"][0]
    assert inward["near.heel"][0] < inward["near.toe"][0]
    assert inward["far.heel"][0] > inward["far.toe"][0]


def test_every_exercise_has_poses_from_its_start_to_its_end_of_range() -> None:
    """The loader refuses poses that break a joint's range or miss a contact, so a clean
    load checks them all; this makes sure every exercise has them."""
    missing = sorted(e.id for e in CATALOG.exercises.values() if e.poses is None)
    assert not missing, f"no poses: {', '.join(missing)}"
    for ex in CATALOG.exercises.values():
        assert ex.poses is not None and len(ex.poses.keyframes) >= 2, ex.id


STANDS = [
    (ex.id, k.name)
    for ex in CATALOG.exercises.values()
    if ex.poses is not None
    for k in ex.poses.keyframes
    if all(
        c.surface in ("floor", "step") and c.point.endswith((".foot", ".heel", ".toe"))
        for c in k.contacts
    )
]


@pytest.mark.parametrize(("ident", "keyframe"), STANDS)
def test_a_standing_figure_keeps_its_weight_over_its_feet(ident: str, keyframe: str) -> None:
    """The centre of mass (de Leva's segment masses) lies over the feet on the floor, so no
    picture shows a position a person would topple out of."""
    b = body(ident, keyframe)
    ex = CATALOG.get(ident)
    assert ex.poses is not None
    feet = {c.point.split(".")[0] for c in ex.poses.keyframe(keyframe).contacts}
    xs = [float(b[f"{side}.{end}"][0]) for side in feet for end in ("heel", "toe")]
    assert min(xs) <= centre_of_mass(b)[0] <= max(xs)
