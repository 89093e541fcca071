"""What the browser diary (test_browser_diary.py) shares: a person at their phone living
by the server's clock, and the pages they use, driven as a person does: the intake, the
guided player, the quick log on Today, the morning check-in, the calendar feed."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from browserkit import look
from icalendar import Calendar

from hamcoach.intake.questions import CONDITIONS
from webkit import Clock

PHONE = {"width": 390, "height": 844}
PASSWORD = "slow stairs and warm tea"
DAY0 = dt.date(2026, 11, 23)  # a Monday: the plan starts the day the account is made
STEP_BACKS = {"pain-red", "morning-worse"}


def day(n: int) -> dt.date:
    return DAY0 + dt.timedelta(days=n)


@dataclass
class Person:
    """One person at their phone: the page, and the server's clock they live by."""

    base: str
    clock: Clock
    page: Any
    email: str
    pid: str
    seen: list[str] = field(default_factory=list)
    exercises: list[str] = field(default_factory=list)
    """The exercises of the plan's sessions, in order (as made at the start)."""

    def at(self, n: int, hour: int = 18, minute: int = 30) -> None:
        """Day ``n`` of the diary, at that time (UTC, the person's zone)."""
        self.clock.at = dt.datetime.combine(day(n), dt.time(hour, minute), tzinfo=dt.UTC)

    def sign_in(self) -> None:
        self.page.get_by_label("E-mail").fill(self.email)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_url("**/today")

    def open(self, path: str) -> None:
        """Open a page; a sign-in that ran out (14 days) asks for the password first."""
        self.page.goto(self.base + path)
        if self.page.url.endswith("/login"):
            self.look("sign-in-again")
            self.sign_in()
            self.page.goto(self.base + path)

    def look(self, name: str) -> None:
        """A screenshot and the axe-core check, once for each distinct page."""
        if name not in self.seen:
            self.seen.append(name)
            look(self.page, "phone", f"diary-{len(self.seen):02d}-{name}")

    def api(self, what: str) -> Any:
        r = self.page.request.get(f"{self.base}/api/v1/patients/{self.pid}/{what}")
        assert r.ok, (what, r.status, r.text())
        return r.json()

    def main(self) -> str:
        return re.sub(r"\s+", " ", self.page.inner_text("main"))


def doses(plan: dict[str, Any]) -> dict[tuple[int, str], str]:
    """Every session's dose of each exercise, by (session number, exercise)."""
    return {
        (s["number"], i["exercise_id"]): i["dose"] for s in plan["sessions"] for i in s["items"]
    }


def size(dose: str) -> tuple[int, int]:
    """'2 x 11 reps' -> (2, 11): sets, and reps (or holds) in each."""
    m = re.match(r"(\d+) x (\d+)", dose)
    assert m, dose
    return int(m[1]), int(m[2])


def next_dose(plan: dict[str, Any], exercise_id: str, after: dt.date) -> str | None:
    """The dose of ``exercise_id`` in the first session still to do after ``after``."""
    for s in sorted(plan["sessions"], key=lambda s: s["at"]):
        if s["status"] == "planned" and s["at"][:10] > after.isoformat():
            for i in s["items"]:
                if i["exercise_id"] == exercise_id:
                    return str(i["dose"])
    return None


# --- the pages a person uses -----------------------------------------------------------


def intake(p: Person, link: str = "Make my plan") -> None:
    """The three steps of the intake, as a person answers them."""
    page = p.page
    page.get_by_role("link", name=link).click()
    page.get_by_label("Your age").fill("44")
    page.get_by_label("Knee").check()
    page.get_by_label("Pain right now").select_option("3")
    page.get_by_label("Activity 1").fill("stairs")
    page.get_by_label("How well can you do it").first.select_option("5")
    p.look("intake-about")
    page.get_by_role("button", name="Next: safety questions").click()
    for group in page.locator("fieldset").all():
        group.get_by_label("No").check()
    p.look("intake-safety")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Some, on and off").check()
    p.look("intake-week")
    for _, question in CONDITIONS:  # step 3's health questions: nothing is ticked for you
        page.get_by_role("group", name=question).get_by_label("No").check()
    page.get_by_role("button", name="Make my plan").click()
    page.wait_for_url("**/plan")


def press_through(page: Any, pain: int) -> None:
    """The exercise on screen in the guided player: every set, then the pain score."""
    section = page.locator("section.exercise:not([hidden])")
    while True:
        go = section.locator("button.go:not([hidden])")
        pain_box = section.locator("fieldset.pain:not([hidden])")
        go.or_(pain_box).first.wait_for()
        if pain_box.is_visible():
            break
        go.click()
    pain_box.get_by_role("button", name=f"Pain {pain} of 10").click()
    section.locator(".result").filter(has_text="Next time").wait_for()


def next_exercise(page: Any) -> None:
    button = page.locator("section.exercise:not([hidden])").get_by_role(
        "button", name="Next exercise"
    )
    if button.is_visible():
        button.click()


def player_rest(p: Person, *, red: str | None = None) -> None:
    """Carry the guided session on to its end: pain 1, or a red 7 on ``red`` (the Pain
    button, part-way through its first set)."""
    page = p.page
    while not page.locator(".finished").is_visible():
        section = page.locator("section.exercise:not([hidden])")
        if section.get_attribute("data-exercise") == red:
            section.locator("button.hurt").click()
            section.get_by_role("button", name="Pain 7 of 10").click()
            page.get_by_role("status").filter(has_text="stop this exercise now").first.wait_for()
            section.locator(".result").filter(has_text="Next time").wait_for()
            p.look("player-red-pain")
        else:
            press_through(page, 1)
        next_exercise(page)
        page.locator(".finished:not([hidden])").or_(
            page.locator("section.exercise:not([hidden]) button.go:not([hidden])")
        ).first.wait_for()


def quick_log(p: Person, differently: dict[str, dict[str, str]] | None = None) -> list[str]:
    """Each card on Today: 'Done as prescribed, no pain', or the details form for the
    exercises in ``differently`` (reps, pain, leg). Returns what each card then says."""
    said = []
    cards = p.page.locator("ol.items > li")
    for n in range(cards.count()):
        card = cards.nth(n)
        ex = card.locator("h2 a").get_attribute("href").rsplit("/", 1)[1]
        how = (differently or {}).get(ex)
        if how is None:
            card.get_by_role("button", name="Done as prescribed, no pain").click()
        else:
            card.get_by_text("Did it differently, or it hurt?").click()
            card.get_by_label("Reps per set").fill(how["reps"])
            if how.get("load"):
                card.get_by_label("Weight (e.g. 10kg, or one per set)").fill(how["load"])
            card.get_by_label("Worst pain during or after").select_option(how["pain"])
            if how.get("leg"):
                card.get_by_label("Pain, tingling or numbness went down my leg").check()
            p.look("today-details")
            card.get_by_role("button", name="Save", exact=True).click()
        card.get_by_role("status").filter(has_text="Logged").wait_for()
        said.append(re.sub(r"\s+", " ", card.inner_text()))
    return said


def check_in(p: Person, pain: int, *, on: dt.date | None = None) -> str:
    p.open("/checkin")
    if on is not None:
        p.page.get_by_label("Date").fill(on.isoformat())
    p.page.get_by_label(str(pain), exact=True).check()
    p.look("checkin")
    p.page.get_by_role("button", name="Save check-in").click()
    p.page.get_by_role("heading", name=re.compile("Checked in")).wait_for()
    return p.main()


def calendar_address(p: Person) -> str:
    """Settings: make the calendar address; the https form of the webcal:// link."""
    p.open("/settings")
    p.page.get_by_role("button", name="Make my calendar address").click()
    heading = p.page.get_by_role("heading", name="Your calendar")  # shown, not below the fold
    assert heading.evaluate(
        "h => (r => r.top >= 0 && r.top < innerHeight)(h.getBoundingClientRect())"
    )
    p.look("calendar-address")
    assert (
        p.page.get_by_role("link", name="Add to my calendar")
        .get_attribute("href")
        .startswith("webcal://")
    )
    url: str = p.page.get_by_label("Or copy the address").input_value()
    path = "/calendar/" + url.split("/calendar/", 1)[1]  # the address names the configured
    return p.base + path  # host (settings.base_url); this server runs on a port of its own


def feed(browser: Any, url: str) -> dict[str, Any]:
    """The calendar feed as a calendar app fetches it (no cookie), by UID."""
    context = browser.new_context()
    r = context.request.get(url)
    assert r.ok and r.headers["content-type"].startswith("text/calendar"), r.status
    again = context.request.get(url, headers={"if-none-match": r.headers["etag"]})
    assert again.status == 304  # unchanged since: the calendar app keeps what it has
    events = {str(e["uid"]): e for e in Calendar.from_ical(r.body()).walk("VEVENT")}
    context.close()
    assert all("knee" not in str(e["summary"]).lower() for e in events.values())
    return events


def new_schedule(p: Person) -> None:
    """Settings: Tuesdays, Thursdays and Saturdays at 07:30 from today."""
    p.open("/settings")
    p.look("settings")
    for d in ("Mon", "Wed", "Fri"):
        p.page.get_by_label(d, exact=True).uncheck()
    for d in ("Tue", "Thu", "Sat"):
        p.page.get_by_label(d, exact=True).check()
    p.page.get_by_label("At what time").fill("07:30")
    p.page.get_by_role("button", name="Change my schedule").click()
    p.look("settings-schedule-changed")


def a_dumbbell(p: Person) -> None:
    """Settings: a dumbbell bought."""
    p.page.get_by_label("dumbbell or kettlebell").check()
    p.page.get_by_role("button", name="Save my equipment").click()
    p.look("settings-dumbbell")


def api_entry(p: Person, csrf: str, h: dict[str, Any]) -> Any:
    """One entry of the history (``h``, as the API gives it) typed in again through the API."""
    url = f"{p.base}/api/v1/patients/{p.pid}"
    if h["kind"] == "checkin":
        body = {"checked_on": h["date"], "pain": h["pain"], "stiffness": h["stiffness"]}
        return p.page.request.post(url + "/checkins", data=body, headers={"x-csrf-token": csrf})
    body = {k: h[k] for k in ("exercise_id", "pain", "leg_symptoms", "note", "sets")}
    return p.page.request.post(url + "/logs", data={**body, "performed_on": h["date"]},
                               headers={"x-csrf-token": csrf})  # fmt: skip
