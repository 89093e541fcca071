"""The guided session in a real browser (timers 100 times faster): one exercise at a time,
holds and rests on a ring, the cramp and pain buttons, and a resume after leaving."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from browserkit import look

from hamcoach.services import accounts
from hamcoach.services.account_ports import Role
from hamcoach.services.patients import add_patient
from hamcoach.storage.sql import SqlStore
from profiles import new_plan, profile_data
from webkit import Clock

PHONE = {"width": 390, "height": 844}


def signed_in(server: tuple[str, Clock, SqlStore], browser: Any, catalog: Any) -> Any:
    base, _, store = server
    start = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    add_patient(store, "Eve Example", now=start, patient_id="eve")
    new_plan(store, catalog, profile_data(name="Eve Example"), patient_id="eve", now=start)
    link = accounts.add_user(store, "eve@example.com", Role.PATIENT, now=start,
                             patient_id="eve").link_token  # fmt: skip
    accounts.set_password(store, link, "green apples in autumn", now=start)
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill("eve@example.com")
    page.get_by_label("Password").fill("green apples in autumn")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/today")
    return page


def do_exercise(page: Any, pain: int) -> None:
    """Press through the sets of the exercise on screen, then give the pain score."""
    section = page.locator("section.exercise:not([hidden])")
    while True:
        go = section.locator("button.go:not([hidden])")
        pain_box = section.locator("fieldset.pain:not([hidden])")
        go.or_(pain_box).first.wait_for()
        if pain_box.is_visible():
            break
        go.click()
    pain_box.get_by_role("button", name=f"Pain {pain} of 10").click()
    section.locator(".result").filter(has_text="Next time").wait_for()
    next_one = section.get_by_role("button", name="Next exercise")
    if next_one.is_visible():
        next_one.click()


def logged(store: SqlStore) -> list[str]:
    with store.unit_of_work() as uow:
        plan = uow.plans.active("eve")
        assert plan is not None
        return [r.log.exercise_id for r in uow.training.logs(plan.uid)]


def test_the_guided_session_runs_every_exercise_and_logs_it(
    server: tuple[str, Clock, SqlStore], browser: Any, catalog: Any
) -> None:
    _, _, store = server
    page = signed_in(server, browser, catalog)
    page.get_by_role("link", name="Start the guided session").click()
    page.wait_for_url("**/session")
    names = page.locator("section.exercise h2").all_inner_texts()
    look(page, "phone", "20-player-before-start")
    page.get_by_role("button", name="Start").click()
    look(page, "phone", "21-player-started")
    # a cramp on the first exercise rests, then the session carries on
    page.locator("section.exercise:not([hidden]) button.cramp").click()
    page.get_by_role("status").filter(has_text="Carry on when the cramp has gone").wait_for()
    for n in range(len(names)):
        if n == 1:
            look(page, "phone", "22-player-exercise")
        do_exercise(page, pain=1)
    page.get_by_text("Session done").wait_for()
    look(page, "phone", "23-player-done")
    assert len(logged(store)) == len(names)


def test_red_pain_stops_the_exercise_and_leaving_resumes_where_it_stopped(
    server: tuple[str, Clock, SqlStore], browser: Any, catalog: Any
) -> None:
    base, _, store = server
    page = signed_in(server, browser, catalog)
    page.goto(f"{base}/session")
    first = page.locator("section.exercise h2").first.inner_text()
    page.get_by_role("button", name="Start").click()
    section = page.locator("section.exercise:not([hidden])")
    section.locator("button.hurt").click()
    section.get_by_role("button", name="Pain 8 of 10").click()
    page.get_by_role("status").filter(has_text="stop this exercise now").first.wait_for()
    section.locator(".result").filter(has_text="Saved.").wait_for()
    # the stop is said once when the pain is given, and not again with the saved result;
    # red pain at the easiest dose pauses the exercise: said, and no 'next time' for it
    # (found by a new user's trial: the player said 'Next time: Leg swings' over a pause)
    result = section.locator(".result").inner_text()
    assert result.count("stop this exercise now") == 1
    assert "is paused" in result and "see a physical therapist" in result
    assert "Next time" not in result
    spoken = page.locator("#player-status").inner_text()
    assert spoken.startswith("Saved. Leg swings is paused") and "stop this exercise" not in spoken
    look(page, "phone", "player-paused")
    section.get_by_role("button", name="Next exercise").click()
    with store.unit_of_work() as uow:
        plan = uow.plans.active("eve")
        assert plan is not None
        (log,) = uow.training.logs(plan.uid)
    assert log.log.pain == 8 and log.log.exercise_id == page.locator(
        "section.exercise"
    ).first.get_attribute("data-exercise")
    # one set of the second exercise, then the person leaves and comes back
    second = page.locator("section.exercise:not([hidden])")
    before = second.locator(".now").inner_text()
    second.locator("button.go:not([hidden])").click()
    if len(json.loads(second.get_attribute("data-sets"))) > 1:  # wait until the set counts
        page.wait_for_function(
            "t => document.querySelector('section.exercise:not([hidden]) .now').innerText != t",
            arg=before,
        )
    page.goto(f"{base}/today")
    page.goto(f"{base}/session")
    page.get_by_role("button", name="Carry on where you stopped").click()
    current = page.locator("section.exercise:not([hidden])")
    assert current.locator("h2").inner_text() != first  # the first is logged already
    sets = json.loads(current.get_attribute("data-sets"))
    if len(sets) > 1:  # it goes on from the set after the one done before leaving
        after = sets[1]
        current.locator(".now").filter(has_text="Set").wait_for()
        now = current.locator(".now").inner_text()
        assert now.startswith(f"Set {after['set']}")
        assert (after["side"] or "") in now


def test_logging_from_today_updates_the_card_in_place(
    server: tuple[str, Clock, SqlStore], browser: Any, catalog: Any
) -> None:
    _, _, store = server
    page = signed_in(server, browser, catalog)
    card = page.locator("ol.items > li").first
    card.get_by_role("button", name="Done as prescribed, no pain").click()
    card.get_by_role("status").filter(has_text="Logged").wait_for()
    assert page.url.endswith("/today")  # htmx swapped the card; no new page
    assert "Next time:" in card.inner_text()
    second = page.locator("ol.items > li").nth(1)
    second.get_by_text("Did it differently, or it hurt?").click()
    second.get_by_label("Reps per set").fill("ten")
    second.get_by_label("Worst pain during or after").select_option("2")
    second.get_by_role("button", name="Save").click()
    page.locator("#problem").get_by_role("alert").wait_for()
    assert "is not a whole number" in page.locator("#problem").inner_text()
    assert len(logged(store)) == 1
    look(page, "phone", "24-today-htmx")


def test_a_pain_stop_during_a_hold_ends_its_timer_and_counts_nothing_after(
    server: tuple[str, Clock, SqlStore], browser: Any, catalog: Any
) -> None:
    base, _, store = server
    page = signed_in(server, browser, catalog)
    page.goto(f"{base}/session")
    page.get_by_role("button", name="Start").click()
    do_exercise(page, pain=1)  # leg swings
    section = page.locator("section.exercise:not([hidden])")
    held = section.get_attribute("data-exercise")
    section.get_by_role("button", name="Start the hold").click()  # a hold starts...
    section.locator("button.hurt").click()  # ...and hurts at once
    section.get_by_role("button", name="Pain 8 of 10").click()
    section.locator(".result").filter(has_text="Next time").wait_for()
    # the stop is said once when the pain is given, and not again with the saved result
    assert section.locator(".result").inner_text().count("stop this exercise now") == 1
    spoken = page.locator("#player-status").inner_text()
    assert spoken.startswith("Saved. Next time") and "stop this exercise" not in spoken
    section.get_by_role("button", name="Next exercise").click()
    page.wait_for_timeout(1500)  # longer than the interrupted hold would have run
    page.locator("section.exercise:not([hidden]) .now").filter(has_text="Set").wait_for()
    now = page.locator("section.exercise:not([hidden]) .now").inner_text()
    assert now.startswith("Set 1"), now  # nothing of the stopped hold landed here
    with store.unit_of_work() as uow:
        plan = uow.plans.active("eve")
        assert plan is not None
        stopped = [r for r in uow.training.logs(plan.uid) if r.log.exercise_id == held]
    assert len(stopped) == 1 and stopped[0].log.pain == 8


def test_an_exercise_stopped_for_pain_offers_no_more_sets_and_gives_none_to_the_next(
    server: tuple[str, Clock, SqlStore], browser: Any, catalog: Any
) -> None:
    """After a stop for red pain mid-set, the stopped exercise's 'Set done' is gone; a tap
    that still reaches it counts nothing, and the next exercise starts at its first set
    and logs only its own sets."""
    base, _, store = server
    page = signed_in(server, browser, catalog)
    page.goto(f"{base}/session")
    page.get_by_role("button", name="Start").click()
    section = page.locator("section.exercise:not([hidden])")
    go = section.locator("button.go")
    go.wait_for()  # set 1 is on screen, waiting for 'Set done'
    section.locator("button.hurt").click()
    section.get_by_role("button", name="Pain 8 of 10").click()
    section.locator(".result").filter(has_text="Saved.").wait_for()
    assert go.is_hidden() and section.locator(".tools").is_hidden()
    go.dispatch_event("click")  # a late tap on the stopped exercise's button
    page.wait_for_timeout(300)
    section.get_by_role("button", name="Next exercise").click()
    second = page.locator("section.exercise:not([hidden])")
    second.locator(".now").filter(has_text="Set").wait_for()
    sets = json.loads(second.get_attribute("data-sets"))
    side = f" ({sets[0]['side']} side)" if sets[0]["side"] else ""
    assert second.locator(".now").inner_text().startswith(f"Set 1{side}:")
    second_id = second.get_attribute("data-exercise")
    do_exercise(page, pain=1)
    with store.unit_of_work() as uow:
        plan = uow.plans.active("eve")
        assert plan is not None
        logs = {r.log.exercise_id: r.log for r in uow.training.logs(plan.uid)}
    done = [(x.reps, x.hold_seconds, x.side) for x in logs[second_id].sets]
    assert done == [(x["reps"] or 0, x["hold"], x["side"]) for x in sets]
