"""The live calendar feed: a webcal:// subscription that follows the plan."""

from __future__ import annotations

import re

from icalendar import Calendar

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
