"""Equipment in Settings: tick what you have; new kit is offered (a button takes up what
the planner would now pick; the next step up a ladder comes by itself once earned), kit
that is gone swaps its exercise for the step below; every dose so far stays, each change
is in the audit log, and a bad form changes nothing."""

from __future__ import annotations

import html
import re
from typing import Any

from webkit import Web, followed


def text(page: str) -> str:
    """The words a person reads: tags dropped, spaces folded."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).strip())


def ticked(page: str) -> set[str]:
    return set(re.findall(r'name="kit-([a-z-]+)" value="1" checked', page))


def upcoming(plan: dict[str, Any]) -> list[dict[str, str]]:
    """Exercise id -> dose, for each session still to do."""
    return [{i["exercise_id"]: i["dose"] for i in s["items"]}
            for s in plan["sessions"] if s["status"] == "planned"]  # fmt: skip


def test_new_kit_announces_the_step_up_which_comes_once_earned_and_goes_with_the_kit(
    web: Web,
) -> None:
    """A dumbbell opens loaded squats, but only after 30 good-form bodyweight squats
    (articles 000, 001): the page says so and offers no swap; a forged swap is refused;
    logging the 30 and a settled next morning climbs the ladder; dropping the dumbbell
    steps back down."""
    c, _ = web.signed_in("ann@example.com")
    page = c.get("/settings").text
    assert ticked(page) == set() and 'name="kit-dumbbell-or-kettlebell"' in page
    before = c.get("/api/v1/patients/ann/plan").json()
    csrf = web.page_csrf(c, "/settings")

    r = c.post("/settings/equipment", data={"csrf": csrf, "kit-dumbbell-or-kettlebell": "1"})

    assert r.status_code == 200 and ticked(r.text) == {"dumbbell-or-kettlebell"}
    words = text(r.text)
    assert "What your new equipment opens" in words and "Nothing is added unless" in words
    assert ("The next step up from Bodyweight squat, now that you have dumbbell "
            "or kettlebell: the plan moves you up to it by itself once you have earned it (what "
            "earns it: 30 bodyweight squats in a row with perfect form") in words  # fmt: skip
    assert "Do it instead of Bodyweight squat" not in words and 'action="/settings/swap"' not in (
        r.text
    )
    assert upcoming(c.get("/api/v1/patients/ann/plan").json()) == upcoming(before)  # not forced
    r = c.post("/settings/swap", data={"csrf": csrf, "old": "bodyweight-squat",
                                       "new": "loaded-squat"})  # a forged form  # fmt: skip
    assert r.status_code == 400
    assert "Loaded squat is a step up from Bodyweight squat" in text(r.text)
    assert upcoming(c.get("/api/v1/patients/ann/plan").json()) == upcoming(before)

    # session 1 (today, Monday): 30 good squats in one set; a settled Tuesday morning
    headers = {"x-csrf-token": web.page_csrf(c)}
    r = c.post("/api/v1/patients/ann/logs", headers=headers, json={
        "exercise_id": "bodyweight-squat", "performed_on": "2026-11-23", "pain": 0,
        "sets": [{"reps": 30, "good_form": True}]})  # fmt: skip
    assert r.status_code in (200, 201), r.text
    web.clock.move(hours=14)
    r = c.post("/api/v1/patients/ann/checkins", headers=headers,
               json={"checked_on": "2026-11-24", "pain": 0})  # fmt: skip
    assert r.status_code in (200, 201), r.text
    taken = upcoming(c.get("/api/v1/patients/ann/plan").json())
    assert taken and all("loaded-squat" in s and "bodyweight-squat" not in s for s in taken)

    r = c.post("/settings/equipment", data={"csrf": csrf})  # nothing ticked: no dumbbell now

    words = text(r.text)
    assert r.status_code == 200 and "What changed in your sessions" in words
    assert ("Loaded squat needs dumbbell or kettlebell, which you no longer have: Bodyweight "
            "squat instead (the step below Loaded squat on its ladder") in words  # fmt: skip
    back = upcoming(c.get("/api/v1/patients/ann/plan").json())
    assert back and all("bodyweight-squat" in s and "loaded-squat" not in s for s in back)
    with web.store.unit_of_work() as uow:
        actions = [e.action for e in uow.accounts.audit_log(patient_id="ann")]
    assert actions[0] == "plan-equipment" and "plan-equipment" in actions[1:]  # newest first
    assert "plan-swap" not in actions
    history = text(c.get("/plan").text) + text(c.get("/settings").text)
    assert "Ben Example" not in history


def test_a_bad_equipment_form_changes_nothing(web: Web) -> None:
    c, _ = web.signed_in("ann@example.com")
    csrf = web.page_csrf(c, "/settings")
    before = c.get("/api/v1/patients/ann/plan").json()
    r = c.post("/settings/equipment", data={"csrf": csrf, "kit-laser-sword": "1"})
    assert r.status_code == 400 and "Unknown equipment 'laser-sword'" in text(r.text)
    r = c.post("/settings/equipment", data={"kit-massage-ball": "1"})  # no anti-forgery token
    assert r.status_code == 403
    r = c.post("/settings/swap", data={"csrf": csrf, "old": "bodyweight-squat",
                                       "new": "loaded-squat"})  # fmt: skip
    assert r.status_code == 400 and "needs dumbbell or kettlebell" in text(r.text)
    r = c.post("/settings/swap", data={"csrf": csrf, "old": "bridge", "new": "x" * 81})
    assert r.status_code == 422
    assert c.get("/api/v1/patients/ann/plan").json() == before
    with web.store.unit_of_work() as uow:
        actions = {e.action for e in uow.accounts.audit_log(patient_id="ann")}
    assert not actions & {"plan-equipment", "plan-swap"}


def test_an_offer_with_nothing_to_replace_is_added_with_a_button(web: Web) -> None:
    """A dumbbell opens the Romanian deadlift; none of Ann's exercises is of its kind, so
    the page offers to add it: one tap adds it to every session to come (audited), a forged
    or repeated add is a 400 with the reason and changes nothing."""
    c, _ = web.signed_in("ann@example.com")
    csrf = web.page_csrf(c, "/settings")
    r = c.post("/settings/equipment", data={"csrf": csrf, "kit-dumbbell-or-kettlebell": "1"})
    assert r.status_code == 200
    assert 'action="/settings/add"' in r.text and 'value="romanian-deadlift"' in r.text
    assert "None of your exercises is of its kind, so it would come on top of them." in text(r.text)
    assert upcoming(c.get("/api/v1/patients/ann/plan").json())[0].get("romanian-deadlift") is None
    assert c.post("/settings/add", data={"new": "romanian-deadlift"}).status_code == 403

    r = followed(c, c.post("/settings/add", data={"csrf": csrf, "new": "romanian-deadlift"}))

    assert "Romanian deadlift is added to your sessions from today" in text(r.text)
    taken = upcoming(c.get("/api/v1/patients/ann/plan").json())
    assert taken and all("romanian-deadlift" in s for s in taken)
    plan_page = text(c.get("/plan").text)
    assert "Romanian deadlift added to your sessions from" in plan_page
    for bad, says in (("romanian-deadlift", "Romanian deadlift is already in your sessions"),
                      ("romanian-dedlift", "Unknown exercise 'romanian-dedlift'")):  # fmt: skip
        r = c.post("/settings/add", data={"csrf": csrf, "new": bad})
        assert r.status_code == 400 and says in text(r.text), text(r.text)[:300]
    assert upcoming(c.get("/api/v1/patients/ann/plan").json()) == taken
    with web.store.unit_of_work() as uow:
        actions = [e.action for e in uow.accounts.audit_log(patient_id="ann")]
    assert actions.count("plan-add") == 1
