"""Back and reload after a form, in a real browser: a saved log or check-in answers with a
redirect to a page that is read with GET (Post/Redirect/Get), so going back to it, or
reloading it, shows it again without Chromium's "Confirm Form Resubmission" page and
without saving the entry twice. Found by the five-week browser diary.

JavaScript is off: the forms post as plain forms (htmx does not take them over), as on a
phone with scripts blocked, or from the guided session's own "done" form."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from hamcoach.services.patients import add_patient
from hamcoach.storage.sql import SqlStore
from profiles import new_plan, profile_data
from webkit import PASSWORD, Clock, add_account


def signed_in_without_scripts(base: str, clock: Clock, store: SqlStore, browser: Any,
                              catalog: Any) -> Any:  # fmt: skip
    start = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    add_patient(store, "Ann Example", now=start, patient_id="ann")
    new_plan(store, catalog, profile_data(name="Ann Example"), patient_id="ann", now=start)
    add_account(store, "ann@example.com", "ann", start)
    clock.at = dt.datetime(2026, 11, 23, 18, 45, tzinfo=dt.UTC)  # Monday: session 1
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(base + "/login")
    page.get_by_label("E-mail").fill("ann@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD["ann@example.com"])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/today")
    return page


def entries(store: SqlStore) -> tuple[list[str], list[str]]:
    """The logged exercises and the check-in days stored for Ann."""
    with store.unit_of_work() as uow:
        plan = uow.plans.active("ann")
        assert plan is not None
        logs = [r.log.exercise_id for r in uow.training.logs(plan.uid)]
        checkins = [c.checkin.on.isoformat() for c in uow.training.checkins(plan.uid)]
    return logs, checkins


def back_and_reload_show_it_again(page: Any, heading: re.Pattern[str]) -> None:
    """Away to Today by the page's link, then Back to the saved page, then reload it."""
    saved_at = page.url
    page.get_by_role("link", name="Back to today").click()
    page.wait_for_url("**/today")
    answer = page.go_back()
    assert answer is not None and answer.request.method == "GET" and answer.ok, saved_at
    assert page.url == saved_at
    assert page.get_by_role("heading", name=heading).is_visible()
    answer = page.reload()
    assert answer is not None and answer.request.method == "GET" and answer.ok
    assert page.get_by_role("heading", name=heading).is_visible()


def test_a_log_then_back_and_reload_neither_asks_to_resubmit_nor_logs_twice(
    server: tuple[str, Clock, SqlStore], browser: Any, catalog: Any
) -> None:
    base, clock, store = server
    page = signed_in_without_scripts(base, clock, store, browser, catalog)
    first = page.locator("ol.items > li").first
    name = first.locator("h2").inner_text()
    with page.expect_navigation() as saved:
        first.get_by_role("button", name="Done as prescribed, no pain").click()
    assert saved.value.request.method == "GET"  # the answer to the POST is a redirect
    assert saved.value.request.redirected_from.method == "POST"
    logged = re.compile(f"^Logged: {re.escape(name)}$")
    assert page.get_by_role("heading", name=logged).is_visible()
    assert "Next time" in page.inner_text("main")

    back_and_reload_show_it_again(page, logged)

    logs, _ = entries(store)
    assert len(logs) == 1  # logged once, however often the page was seen again
    page.context.close()


def test_a_check_in_then_back_and_reload_neither_asks_to_resubmit_nor_saves_twice(
    server: tuple[str, Clock, SqlStore], browser: Any, catalog: Any
) -> None:
    base, clock, store = server
    page = signed_in_without_scripts(base, clock, store, browser, catalog)
    page.locator("ol.items > li").first.get_by_role(
        "button", name="Done as prescribed, no pain"
    ).click()
    clock.move(hours=14)  # Tuesday morning
    page.goto(base + "/checkin")
    page.get_by_label("1", exact=True).check()
    with page.expect_navigation() as saved:
        page.get_by_role("button", name="Save check-in").click()
    assert saved.value.request.method == "GET"
    assert saved.value.request.redirected_from.method == "POST"
    checked = re.compile(r"^Checked in: pain 1\/10$")  # "\/": Playwright sends it as /.../
    assert page.get_by_role("heading", name=checked).is_visible()
    assert "What changes" in page.inner_text("main")  # Monday's session stepped on

    back_and_reload_show_it_again(page, checked)

    assert "replaces the check-in you gave earlier" not in page.inner_text("main")
    _, checkins = entries(store)
    assert checkins == ["2026-11-24"]
    page.context.close()
