"""docs/keypoints.md and the code say the same: every check with its threshold and view,
every field of the JSON report, every skeleton; and a camera at an angle is said so."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from hamcoach.audit.analyse import audit
from hamcoach.audit.checks import CHECKS, FAMILIES, SQUAT_CHECKS
from hamcoach.audit.keypoints import INDEX, SKELETONS, Track
from hamcoach.audit.report import as_json
from hamcoach.audit.signal import View, view_of
from hamcoach.audit.synthetic import Plan, landmarks
from hamcoach.domain.catalog import Catalog

DOC = (Path(__file__).parents[2] / "docs" / "keypoints.md").read_text(encoding="utf-8")


def table_rows(first_cell: str) -> dict[str, list[str]]:
    """Rows of the checks table (five cells) whose first cell starts with ``first_cell``."""
    rows = {}
    for line in DOC.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and cells[0].startswith(first_cell) and len(cells) == 5:
            rows[cells[0]] = cells
    return rows


def test_the_checks_table_is_the_code() -> None:
    rows = table_rows("`")
    documented = {re.match(r"`([\w-]+)`", k).group(1): v for k, v in rows.items()}  # type: ignore[union-attr]
    every = {c.id: c for checks in CHECKS.values() for c in checks}
    for check in every.values():
        row = documented[check.id]
        assert check.title in row[0], check.id
        view = check.view.value if check.view else "any"
        assert row[3] == view, check.id
        if check.id != "rushing":  # its threshold is a share of the tempo, said in words
            assert f"{check.threshold:g}" in row[2], (check.id, row[2])
    assert set(documented) == set(every)
    for exercise, family in FAMILIES.items():
        assert f"`{exercise}`" in DOC, exercise
        assert family.signal_says in " ".join(DOC.split()), family.name


def named(field: str) -> bool:
    """Whether the doc names a field, as `field` or as a list, `field[]`."""
    return re.search(rf"`(\w+\[\]\.)?{re.escape(field)}(\[\])?`", DOC) is not None


def test_every_json_field_is_documented(catalog: Catalog) -> None:
    squat = catalog.get("bodyweight-squat")
    assert squat.poses is not None
    from hamcoach.audit.keypoints import make_track

    plan = Plan(reps=2, faults={1: {"depth": 1.0}}, seed=3)
    data = as_json(audit(make_track("mediapipe-33", landmarks(squat.poses, plan), fps=30), squat))
    for key, value in data.items():
        assert named(key), key
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for field in value[0]:
                assert named(field), f"{key}.{field}"
    for field in [*data["reps"][0]["faults"][0], *data["summary"]]:
        assert named(field), field


def test_every_skeleton_is_documented() -> None:
    for name in SKELETONS:
        assert f"`{name}`" in DOC


def test_a_camera_at_an_angle_makes_neither_views_checks(catalog: Catalog) -> None:
    squat = catalog.get("bodyweight-squat")
    assert squat.poses is not None
    from hamcoach.audit.keypoints import make_track

    side = make_track("mediapipe-33", landmarks(squat.poses, Plan(reps=3, seed=6)), fps=30)
    points = side.points.copy()
    height = np.nanmax(points[..., 1]) - np.nanmin(points[..., 1])
    # the near side a little to the left of the far side: a camera turned about 35 degrees
    for name in INDEX:
        if name.startswith("left_"):
            points[:, INDEX[name], 0] -= 0.07 * height
    turned = Track(points, side.fps, side.skeleton)
    from hamcoach.audit.signal import smooth_track

    assert view_of(smooth_track(turned))[0] is View.OBLIQUE
    result = audit(turned, squat)
    assert len(result.reps) == 3
    reasons = {s.check: s.reason for s in result.skipped}
    assert set(reasons) == {c.id for c in SQUAT_CHECKS if c.view is not None}
    assert all("the camera is at an angle" in r for r in reasons.values())
