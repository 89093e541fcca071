"""A plan as an RFC 5545 calendar: one event per session, each with a reminder.

UIDs derive from the plan's uid and the session number, and SEQUENCE from
the session's change counter, so re-importing an updated plan updates the
events already in a calendar instead of adding copies.
"""

from __future__ import annotations

import datetime as dt

from hamcoach.domain import rules as R
from hamcoach.domain.clearance import Clearance
from hamcoach.domain.plan import Plan, ScheduledSession

PRODID = "-//hamcoach//hamstring coach//EN"


def session_uid(plan: Plan, session: ScheduledSession) -> str:
    return f"{plan.uid}-session-{session.number}@hamcoach"


GUIDED_CLI = "Run it guided with: hamcoach session"
"""Where the guided session is, in a calendar file made by the terminal."""


def _description(
    session: ScheduledSession, cleared: tuple[Clearance, ...] = (), guided: str = GUIDED_CLI
) -> str:
    lines = [f"Week {session.session.week}, session {session.number} ({session.session.label})", ""]
    for item in session.session.items:
        lines.append(f"- {item.name}: {item.describe()}")
        lines.extend(f"    note: {m}" for m in item.modifications)
    if cleared:
        lines += ["", "Cleared by a clinician:"]
        lines.extend(f"- {c.question_id}: {c.describe()}" for c in cleared)
    lines += [
        "",
        f"Stop an exercise that causes pain above {R.PAIN_AMBER_MAX}/10 and ask a physical "
        "therapist.",
        guided,
    ]
    return "\n".join(lines)


def plan_to_ics(
    plan: Plan,
    *,
    alarm_minutes: int = 30,
    now: dt.datetime | None = None,
    cancelled: Plan | None = None,
    refresh: dt.timedelta | None = None,
    guided: str = GUIDED_CLI,
) -> bytes:
    """The plan's sessions; paused ones, and the still-to-come sessions of ``cancelled`` (the
    plan this one replaced), as STATUS:CANCELLED so that a calendar drops them.

    ``refresh`` makes it a subscribed feed: REFRESH-INTERVAL and X-PUBLISHED-TTL say how
    often to fetch it again, and each event's LAST-MODIFIED is ``now`` (give the moment of
    the plan's latest change, so that the same plan gives the same bytes). ``guided``: the
    last line of each event's description, where the guided session is (the web app's
    feed names its Today page)."""
    from icalendar import Alarm, Calendar, Event

    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    zone = None
    if plan.schedule.timezone:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(plan.schedule.timezone)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"hamcoach: {plan.profile_name}")
    if refresh is not None:
        cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", refresh)
    gone = [] if cancelled is None else [s for s in cancelled.sessions if s.status != "done"]
    for owner, session in [(plan, s) for s in plan.sessions] + [(cancelled, s) for s in gone]:
        assert owner is not None
        start = session.at.replace(tzinfo=zone) if zone else session.at  # floating local time
        off = owner is not plan or session.status == "paused"
        event = Event()
        event.add("uid", session_uid(owner, session))
        event.add("dtstamp", stamp)
        event.add("sequence", session.sequence + (1 if owner is not plan else 0))
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=session.session.minutes))
        event.add("summary", f"Hamstrings: week {session.session.week}, session {session.number}")
        event.add("description", _description(session, plan.clearances, guided))
        event.add("categories", ["hamcoach"])
        event.add("status", "CANCELLED" if off else "CONFIRMED")
        if refresh is not None:
            event.add("last-modified", stamp)
        if alarm_minutes > 0 and not off:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Hamstring session in {alarm_minutes} minutes")
            alarm.add("trigger", dt.timedelta(minutes=-alarm_minutes))
            event.add_component(alarm)
        cal.add_component(event)
    if zone is not None:
        cal.add_missing_timezones()
    return bytes(cal.to_ical())
