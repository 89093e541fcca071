"""The one rule for what is due today (services/today.py), as the terminal's `today` and
the web's Today page both use it."""

from __future__ import annotations

import datetime as dt

from hamcoach.services.today import Due, Slot, due

MON, TUE, WED = dt.date(2026, 11, 23), dt.date(2026, 11, 24), dt.date(2026, 11, 25)
PLAN = [
    Slot(1, "2026-11-23T18:00", "done"),
    Slot(2, "2026-11-25T18:00", "planned"),
    Slot(3, "2026-11-27T18:00", "planned"),
]


def test_todays_session_is_shown_even_once_started() -> None:
    assert due(PLAN, MON) == Due(1, True, False)  # its first log counted it done


def test_between_sessions_the_next_one_is_shown_and_not_as_today() -> None:
    assert due(PLAN, TUE) == Due(2, False, False)
    assert due(PLAN, WED) == Due(2, True, False)


def test_the_next_is_the_earliest_by_time_not_by_number() -> None:
    moved = [Slot(2, "2026-11-28T07:00", "planned"), Slot(3, "2026-11-27T18:00", "planned")]
    assert due(moved, TUE).number == 3


def test_a_paused_session_before_the_next_pauses_the_plan() -> None:
    held = [PLAN[0], Slot(2, "2026-11-25T18:00", "paused"), PLAN[2]]
    assert due(held, TUE) == Due(3, False, True)
    later = [PLAN[0], PLAN[1], Slot(3, "2026-11-27T18:00", "paused")]
    assert due(later, TUE) == Due(2, False, False)  # paused later on: not yet


def test_nothing_left() -> None:
    assert due(PLAN, dt.date(2026, 12, 1)) == Due(None, False, False)
    assert due([Slot(4, "", "paused")], TUE) == Due(None, False, True)
