"""A new patient in a real browser, at phone and desktop sizes: sets a password, signs
in, sees today, logs the session, checks in the next morning and sees the dose change
with its reason. Every page is checked with axe-core (no serious or critical
violation) and saved as a screenshot under build/screenshots/."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from browserkit import intake_to_step_three, look, sign_up

from hamcoach.intake.questions import CONDITIONS
from hamcoach.services import accounts
from hamcoach.services.account_ports import Role
from hamcoach.storage.sql import SqlStore
from webkit import Clock

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("size", list(SIZES))
def test_a_new_patient_signs_in_trains_and_sees_the_plan_adapt(
    server: tuple[str, Clock, SqlStore], browser: Any, catalog: Any, size: str
) -> None:
    base, clock, store = server
    start = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    link = accounts.add_user(store, "dana@example.com", Role.PATIENT, now=start,
                             name="Dana Example").link_token  # fmt: skip
    context = browser.new_context(viewport=SIZES[size], device_scale_factor=1)
    page = context.new_page()

    def shot(name: str) -> None:
        look(page, size, name)
        if name == "02-sign-in":  # said once, plainly, where a person first meets it
            assert "does not diagnose" in page.inner_text("main")

    sign_up(page, base, link, "dana@example.com", "mint tea and long walks", shot=shot)
    page.wait_for_url("**/today")
    look(page, size, "03-no-plan-yet")
    intake_to_step_three(page, shot=shot)
    look(page, size, "06-intake-week")
    for _, question in CONDITIONS:  # step 3's health questions: nothing is ticked for you
        page.get_by_role("group", name=question).get_by_label("No").check()
    page.get_by_role("button", name="Make my plan").click()
    page.wait_for_url("**/plan")
    look(page, size, "07-plan")
    assert "Why these exercises" in page.inner_text("main")
    page.get_by_role("link", name="Today").click()
    look(page, size, "08-today")
    assert "Today's session" in page.inner_text("main")
    first = page.locator("ol.items > li").first
    name = first.locator("h2").inner_text()
    first.get_by_role("button", name="Done as prescribed, no pain").click()
    first.get_by_role("status").filter(has_text="Logged").wait_for()  # the card, in place
    look(page, size, "09-logged")
    assert name in first.inner_text() and "Next time:" in first.inner_text()

    clock.move(hours=25)  # the next morning
    page.goto(f"{base}/checkin")
    look(page, size, "10-checkin")
    page.get_by_label("1", exact=True).check()
    page.get_by_role("button", name="Save check-in").click()
    look(page, size, "11-checked-in")
    main = page.inner_text("main")
    assert "Checked in: pain 1/10" in main and f"{name}:" in main

    for path, shot in (("/progress", "12-progress"), ("/history", "12-history"), ("/exercises?q=brige", "13-library"),
                       ("/exercises/bridge", "14-exercise"), ("/settings", "15-settings")):  # fmt: skip
        page.goto(base + path)
        look(page, size, shot)
        if path == "/history":  # a wrong entry: asked first, and kept when the person says so
            page.get_by_role("link", name="Delete").first.click()
            look(page, size, "12-history-delete-asks")
            assert "Delete this entry?" in page.inner_text("main")
            page.get_by_role("link", name="Keep it").click()
            page.wait_for_url("**/history")
    page.goto(base + "/settings")
    page.get_by_role("button", name="Make my calendar address").click()
    look(page, size, "16-calendar-address")
    assert (
        page.get_by_role("link", name="Add to my calendar")
        .get_attribute("href")
        .startswith("webcal://")
    )
    context.close()


def test_the_intake_offers_the_devices_own_time_zone(
    server: tuple[str, Clock, SqlStore], browser: Any
) -> None:
    """Found by a new user's trial: step 3 offered 600 zone names with UTC chosen, whatever
    the phone's zone; the phone's own is chosen now (without JavaScript, UTC stays)."""
    base, _, store = server
    start = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    link = accounts.add_user(store, "lee@example.com", Role.PATIENT, now=start,
                             name="Lee Example").link_token  # fmt: skip
    page = browser.new_context(viewport=SIZES["phone"], timezone_id="Europe/Paris").new_page()
    sign_up(page, base, link, "lee@example.com", "lemon cake on sunday")
    page.wait_for_url("**/today")
    intake_to_step_three(page)
    zone = page.get_by_label("Your time zone")
    zone.wait_for()  # step 3 is shown (the click's POST has answered)
    page.wait_for_load_state("load")  # and its deferred script has run
    assert zone.input_value() == "Europe/Paris"
