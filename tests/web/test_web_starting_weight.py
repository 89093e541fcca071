"""Today asks for a loaded exercise's starting weight and saves it (as `plan set-load`):
from today on the dose carries the weight and the load rules run from it. Found by the
browser diary: the web had no way to give one, so 'Done as prescribed' logged loaded squats
without a weight every session and the load never progressed. A bad weight, an unloaded
exercise or a missing anti-forgery token changes nothing."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from profiles import new_plan, profile_data
from webkit import Web, followed

LOADED = profile_data(name="Ann Example", equipment=["dumbbell-or-kettlebell"],
                      baseline={"bodyweight_squats": 30})  # fmt: skip


def text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).strip())


def asked(page: str) -> list[str]:
    """The exercises Today asks a starting weight for."""
    forms = re.findall(r'<form method="post" action="/plan/load".*?</form>', page, re.S)
    return [re.findall(r'name="exercise_id" value="([^"]+)"', f)[0] for f in forms]


def squats(plan: dict[str, Any]) -> list[str]:
    """The loaded squat's dose in each session still to do."""
    return [i["dose"] for s in plan["sessions"] if s["status"] == "planned"
            for i in s["items"] if i["exercise_id"] == "loaded-squat"]  # fmt: skip


def test_today_saves_a_starting_weight_and_the_doses_carry_it(web: Web) -> None:
    new_plan(web.store, web.catalog, LOADED, patient_id="ann",
             now=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC))  # fmt: skip
    c, _ = web.signed_in("ann@example.com")
    page = c.get("/today").text
    assert asked(page) == ["loaded-squat", "romanian-deadlift"]
    assert "Choose a starting weight: one you can lift for the top of the rep range" in text(page)
    before = c.get("/api/v1/patients/ann/plan").json()
    assert squats(before) and not any("kg" in d for d in squats(before))
    csrf = web.page_csrf(c)

    for form, status, says in (
        ({"exercise_id": "loaded-squat", "weight": "heavy"}, 400,
         "Starting weight: 'heavy' is not a load"),
        ({"exercise_id": "loaded-squat", "weight": "900kg"}, 400, "'900kg' is 900 kg: a weight is more than 0 and at most 500 kg"),
        ({"exercise_id": "bridge", "weight": "10kg"}, 400,
         "Bridge is done without added weight: no load to set"),
        ({"exercise_id": "no-such-thing", "weight": "10kg"}, 400, "Unknown exercise"),
    ):  # fmt: skip
        r = c.post("/plan/load", data={"csrf": csrf, **form})
        assert r.status_code == status and says in text(r.text), (form, text(r.text)[:300])
    assert c.post("/plan/load", data={"exercise_id": "loaded-squat", "weight": "10kg"}
                  ).status_code == 403  # no anti-forgery token  # fmt: skip
    assert c.get("/api/v1/patients/ann/plan").json() == before

    r = c.post("/plan/load", data={"csrf": csrf, "exercise_id": "loaded-squat",
                                   "weight": "12.5kg"})  # fmt: skip

    assert r.headers["location"] == "/today?saved=load&exercise=loaded-squat"
    assert "Loaded squat: 12.5 kg from today" in text(followed(c, r).text)
    doses = squats(c.get("/api/v1/patients/ann/plan").json())
    assert doses and all("12.5 kg" in d for d in doses), doses
    assert asked(c.get("/today").text) == ["romanian-deadlift"]  # the squat's asked once
    with web.store.unit_of_work() as uow:
        [entry] = [e for e in uow.accounts.audit_log(patient_id="ann")
                   if e.action == "plan-set-load"]  # fmt: skip
    assert entry.detail == {"exercise": "loaded-squat", "kg": 12.5}
    # Ben's plan is Ben's: Ann's weight is not in it
    b, _ = web.signed_in("ben@example.com")
    assert not squats(b.get("/api/v1/patients/ben/plan").json())


def test_a_saved_notice_says_only_what_the_plan_holds_not_what_an_address_claims(
    web: Web,
) -> None:
    """A saved form goes on to a page read with GET (Post/Redirect/Get) that says what was
    saved from a code in the address; a link made by someone else cannot put words there:
    unknown codes and exercises say nothing, and a weight is the plan's own."""
    new_plan(web.store, web.catalog, LOADED, patient_id="ann",
             now=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC))  # fmt: skip
    c, _ = web.signed_in("ann@example.com")

    def notice(path: str) -> str:
        page = c.get(path)
        assert page.status_code == 200
        return " ".join(re.findall(r'<p class="logged" role="status">([^<]*)</p>', page.text))

    assert notice("/today?saved=load&exercise=loaded-squat") == ""  # no weight in the plan yet
    assert notice("/settings?saved=hacked") == ""
    assert notice("/settings?saved=swap&old=bridge&new=%3Cb%3Efree%20pills") == ""
    assert notice("/settings?saved=add&new=romanian-deadlift").startswith(
        "Romanian deadlift is added to your sessions from today"
    )  # a sentence of the app's own, with a catalog name
    csrf = web.page_csrf(c)
    c.post("/plan/load", data={"csrf": csrf, "exercise_id": "loaded-squat", "weight": "10kg"})
    assert notice("/today?saved=load&exercise=loaded-squat&kg=99").startswith(
        "Loaded squat: 10 kg from today"
    )
