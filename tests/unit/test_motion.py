"""The body model and the checks the loader makes of pose data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamcoach.catalog.loader import BUILTIN_DIR, CatalogError, load_catalog
from hamcoach.catalog.yamlfile import Problem
from hamcoach.domain.pose import SIDE_JOINTS, Contact, Keyframe, Poses, View
from hamcoach.motion.body import LENGTH, pose
from hamcoach.motion.place import place, problems

STANDING = Poses(View.SIDE, (Keyframe("a", {}, (Contact("near.foot"),)),) * 2)


def test_standing_body_has_the_published_proportions() -> None:
    b = place(STANDING, STANDING.keyframes[0]).body
    top_of_head = b["neck"][1] + LENGTH["head"]
    assert top_of_head == pytest.approx(1.0, abs=0.03)  # de Leva's lengths add up to stature
    assert b["hip"][1] == pytest.approx(0.53, abs=0.02)  # Winter: hip joint at 0.530 H
    assert b["near.knee"][1] == pytest.approx(0.285, abs=0.02)  # Winter: knee at 0.285 H
    assert b["near.shoulder"][1] == pytest.approx(0.818, abs=0.02)  # Winter: 0.818 H


angles = st.fixed_dictionaries({name: st.floats(r.low, r.high) for name, r in SIDE_JOINTS.items()})


@settings(max_examples=60, deadline=None)
@given(angles)
def test_segments_keep_their_lengths_in_every_pose(values: dict[str, float]) -> None:
    b = pose(Keyframe("k", values, (Contact("near.foot"),)), View.SIDE)
    for side in ("near", "far"):
        assert np.linalg.norm(b[f"{side}.knee"] - b[f"{side}.hip-joint"]) == pytest.approx(
            LENGTH["thigh"]
        )
        assert np.linalg.norm(b[f"{side}.ankle"] - b[f"{side}.knee"]) == pytest.approx(
            LENGTH["shank"]
        )
        assert np.linalg.norm(b[f"{side}.wrist"] - b[f"{side}.elbow"]) == pytest.approx(
            LENGTH["forearm"]
        )
    assert np.linalg.norm(b["chest"] - b["navel"]) == pytest.approx(LENGTH["lumbar"])


def test_a_floating_contact_is_found_with_its_distance() -> None:
    # standing, but the far foot claimed on the floor while that leg is lifted forward
    lifted = Keyframe("k", {"far_hip": 45}, (Contact("near.foot"), Contact("far.foot")))
    found = problems(Poses(View.SIDE, (lifted, lifted)))
    assert [(frame, contact) for frame, contact, _ in found] == [(0, 1), (1, 1)]
    assert (
        found[0][2]
        == "far.foot misses the floor by 0.129 of the body's height (about 23 cm at 1.75 m)"
    )


def test_a_body_through_the_floor_is_found() -> None:
    lying = Keyframe("k", {"pelvis": -90}, (Contact("head"),))  # lying flat, pinned by the head
    assert not problems(Poses(View.SIDE, (lying, lying)))
    upright = Keyframe("k", {}, (Contact("head"),))  # standing, pinned by the head
    found = problems(Poses(View.SIDE, (upright, upright)))
    assert len(found) == 2 and "the body goes 0.9" in found[0][2]
    assert "of the body's height (about 1" in found[0][2] and "below the floor" in found[0][2]


GOOD_POSES = """\
poses:
  view: side
  highlight: [hamstrings]
  keyframes:
    - name: start
      contacts: [near.foot, far.foot]
    - name: bent
      angles: {hip: 20, knee: 30}
      contacts: [near.foot]
"""
CLINIC = (BUILTIN_DIR / "exercises" / "hip-hinge.yaml").read_text(encoding="utf-8")
CLINIC = CLINIC[: CLINIC.index("poses:")].replace("id: hip-hinge", "id: clinic-hinge")


def problems_for(root: Path, poses: str, *, equipment: str = "none") -> list[Problem]:
    path = root / "exercises" / "clinic-hinge.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    clinic = CLINIC.replace("equipment: [none]", f"equipment: [{equipment}]")
    path.write_text(clinic + poses, encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog([BUILTIN_DIR, root])
    return list(info.value.problems)


def test_good_poses_load(tmp_path: Path) -> None:
    path = tmp_path / "exercises" / "clinic-hinge.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(CLINIC + GOOD_POSES, encoding="utf-8")
    ex = load_catalog([BUILTIN_DIR, tmp_path]).catalog.get("clinic-hinge")
    assert ex.poses is not None and ex.poses.keyframe("bent").angles == {"hip": 20, "knee": 30}


def line_of(text: str, needle: str) -> int:
    return (CLINIC + text).splitlines().index(needle) + 1


@pytest.mark.parametrize(
    ("change", "needle", "field", "message"),
    [
        (
            "{hip: 20, knee: 30}",
            "knee: 170",
            "poses.keyframes[1].angles.knee",
            "outside its range -10 to 150",
        ),
        (
            "{hip: 20, knee: 30}",
            "elbowz: 30",
            "poses.keyframes[1].angles.elbowz",
            "no joint 'elbowz' in the side view",
        ),
    ],
)
def test_bad_angles_name_the_joint_the_line_and_the_range(
    tmp_path: Path, change: str, needle: str, field: str, message: str
) -> None:
    text = GOOD_POSES.replace(change, "\n        " + needle)
    [problem] = problems_for(tmp_path, text)
    assert problem.field == field and message in problem.message
    assert problem.line == line_of(text, "        " + needle)


def test_a_prop_the_equipment_lacks_is_refused(tmp_path: Path) -> None:
    text = GOOD_POSES.replace(
        "  keyframes:", "  props: [{prop: stability-ball, x: 0.5}]\n  keyframes:"
    )
    [problem] = problems_for(tmp_path, text)
    assert problem.field == "poses.props[0].prop"
    assert "stability-ball is drawn but the exercise's equipment (none) has none" in problem.message
    assert problem.line == line_of(text, "  props: [{prop: stability-ball, x: 0.5}]")


def test_a_contact_that_misses_is_refused_with_its_line(tmp_path: Path) -> None:
    text = GOOD_POSES.replace(
        "      contacts: [near.foot]\n", "      contacts: [near.foot, far.foot]\n"
    )
    text = text.replace("{hip: 20, knee: 30}", "{far_hip: 45}")
    [problem] = problems_for(tmp_path, text)
    assert problem.field == "poses.keyframes[1].contacts[1]"
    assert "far.foot misses the floor by" in problem.message


def test_shape_errors_are_the_schema_s(tmp_path: Path) -> None:
    text = GOOD_POSES.replace("    - name: bent\n", "    - name: start\n")
    [problem] = problems_for(tmp_path, text)
    assert problem.field == "poses" and "start is used twice" in problem.message


def test_a_body_can_stand_on_a_step_but_not_balance_on_a_ball() -> None:
    from hamcoach.domain.pose import Prop, PropPlacement

    on_step = Keyframe("up", {}, (Contact("near.foot", "step"),))
    step = Poses(View.SIDE, (on_step, on_step), (PropPlacement(Prop.STEP, x=0.2),))
    assert not problems(step)
    b = place(step, on_step).body
    assert b.lowest("near.foot") == pytest.approx(0.1)  # the step's top
    on_ball = Keyframe("up", {}, (Contact("near.foot", "stability-ball"),))
    ball = Poses(View.SIDE, (on_ball, on_ball), (PropPlacement(Prop.STABILITY_BALL, x=0.2),))
    assert problems(ball)[0][2] == "the first contact must be on the floor, a step or a seat"


@pytest.mark.parametrize(
    ("props", "field", "message"),
    [
        ("[{prop: pillow, at: near.elbow}]", "poses.props[0].at",
         "a pillow goes with knee or thigh, not near.elbow"),
        ("[{prop: pillow, at: near.kneecap}]", "poses.props[0].at",
         "unknown body part 'near.kneecap'"),
    ],
)  # fmt: skip
def test_a_carried_prop_goes_with_a_body_part_that_can_hold_it(
    tmp_path: Path, props: str, field: str, message: str
) -> None:
    text = GOOD_POSES.replace("  keyframes:", f"  props: {props}\n  keyframes:")
    found = problems_for(tmp_path, text.replace("equipment", "equipment"), equipment="pillow")
    assert [(p.field, p.message) for p in found] == [(field, message)]
