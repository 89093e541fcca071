"""What is due today: today's session, else the next one, and whether the plan is paused.
One rule for the terminal's `today` (over its cached list of the sessions still to do) and
the web's Today page and API (over the plan), so the two never disagree.

Light on purpose (no storage, no domain types): the terminal calls it on its fast path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hamcoach.domain.rules import BREAK_DAYS

if TYPE_CHECKING:
    from hamcoach.domain.plan import Plan


@dataclass(frozen=True, slots=True)
class Slot:
    """A session as the rule sees it."""

    number: int
    at: str
    """When, in ISO form to the minute (the plan's own zone)."""
    status: str
    """planned, done or paused (domain.plan.SessionStatus)."""


@dataclass(frozen=True, slots=True)
class Due:
    number: int | None
    """The session to show (None: nothing left)."""
    is_today: bool
    paused: bool
    """A paused session comes before it: the plan is paused."""
    back: bool = False
    """Back after a break, or starting late: the session is the first one missed."""
    started: bool = False
    """Today's session, begun: its first exercise is logged (it counts done)."""


def plan_slots(plan: Plan) -> list[Slot]:
    """A plan's sessions as the rule sees them (the web's Today, the guided session)."""
    return [Slot(s.number, s.at.isoformat(timespec="minutes"), s.status) for s in plan.sessions]


def due(slots: Sequence[Slot], day: dt.date, since: dt.date | None = None) -> Due:
    """Today's session, done or not (the first log of a day counts the session done, and
    the rest of it is still to do), else the first one still planned from ``day`` on.

    Back after a break of ``BREAK_DAYS`` or more from ``since`` (``Plan.break_from``), or
    starting that late: the first session missed, whatever the calendar holds today.
    The next training moves the missed sessions forward and counts for that one, at its
    doses (domain/fold.py ``_on_log``): showing the calendar's session of the day would
    ask for week 4's doses on a first day."""
    iso = day.isoformat()
    if since is not None and (day - since).days >= BREAK_DAYS:
        missed = [s for s in slots if s.status == "planned" and s.at[:10] < iso]
        if missed:
            first = min(missed, key=lambda s: s.number)
            held = [s.number for s in slots if s.status == "paused"]
            return Due(first.number, True, bool(held) and min(held) < first.number, back=True)
    todays = [s for s in slots if s.at[:10] == iso and s.status != "paused"]
    chosen = (
        todays[0]
        if todays
        else min(
            (s for s in slots if s.status == "planned" and s.at[:10] >= iso),
            key=lambda s: s.at[:16],
            default=None,
        )
    )
    held = [s.number for s in slots if s.status == "paused"]
    # paused before the session shown, or once today's is begun (a red day today pauses
    # the plan: the rest of today's session is not for doing)
    paused = bool(held) and (chosen is None or chosen.status == "done" or min(held) < chosen.number)
    if chosen is None:
        return Due(None, False, paused)
    return Due(chosen.number, chosen.at[:10] == iso, paused, started=chosen.status == "done")
