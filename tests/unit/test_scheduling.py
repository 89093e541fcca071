"""48-hour spacing and weekly caps hold for every schedule; reschedule keeps them."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import assume, given
from hypothesis import strategies as st

from hamcoach.domain.scheduling import (
    MIN_GAP,
    ScheduleError,
    place_sessions,
    reschedule,
    weekly_capacity,
)

days_st = st.sets(st.integers(0, 6), min_size=1)
start_st = st.dates(dt.date(2025, 1, 1), dt.date(2030, 12, 31))


def check(times: list[dt.datetime], start: dt.date, days: set[int], per_week: int) -> None:
    assert times == sorted(times)
    for a, b in itertools.pairwise(times):
        assert b - a >= MIN_GAP
    for t in times:
        assert t.weekday() in days and t.date() >= start
    weeks: dict[int, int] = {}
    for t in times:
        weeks[(t.date() - start).days // 7] = weeks.get((t.date() - start).days // 7, 0) + 1
    assert max(weeks.values()) <= per_week


@given(days=days_st, start=start_st, per_week=st.sampled_from([2, 3]), hour=st.integers(5, 21))
def test_spacing_and_caps_hold_for_every_schedule(
    days: set[int], start: dt.date, per_week: int, hour: int
) -> None:
    times = place_sessions(
        5 * per_week, start=start, days=days, at=dt.time(hour, 30), per_week=per_week
    )
    assert len(times) == 5 * per_week
    check(times, start, days, per_week)


def test_three_days_give_three_sessions_a_week_in_five_weeks() -> None:
    start = dt.date(2026, 11, 23)  # a Monday
    times = place_sessions(15, start=start, days={0, 2, 4}, at=dt.time(18), per_week=3)
    assert times[-1].date() == dt.date(2026, 12, 25)
    assert weekly_capacity({0, 2, 4}, 3) == 3


def test_back_to_back_days_cannot_hold_two_sessions() -> None:
    assert weekly_capacity({0, 1}, 2) == 1
    assert weekly_capacity({5, 6}, 2) == 1  # Sat and Sun: only one fits each week
    assert weekly_capacity({5, 6, 0}, 2) == 2  # Mon and Sat, then Mon again 48 h later
    assert weekly_capacity({0, 3}, 2) == 2


@given(
    days=days_st,
    start=start_st,
    per_week=st.sampled_from([2, 3]),
    done_count=st.integers(0, 6),
    delay=st.integers(1, 30),
)
def test_reschedule_moves_missed_sessions_forward_keeping_the_rules(
    days: set[int], start: dt.date, per_week: int, done_count: int, delay: int
) -> None:
    times = place_sessions(10, start=start, days=days, at=dt.time(7), per_week=per_week)
    planned = dict(enumerate(times, 1))
    done = set(range(1, done_count + 1))
    from_day = times[min(done_count, 9)].date() + dt.timedelta(days=delay)
    moves = reschedule(
        planned, done, start=start, from_day=from_day, days=days, at=dt.time(7), per_week=per_week
    )
    after = dict(planned)
    for m in moves:
        assert m.number not in done
        assert m.after.date() >= from_day
        after[m.number] = m.after
    ordered = [after[n] for n in sorted(after)]
    check(ordered, start, days, per_week)
    pending_before = [n for n in planned if n not in done and planned[n].date() < from_day]
    assert {m.number for m in moves} >= set(pending_before)
    assert max(after.values()) >= max(planned.values())


def test_nothing_missed_means_nothing_moves() -> None:
    start = dt.date(2026, 11, 23)
    times = place_sessions(6, start=start, days={0, 3}, at=dt.time(9), per_week=2)
    assert (
        reschedule(
            dict(enumerate(times, 1)),
            set(),
            start=start,
            from_day=start,
            days={0, 3},
            at=dt.time(9),
            per_week=2,
        )
        == []
    )


@given(
    days=st.sets(st.integers(0, 6), min_size=2),
    per_week=st.sampled_from([2, 3]),
    start=st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)),
)
def test_a_plan_fits_its_days_or_says_it_cannot(
    days: set[int], per_week: int, start: dt.date
) -> None:
    """Never stretched silently: either the days hold the program's weekly sessions 48 hours
    apart within its weeks, or planning refuses with the reason."""
    from dataclasses import replace

    from hamcoach.domain.profile import Weekday
    from hamcoach.intake.schema import parse_profile
    from hamcoach.services.planning import fit_to_days
    from profiles import profile_data

    assume(len(days) >= per_week)
    names = [w.value for w in Weekday]
    profile = parse_profile(
        profile_data(
            schedule={
                "days": [names[d] for d in sorted(days)],
                "sessions_per_week": per_week,
                "start_date": start.isoformat(),
            }
        )
    ).to_domain()
    try:
        fitted, warnings = fit_to_days(profile)
    except ScheduleError as exc:
        assert "the program needs at least 2 a week" in str(exc)
        assert weekly_capacity(days, per_week, start=start) < 2
        return
    got = fitted.availability.sessions_per_week
    assert 2 <= got <= per_week and (got < per_week) == bool(warnings)
    assert replace(fitted, availability=profile.availability) == profile
    times = place_sessions(got * 5, start=start, days=days, at=dt.time(18), per_week=got)
    assert max(times).date() < start + dt.timedelta(weeks=5)
    assert all(b - a >= MIN_GAP for a, b in itertools.pairwise(times))
