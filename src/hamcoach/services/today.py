"""What is due today: today's session, else the next one, and whether the plan is paused.
One rule for the terminal's `today` (over its cached list of the sessions still to do) and
the web's Today page and API (over the plan), so the two never disagree.

Light on purpose (no storage, no domain types): the terminal calls it on its fast path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass


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


def due(slots: Sequence[Slot], day: dt.date) -> Due:
    """Today's session, done or not (the first log of a day counts the session done, and
    the rest of it is still to do), else the first one still planned from ``day`` on."""
    iso = day.isoformat()
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
    paused = bool(held) and (chosen is None or min(held) < chosen.number)
    if chosen is None:
        return Due(None, False, paused)
    return Due(chosen.number, chosen.at[:10] == iso, paused)
