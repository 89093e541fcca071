"""Five weeks of one person's use through the web app, with the accidents real weeks
bring: an interrupted session, a late check-in, red pain, a missed week, a new
schedule, a back-dated log, a replaced check-in and a wrong entry deleted, and the
plan printed at the end. Each week is checked as a person would see it, and the
calendar feed follows."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from fastapi.testclient import TestClient
from icalendar import Calendar

from pdfpages import read_pdf
from webkit import Web, followed

UTC = dt.UTC


def at(day: str, hour: int = 19) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def today(c: TestClient) -> dict[str, Any]:
    data: dict[str, Any] = c.get("/api/v1/patients/ann/today").json()
    return data


def train(
    web: Web,
    c: TestClient,
    day: str,
    *,
    pain: int = 1,
    only: int | None = None,
    said: list[str] | None = None,
) -> list[str]:
    """Do the day's session from the Today page as prescribed (the first ``only`` items);
    what each logged page said goes into ``said``."""
    web.clock.at = at(day)
    t = today(c)
    assert t["session"] and t["session"]["today"], f"no session on {day}"
    csrf = web.page_csrf(c)
    done = []
    for item in t["session"]["items"][:only]:
        r = c.post("/log", data={"csrf": csrf, "exercise_id": item["exercise_id"],
                                 "session": str(t["session"]["number"]), "as_prescribed": "1",
                                 "pain": str(pain)})  # fmt: skip
        r = followed(c, r)
        done.append(item["exercise_id"])
        if said is not None:
            said.append(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r.text)))
    return done


def check_in(web: Web, c: TestClient, day: str, pain: int) -> str:
    web.clock.at = at(day, 7)
    csrf = web.page_csrf(c, "/checkin")
    r = followed(c, c.post("/checkin", data={"csrf": csrf, "pain": str(pain), "day": day}))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r.text))


def words_of(r: Any) -> str:
    assert r.status_code == 200, r.text
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r.text))


def test_five_weeks_in_the_browser_with_accidents(web: Web) -> None:
    c, csrf = web.signed_in("ann@example.com")
    feed = re.search(r"(/calendar/[^\"]+\.ics)",
                     c.post("/settings/feed", data={"csrf": web.page_csrf(c, "/settings")}).text)  # fmt: skip
    assert feed
    first_cal = Calendar.from_ical(c.get(feed[1]).content)

    # week 1: a full session; an interrupted one; a late check-in; red pain on Friday
    train(web, c, "2026-11-23")
    assert "Done and logged today" in c.get("/today").text
    check_in(web, c, "2026-11-24", 1)
    done = train(web, c, "2026-11-25", only=2)  # left after two exercises
    page = c.get("/session").text  # coming back: the logged ones are marked done
    assert page.count('data-done="1"') == len(done)
    web.clock.at = at("2026-11-27", 9)
    words = check_in(web, c, "2026-11-26", 1)  # a day late: still for Thursday morning
    assert "Checked in: pain 1/10" in words
    said: list[str] = []
    train(web, c, "2026-11-27", pain=7, only=1, said=said)
    assert "Pain above 5/10: stop this exercise for today" in said[0]
    assert "pain" in said[0].split("Why:")[1].lower()  # the step back says why

    # week 2 is missed; week 3 starts with a new schedule, after signing in again (a
    # session lasts 14 days)
    web.clock.at = at("2026-12-07", 20)
    assert c.get("/today").headers.get("location") == "/login"
    c, csrf = web.signed_in("ann@example.com")
    r = c.post("/settings/schedule", data={"csrf": web.page_csrf(c, "/settings"), "day-tue": "1",
                                           "day-thu": "1", "day-sat": "1",
                                           "sessions_per_week": "3", "time": "07:30",
                                           "max_minutes": "45"})  # fmt: skip
    assert r.status_code == 303
    t = today(c)
    assert t["session"]["at"].startswith("2026-12-08T07:30")  # Tuesday, the new time
    for day in ("2026-12-08", "2026-12-10"):
        train(web, c, day)
        morning = (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
        check_in(web, c, morning, 1)
    words = check_in(web, c, "2026-12-11", 0)  # a second check-in for the day replaces it
    assert "replaces the check-in you gave earlier" in words

    # a wrong entry (a slip of the thumb): deleted from History after asking, and every
    # dose is as it was before it
    def doses() -> list[str]:
        plan = c.get("/api/v1/patients/ann/plan").json()
        return [i["dose"] for s in plan["sessions"] for i in s["items"]]

    before = doses()
    r = c.post("/api/v1/patients/ann/logs", headers={"x-csrf-token": csrf}, json={
        "exercise_id": "bridge", "performed_on": "2026-12-10", "pain": 9,
        "sets": [{"reps": 3}]})  # fmt: skip
    assert r.status_code == 201 and doses() != before
    (wrong,) = [h["id"] for h in c.get("/api/v1/patients/ann/history").json()
                if h["kind"] == "log" and h["date"] == "2026-12-10" and h["pain"] == 9]  # fmt: skip
    form = web.page_csrf(c, f"/history/{wrong}/delete")
    assert "Deleted the bridge log of 2026-12-10" in words_of(
        followed(c, c.post(f"/history/{wrong}/delete", data={"csrf": form}))
    )
    assert doses() == before

    # a back-dated log for week 1's Wednesday (the exercises not done then)
    web.clock.at = at("2026-12-11", 12)
    missed = [i for i in ("bridge",) if i not in done]
    for ex in missed:
        r = c.post("/api/v1/patients/ann/logs", headers={"x-csrf-token": csrf}, json={
            "exercise_id": ex, "performed_on": "2026-11-25", "pain": 1,
            "sets": [{"reps": 10}, {"reps": 10}]})  # fmt: skip
        assert r.status_code == 201, r.text

    # weeks 4 and 5, to the end
    day = dt.date(2026, 12, 12)
    while day <= dt.date(2026, 12, 31):
        web.clock.at = at(day.isoformat())
        if c.get("/api/v1/me").status_code == 401:  # 14 days on: sign in again
            c, csrf = web.signed_in("ann@example.com")
        t = today(c)
        if t["session"] and t["session"]["today"] and not t["paused"]:
            train(web, c, day.isoformat())
            check_in(web, c, (day + dt.timedelta(days=1)).isoformat(), 1)
        day += dt.timedelta(days=1)

    # the plan on paper at the end: the person's name and every exercise of the plan
    names = {i["name"] for s in c.get("/api/v1/patients/ann/plan").json()["sessions"]
             for i in s["items"]}  # fmt: skip
    paper = " ".join(p.text for p in read_pdf(c.get("/handout.pdf").content))
    assert "For Ann Example" in paper and all(n in paper for n in names)

    progress = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c.get("/progress").text))
    assert "sessions due so far done" in progress and "missed" in progress
    history = c.get("/api/v1/patients/ann/history").json()
    assert sum(1 for h in history if h["kind"] == "checkin") >= 8
    cal = Calendar.from_ical(c.get(feed[1]).content)
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {str(e["UID"]) for e in first_cal.walk("VEVENT")}  # stable UIDs
    after = [e for e in events.values() if e["DTSTART"].dt.date() >= dt.date(2026, 12, 8)
             and str(e["STATUS"]) == "CONFIRMED"]  # fmt: skip
    assert after and all(e["DTSTART"].dt.weekday() in {1, 3, 5} for e in after)
    assert all(e["DTSTART"].dt.strftime("%H:%M") == "07:30" for e in after)
