"""The pictures, parsed: the static SVG has a panel per keyframe with the body, its
highlight, its props and the arrows; the animation's timing is the exercise's tempo; the
PNG is a real image of the drawing's size; an exercise without poses still gets a frame."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from hamcoach import pictures
from hamcoach.catalog.loader import load_catalog
from hamcoach.pictures.animate import seconds
from hamcoach.pictures.canvas import HIGHLIGHT, PROP_FILL

CATALOG = load_catalog().catalog
SVG = "{http://www.w3.org/2000/svg}"
POSED = sorted(i for i, e in CATALOG.exercises.items() if e.poses is not None)


@pytest.mark.parametrize("ident", POSED)
def test_static_picture_has_a_numbered_panel_per_keyframe(ident: str) -> None:
    ex = CATALOG.get(ident)
    assert ex.poses is not None
    root = ET.fromstring(pictures.static_svg(ex))
    panels = root.findall(f"{SVG}g[@class='keyframe']")
    assert [p.get("data-name") for p in panels] == [k.name for k in ex.poses.keyframes]
    for n, panel in enumerate(panels, start=1):
        caption = panel.findall(f"{SVG}text")[-1]
        assert caption is not None and caption.text is not None
        assert caption.text.startswith(f"{n}. ")
        lines = panel.findall(f"{SVG}line")
        assert len(lines) >= 15 * (2 if n > 1 else 1), "the body (and its ghost) are drawn"
        if ex.poses.highlight:
            assert any(line.get("stroke") == HIGHLIGHT for line in lines)
    # every panel after the first has an arrow along the motion
    arrows = root.findall(f".//{SVG}line[@marker-end='url(#arrow)']")
    assert len(arrows) == len(panels) - 1
    assert root.find(f"{SVG}title") is not None


def test_props_are_drawn() -> None:
    root = ET.fromstring(pictures.static_svg(CATALOG.get("ball-hamstring-curl")))
    balls = [c for c in root.iter(f"{SVG}circle") if c.get("fill") == PROP_FILL]
    assert len(balls) == 2  # one ball in each panel, rolled in for the second
    assert balls[0].get("cx") != balls[1].get("cx")


def test_animation_loops_at_the_exercise_tempo() -> None:
    ex = CATALOG.get("bridge")  # article 000: up in about 1 s, down in about 3 s
    assert ex.poses is not None
    root = ET.fromstring(pictures.animated_svg(ex))
    animations = list(root.iter(f"{SVG}animate"))
    assert animations and all(a.get("repeatCount") == "indefinite" for a in animations)
    assert {a.get("dur") for a in animations} == {f"{seconds(ex.poses):g}s"} == {"5s"}
    times = [float(t) for t in animations[0].get("keyTimes", "").split(";")]
    assert times[0] == 0 and times[-1] == 1 and times == sorted(times)
    values = animations[0].get("values", "").split(";")
    assert len(values) == len(times) and len(set(values)) > 2, "the figure moves"


def test_png_is_an_image_of_the_drawing() -> None:
    svg = pictures.static_svg(CATALOG.get("bodyweight-squat"))
    data = pictures.png(svg, ppi=72)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    w = float(re.search(r'width="([\d.]+)"', svg).group(1))  # type: ignore[union-attr]
    assert abs(width - w) <= 2 and height > 100
    # the figure is really drawn: the body's near-black ink covers part of the image
    import io

    from PIL import Image

    grey = Image.open(io.BytesIO(data)).convert("L")
    histogram = grey.histogram()
    dark = sum(histogram[:60]) / (grey.width * grey.height)
    assert 0.01 < dark < 0.5


def test_an_exercise_without_poses_gets_a_frame_that_says_so() -> None:
    ex = replace(CATALOG.get("bridge"), poses=None)
    for svg in (pictures.static_svg(ex), pictures.animated_svg(ex)):
        root = ET.fromstring(svg)
        texts = [t.text for t in root.iter(f"{SVG}text")]
        assert texts == ["Bridge", pictures.NO_POSES]


IN_BETWEEN = 0.02
"""How far (heights) an in-between frame of an animation may dip below the floor: its
angles are interpolated, not authored, so it gets a little more room than a keyframe's
0.015; a limb swinging through the floor shows as far more (the trial found 0.03-0.09)."""


@pytest.mark.parametrize("ident", POSED)
def test_no_frame_of_an_animation_goes_through_the_floor(ident: str) -> None:
    from hamcoach.pictures.animate import timeline

    poses = CATALOG.get(ident).poses
    assert poses is not None
    for moment in timeline(poses):
        assert moment.placed.body.bottom() >= -IN_BETWEEN, f"{ident} at {moment.at:.2f} s"


def test_turning_feet_are_also_shown_from_above() -> None:
    """Seen from the front, a foot turning in or out hardly shows; the picture adds the
    feet from above, heels marked, so 'heels out, then in' can be seen."""
    root = ET.fromstring(pictures.static_svg(CATALOG.get("seated-tibial-rotation")))
    assert "feet from above" in [t.text for t in root.iter(f"{SVG}text")]
    heels = [
        [float(c.get("cx", "0")) for c in panel.iter(f"{SVG}circle") if c.get("fill") == "#ffffff"
         and c.get("opacity") is None]
        for panel in root.findall(f"{SVG}g[@class='keyframe']")
    ]  # fmt: skip
    spread = [max(h) - min(h) for h in heels]  # neutral, heels out, heels in
    assert spread[1] > spread[0] > spread[2]


def test_a_wall_behind_a_side_on_person_is_drawn_behind_the_figure() -> None:
    """Leg swings: side-on to a wall with a hand on it (the steps), so the wall is behind
    the figure, under it in the drawing, in every panel."""
    root = ET.fromstring(pictures.static_svg(CATALOG.get("leg-swings")))
    for panel in root.findall(f"{SVG}g[@class='keyframe']"):
        shapes = [e.tag.split("}")[1] + (e.get("fill") or "") for e in panel]
        wall = shapes.index(f"rect{PROP_FILL}")
        first_body_line = next(i for i, s in enumerate(shapes) if s.startswith("line"))
        assert wall < first_body_line
