"""Moving missed sessions forward on a phone (390x844): Today offers it after a missed
week, its page says where each missed session goes before anything moves, and one tap moves
them and shows the plan with what moved. Each page is checked with axe-core and saved under
build/screenshots/ (phone-reschedule-today.png, phone-reschedule.png,
phone-reschedule-done.png)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from browserkit import look

from hamcoach.services.patients import add_patient
from hamcoach.storage.sql import SqlStore
from profiles import new_plan, profile_data
from webkit import PASSWORD, Clock, add_account

PHONE = {"width": 390, "height": 844}


def test_a_missed_week_is_moved_forward_on_a_phone(
    server: tuple[str, Clock, SqlStore], browser: Any, catalog: Any
) -> None:
    base, clock, store = server
    start = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    add_patient(store, "Ann Example", now=start, patient_id="ann")
    new_plan(store, catalog, profile_data(name="Ann Example"), patient_id="ann", now=start)
    add_account(store, "ann@example.com", "ann", start)
    clock.at = dt.datetime(2026, 11, 28, 9, tzinfo=dt.UTC)  # Saturday: sessions 1-3 missed
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.goto(base + "/login")
    page.get_by_label("E-mail", exact=True).fill("ann@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD["ann@example.com"])
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url("**/today")
    look(page, "phone", "reschedule-today")
    assert "Nothing logged for 3 sessions" in page.inner_text("main")

    page.get_by_role("link", name="Move my missed sessions forward", exact=True).click()
    page.wait_for_url("**/plan/reschedule")
    look(page, "phone", "reschedule")
    main = page.inner_text("main")
    assert "You missed 3 sessions" in main
    assert "Session 1 (week 1), due Mon 23 Nov: Monday 30 November at 18:00" in main
    assert "12 sessions after them move along in order" in main

    page.get_by_role("button", name="Move them forward", exact=True).click()
    page.wait_for_url("**/plan?moved=*")
    look(page, "phone", "reschedule-done")
    main = page.inner_text("main")
    assert "Moved 15 sessions forward" in main
    assert "Session 1 is now on Monday 30 November at 18:00" in main
    page.get_by_role("link", name="Today", exact=True).click()
    assert "Monday 30 November at 18:00 · week 1, session 1 of 15" in page.inner_text("main")
    context.close()
