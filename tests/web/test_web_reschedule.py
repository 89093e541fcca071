"""Moving missed sessions forward from the web, as `hamcoach plan reschedule` does: found by
a five-week diary, where a phone user who missed a week had no way to move them. Today and
the Plan page offer it when sessions were missed (and say nothing of it when none was); its
page says which sessions go to which days before anything moves; confirming moves them with
the terminal's use case and event, audits it, and lands on the Plan page, which says what
moved; Today and the calendar feed follow. A form that is out of date, a second tap and a
forged form move nothing twice, and never answer 500."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient
from icalendar import Calendar

from hamcoach.services.planning import plan_history
from pagetree import Node, page
from webkit import Web

TUESDAY = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
"""Ann did session 1 (Mon 23 Nov) and missed sessions 2, 3 and 4 (Wed 25, Fri 27, Mon 30)."""
MOVED_TO = {2: "2026-12-02T18:00", 3: "2026-12-04T18:00", 4: "2026-12-07T18:00"}
"""Where they go: her next training days (Mon, Wed, Fri at 18:00) 48 hours apart or more."""


def sessions(c: TestClient, who: str = "ann") -> dict[int, dict[str, Any]]:
    plan = c.get(f"/api/v1/patients/{who}/plan").json()
    return {s["number"]: s for s in plan["sessions"]}


def feed(web: Web, c: TestClient) -> str:
    """Ann's calendar feed, as Settings gives it (its path)."""
    r = c.post("/settings/feed", data={"csrf": web.page_csrf(c, "/settings")})
    [href] = [a.attrs["href"] for a in page(r.text).all("a")
              if a.attrs.get("href", "").startswith("webcal://")]  # fmt: skip
    return href.removeprefix("webcal://hamcoach.example")


def events(web: Web, url: str) -> dict[int, Any]:
    """The feed's events of Ann's plan, by session number."""
    cal = Calendar.from_ical(web.client().get(url).content)
    return {int(str(e["UID"]).split("-session-")[1].split("@")[0]): e for e in cal.walk("VEVENT")}


def do_session_1(web: Web, c: TestClient) -> None:
    form = {"csrf": web.page_csrf(c), "exercise_id": "bridge", "session": "1",
            "as_prescribed": "1", "pain": "0"}  # fmt: skip
    assert c.post("/log", data=form).status_code == 303


def offer(node: Node) -> list[Node]:
    """The links that offer to move missed sessions."""
    return [a for a in node.all("a", href="/plan/reschedule")
            if a.text() == "Move my missed sessions forward"]  # fmt: skip


def audited(web: Web) -> list[Any]:
    with web.store.unit_of_work() as uow:
        return [e for e in uow.accounts.audit_log(patient_id="ann")
                if e.action == "plan-reschedule"]  # fmt: skip


def asked(web: Web) -> list[Any]:
    """The reschedule events in Ann's plan history: what the terminal's command writes."""
    return [h for h in plan_history(web.store, "ann") if h.kind == "reschedule"]


def test_missed_sessions_move_forward_and_the_plan_today_and_feed_follow(web: Web) -> None:
    c, _ = web.signed_in("ann@example.com")
    url = feed(web, c)
    do_session_1(web, c)
    web.clock.at = TUESDAY
    before = events(web, url)
    today = page(c.get("/today").text)
    assert offer(today), "Today does not offer to move the missed sessions"
    assert offer(page(c.get("/plan").text))
    assert "3 missed sessions" in page(c.get("/plan").text).section("3 missed").text()

    shown = page(c.get("/plan/reschedule").text)
    assert shown.one("h1").text() == "Move your missed sessions forward"
    missed = shown.section("Missed, and where they go").all("li")
    assert [li.text() for li in missed] == [
        "Session 2 (week 1), due Wed 25 Nov: Wednesday 2 December at 18:00",
        "Session 3 (week 1), due Fri 27 Nov: Friday 4 December at 18:00",
        "Session 4 (week 2), due Mon 30 Nov: Monday 7 December at 18:00",
    ]
    along = shown.section("The sessions after them")
    assert "11 sessions after them move along in order" in along.text()
    form = shown.one("form", action="/plan/reschedule")
    fields = {i.attrs["name"]: i.attrs["value"] for i in form.all("input")}
    assert set(fields) == {"csrf", "seen"}
    assert form.one("button").text() == "Move them forward"
    assert sessions(c)[2]["at"] == "2026-11-25T18:00"  # showing it moved nothing

    r = c.post("/plan/reschedule", data=fields)

    assert r.status_code == 303
    assert r.headers["location"] == "/plan?moved=" + ",".join(str(n) for n in range(2, 16))
    result = page(c.get(r.headers["location"]).text)
    said = result.section("Moved 14 sessions forward").text()
    assert "Session 2 is now on Wednesday 2 December at 18:00, and the 13 after it follow" in said
    assert not offer(result)
    now = sessions(c)
    assert {n: now[n]["at"] for n in MOVED_TO} == MOVED_TO
    assert now[1]["at"] == "2026-11-23T18:00" and now[1]["status"] == "done"
    summaries = [s.text() for s in result.all("summary") if s.text().startswith("Session 2:")]
    assert summaries and summaries[0].startswith("Session 2: Wednesday 2 December at 18:00")
    today = page(c.get("/today").text)
    assert today.one("h1").text() == "Next session"
    assert "Wednesday 2 December at 18:00 · week 1, session 2 of 15" in today.text()
    assert not offer(today)

    after = events(web, url)
    assert set(after) == set(before)  # the same events, moved: not new ones
    for n, at in MOVED_TO.items():
        assert after[n].decoded("dtstart") == dt.datetime.fromisoformat(at)
        assert before[n].decoded("dtstart") != after[n].decoded("dtstart")
        assert int(after[n]["SEQUENCE"]) > int(before[n]["SEQUENCE"])
        assert str(after[n]["STATUS"]) == "CONFIRMED"
    assert after[1].decoded("dtstart") == before[1].decoded("dtstart")
    assert int(after[1]["SEQUENCE"]) == int(before[1]["SEQUENCE"])

    # the terminal's event, and one audit line saying what moved
    [event] = asked(web)
    assert event.data == {"from": "2026-12-01"}
    [line] = audited(web)
    assert line.detail is not None and line.detail["from"] == "2026-12-01"
    assert line.detail["moved"][:3] == [
        [2, "2026-11-25T18:00", "2026-12-02T18:00"],
        [3, "2026-11-27T18:00", "2026-12-04T18:00"],
        [4, "2026-11-30T18:00", "2026-12-07T18:00"],
    ]

    # a second tap finds nothing to move: the page says so, and nothing is written again
    again = c.post("/plan/reschedule", data=fields)
    assert again.status_code == 303 and again.headers["location"] == "/plan/reschedule"
    nothing = page(c.get("/plan/reschedule").text)
    assert nothing.one("h1").text() == "Nothing to move"
    assert not nothing.all("form", action="/plan/reschedule")
    assert len(asked(web)) == 1 and len(audited(web)) == 1
    assert sessions(c) == now


def test_ben_is_not_moved_by_anns_move(web: Web) -> None:
    ann, _ = web.signed_in("ann@example.com")
    ben, _ = web.signed_in("ben@example.com")
    web.clock.at = TUESDAY
    bens = sessions(ben, "ben")
    fields = {i.attrs["name"]: i.attrs["value"]
              for i in page(ann.get("/plan/reschedule").text).all("input")}  # fmt: skip
    assert ann.post("/plan/reschedule", data=fields).status_code == 303
    assert sessions(ann)[1]["at"] == "2026-12-02T18:00"  # she did none: session 1 moves too
    assert sessions(ben, "ben") == bens
    shown = page(ben.get("/plan/reschedule").text)  # his own page: his own missed sessions
    assert shown.one("h1").text() == "Move your missed sessions forward"
    assert "Ann" not in shown.text()


def form_fields(c: TestClient) -> dict[str, str]:
    shown = page(c.get("/plan/reschedule").text).one("form", action="/plan/reschedule")
    return {i.attrs["name"]: i.attrs["value"] for i in shown.all("input")}


def test_a_forged_or_out_of_date_form_moves_nothing(web: Web) -> None:
    """No anti-forgery token: 403. A form shown before a change (here a log of one of the
    missed sessions, in another tab) or one that never saw the page: 409, the page shows
    the moves as they are now, and nothing moved; confirming that page then moves them."""
    c, _ = web.signed_in("ann@example.com")
    do_session_1(web, c)
    web.clock.at = TUESDAY
    fields = form_fields(c)
    untouched = sessions(c)

    assert c.post("/plan/reschedule", data={"seen": fields["seen"]}).status_code == 403
    assert c.post("/plan/reschedule", data={**fields, "csrf": "x" * 40}).status_code == 403
    for seen in ("", "not-what-was-shown", "x" * 300):
        r = c.post("/plan/reschedule", data={**fields, "seen": seen})
        assert r.status_code in {409, 422}, (seen, r.status_code)
    assert sessions(c) == untouched and not asked(web) and not audited(web)

    log = {"csrf": fields["csrf"], "exercise_id": "bridge", "session": "2", "day": "2026-11-25",
           "as_prescribed": "1", "pain": "0"}  # fmt: skip
    assert c.post("/log", data=log).status_code == 303  # session 2 was done after all
    r = c.post("/plan/reschedule", data=fields)
    assert r.status_code == 409
    stale = page(r.text)
    assert stale.one("p", role="alert").text().startswith("What would move has changed since")
    missed = stale.section("Missed, and where they go").all("li")
    assert [li.text()[:10] for li in missed] == ["Session 3 ", "Session 4 "]
    assert sessions(c)[3]["at"] == untouched[3]["at"] and not asked(web) and not audited(web)

    fresh = {i.attrs["name"]: i.attrs["value"] for i in stale.one("form").all("input")}
    r = c.post("/plan/reschedule", data=fresh)
    assert r.status_code == 303 and r.headers["location"].startswith("/plan?moved=3,4,")
    assert sessions(c)[3]["at"] == "2026-12-02T18:00" and len(asked(web)) == 1


def test_nothing_missed_is_said_and_not_offered(web: Web) -> None:
    """Monday evening after session 1: nothing is missed. Today and the Plan page do not
    offer to move anything, the page says there is nothing to move, and a direct POST
    lands there, writing nothing."""
    c, _ = web.signed_in("ann@example.com")
    do_session_1(web, c)
    assert not offer(page(c.get("/today").text)) and not offer(page(c.get("/plan").text))
    shown = page(c.get("/plan/reschedule").text)
    assert shown.one("h1").text() == "Nothing to move"
    assert "No session before today (Mon 23 Nov) is missed" in shown.text()
    assert not shown.all("form", action="/plan/reschedule")
    before = sessions(c)
    csrf = web.page_csrf(c)
    r = c.post("/plan/reschedule", data={"csrf": csrf})
    assert r.status_code == 303 and r.headers["location"] == "/plan/reschedule"
    assert sessions(c) == before and not asked(web) and not audited(web)
    # the Plan page's ?moved= only repeats what it is given; junk in it is ignored
    odd = page(c.get("/plan", params={"moved": "99,abc,-1"}).text)
    assert not [s for s in odd.all("section") if s.text().startswith("Moved")]


def test_back_three_weeks_late_today_shows_the_first_session_missed(web: Web) -> None:
    """Found by a new user's trial (in the terminal; the web's Today follows the same rule,
    services/today.py): three weeks after the start with nothing done, Today showed the
    calendar's session of the day, a week-4 session, though the training then counts for
    session 1. Now Today shows session 1 and says why; logging it keeps the plan in order."""
    c, _ = web.signed_in("ann@example.com")
    first = sessions(c)[1]
    web.clock.at = dt.datetime(2026, 12, 14, 10, tzinfo=dt.UTC)  # Monday, week 4
    c, _ = web.signed_in("ann@example.com")  # the sign-in of three weeks ago has ended
    today = page(c.get("/today").text)
    assert today.one("h1").text() == "Today's session"
    assert "week 1, session 1 of 15" in today.one("p", class_="when").text()
    back = [p for p in today.all("p") if "Back after a break" in p.text()]
    assert back and "session 1, the first one missed" in back[0].text()
    api = c.get("/api/v1/patients/ann/today").json()["session"]
    assert (api["number"], api["today"]) == (1, True)
    assert [i["dose"] for i in api["items"]] == [i["dose"] for i in first["items"]]

    do_session_1(web, c)
    after = sessions(c)
    assert after[1]["status"] == "done" and after[1]["at"].startswith("2026-12-14")
    assert sorted(after, key=lambda n: after[n]["at"]) == sorted(after)  # in order
    today = page(c.get("/today").text)
    assert "week 1, session 1 of 15" in today.one("p", class_="when").text()
    assert not [p for p in today.all("p") if "Back after a break" in p.text()]
