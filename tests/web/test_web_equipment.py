"""Equipment in Settings: tick what you have; new kit is offered (a button takes it up),
kit that is gone swaps its exercise for the step below; every dose so far stays, each change
is in the audit log, and a bad form changes nothing."""

from __future__ import annotations

import html
import re
from typing import Any

from webkit import Web


def text(page: str) -> str:
    """The words a person reads: tags dropped, spaces folded."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).strip())


def ticked(page: str) -> set[str]:
    return set(re.findall(r'name="kit-([a-z-]+)" value="1" checked', page))


def upcoming(plan: dict[str, Any]) -> list[dict[str, str]]:
    """Exercise id -> dose, for each session still to do."""
    return [{i["exercise_id"]: i["dose"] for i in s["items"]}
            for s in plan["sessions"] if s["status"] == "planned"]  # fmt: skip


def test_new_kit_is_offered_taken_up_by_a_button_and_dropped_again(web: Web) -> None:
    c, _ = web.signed_in("ann@example.com")
    page = c.get("/settings").text
    assert ticked(page) == set() and 'name="kit-dumbbell-or-kettlebell"' in page
    before = c.get("/api/v1/patients/ann/plan").json()
    csrf = web.page_csrf(c, "/settings")

    r = c.post("/settings/equipment", data={"csrf": csrf, "kit-dumbbell-or-kettlebell": "1"})

    assert r.status_code == 200 and ticked(r.text) == {"dumbbell-or-kettlebell"}
    words = text(r.text)
    assert (
        "What your new equipment opens" in words and "Nothing is added unless you choose" in words
    )
    assert "Do it instead of Bodyweight squat" in words  # loaded squats, the next step up
    assert upcoming(c.get("/api/v1/patients/ann/plan").json()) == upcoming(before)  # not forced
    r = c.post("/settings/swap", data={"csrf": csrf, "old": "bodyweight-squat",
                                       "new": "loaded-squat"})  # fmt: skip
    assert r.status_code == 200 and "Loaded squat takes the place of Bodyweight squat" in text(
        r.text
    )
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
    assert actions[:3] == ["plan-equipment", "plan-swap", "plan-equipment"]  # newest first
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
    assert r.status_code == 400 and "needs dumbbell-or-kettlebell" in text(r.text)
    r = c.post("/settings/swap", data={"csrf": csrf, "old": "bridge", "new": "x" * 81})
    assert r.status_code == 422
    assert c.get("/api/v1/patients/ann/plan").json() == before
    with web.store.unit_of_work() as uow:
        actions = {e.action for e in uow.accounts.audit_log(patient_id="ann")}
    assert not actions & {"plan-equipment", "plan-swap"}
