"""The live calendar feed: a webcal:// subscription that follows the plan."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from fastapi.testclient import TestClient
from icalendar import Calendar

from hamcoach.domain.profile import PainArea
from hamcoach.domain.screening import questions_for
from hamcoach.intake.questions import CONDITIONS
from hamcoach.services import accounts
from webkit import Web


def feed_url(web: Web, who: str = "ann") -> str:
    c, _ = web.signed_in(f"{who}@example.com")
    csrf = web.page_csrf(c, "/settings")
    page = c.post("/settings/feed", data={"csrf": csrf}).text
    m = re.search(r'href="webcal://hamcoach\.example(/calendar/[A-Za-z0-9_-]+\.ics)"', page)
    assert m, "no webcal link on the settings page"
    assert f'value="https://hamcoach.example{m[1]}"' in page
    return m[1]


def test_the_feed_is_a_calendar_with_reminders_and_a_refresh_interval(web: Web) -> None:
    url = feed_url(web)
    token = url.split("/")[-1].removesuffix(".ics")
    assert len(token) >= 43  # at least 128 random bits (here 256)
    r = web.client().get(url)  # no cookie: calendar apps send none
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/calendar")
    cal = Calendar.from_ical(r.content)
    assert str(cal["REFRESH-INTERVAL"].to_ical().decode()) == "PT1H"
    assert cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert "X-PUBLISHED-TTL" in cal
    events = list(cal.walk("VEVENT"))
    assert len(events) == 15
    for e in events:
        assert "LAST-MODIFIED" in e and "SEQUENCE" in e
        alarms = list(e.walk("VALARM"))
        assert len(alarms) == 1
        summary = str(e["SUMMARY"]).lower()
        assert not any(word in summary for word in ("knee", "back", "pain", "sciatica"))
    with web.store.unit_of_work() as uow:
        assert uow.accounts.feed_patient(token) is None  # stored only as a digest
        assert uow.accounts.feed_patient(accounts.digest(token)) == "ann"


def test_an_unchanged_feed_answers_304_and_a_change_bumps_it(web: Web) -> None:
    url = feed_url(web)
    c = web.client()
    first = c.get(url)
    etag = first.headers["etag"]
    assert c.get(url, headers={"if-none-match": etag}).status_code == 304
    before = {str(e["UID"]): e for e in Calendar.from_ical(first.content).walk("VEVENT")}
    ann, csrf = web.signed_in("ann@example.com")
    web.clock.move(days=2)
    r = ann.post("/api/v1/patients/ann/logs", headers={"x-csrf-token": csrf}, json={
        "exercise_id": "bridge", "performed_on": "2026-11-25", "pain": 8,
        "sets": [{"reps": 10}, {"reps": 10}]})  # fmt: skip
    assert r.status_code == 201
    second = c.get(url, headers={"if-none-match": etag})
    assert second.status_code == 200 and second.headers["etag"] != etag
    after = {str(e["UID"]): e for e in Calendar.from_ical(second.content).walk("VEVENT")}
    assert set(after) == set(before)  # stable UIDs
    changed = [u for u in after if after[u]["SEQUENCE"] > before[u]["SEQUENCE"]]
    assert changed, "the red-pain step-back changed sessions but no SEQUENCE rose"
    for u in changed:
        assert after[u]["LAST-MODIFIED"].dt > before[u]["LAST-MODIFIED"].dt


def test_a_new_address_stops_the_old_one_and_a_wrong_one_is_404(web: Web) -> None:
    old = feed_url(web)
    new = feed_url(web)
    assert old != new
    c = web.client()
    assert c.get(old).status_code == 404
    assert c.get(new).status_code == 200
    assert c.get("/calendar/not-a-token.ics").status_code == 404
    assert c.get("/calendar/" + "x" * 500 + ".ics").status_code in {404, 422}


def test_each_person_gets_their_own_feed(web: Web) -> None:
    ann = Calendar.from_ical(web.client().get(feed_url(web, "ann")).content)
    ben = Calendar.from_ical(web.client().get(feed_url(web, "ben")).content)
    assert str(ann["X-WR-CALNAME"]) == "hamcoach: Ann Example"
    assert str(ben["X-WR-CALNAME"]) == "hamcoach: Ben Example"
    assert not {str(e["UID"]) for e in ann.walk("VEVENT")} & {
        str(e["UID"]) for e in ben.walk("VEVENT")
    }


def test_the_feed_sends_a_phone_user_to_the_app_not_to_a_terminal_command(web: Web) -> None:
    """The subscribed calendar is read on a phone: each event says where the guided session
    is (the app's Today page, at its address), not a command for a terminal."""
    cal = Calendar.from_ical(web.client().get(feed_url(web)).content)
    for e in cal.walk("VEVENT"):
        text = str(e["DESCRIPTION"])
        assert "hamcoach session" not in text
        assert "https://hamcoach.example/today" in text.splitlines()[-1], text


def new_plan_from_the_intake(web: Web, c: TestClient, start: str) -> str:
    """A new plan through the intake's last step, as Ann makes one on her phone; its uid."""
    state = {"name": "Ann Example", "age": 40, "pain_area": "knee", "pain_now": 2,
             "red_flags": {q.id: False for q in questions_for(PainArea.KNEE)}}  # fmt: skip
    form = {"csrf": web.page_csrf(c, "/settings"), "state": json.dumps(state), "day-mon": "1",
            "day-wed": "1", "day-fri": "1", "sessions_per_week": "3", "time": "18:00",
            "max_minutes": "45", "start_date": start, **{k: "no" for k, _ in CONDITIONS}}  # fmt: skip
    r = c.post("/start/plan", data=form)
    assert r.status_code == 303 and r.headers["location"] == "/plan", r.text
    uid: str = c.get("/api/v1/patients/ann/plan").json()["uid"]
    return uid


def do(web: Web, c: TestClient, number: int, day: str) -> None:
    """Session ``number`` done on its day (its bridge, as prescribed)."""
    web.clock.at = dt.datetime.fromisoformat(day).replace(hour=19, tzinfo=dt.UTC)
    form = {"csrf": web.page_csrf(c), "exercise_id": "bridge", "session": str(number),
            "as_prescribed": "1", "pain": "0"}  # fmt: skip
    assert c.post("/log", data=form).status_code == 303


def by_plan(content: bytes) -> dict[str, dict[int, Any]]:
    """The feed's events by plan uid and session number."""
    out: dict[str, dict[int, Any]] = {}
    for e in Calendar.from_ical(content).walk("VEVENT"):
        plan, number = str(e["UID"]).removesuffix("@hamcoach").split("-session-")
        out.setdefault(plan, {})[int(number)] = e
    return out


def test_a_new_plan_keeps_the_sessions_done_in_the_calendar_and_cancels_the_rest(
    web: Web,
) -> None:
    """A subscribed calendar deletes what the feed stops listing: a new plan must not take the
    person's training history with it. The sessions done stay as they were (UID, day,
    SEQUENCE, CONFIRMED), in the plan replaced and in the one before it; the replaced plan's
    sessions not done are cancelled; the new plan's are there; the ETag still gives 304."""
    url = feed_url(web)
    cal = web.client()
    ann, _ = web.signed_in("ann@example.com")
    first_uid = ann.get("/api/v1/patients/ann/plan").json()["uid"]
    do(web, ann, 1, "2026-11-23")
    do(web, ann, 2, "2026-11-25")
    before = cal.get(url)
    old = by_plan(before.content)[first_uid]
    assert len(old) == 15

    web.clock.at = dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC)
    second_uid = new_plan_from_the_intake(web, ann, "2026-11-27")
    r = cal.get(url, headers={"if-none-match": before.headers["etag"]})

    assert r.status_code == 200 and r.headers["etag"] != before.headers["etag"]
    plans = by_plan(r.content)
    assert set(plans) == {first_uid, second_uid}
    kept = plans[first_uid]
    assert set(kept) == set(range(1, 16))
    for n in (1, 2):  # done: as they were
        assert str(kept[n]["STATUS"]) == "CONFIRMED"
        assert kept[n].decoded("dtstart") == old[n].decoded("dtstart")
        assert int(kept[n]["SEQUENCE"]) == int(old[n]["SEQUENCE"])
        assert str(kept[n]["SUMMARY"]) == str(old[n]["SUMMARY"])
    for n in range(3, 16):  # not done: cancelled, SEQUENCE up, no reminder
        assert str(kept[n]["STATUS"]) == "CANCELLED", n
        assert int(kept[n]["SEQUENCE"]) > int(old[n]["SEQUENCE"])
        assert not list(kept[n].walk("VALARM"))
    new = ann.get("/api/v1/patients/ann/plan").json()["sessions"]
    assert {n: e.decoded("dtstart").isoformat(timespec="minutes")
            for n, e in plans[second_uid].items()} == {s["number"]: s["at"] for s in new}  # fmt: skip
    assert all(str(e["STATUS"]) == "CONFIRMED" for e in plans[second_uid].values())
    assert cal.get(url, headers={"if-none-match": r.headers["etag"]}).status_code == 304

    # a third plan: the first plan's sessions done are still there, its others gone (they
    # were cancelled already); the second's session done stays, its others are cancelled
    do(web, ann, 1, "2026-11-27")
    web.clock.at = dt.datetime(2026, 11, 28, 9, tzinfo=dt.UTC)
    third_uid = new_plan_from_the_intake(web, ann, "2026-11-30")
    plans = by_plan(cal.get(url).content)
    assert set(plans) == {first_uid, second_uid, third_uid}
    assert set(plans[first_uid]) == {1, 2}
    assert all(str(e["STATUS"]) == "CONFIRMED" for e in plans[first_uid].values())
    assert str(plans[second_uid][1]["STATUS"]) == "CONFIRMED"
    assert {str(e["STATUS"]) for n, e in plans[second_uid].items() if n != 1} == {"CANCELLED"}


def test_a_red_flag_stop_cancels_the_sessions_not_done_in_the_feed(web: Web) -> None:
    """Found by a new user's trial: after a red flag stopped Ann's plan, the feed answered
    404, so her subscribed calendar kept every session and its reminder for good. It answers
    200: the sessions done as they were, the others cancelled (SEQUENCE up, no reminder)."""
    url = feed_url(web)
    cal = web.client()
    ann, _ = web.signed_in("ann@example.com")
    uid = ann.get("/api/v1/patients/ann/plan").json()["uid"]
    do(web, ann, 1, "2026-11-23")
    before = cal.get(url)
    old = by_plan(before.content)[uid]

    web.clock.at = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)
    state = {"name": "Ann Example", "age": 40, "pain_area": "knee", "pain_now": 2}
    flags = {q.id: "yes" if q.id == "knee_giving_way" else "no"
             for q in questions_for(PainArea.KNEE)}  # fmt: skip
    r = ann.post("/start/safety", data={"csrf": web.page_csrf(ann, "/settings"),
                                        "state": json.dumps(state), **flags})  # fmt: skip
    assert r.status_code == 200 and "Your earlier plan is stopped" in r.text
    assert ann.get("/api/v1/patients/ann/plan").status_code == 404
    r = cal.get(url, headers={"if-none-match": before.headers["etag"]})

    assert r.status_code == 200 and r.headers["etag"] != before.headers["etag"]
    assert r.headers["content-type"].startswith("text/calendar")
    plans = by_plan(r.content)
    assert set(plans) == {uid} and set(plans[uid]) == set(old) == set(range(1, 16))
    kept = plans[uid]
    assert str(kept[1]["STATUS"]) == "CONFIRMED"  # done: as it was
    assert int(kept[1]["SEQUENCE"]) == int(old[1]["SEQUENCE"])
    assert kept[1].decoded("dtstart") == old[1].decoded("dtstart")
    for n in range(2, 16):
        assert str(kept[n]["STATUS"]) == "CANCELLED", n
        assert int(kept[n]["SEQUENCE"]) == int(old[n]["SEQUENCE"]) + 1
        assert not list(kept[n].walk("VALARM")), n
        assert kept[n].decoded("dtstart") == old[n].decoded("dtstart")
    assert str(Calendar.from_ical(r.content)["X-WR-CALNAME"]) == "hamcoach: Ann Example"
    assert cal.get(url, headers={"if-none-match": r.headers["etag"]}).status_code == 304
