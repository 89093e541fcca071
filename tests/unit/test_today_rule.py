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
    assert due(PLAN, MON) == Due(1, True, False, started=True)  # its first log counted it done


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


def test_a_red_day_pausing_the_plan_after_todays_session_began_pauses_today() -> None:
    """Red pain in two exercises today pauses the plan: the rest of today's session, begun,
    is not offered."""
    held = [PLAN[0], Slot(2, "", "paused"), Slot(3, "", "paused")]
    assert due(held, MON) == Due(1, True, True, started=True)


LATE = [Slot(n, f"2026-11-{d:02d}T18:00", "planned") for n, d in ((1, 2), (2, 4), (3, 6), (4, 23))]
"""A plan from Mon 2 Nov with nothing done; session 4 is on Mon 23 Nov."""


def test_back_after_a_break_the_first_session_missed_is_due() -> None:
    """Three weeks on with nothing done: not the calendar's session 4 but session 1, which
    the next training counts for (domain/fold.py moves the missed ones forward first)."""
    start = dt.date(2026, 11, 2)
    assert due(LATE, MON, start) == Due(1, True, False, back=True)
    # 13 days: not a break yet; the calendar's rule stands (the next one from that day)
    assert due(LATE, start + dt.timedelta(days=13), start).number == 4
    assert due(LATE, start + dt.timedelta(days=14), start) == Due(1, True, False, back=True)
    # trained recently: no break, whatever is behind
    assert due(LATE, MON, MON - dt.timedelta(days=3)) == Due(4, True, False)
    # nothing missed behind (moved forward already): the calendar's rule
    assert due(LATE[3:], MON, start) == Due(4, True, False)


def test_a_session_done_a_day_from_another_is_too_close() -> None:
    """At least 48 hours between sessions (article 003), read by days: a log has a date."""
    from hamcoach.domain.guided import close_to

    done = [(1, MON), (2, TUE), (3, dt.date(2026, 11, 27))]
    assert close_to(done, 2) == (1, MON)  # a day after session 1 (and 3 days before 3)
    assert close_to(done, 1) == (2, TUE)
    assert close_to(done, 3) is None  # three days from session 2
    assert close_to([(1, MON), (2, WED)], 2) is None  # two days: 48 hours
    assert close_to(done, 4) is None  # not done
