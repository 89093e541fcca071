"""Fold speed: a year of one person's events folded into doses, next to `python -c pass`
measured in the same run.

A year: a 52-week plan of three sessions a week (156 sessions), done session by session
as the plan shows it then (every exercise it holds, some with amber or red pain, some a
day late), a check-in the next morning, and each pause the escalation rules make resumed
by a physical therapist three days on.
Every log and check-in re-folds the person's active plan, so this is the cost of one
write's domain work. Target on the 2-core machine: under 20 ms. A plan is at most 12
weeks long (`plan create --weeks`), so the fold a write really repeats is at most the
second figure; the year is the stress case.

Run: make bench (or .venv/bin/python bench/fold.py).
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import time

from hamcoach.catalog.loader import load_catalog
from hamcoach.domain.fold import BuiltSession, CheckInEvent, Context, LogEvent, PlanChange, fold
from hamcoach.domain.fold_values import ChangeKind
from hamcoach.domain.prescription import Prescription
from hamcoach.domain.profile import Profile
from hamcoach.domain.program import build_program
from hamcoach.domain.progression import CheckIn, ExerciseLog, LoggedSet
from hamcoach.domain.scheduling import place_sessions
from hamcoach.domain.screening import screen
from hamcoach.intake.schema import load_profile_file
from progression import median_ms  # one timing helper for the in-process benches

DAYS = frozenset({0, 2, 4})
START = dt.date(2025, 1, 6)
AT = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
RESUME_AFTER = 3
"""Days from a pause to the physical therapist's resume."""
MORNING_PAIN = (1, 1, 1, 1, 2)
"""Each session's next-morning pain, in turn: worse than the morning before once in five
sessions (about every 12 days). It was 1, 2, 3 in turn (worse two mornings in three)
until no dose could rise during a pause: that person was stopped 182 times a year, and
the fold became a measure of resumes rather than of a year's training."""


def demo_profile() -> Profile:
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "examples" / "demo-profile.yaml"
    return load_profile_file(path).to_domain()


def a_year(
    weeks: int = 52,
) -> tuple[list[BuiltSession], list[LogEvent], list[CheckInEvent], list[PlanChange], Context]:
    catalog = load_catalog().catalog
    profile = demo_profile()
    program = build_program(profile, screen(profile), catalog, weeks=weeks)
    times = place_sessions(
        len(program.sessions), start=START, days=DAYS, at=dt.time(18), per_week=3
    )
    built = [
        BuiltSession(s.number, s.week, s.label, t, s.items)
        for s, t in zip(program.sessions, times, strict=True)
    ]
    ctx = Context(
        catalog,
        START,
        DAYS,
        dt.time(18),
        3,
        baseline_pain=profile.pain_now,
        conditions=profile.active_conditions(),
        equipment=profile.equipment,
    )
    # a person does what the plan asks, session by session: the next session still to do,
    # as the fold shows it then (a pause leaves its exercises out), on its day (now and then
    # a day late), and a check-in the next morning. Each pause the escalation rules make is
    # resumed by a physical therapist RESUME_AFTER days on, as a year of real use would
    # have it. (Folding again before each session is the set-up's cost, not the bench's.)
    logs: list[LogEvent] = []
    checkins: list[CheckInEvent] = []
    resumes: dict[tuple[dt.date, str | None], PlanChange] = {}
    last = START - dt.timedelta(days=1)
    n = 0
    for _ in range(4 * len(built)):
        changes = sorted(resumes.values(), key=lambda c: (c.on, c.exercise_id or ""))
        result = fold(built, logs=logs, checkins=checkins, changes=changes, ctx=ctx)
        for p in result.pauses:
            if p.until is None and (p.on, p.exercise_id) not in resumes:
                on = p.on + dt.timedelta(days=RESUME_AFTER)
                resumes[p.on, p.exercise_id] = PlanChange(
                    on, dt.datetime.combine(on, dt.time(9), tzinfo=dt.UTC), ChangeKind.RESUME,
                    exercise_id=p.exercise_id, by="Physical therapist",
                )  # fmt: skip
        if len(resumes) > len(changes):
            continue  # fold again with the resumes before the next session
        todo = sorted(
            (s for s in result.sessions if not s.done and not s.paused and s.at.date() > last),
            key=lambda s: s.at,
        )
        if not todo:
            break
        s = todo[0]
        day = s.at.date() + dt.timedelta(days=1 if n % 10 == 9 else 0)  # now and then late
        logs += _diary(n, day, s.items, len(logs))
        morning = CheckIn(day + dt.timedelta(days=1), MORNING_PAIN[n % len(MORNING_PAIN)])
        checkins.append(CheckInEvent(morning, AT))
        last, n = day, n + 1
    changes = sorted(resumes.values(), key=lambda c: (c.on, c.exercise_id or ""))
    return built, logs, checkins, changes, ctx


def _diary(n: int, day: dt.date, items: tuple[Prescription, ...], keys: int) -> list[LogEvent]:
    """Session ``n``'s logs: every item, a rep over the dose two sessions in three; now and
    then one exercise hurts: amber (4/10) once a week or so, red (7/10) once in 17
    sessions. (Until the diary followed the plan session by session, every exercise of
    such a session was red: with paused exercises left out, that person was stopped about
    200 times a year.)"""
    logs = []
    sore = n % len(items) if items else -1
    for k, item in enumerate(items):
        keys += 1
        reps = (item.reps or 8) + (1 if n % 3 else 0)
        pain = 1 if k != sore else 7 if n % 17 == 16 else 4 if n % 7 == 6 else 1
        sets = tuple(LoggedSet(reps=reps, hold_seconds=item.hold_seconds) for _ in range(item.sets))
        logs.append(LogEvent(ExerciseLog(item.exercise_id, day, sets, pain), keys, AT))
    return logs


def main() -> None:
    def python_pass() -> None:
        subprocess.run([sys.executable, "-c", "pass"], check=True)

    floor = median_ms(python_pass, 10)
    for weeks, what in ((52, "a year"), (12, "the longest plan (12 weeks)")):
        built, logs, checkins, changes, ctx = a_year(weeks)
        result = fold(built, logs=logs, checkins=checkins, changes=changes, ctx=ctx)
        changed = sum(1 for d in result.decisions if d.decision.changed)
        times = []
        for _ in range(15):
            started = time.perf_counter()
            fold(built, logs=logs, checkins=checkins, changes=changes, ctx=ctx)
            times.append((time.perf_counter() - started) * 1000)
        took = statistics.median(times)
        print(
            f"fold, {what}: {len(built)} sessions, {len(logs)} logs, {len(checkins)} check-ins, "
            f"{len(result.decisions)} decisions, {changed} changes, {len(result.pauses)} pauses "
            f"each resumed {RESUME_AFTER} days on: {took:.1f} ms median, "
            f"{min(times):.1f} ms best of 15 (target for a year 20 ms); python -c pass "
            f"{floor:.1f} ms in the same run ({took / floor:.1f}x)"
        )


if __name__ == "__main__":
    main()
