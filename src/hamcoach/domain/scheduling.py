"""Putting sessions on dates: the person's days and time, at most N a week,
never closer than ``rules.MIN_HOURS_BETWEEN_SESSIONS`` (article 003), and moving
missed ones forward.

Weeks are seven-day blocks counted from the plan's start date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from hamcoach.domain import rules as R
from hamcoach.errors import InputError

MIN_GAP = timedelta(hours=R.MIN_HOURS_BETWEEN_SESSIONS)


class ScheduleError(InputError):
    """The availability cannot hold a single session."""


@dataclass(frozen=True, slots=True)
class Move:
    number: int
    before: datetime
    after: datetime


def _block(day: date, start: date) -> int:
    return (day - start).days // 7


def _place(
    count: int,
    *,
    start: date,
    first_day: date,
    days: frozenset[int],
    at: time,
    per_week: int,
    taken: Sequence[datetime] = (),
) -> list[datetime]:
    """Earliest-first placement: optimal for packing sessions with a minimum gap."""
    if not days:
        raise ScheduleError("no available weekdays")
    if per_week < 1:
        raise ScheduleError("sessions per week must be at least 1")
    per_block: dict[int, int] = {}
    for t in taken:
        per_block[_block(t.date(), start)] = per_block.get(_block(t.date(), start), 0) + 1
    last = max(taken, default=None)
    out: list[datetime] = []
    day = first_day
    while len(out) < count:
        when = datetime.combine(day, at)
        block = _block(day, start)
        if (
            day.weekday() in days
            and (last is None or when - last >= MIN_GAP)
            and per_block.get(block, 0) < per_week
        ):
            out.append(when)
            per_block[block] = per_block.get(block, 0) + 1
            last = when
        day += timedelta(days=1)
    return out


def place_sessions(
    count: int, *, start: date, days: Iterable[int], at: time, per_week: int
) -> list[datetime]:
    """Dates and times for ``count`` sessions from ``start``."""
    return _place(
        count, start=start, first_day=start, days=frozenset(days), at=at, per_week=per_week
    )


def weekly_capacity(days: Iterable[int], per_week: int, *, start: date | None = None) -> int:
    """How many sessions a week these weekdays allow ``MIN_GAP`` apart, at most ``per_week``,
    in the plan weeks counted from ``start`` (default: weeks from a Monday).

    Checked over four weeks in a row, so that a Sunday and the next Monday
    count as too close.
    """
    start = start or date(2024, 1, 1)  # a Monday
    placed = _place(
        per_week * 4,
        start=start,
        first_day=start,
        days=frozenset(days),
        at=time(12),
        per_week=per_week,
    )
    first_four_weeks = [d for d in placed if (d.date() - start).days < 28]
    return min(sum(1 for d in first_four_weeks if _block(d.date(), start) == b) for b in range(4))


def reschedule(
    planned: Mapping[int, datetime],
    done: Iterable[int],
    *,
    start: date,
    from_day: date,
    days: Iterable[int],
    at: time,
    per_week: int,
) -> list[Move]:
    """Move every session not done and dated before ``from_day`` forward.

    Sessions keep their order: once one is missed, every later pending
    session is placed again from ``from_day``, ``MIN_GAP`` after the last one
    done, at most ``per_week`` per plan week. Returns only sessions whose
    date changed.
    """
    done_set = set(done)
    pending = sorted(n for n in planned if n not in done_set)
    if not any(planned[n].date() < from_day for n in pending):
        return []
    return _place_again(planned, done_set, pending, start, from_day, days, at, per_week)


def replan(
    planned: Mapping[int, datetime],
    done: Iterable[int],
    *,
    start: date,
    from_day: date,
    days: Iterable[int],
    at: time,
    per_week: int,
) -> list[Move]:
    """Place every session not done and dated ``from_day`` or later again, on a new
    schedule, from ``from_day``, in their order (a missed session earlier stays missed).
    Returns only sessions whose date changed."""
    done_set = set(done)
    pending = sorted(n for n in planned if n not in done_set and planned[n].date() >= from_day)
    return _place_again(planned, done_set, pending, start, from_day, days, at, per_week)


def _place_again(
    planned: Mapping[int, datetime],
    done: set[int],
    pending: list[int],
    start: date,
    from_day: date,
    days: Iterable[int],
    at: time,
    per_week: int,
) -> list[Move]:
    """``pending`` (in order) placed from ``from_day`` after the sessions done."""
    taken = [planned[n] for n in done if n in planned]
    new_times = _place(
        len(pending),
        start=start,
        first_day=from_day,
        days=frozenset(days),
        at=at,
        per_week=per_week,
        taken=taken,
    )
    return [
        Move(n, planned[n], when)
        for n, when in zip(pending, new_times, strict=True)
        if planned[n] != when
    ]


def days_that_help(days: Iterable[int], per_week: int, *, start: date) -> list[int]:
    """The weekdays (0 = Monday) not among ``days`` whose addition alone would let
    ``per_week`` sessions a week fit ``MIN_GAP`` apart."""
    have = frozenset(days)
    return [
        d
        for d in range(7)
        if d not in have and weekly_capacity(have | {d}, per_week, start=start) >= per_week
    ]
