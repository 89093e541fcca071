"""The pictures in a real browser: the animated SVG plays without any script and reaches
each keyframe at the time the exercise's tempo says; the exercise page and the session
player show their pictures (loaded, not broken) at phone size."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from browserkit import sign_up

from hamcoach import pictures
from hamcoach.services import accounts
from hamcoach.services.account_ports import Role
from hamcoach.storage.sql import SqlStore
from webkit import Clock

SVG = "{http://www.w3.org/2000/svg}"
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.mark.parametrize(("ident", "at"), [("bridge", 1.0), ("bridge", 0.0)])
def test_the_animation_plays_and_reaches_each_keyframe_on_time(
    tmp_path: Path, browser: Any, catalog: Any, ident: str, at: float
) -> None:
    # bridge: up in 1 s (the 'top' keyframe at 1 s), held 1 s, down in 3 s
    svg = pictures.animated_svg(catalog.get(ident))
    path = tmp_path / "anim.svg"
    path.write_text(svg, encoding="utf-8")
    first = ET.fromstring(svg).find(f"{SVG}line/{SVG}animate[@attributeName='x2']/..")
    assert first is not None
    animate = first.find(f"{SVG}animate[@attributeName='y2']")
    assert animate is not None
    times = [float(t) * 5 for t in animate.get("keyTimes", "").split(";")]
    expected = float(animate.get("values", "").split(";")[times.index(at)])
    page = browser.new_page()
    page.goto(path.as_uri())
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.getCurrentTime()") > 0, "it does not play"
    got = page.evaluate(
        f"""() => {{ const s = document.documentElement; s.pauseAnimations();
        s.setCurrentTime({at}); return s.querySelector('line:has(animate)').y2.animVal.value; }}"""
    )
    assert got == pytest.approx(expected, abs=0.2)
    page.close()


def test_exercise_page_and_player_show_their_pictures(
    server: tuple[str, Clock, SqlStore], browser: Any
) -> None:
    base, clock, store = server
    link = accounts.add_user(store, "pia@example.com", Role.PATIENT, now=clock()).link_token
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_up(page, base, link, "pia@example.com", "mint tea and long walks")
    page.wait_for_url("**/*")
    page.goto(f"{base}/exercises/single-leg-deadlift")
    images = page.locator("figure.picture img")
    assert images.count() == 2
    for n in range(2):
        image = images.nth(n)
        image.scroll_into_view_if_needed()
        assert image.evaluate("i => i.complete && i.naturalWidth > 100"), image.get_attribute("src")
        assert "single-leg deadlift" in (image.get_attribute("alt") or "").lower()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "phone-17-exercise-picture.png"), full_page=False)
    context.close()
