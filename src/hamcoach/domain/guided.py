"""What the guided session does with one prescription: its sets in order, the sets as
prescribed, and which answers drive a rule.

Pure: the terminal player (cli/player.py) and the services that keep an interrupted
session (services/sessions.py) both read these, so a set counted before an interruption
is the same set after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hamcoach.domain import rules as R
from hamcoach.domain.catalog import Exercise
from hamcoach.domain.prescription import Prescription
from hamcoach.domain.training import LoggedSet


def set_order(item: Prescription) -> list[tuple[int, str | None]]:
    """(set number, side) in the order they are done: both sides of a set, then a rest."""
    sides: list[str | None] = ["left", "right"] if item.per_side else [None]
    return [(n, side) for n in range(1, item.sets + 1) for side in sides]


def target_reps(item: Prescription, set_no: int) -> int | None:
    """The reps (or cycles, swings) a set asks for; None for a plain hold or spots."""
    if item.spots is not None:
        return None
    if item.reps_by_set:
        return item.reps_by_set[set_no - 1]
    return item.reps


def prescribed_set(item: Prescription, set_no: int, side: str | None) -> LoggedSet:
    """One set done exactly as prescribed, with good form."""
    if item.spots is not None:
        return LoggedSet(reps=item.spots, side=side)
    return LoggedSet(
        reps=target_reps(item, set_no) or 0,
        load_kg=item.load_kg if item.loaded else None,
        hold_seconds=item.hold_seconds,
        side=side,
    )


def prescribed_sets(item: Prescription, count: int | None = None) -> tuple[LoggedSet, ...]:
    """The first ``count`` sets (all when None) as prescribed."""
    order = set_order(item)
    return tuple(prescribed_set(item, n, side) for n, side in order[:count])


def ladder_gated(ex: Exercise) -> bool:
    """A step up this exercise's ladder waits on a criterion read from logged sets (form,
    reps, holds): good form decides it."""
    return any(link.criterion is not None for link in ex.progressions)


def asks_effort(ex: Exercise) -> bool:
    """Effort (RPE) drives the load rules only: asked for loaded work."""
    return ex.loaded


def asks_form(ex: Exercise) -> bool:
    """Form is asked where it drives a rule: loaded work and ladder gates."""
    return ex.loaded or ladder_gated(ex)


def rest_range(ex: Exercise) -> tuple[int, int]:
    """Seconds of rest between sets: the catalog's for this exercise, else the default."""
    rest = ex.dosage.rest_seconds
    if rest is not None:
        return rest.low, rest.high
    default = round(R.REST_BETWEEN_SETS_SECONDS)
    return default, default


def hours_between(earlier: dt.datetime, later: dt.datetime) -> float:
    return (later - earlier).total_seconds() / 3600


def too_soon(last: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether starting now comes sooner than the minimum rest between sessions
    (``rules.MIN_HOURS_BETWEEN_SESSIONS``, article 003)."""
    return last is not None and hours_between(last, now) < R.MIN_HOURS_BETWEEN_SESSIONS


def close_to(done: Sequence[tuple[int, dt.date]], number: int) -> tuple[int, dt.date] | None:
    """Another session done within the minimum rest of session ``number`` (``done``: the
    sessions done, each with its day), by days: a log has a date, not an hour, so a day
    apart is too close for 48 hours (found by a new user's trial: one exercise on a rest
    day counted the next session done 24 hours after the last, and nothing said so)."""
    days = {n: d for n, d in done}
    day = days.get(number)
    if day is None:
        return None
    near = [
        (n, d) for n, d in done
        if n != number and abs((d - day).days) * 24 < R.MIN_HOURS_BETWEEN_SESSIONS
    ]  # fmt: skip
    return min(near, key=lambda nd: abs((nd[1] - day).days), default=None)
