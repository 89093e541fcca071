"""Equipment in Settings, in a real browser at phone and desktop sizes: tick a dumbbell, see
what it opens (loaded squats, earned at the start, with a button; the weighted single-leg
deadlift, not yet earned, only announced; the Romanian deadlift, with nothing of its kind to
replace, with a button that adds it), take up loaded squats with a tap, untick it and see
why the squats went back, tick it again and add the deadlift.
Each page is checked with axe-core and saved under build/screenshots/."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from browserkit import look

from hamcoach.services.patients import add_patient
from hamcoach.storage.sql import SqlStore
from profiles import new_plan, profile_data
from webkit import PASSWORD, Clock, add_account

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("size", list(SIZES))
def test_equipment_is_ticked_offered_taken_and_dropped(
    server: tuple[str, Clock, SqlStore], browser: Any, catalog: Any, size: str
) -> None:
    base, _, store = server
    start = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    add_patient(store, "Ann Example", now=start, patient_id="ann")
    ann = profile_data(name="Ann Example", baseline={"bodyweight_squats": 30})  # gate passed
    new_plan(store, catalog, ann, patient_id="ann", now=start)
    add_account(store, "ann@example.com", "ann", start)
    context = browser.new_context(viewport=SIZES[size], device_scale_factor=1)
    page = context.new_page()
    page.goto(base + "/login")
    page.get_by_label("E-mail").fill("ann@example.com")
    page.get_by_label("Password").fill(PASSWORD["ann@example.com"])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/today")

    page.goto(base + "/settings")
    page.get_by_label("dumbbell or kettlebell").check()
    page.get_by_role("button", name="Save my equipment").click()
    look(page, size, "30-equipment-offers")
    main = page.inner_text("main")
    assert "What your new equipment opens" in main and "Nothing is added unless" in main
    assert page.get_by_label("dumbbell or kettlebell").is_checked()
    assert (
        "The next step up from Single-leg deadlift, now that you have dumbbell or "
        "kettlebell: the plan moves you up to it by itself once you have earned it (what earns it: 30 slow"
    ) in main
    assert page.get_by_role("button", name="Do it instead of Single-leg deadlift").count() == 0

    page.get_by_role("button", name="Do it instead of Bodyweight squat").click()
    look(page, size, "31-equipment-taken")
    assert "Loaded squat takes the place of Bodyweight squat" in page.inner_text("main")

    page.get_by_label("dumbbell or kettlebell").uncheck()
    page.get_by_role("button", name="Save my equipment").click()
    look(page, size, "32-equipment-dropped")
    main = page.inner_text("main")
    assert "What changed in your sessions" in main
    assert "Loaded squat needs dumbbell or kettlebell, which you no longer have" in main

    page.get_by_label("dumbbell or kettlebell").check()  # back: the deadlift is offered again
    page.get_by_role("button", name="Save my equipment").click()
    assert "None of your exercises is of its kind" in page.inner_text("main")
    page.get_by_role("button", name="Add it to my sessions").click()  # the Romanian deadlift
    look(page, size, "33-equipment-added")
    assert "Romanian deadlift is added to your sessions from today" in page.inner_text("main")
    context.close()
