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


def test_the_rest_of_a_session_begun_today_leaves_out_what_is_paused(web: Web) -> None:
    """Found by a new user's trial (in the terminal's `today`): a session begun on a day
    listed an exercise paused for pain, though the sessions to do left it out."""
    c, csrf = web.signed_in("ann@example.com")
    web.clock.at = web.clock.at.replace(day=25, hour=19)  # Wednesday: session 2's day
    red = {"exercise_id": "leg-swings", "performed_on": "2026-11-23", "pain": 7,
           "sets": [{"reps": 10}]}  # fmt: skip
    assert c.post("/api/v1/patients/ann/logs", headers={"x-csrf-token": csrf},
                  json=red).status_code == 201  # fmt: skip
    today = c.get("/api/v1/patients/ann/today").json()["session"]
    assert "leg-swings" not in {i["exercise_id"] for i in today["items"]}  # to do: left out
    begun = {"exercise_id": "bridge", "performed_on": "2026-11-25", "pain": 1,
             "sets": [{"reps": 10}, {"reps": 10}]}  # fmt: skip
    assert c.post("/api/v1/patients/ann/logs", headers={"x-csrf-token": csrf},
                  json=begun).status_code == 201  # fmt: skip
    today = c.get("/api/v1/patients/ann/today").json()["session"]
    assert today["today"] is True and today["number"] == 2
    assert "leg-swings" not in {i["exercise_id"] for i in today["items"]}  # begun: still out
    assert "bridge" in {i["exercise_id"] for i in today["items"]}


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


def test_the_api_shows_a_paused_exercise_as_stopped_with_no_next_dose(web: Web) -> None:
    """Found by the browser diary: red pain at the easiest dose paused leg swings, and the
    API's answer still gave 'next' (the same dose) as if it would be done. A paused
    exercise has no next dose: the answer says it is stopped, and why, as Today does."""
    c, csrf = web.signed_in("ann@example.com")
    red = {"exercise_id": "leg-swings", "performed_on": "2026-11-23", "pain": 7,
           "sets": [{"reps": 10}]}  # fmt: skip

    answer = c.post("/api/v1/patients/ann/logs", headers={"x-csrf-token": csrf}, json=red).json()

    assert answer["next"] is None
    assert answer["stopped"].startswith("Leg swings is paused from 2026-11-24")
    assert "see a physical therapist" in answer["stopped"]
    assert "Stopped for now " + answer["stopped"] in text(c.get("/today").text)  # Today's words
    # logged again while paused (a session typed in late): still no next dose
    web.clock.move(days=2)
    again = dict(red, performed_on="2026-11-25", pain=1)
    answer = c.post("/api/v1/patients/ann/logs", headers={"x-csrf-token": csrf}, json=again).json()
    assert answer["next"] is None and answer["pauses"] == []  # not new: said once, when made
    assert answer["stopped"].startswith("Leg swings is paused")
    # an exercise not paused keeps its next dose, and nothing stopped
    fine = {"exercise_id": "bridge", "performed_on": "2026-11-25", "pain": 1,
            "sets": [{"reps": 10}, {"reps": 10}]}  # fmt: skip
    answer = c.post("/api/v1/patients/ann/logs", headers={"x-csrf-token": csrf}, json=fine).json()
    assert answer["stopped"] is None and answer["next"]["exercise_id"] == "bridge"
    # the schema says so: 'next' may be null, and 'stopped' says why
    schema = c.get("/api/v1/openapi.json").json()
    post = schema["paths"]["/api/v1/patients/{patient_id}/logs"]["post"]
    answer_schema = post["responses"]["201"]["content"]["application/json"]["schema"]
    ref = answer_schema["$ref"].rsplit("/", 1)[1]
    fields = schema["components"]["schemas"][ref]["properties"]
    assert {"type": "null"} in fields["next"]["anyOf"] and "stopped" in fields
    assert "paused" in fields["next"]["description"]


def test_a_paused_exercise_logged_from_a_page_says_stopped_not_next_time(web: Web) -> None:
    """The pages say it as the API does: a log of a paused exercise shows no next dose."""
    c, csrf = web.signed_in("ann@example.com")
    red = {"exercise_id": "leg-swings", "performed_on": "2026-11-23", "pain": 7,
           "sets": [{"reps": 10}]}  # fmt: skip
    [pause] = c.post("/api/v1/patients/ann/logs", headers={"x-csrf-token": csrf},
                     json=red).json()["pauses"]  # fmt: skip
    web.clock.move(days=2)
    form = {"csrf": web.page_csrf(c), "exercise_id": "leg-swings", "reps": "10", "pain": "1"}
    card = c.post("/log", data=form, headers={"hx-request": "true"})
    assert card.status_code == 200
    said = text(card.text)
    assert "Stopped for now. " + pause in said and "Next time" not in said
    page = c.get(c.post("/log", data=form).headers["location"])  # the entry's own page
    said = text(page.text)
    assert "Stopped for now. " + pause in said and "Next time" not in said
