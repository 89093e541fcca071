"""The view rep by rep: a person who turns between reps (seen from the front, then from the
side) has each check made only in the reps seen from the view it needs, and each rep
says which checks it did not make; a note says the view changed."""

from __future__ import annotations

import numpy as np
import pytest

from hamcoach.audit.analyse import audit
from hamcoach.audit.families import CHECKS, FAMILIES
from hamcoach.audit.keypoints import make_track
from hamcoach.audit.report import Audit, as_json
from hamcoach.audit.signal import View as SeenView
from hamcoach.audit.synthetic import Plan, landmarks
from hamcoach.catalog.loader import load_catalog
from hamcoach.cli.audit_cmds import report_lines
from hamcoach.domain.pose import View

CATALOG = load_catalog().catalog
DETECTOR = {"noise_px": 2.0, "jump_chance": 0.01, "drop_point": 0.05, "drop_frame": 0.03}


def turned(
    exercise: str, front: dict[int, dict[str, float]], side: dict[int, dict[str, float]]
) -> Audit:
    """Three reps seen from the front, then three from the side (the person turned a
    quarter between them), faults at the given reps of each part."""
    poses = CATALOG.get(exercise).poses
    assert poses is not None
    synth = FAMILIES[exercise].synth
    parts = [
        landmarks(poses, Plan(reps=3, view=view, faults=faults, seed=seed, **DETECTOR), synth)
        for view, faults, seed in ((View.FRONT, front, 1), (View.SIDE, side, 2))
    ]
    return audit(make_track("mediapipe-33", np.concatenate(parts), fps=30.0), CATALOG.get(exercise))


def views_of(exercise: str, view: SeenView) -> set[str]:
    return {c.id for c in CHECKS[exercise] if c.view is view}


@pytest.mark.parametrize(
    ("exercise", "front_fault", "side_fault"),
    [("bodyweight-squat", "knees-in-down", "depth"), ("bridge", "hips-not-level", "hips-not-high")],
)
def test_each_check_is_made_only_in_the_reps_seen_from_its_view(
    exercise: str, front_fault: str, side_fault: str
) -> None:
    result = turned(exercise, {2: {front_fault: 1.0}}, {2: {side_fault: 1.0}})
    assert len(result.reps) == 6 and result.skipped == ()
    front, side = views_of(exercise, SeenView.FRONT), views_of(exercise, SeenView.SIDE)
    assert [r.view for r in result.reps] == ["front"] * 3 + ["side"] * 3
    assert [set(r.not_in_view) for r in result.reps] == [side] * 3 + [front] * 3
    assert {r.number: {f.check for f in r.findings} for r in result.reps if r.findings} == {
        2: {front_fault},
        5: {side_fault},
    }
    note = next(n for n in result.notes if n.startswith("The view changes"))
    assert "reps 1-3 from the front, reps 4-6 from the side" in note


def test_the_report_and_the_json_say_which_checks_a_rep_did_not_make() -> None:
    result = turned("bodyweight-squat", {}, {})
    lines = report_lines(result)
    said = [line.strip() for line in lines if "in this rep:" in line]
    assert (
        said
        == [
            "seen from the front in this rep: side-view checks not made "
            "(depth, knees-past-toes, heels-lift, trunk-lean)"
        ]
        * 3
        + [
            "seen from the side in this rep: front-view checks not made (knees-in-down, knees-in-up)"
        ]
        * 3
    )
    data = as_json(result)
    assert [r["view"] for r in data["reps"]] == ["front"] * 3 + ["side"] * 3
    assert data["reps"][4]["not_in_view"] == ["knees-in-down", "knees-in-up"]
    for rep, verdict in zip(data["reps"], result.reps, strict=True):
        assert rep["frames"][0] <= rep["deepest_frame"] <= rep["frames"][1]
        assert rep["deepest_frame"] == verdict.deepest_frame


def test_one_view_throughout_leaves_every_rep_whole() -> None:
    """A recording seen from the front only: the side checks are not made at all (said
    once, for the recording), and no rep lists any check as not made for its view."""
    poses = CATALOG.get("bodyweight-squat").poses
    assert poses is not None
    raw = landmarks(poses, Plan(reps=3, view=View.FRONT, seed=5, **DETECTOR))
    result = audit(make_track("mediapipe-33", raw, fps=30.0), CATALOG.get("bodyweight-squat"))
    assert [r.view for r in result.reps] == ["front"] * 3
    assert all(r.not_in_view == () for r in result.reps)
    assert {s.check for s in result.skipped} == views_of("bodyweight-squat", SeenView.SIDE)
    assert not any(n.startswith("The view changes") for n in result.notes)
    assert not any("in this rep:" in line for line in report_lines(result))
