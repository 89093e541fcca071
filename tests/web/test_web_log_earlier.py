"""A session done and not logged on its day: Today names it, its page logs each exercise
for that day (or another one the person gives), and the answer says that a later session
came first ("After <day>"), not "Next time"."""

from __future__ import annotations

import datetime as dt
import re

from webkit import Web, followed


def words(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).strip()


def log_form(web: Web, c: object, session: int, day: str | None) -> dict[str, str]:
    form = {"csrf": web.page_csrf(c, "/settings"), "exercise_id": "bridge",  # type: ignore[arg-type]
            "session": str(session), "as_prescribed": "1", "pain": "0"}  # fmt: skip
    return {**form, "day": day} if day else form


def test_a_session_not_logged_is_logged_later_for_its_day(web: Web) -> None:
    c, _ = web.signed_in("ann@example.com")
    web.clock.at = dt.datetime(2026, 11, 25, 19, tzinfo=dt.UTC)  # Wednesday, session 2
    r = c.post("/log", data=log_form(web, c, 2, None), headers={"hx-request": "true"})
    assert r.status_code == 200 and "Next time:" in words(r.text)
    today = words(c.get("/today").text)
    assert "Nothing logged for session 1" in today
    assert 'href="/log?session=1"' in c.get("/today").text
    page = c.get("/log", params={"session": "1"})
    assert page.status_code == 200
    assert "Each exercise below is logged for Mon 23 Nov" in words(page.text)
    assert page.text.count('name="day" value="2026-11-23"') >= 2  # each card's forms
    r = c.post("/log", data=log_form(web, c, 1, "2026-11-23"), headers={"hx-request": "true"})
    said = words(r.text)
    assert r.status_code == 200 and "Logged for Mon 23 Nov" in said
    assert "After Mon 23 Nov:" in said and "Next time" not in said  # session 2 came first
    history = c.get("/api/v1/patients/ann/history").json()
    assert [(h["date"], h["session_number"]) for h in history if h["exercise_id"] == "bridge"] \
        == [("2026-11-23", 1), ("2026-11-25", 2)]  # fmt: skip
    sessions = c.get("/api/v1/patients/ann/plan").json()["sessions"]
    assert [s["status"] for s in sessions[:3]] == ["done", "done", "planned"]
    assert "Nothing logged for" not in words(c.get("/today").text)


def test_another_day_is_taken_and_the_plan_page_offers_the_log(web: Web) -> None:
    c, _ = web.signed_in("ann@example.com")
    web.clock.at = dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC)  # Thursday; nothing logged
    plan = c.get("/plan").text
    assert 'href="/log?session=1"' in plan and 'href="/log?session=2"' in plan
    assert "not logged" in words(plan)
    page = c.get("/log", params={"session": "1", "day": "2026-11-24"})
    assert "Each exercise below is logged for Tue 24 Nov" in words(page.text)
    r = followed(c, c.post("/log", data=log_form(web, c, 1, "2026-11-24")))
    assert "Logged: Bridge" in words(r.text)
    (log,) = [h for h in c.get("/api/v1/patients/ann/history").json() if h["kind"] == "log"]
    assert log["date"] == "2026-11-24"


def test_a_day_outside_the_plan_or_a_session_it_lacks_is_refused_plainly(web: Web) -> None:
    c, _ = web.signed_in("ann@example.com")
    for params, status, said in (
        ({"session": "1", "day": "2026-11-30"}, 400, "is not a day of your plan so far"),
        ({"session": "1", "day": "2026-11-01"}, 400, "is not a day of your plan so far"),
        ({"session": "1", "day": "Monday"}, 400, "is not a date"),
        ({"session": "99"}, 404, "your plan has no session 99"),
        ({}, 422, "session"),
    ):
        r = c.get("/log", params=params)
        assert r.status_code == status and said in words(r.text), (params, r.text[:300])
    assert c.get("/api/v1/patients/ann/history").json() == []


def test_a_late_log_from_a_plain_form_goes_on_to_its_page_which_says_after_its_day(
    web: Web,
) -> None:
    """Without htmx the form answers with a redirect to the entry's page (read with GET, so
    Back and reload save nothing again); it says what the log decides as the plan stands."""
    c, _ = web.signed_in("ann@example.com")
    web.clock.at = dt.datetime(2026, 11, 25, 19, tzinfo=dt.UTC)  # Wednesday, session 2
    c.post("/log", data=log_form(web, c, 2, None), headers={"hx-request": "true"})
    r = c.post("/log", data=log_form(web, c, 1, "2026-11-23"))
    assert r.status_code == 303 and re.fullmatch(r"/history/log-\d+", r.headers["location"])
    page = words(followed(c, r).text)
    assert "Logged: Bridge" in page and "on Mon 23 Nov" in page
    assert "After Mon 23 Nov" in page and "Next time" not in page
    assert "Sessions logged after Mon 23 Nov were worked out again" in page
    again = words(c.get(r.headers["location"]).text)  # read again: the same, nothing added
    assert again == page
    bridge = [h for h in c.get("/api/v1/patients/ann/history").json()
              if h.get("exercise_id") == "bridge"]  # fmt: skip
    assert len(bridge) == 2
    assert c.get("/history/log-999999").status_code == 404


def test_a_late_log_whose_mornings_have_passed_says_the_check_in_was_not_given(
    web: Web,
) -> None:
    """Found by the browser diary: a session typed in days later said 'Waiting for the
    next-morning check-in' though those mornings had passed with none. The rule stays (the
    dose holds: 'await-checkin'); the words say the check-in for that day was not given."""
    c, csrf = web.signed_in("ann@example.com")
    log = {"exercise_id": "bridge", "performed_on": "2026-11-23", "pain": 0,
           "sets": [{"reps": 10}, {"reps": 10}]}  # fmt: skip
    headers = {"x-csrf-token": csrf}
    web.clock.at = dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC)  # Wednesday: a morning left
    answer = c.post("/api/v1/patients/ann/logs", headers=headers, json=log).json()
    assert answer["rule"] == "await-checkin"
    assert answer["why"].startswith("Waiting for the next-morning check-in")

    web.clock.at = dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC)  # Thursday: both mornings gone
    answer = c.post("/api/v1/patients/ann/logs", headers=headers,
                    json={**log, "exercise_id": "leg-swings", "sets": [{"reps": 10}]}).json()  # fmt: skip
    assert answer["rule"] == "await-checkin"  # the clinical rule is the same
    assert "Waiting" not in answer["why"]
    assert answer["why"] == (
        "No morning check-in was given after Mon 23 Nov: the dose holds until a session is "
        "known to have settled by the next morning."
    )
    page = words(c.get(f"/history/{c.get('/api/v1/patients/ann/history').json()[0]['id']}").text)
    assert "No morning check-in was given after Mon 23 Nov" in page and "Waiting" not in page
