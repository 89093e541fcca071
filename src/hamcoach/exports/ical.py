"""A plan as an RFC 5545 calendar: one event per session, each with a reminder.

UIDs derive from the plan's uid and the session number, and SEQUENCE from
the session's change counter, so re-importing an updated plan updates the
events already in a calendar instead of adding copies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from hamcoach.domain import rules as R
from hamcoach.domain.clearance import Clearance
from hamcoach.domain.plan import Plan, ScheduledSession

if TYPE_CHECKING:
    from icalendar import Alarm, Event

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
    plan: Plan | None,
    *,
    alarm_minutes: int = 30,
    now: dt.datetime | None = None,
    cancelled: Plan | None = None,
    earlier: Sequence[Plan] = (),
    refresh: dt.timedelta | None = None,
    guided: str = GUIDED_CLI,
) -> bytes:
    """The plan's sessions; paused ones, and the sessions of ``cancelled`` (the plan this
    one replaced) not done, as STATUS:CANCELLED so that a calendar drops them. The sessions
    done in ``cancelled`` and in ``earlier`` (the plans replaced before it) stay as they
    were, with their UIDs, so that a subscribed calendar keeps the person's training history.
    ``plan`` None: a red flag stopped ``cancelled`` and there is no plan since, so every
    session of it not done is cancelled and no reminder is left.

    ``refresh`` makes it a subscribed feed: REFRESH-INTERVAL and X-PUBLISHED-TTL say how
    often to fetch it again, and each event's LAST-MODIFIED is ``now`` (give the moment of
    the plan's latest change, so that the same plan gives the same bytes). ``guided``: the
    last line of each event's description, where the guided session is (the web app's
    feed names its Today page)."""
    from icalendar import Calendar

    shown = plan or cancelled
    if shown is None:
        raise ValueError("plan_to_ics needs a plan, or the plan stopped (cancelled)")
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"hamcoach: {shown.profile_name}")
    if refresh is not None:
        cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", refresh)
    # (plan, session, cancelled?): the plan's own, then what was done in the plans before it
    # (as it was), then the replaced plan's sessions not done, cancelled with SEQUENCE + 1
    rows = [(plan, s, s.status == "paused") for s in plan.sessions] if plan is not None else []
    for old in (*earlier, *([cancelled] if cancelled is not None else [])):
        rows += [(old, s, False) for s in old.sessions if s.status == "done"]
    if cancelled is not None:
        rows += [(cancelled, s, True) for s in cancelled.sessions if s.status != "done"]
    for owner, session, off in rows:
        event = _event(owner, session, stamp, off=off, bump=off and owner is not plan,
                       guided=guided)  # fmt: skip
        if refresh is not None:
            event.add("last-modified", stamp)
        if alarm_minutes > 0 and not off:
            event.add_component(_alarm(alarm_minutes))
        cal.add_component(event)
    if any(owner.schedule.timezone for owner, _, _ in rows):
        cal.add_missing_timezones()
    return bytes(cal.to_ical())


def _event(
    owner: Plan,
    session: ScheduledSession,
    stamp: dt.datetime,
    *,
    off: bool,
    bump: bool,
    guided: str,
) -> Event:
    """The session as an event, at its wall-clock time in its own plan's zone (floating
    when the plan has none)."""
    from icalendar import Event

    start = session.at
    if owner.schedule.timezone:
        from zoneinfo import ZoneInfo

        start = start.replace(tzinfo=ZoneInfo(owner.schedule.timezone))
    event = Event()
    event.add("uid", session_uid(owner, session))
    event.add("dtstamp", stamp)
    event.add("sequence", session.sequence + (1 if bump else 0))
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=session.session.minutes))
    event.add("summary", f"Hamstrings: week {session.session.week}, session {session.number}")
    event.add("description", _description(session, owner.clearances, guided))
    event.add("categories", ["hamcoach"])
    event.add("status", "CANCELLED" if off else "CONFIRMED")
    return event


def _alarm(minutes: int) -> Alarm:
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Hamstring session in {minutes} minutes")
    alarm.add("trigger", dt.timedelta(minutes=-minutes))
    return alarm
