"""Today says what is paused and why. Found by a new user's trial: red pain at the easiest
dose paused leg swings, but Today showed only a green 'Done and logged', and the pause and
its advice (see a physical therapist) were in the plan's history alone."""

from __future__ import annotations

import html
import re

from webkit import Web


def text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).strip())


def test_today_lists_what_is_paused_with_its_advice(web: Web) -> None:
    c, csrf = web.signed_in("ann@example.com")
    assert "Stopped for now" not in text(c.get("/today").text)
    log = {"exercise_id": "leg-swings", "performed_on": "2026-11-23", "pain": 7,
           "sets": [{"reps": 10}]}  # fmt: skip

    r = c.post("/api/v1/patients/ann/logs", headers={"x-csrf-token": csrf}, json=log)

    assert r.status_code == 201
    [pause] = r.json()["pauses"]
    assert pause.startswith("Leg swings is paused") and "see a physical therapist" in pause
    page = c.get("/today").text
    words = text(page)
    assert "Stopped for now " + pause in words
    assert re.search(r'<section class="alert" role="alert" aria-labelledby="stopped">', page)
    b, _ = web.signed_in("ben@example.com")
    assert "Stopped for now" not in text(b.get("/today").text)  # Ann's pause is Ann's


def test_a_check_in_problem_is_said_on_the_form_with_what_was_typed_kept(web: Web) -> None:
    """Found by a new user's trial: a check-in with no pain chosen, or stiffness 'ab', led
    to a page with only 'Back to the start page', the answers lost, and the reps' example
    (12,12,10) as the hint for a stiffness score."""
    c, _ = web.signed_in("ann@example.com")
    csrf = web.page_csrf(c, "/checkin")
    for form, says in (
        ({}, "Pain: choose a number from 0 to 10."),
        ({"pain": "3", "stiffness": "ab"}, "Stiffness: a whole number from 0 to 10, not 'ab'."),
        ({"pain": "3", "stiffness": "11"}, "Stiffness: a whole number from 0 to 10, not '11'."),
        ({"pain": "3", "day": "2030-01-01"}, "2030-01-01 is in the future"),
    ):
        r = c.post("/checkin", data={"csrf": csrf, **form})
        page = html.unescape(r.text)
        assert r.status_code == 400 and f'role="alert">{says}' in page, (form, text(page)[:200])
        assert 'action="/checkin"' in page  # the form again, not a dead end
        if "pain" in form:
            assert f'value="{form["pain"]}" required checked' in page
        if "stiffness" in form:
            assert (
                f'name="stiffness" inputmode="numeric" maxlength="2" value="{form["stiffness"]}"'
                in page
            )
    with web.store.unit_of_work() as uow:
        plan = uow.plans.active("ann")
        assert plan is not None and not uow.training.checkins(plan.uid)
