"""The intake in the browser's forms, over HTTP: the same questions and rules as
`hamcoach start`; an emergency answer stops at once; a clinician flag refers."""

from __future__ import annotations

import html
import json
import re

from fastapi.testclient import TestClient

from hamcoach.domain.profile import PainArea
from hamcoach.domain.screening import Urgency, questions_for
from hamcoach.intake.questions import CONDITIONS
from hamcoach.services import accounts
from hamcoach.services.account_ports import Role
from pagetree import alerts, form_values, problem_beside
from webkit import Web

NO_CONDITIONS = {key: "no" for key, _ in CONDITIONS}
"""Step 3's health questions, each answered no (nothing is answered for the person)."""


def text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).strip()


def newcomer(web: Web) -> tuple[TestClient, str]:
    new = accounts.add_user(web.store, "cat@example.com", Role.PATIENT, now=web.clock(),
                            name="Cat Example")  # fmt: skip
    accounts.set_password(web.store, new.link_token, "cat naps in the sun", now=web.clock())
    c = web.client()
    r = c.post("/api/v1/login", json={"email": "cat@example.com",
                                      "password": "cat naps in the sun"})  # fmt: skip
    assert r.status_code == 200
    return c, r.json()["csrf"]


def step2(c: TestClient, csrf: str, area: str = "low-back") -> str:
    r = c.post("/start/about", data={"csrf": csrf, "name": "Cat", "age": "44", "pain_area": area,
                                     "pain_now": "3", "activity1": "stairs", "ability1": "6"})  # fmt: skip
    assert r.status_code == 200, r.text
    return html.unescape(re.search(r'name="state" value="([^"]*)"', r.text)[1])  # type: ignore[index]


def answers(area: str, yes: str | None = None) -> dict[str, str]:
    return {q.id: "yes" if q.id == yes else "no" for q in questions_for(PainArea(area))}


def test_a_newcomer_answers_the_intake_and_gets_a_plan(web: Web) -> None:
    c, csrf = newcomer(web)
    assert "Make my plan" in text(c.get("/today").text)
    first = c.get("/start")
    assert "does not diagnose" in text(first.text)
    state = step2(c, csrf)
    assert json.loads(state)["activities"] == [{"name": "stairs", "ability": 6}]
    r = c.post("/start/safety", data={"csrf": csrf, "state": state, **answers("low-back")})
    assert r.status_code == 200 and "When you can train" in text(r.text)
    state = html.unescape(re.search(r'name="state" value="([^"]*)"', r.text)[1])  # type: ignore[index]
    r = c.post("/start/plan", data={
        "csrf": csrf, "state": state, "experience": "some", "day-tue": "1", "day-thu": "1",
        "day-sat": "1", "sessions_per_week": "3", "time": "07:30", "max_minutes": "30",
        "start_date": "2026-11-24", "timezone": "Europe/Paris", "kit-stability-ball": "1",
        **NO_CONDITIONS, "flexion_sensitive_back": "yes"})  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == "/plan", r.text
    plan = c.get("/api/v1/patients/cat-example/plan").json()
    assert plan["schedule"]["days"] == [1, 3, 5] and plan["schedule"]["time"] == "07:30"
    assert plan["schedule"]["timezone"] == "Europe/Paris"
    assert "Your plan" in text(c.get("/plan").text)


def test_an_emergency_answer_stops_at_once_with_the_urgent_page(web: Web) -> None:
    c, csrf = newcomer(web)
    state = step2(c, csrf)
    emergency = next(q for q in questions_for(PainArea.LOW_BACK) if q.urgency is Urgency.EMERGENCY)
    r = c.post("/start/safety", data={"csrf": csrf, "state": state,
                                      **answers("low-back", yes=emergency.id)})  # fmt: skip
    assert r.status_code == 200
    words = text(r.text)
    assert words.index("Get emergency care today") < words.index("You answered yes to")
    assert "When you can train" not in words and "make your plan again" not in words
    assert c.get("/api/v1/patients/cat-example/plan").status_code == 404


def test_a_clinician_flag_refers_and_makes_no_plan(web: Web) -> None:
    c, csrf = newcomer(web)
    state = step2(c, csrf, "knee")
    r = c.post("/start/safety", data={"csrf": csrf, "state": state,
                                      **answers("knee", yes="heart_condition")})  # fmt: skip
    words = text(r.text)
    assert "Please see a clinician first" in words and "record it in hamcoach" in words
    assert c.get("/api/v1/patients/cat-example/plan").status_code == 404


def test_unanswered_and_impossible_answers_are_asked_again(web: Web) -> None:
    c, csrf = newcomer(web)
    r = c.post("/start/about", data={"csrf": csrf, "name": "Cat", "age": "7", "pain_area": "knee",
                                     "pain_now": "3"})  # fmt: skip
    assert r.status_code == 400 and "age" in text(r.text)
    state = step2(c, csrf)
    partial = answers("low-back")
    partial.pop(next(iter(partial)))
    r = c.post("/start/safety", data={"csrf": csrf, "state": state, **partial})
    assert r.status_code == 400 and "Answer every question" in text(r.text)
    # the answers given stay ticked: only the missing one is asked for again
    import re

    ticked = re.findall(r'name="([a-z_]+)" value="(yes|no)"[^>]*checked', r.text)
    assert dict(ticked) == partial
    r = c.post("/start/safety", data={"csrf": csrf, "state": "{broken", **answers("low-back")})
    assert r.status_code == 400 and "start again" in text(r.text)
    r = c.post("/start/plan", data={"csrf": csrf, "state": state, "sessions_per_week": "3",
                                    "max_minutes": "30", "start_date": "2026-11-24",
                                    "day-mon": "1", **NO_CONDITIONS})  # fmt: skip
    assert r.status_code == 400
    assert "sessions a week need at least" in text(r.text) or "red-flag" in text(r.text)


def test_a_routine_from_the_library_becomes_the_plan_after_the_same_screening(web: Web) -> None:
    c, csrf = newcomer(web)
    page = text(c.get("/routines/tight-hamstrings-1").text)
    assert "Tight Hamstrings I" in page and "Add to my calendar" in page
    first = c.get("/start", params={"routine": "tight-hamstrings-1"})
    assert "follow the routine Tight Hamstrings I" in text(first.text)  # its name, not its id
    r = c.post("/start/about", data={"csrf": csrf, "routine": "tight-hamstrings-1", "name": "Cat",
                                     "age": "44", "pain_area": "knee", "pain_now": "2"})  # fmt: skip
    state = html.unescape(re.search(r'name="state" value="([^"]*)"', r.text)[1])  # type: ignore[index]
    assert json.loads(state)["routine"] == "tight-hamstrings-1"
    r = c.post("/start/safety", data={"csrf": csrf, "state": state, **answers("knee")})
    state = html.unescape(re.search(r'name="state" value="([^"]*)"', r.text)[1])  # type: ignore[index]
    r = c.post("/start/plan", data={"csrf": csrf, "state": state, "day-mon": "1", "day-wed": "1",
                                    "day-fri": "1", "sessions_per_week": "3", "time": "18:00",
                                    "max_minutes": "30", "start_date": "2026-11-24",
                                    "kit-massage-ball": "1", **NO_CONDITIONS})  # fmt: skip
    assert r.status_code == 303, text(r.text)
    plan = c.get("/api/v1/patients/cat-example/plan").json()
    routine = {i.exercise for i in web.catalog.routines["tight-hamstrings-1"].items}
    used = {i["exercise_id"] for s in plan["sessions"] for i in s["items"]}
    assert routine <= used  # the routine, plus the warm-up and cool-down every plan has
    assert c.get("/start", params={"routine": "no-such"}).status_code == 404


def test_after_a_referral_the_intake_stays_closed_until_a_clinician_clears_it(web: Web) -> None:
    import datetime as dt

    from hamcoach.services.clearances import add_clearance

    c, csrf = newcomer(web)
    state = step2(c, csrf, "knee")
    c.post("/start/safety", data={"csrf": csrf, "state": state,
                                  **answers("knee", yes="heart_condition")})  # fmt: skip
    today = text(c.get("/today").text)
    assert "See a clinician first" in today and "Make my plan" not in today
    held = text(c.get("/start").text)
    assert "Has a doctor said you have a heart condition" in held and "Your age" not in held
    again = c.post("/start/safety", data={"csrf": csrf, "state": state, **answers("knee")})
    assert "See a clinician first" in text(again.text)  # answering 'no' now is not the way on
    assert c.get("/api/v1/patients/cat-example/plan").status_code == 404
    add_clearance(web.store, "heart_condition", cleared_by="Dr Lee",
                  cleared_on=dt.date(2026, 11, 23), now=web.clock(), patient_id="cat-example")  # fmt: skip
    assert "Your age" in text(c.get("/start").text)


def test_after_an_emergency_answer_no_plan_can_be_made_here(web: Web) -> None:
    c, csrf = newcomer(web)
    state = step2(c, csrf)
    c.post("/start/safety", data={"csrf": csrf, "state": state,
                                  **answers("low-back", yes="saddle_numbness")})  # fmt: skip
    assert "Get emergency care" in text(c.get("/today").text)
    r = c.post("/start/about", data={"csrf": csrf, "name": "Cat", "age": "44",
                                     "pain_area": "knee", "pain_now": "3"})  # fmt: skip
    assert "Get emergency care" in text(r.text) and "Safety questions" not in text(r.text)


def test_a_tampered_answer_is_refused_with_a_400(web: Web) -> None:
    c, csrf = newcomer(web)
    r = c.post("/start/safety", data={"csrf": csrf, "state": '{"pain_area": "elbow"}'})
    assert r.status_code == 400 and "start again" in text(r.text)


def test_a_wrong_answer_asks_again_on_the_same_step_and_the_past_is_no_start(web: Web) -> None:
    c, csrf = newcomer(web)
    r = c.post("/start/about", data={"csrf": csrf, "name": "Cat", "age": "7", "pain_area": "knee",
                                     "pain_now": "3"})  # fmt: skip
    page = text(r.text)
    assert r.status_code == 400 and "Age: a whole number from 12 to 110" in page
    assert "Where does it hurt?" in page and 'value="Cat"' in r.text  # the same form, name kept
    state = step2(c, csrf, "knee")
    r = c.post("/start/safety", data={"csrf": csrf, "state": state, **answers("knee")})
    state = html.unescape(re.search(r'name="state" value="([^"]*)"', r.text)[1])  # type: ignore[index]
    form = {"csrf": csrf, "state": state, "day-mon": "1", "day-wed": "1", "day-fri": "1",
            "sessions_per_week": "3", "time": "18:00", "max_minutes": "30",
            **NO_CONDITIONS}  # fmt: skip
    past = c.post("/start/plan", data={**form, "start_date": "2020-01-01"})
    assert past.status_code == 400 and "not in the past" in text(past.text)
    assert "When you can train" in text(past.text)  # still step 3, answers kept in the form
    assert c.get("/api/v1/patients/cat-example/plan").status_code == 404
    ok = c.post("/start/plan", data={**form, "start_date": "2026-11-23"})
    assert ok.status_code == 303


def test_no_health_question_is_answered_no_for_the_person(web: Web) -> None:
    """Found by a new user's trial: step 3's questions (leg symptoms, a recent strain, knee
    surgery) came with 'No' ticked, so a person who skimmed got a plan as if all were no.
    Each is now asked with nothing ticked, and a plan waits until each is answered."""
    c, csrf = newcomer(web)
    state = step2(c, csrf, "knee")
    r = c.post("/start/safety", data={"csrf": csrf, "state": state, **answers("knee")})
    assert not re.findall(r'value="(?:yes|no)"[^>]*checked', r.text)  # nothing pre-answered
    assert len(re.findall(r'type="radio" name="[a-z_]+" value="yes" required', r.text)) == len(
        NO_CONDITIONS
    )
    state = html.unescape(re.search(r'name="state" value="([^"]*)"', r.text)[1])  # type: ignore[index]
    form = {"csrf": csrf, "state": state, "day-mon": "1", "day-wed": "1", "day-fri": "1",
            "sessions_per_week": "3", "time": "18:00", "max_minutes": "30",
            "start_date": "2026-11-24", **NO_CONDITIONS}  # fmt: skip
    del form["leg_symptoms"]

    r = c.post("/start/plan", data=form)

    assert r.status_code == 400
    assert ("Answer each question about your health, yes or no: Do you have pain or tingling "
            "in a leg below the knee?") in text(r.text)  # fmt: skip
    kept = dict(re.findall(r'name="([a-z_]+)" value="(yes|no)"[^>]*checked', r.text))
    assert kept == {k: "no" for k in NO_CONDITIONS if k != "leg_symptoms"}  # answers kept
    assert c.get("/api/v1/patients/cat-example/plan").status_code == 404
    assert c.post("/start/plan", data={**form, "leg_symptoms": "yes"}).status_code == 303


def test_the_time_zone_offered_is_the_persons_own_or_utc_never_the_first_in_the_list(
    web: Web,
) -> None:
    """A person with no zone on record is offered UTC (the zone they have), not whatever
    comes first in the alphabet: a browser selects the first option when none is marked."""
    c, csrf = newcomer(web)
    state = step2(c, csrf, area="knee")
    r = c.post("/start/safety", data={"csrf": csrf, "state": state, **answers("knee")})
    select = re.search(r'<select id="timezone".*?</select>', r.text, re.S)
    assert select
    chosen = re.findall(r'<option value="([^"]*)" selected>', select[0])
    assert chosen == ["UTC"]


def test_step_one_says_every_problem_at_once_beside_its_field_and_keeps_what_was_typed(
    web: Web,
) -> None:
    """Found by a new user's trial: step 1 said one problem at a time and came back with the
    age and the activities emptied, so each fix cost the typing again."""
    c, csrf = newcomer(web)
    typed = {"name": "Cat", "age": "7", "sex": "female", "pain_now": "", "activity1": "stairs",
             "ability1": "", "activity2": "running", "ability2": "4"}  # fmt: skip

    r = c.post("/start/about", data={"csrf": csrf, **typed})

    assert r.status_code == 400
    said = " ".join(alerts(r.text))
    for words in ("Age: a whole number from 12 to 110", "Where it hurts: choose one of the four",
                  "Pain right now: a whole number from 0 to 10",
                  "How well you can do 'stairs': a whole number from 0 to 10"):  # fmt: skip
        assert words in said, said
    assert problem_beside(r.text, "age").startswith("Age: a whole number from 12 to 110")
    assert problem_beside(r.text, "pain_now").startswith("Pain right now:")
    assert problem_beside(r.text, "ability1").startswith("How well you can do 'stairs':")
    assert problem_beside(r.text, "ability2") == ""  # only where there is a problem
    kept = form_values(r.text, "/start/about")
    assert {k: kept.get(k) for k in typed} == typed  # every value typed, as typed
    assert "pain_area" not in kept  # nothing chosen for the person
    again = c.post("/start/about", data={"csrf": csrf, **typed, "age": "44", "pain_area": "knee",
                                         "pain_now": "3", "ability1": "6"})  # fmt: skip
    assert again.status_code == 200 and "Safety questions" in text(again.text)
    chosen = form_values(c.post("/start/about", data={"csrf": csrf, "pain_area": "both"}).text,
                         "/start/about")  # fmt: skip
    assert chosen["pain_area"] == "both"
