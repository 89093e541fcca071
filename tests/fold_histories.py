"""Generated histories for the fold: plans as the planner builds them, and a person's dated
events (logs with pain, RPE, load, holds and leg symptoms; morning check-ins; missed
sessions moved forward; plan changes: skip, swap, resume, edit, set-load; sessions done
early or late; gaps of weeks), drawn from a seed so that a failure can be replayed.

Used by the oracle test (tests/unit/test_fold_oracle.py) and by the safety properties.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from hamcoach.domain.catalog import Catalog
from hamcoach.domain.fold import (
    BuiltSession,
    CheckInEvent,
    Context,
    FoldResult,
    LogEvent,
    PlanChange,
    RescheduleEvent,
)
from hamcoach.domain.fold_values import ChangeKind
from hamcoach.domain.prescription import Prescription
from hamcoach.domain.progression import CheckIn, ExerciseLog, LoggedSet
from hamcoach.domain.rules import Rules
from hamcoach.domain.scheduling import place_sessions

START = dt.date(2026, 3, 2)  # a Monday
AT = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
DAYS = frozenset({0, 2, 4})

PROFILES: dict[str, dict[str, Any]] = {
    "base": {},
    "demo": {
        "equipment": ["massage-ball", "stability-ball", "ankle-anchor"],
        "conditions": {"leg_symptoms": True},
        "baseline": {"single_leg_bridge_left": 12, "single_leg_bridge_right": 14},
    },
    "loaded": {
        "equipment": ["dumbbell-or-kettlebell", "stability-ball", "ankle-anchor", "massage-ball"],
        "baseline": {
            "bodyweight_squats": 30,
            "single_leg_deadlift_left": 30,
            "single_leg_deadlift_right": 30,
            "single_leg_bridge_left": 25,
            "single_leg_bridge_right": 25,
        },
    },
    "routine": {"routine": "five-hamstring-workouts"},
    "novice": {
        "conditions": {"recent_hamstring_strain": True, "flexion_sensitive_back": True},
        "experience": "none",
    },
}


@cache
def the_catalog() -> Catalog:
    """The catalog, loaded once (hypothesis tests take it from here rather than a fixture,
    whose long repr would fill a failure's report)."""
    from hamcoach.catalog.loader import load_catalog

    return load_catalog().catalog


_PLANS: dict[tuple[int, str, int], tuple[BuiltSession, ...]] = {}


def plan(catalog: Catalog, profile: str, weeks: int) -> tuple[BuiltSession, ...]:
    """The sessions the planner builds for one of ``PROFILES``, placed Mon/Wed/Fri."""
    key = (id(catalog), profile, weeks)
    if key not in _PLANS:
        _PLANS[key] = _plan(catalog, profile, weeks)
    return _PLANS[key]


def _plan(catalog: Catalog, profile: str, weeks: int) -> tuple[BuiltSession, ...]:
    from hamcoach.domain.program import build_program
    from hamcoach.domain.screening import screen
    from hamcoach.intake.schema import parse_profile
    from profiles import profile_data

    data = profile_data(schedule={"start_date": START.isoformat()}, **PROFILES[profile])
    person = parse_profile(data).to_domain()
    program = build_program(person, screen(person), catalog, weeks=weeks)
    times = place_sessions(
        len(program.sessions), start=START, days=DAYS, at=dt.time(18), per_week=3
    )
    return tuple(
        BuiltSession(s.number, s.week, s.label, t, s.items)
        for s, t in zip(program.sessions, times, strict=True)
    )


@dataclass
class History:
    """One generated case: the plan, the context and the events, ready for ``fold``."""

    built: list[BuiltSession]
    ctx: Context
    logs: list[LogEvent] = field(default_factory=list)
    checkins: list[CheckInEvent] = field(default_factory=list)
    reschedules: list[RescheduleEvent] = field(default_factory=list)
    changes: list[PlanChange] = field(default_factory=list)

    def fold_with(self, fold: Callable[..., FoldResult]) -> FoldResult:
        return fold(
            self.built,
            logs=self.logs,
            checkins=self.checkins,
            reschedules=self.reschedules,
            changes=self.changes,
            ctx=self.ctx,
        )


@dataclass(frozen=True)
class Knobs:
    """How a generated person behaves; each a probability unless named otherwise."""

    seed: int
    profile: str = "demo"
    weeks: int = 8
    done: float = 0.8
    """A session is done at all."""
    shift: float = 0.2
    """A done session is done a day or two early or late."""
    red: float = 0.08
    amber: float = 0.12
    legs: float = 0.04
    checkin: float = 0.8
    gap: float = 0.03
    """Before a session: a gap of two to four weeks with nothing done."""
    changes: int = 0
    """How many plan changes."""
    reschedules: int = 0
    off_plan: float = 0.05
    """A log of an exercise near the plan's on the ladder, not the session's."""
    time_limit: int | None = None
    carried: bool = False
    baseline_pain: int = 2
    follow: bool = True
    """Log what the plan asks (folded once first) rather than the doses as built."""
    strong: float = 0.1
    """A log well above the dose (every set at the top of the range: ladder steps, loads)."""
    worse: float = 0.15
    """A morning check-in above the intake baseline."""
    set_loads: bool = True
    """A starting weight set for each loaded exercise in the first week."""


def _neighbours(catalog: Catalog, ids: Sequence[str]) -> list[str]:
    out = set(ids)
    for i in ids:
        ex = catalog.get(i)
        out.update(link.target for link in (*ex.progressions, *ex.regressions))
    return sorted(x for x in out if x in catalog.exercises)


def history(catalog: Catalog, k: Knobs, fold: Callable[..., FoldResult] | None = None) -> History:
    """The case the knobs describe. With ``fold`` and ``k.follow``, the person logs the doses
    the plan holds after folding the first draft (as someone following the app would)."""
    built = list(plan(catalog, k.profile, k.weeks))
    ctx = Context(
        catalog,
        START,
        DAYS,
        dt.time(18),
        3,
        baseline_pain=k.baseline_pain,
        max_minutes=k.time_limit,
        rules=Rules(load_step_pct=5.0, load_increment_kg=1.0),
    )
    h = _draw(catalog, k, built, ctx, [(b.at, b.items) for b in built])
    if fold is not None and k.follow:
        result = h.fold_with(fold)
        h = _draw(catalog, k, built, ctx, [(s.at, s.items) for s in result.sessions])
    return h


def _draw(
    catalog: Catalog,
    k: Knobs,
    built: list[BuiltSession],
    ctx: Context,
    sessions: list[tuple[dt.datetime, tuple[Prescription, ...]]],
) -> History:
    rnd = random.Random(k.seed)
    h = History(built, ctx)
    ids = sorted({i.exercise_id for b in built for i in b.items})
    near = _neighbours(catalog, ids)
    keys = rnd.sample(range(1, 100_000), 2000)
    drift = 0
    last_day = START
    for at, items in sessions:
        if rnd.random() < k.gap:
            drift += rnd.randint(14, 28)
        if rnd.random() >= k.done:
            continue
        shift = rnd.choice((-2, -1, 1, 2)) if rnd.random() < k.shift else 0
        day = at.date() + dt.timedelta(days=drift + shift)
        chosen = [p for p in items if rnd.random() < 0.9]
        for p in chosen:
            h.logs.append(LogEvent(_log(rnd, k, p, day), keys[len(h.logs)], _typed(rnd, day)))
        if rnd.random() < k.off_plan:
            ex = catalog.get(rnd.choice(near))
            from hamcoach.domain.prescription import starting_dose

            p = starting_dose(ex)
            h.logs.append(LogEvent(_log(rnd, k, p, day), keys[len(h.logs)], _typed(rnd, day)))
        if rnd.random() < 0.05 and chosen:  # the same exercise logged twice that day
            p = rnd.choice(chosen)
            h.logs.append(LogEvent(_log(rnd, k, p, day), keys[len(h.logs)], _typed(rnd, day)))
        if rnd.random() < k.checkin:
            morning = day + dt.timedelta(days=rnd.choice((1, 1, 1, 2)))
            h.checkins.append(_checkin(rnd, k, morning))
        last_day = max(last_day, day)
    end = last_day + dt.timedelta(days=7)
    span = max(1, (end - START).days)
    for _ in range(rnd.randint(0, 3)):  # a stray morning
        h.checkins.append(_checkin(rnd, k, START + dt.timedelta(days=rnd.randrange(span))))
    for _ in range(k.reschedules):
        day = START + dt.timedelta(days=rnd.randrange(span))
        h.reschedules.append(RescheduleEvent(day, _typed(rnd, day)))
    for _ in range(k.changes):
        h.changes.append(_change(rnd, ids, near, START + dt.timedelta(days=rnd.randrange(span))))
    if k.set_loads:
        for ex in (x for x in near if catalog.get(x).loaded):
            on = START + dt.timedelta(days=rnd.randrange(7))
            kg = rnd.choice((6.0, 10.0, 12.5, 16.0))
            h.changes.append(PlanChange(on, _typed(rnd, on), ChangeKind.SET_LOAD, ex, load_kg=kg))
    h.changes.sort(key=lambda c: c.recorded_at)  # the order they were made
    if k.carried:
        h.ctx = replace(ctx, carried_until=START + dt.timedelta(days=rnd.randrange(span)))
    return h


def _typed(rnd: random.Random, day: dt.date) -> dt.datetime:
    """When an entry was typed in: that evening, or days later."""
    late = rnd.choice((0, 0, 0, 1, 3, 20))
    return dt.datetime.combine(day + dt.timedelta(days=late), dt.time(19), dt.UTC) + dt.timedelta(
        seconds=rnd.randrange(3600)
    )


def _pain(rnd: random.Random, k: Knobs) -> int | None:
    x = rnd.random()
    if x < k.red:
        return rnd.randint(6, 10)
    if x < k.red + k.amber:
        return rnd.randint(4, 5)
    if x < k.red + k.amber + 0.03:
        return None
    return rnd.randint(0, 3)


def _log(rnd: random.Random, k: Knobs, p: Prescription, day: dt.date) -> ExerciseLog:
    target = p.reps or (max(p.reps_by_set) if p.reps_by_set else 0) or 8
    if rnd.random() < k.strong:
        target += rnd.randint(4, 12)
    n = max(1, p.sets + rnd.choice((-1, 0, 0, 0, 0, 1)))
    load = p.load_kg
    if p.loaded and (load is None or rnd.random() < 0.2):
        load = rnd.choice((None, 8.0, 10.0, 12.5, 20.0))
    rpe = rnd.choice((None, None, 6.0, 7.0, 8.0, 8.5, 9.0, 10.0))
    sets = tuple(
        LoggedSet(
            reps=max(0, target + rnd.choice((-2, -1, 0, 1, 1, 2, 3))),
            load_kg=load,
            hold_seconds=(p.hold_seconds + rnd.choice((-2, 0, 0, 2))) if p.hold_seconds else None,
            rpe=rpe,
            good_form=rnd.random() > 0.05,
            side=rnd.choice((None, None, "left", "right")) if p.per_side else None,
        )
        for _ in range(n)
    )
    legs = rnd.random() < k.legs
    return ExerciseLog(p.exercise_id, day, sets, _pain(rnd, k), legs)


def _checkin(rnd: random.Random, k: Knobs, day: dt.date) -> CheckInEvent:
    if rnd.random() < k.worse:
        pain = k.baseline_pain + rnd.randint(1, 4)
    else:
        pain = max(0, k.baseline_pain - rnd.choice((0, 0, 0, 0, 0, 1, 2)))
    stiffness = rnd.choice((None, 0, 2, 4))
    return CheckInEvent(CheckIn(day, pain, stiffness), _typed(rnd, day))


_KINDS = (ChangeKind.SET_LOAD, ChangeKind.SWAP, ChangeKind.SKIP, ChangeKind.RESUME,
          ChangeKind.EDIT, ChangeKind.EQUIPMENT)  # fmt: skip
"""The kinds drawn, in the order (and so with the draws) they had before 'no-kit' and
'add' came: those two have their own tests (tests/unit/test_fold_kit.py); the oracle
predates them. EQUIPMENT is drawn as an EDIT (the branch it falls to), as before."""


def _change(rnd: random.Random, ids: list[str], near: list[str], on: dt.date) -> PlanChange:
    kind = rnd.choice(_KINDS)
    at = _typed(rnd, on)
    ex = rnd.choice(ids)
    if kind is ChangeKind.SET_LOAD:
        return PlanChange(on, at, kind, ex, load_kg=rnd.choice((5.0, 10.0, 12.5)))
    if kind is ChangeKind.SWAP:
        return PlanChange(on, at, kind, ex, new_exercise_id=rnd.choice(near))
    if kind is ChangeKind.SKIP:
        return PlanChange(on, at, kind, ex)
    if kind is ChangeKind.RESUME:
        return PlanChange(on, at, kind, rnd.choice((None, ex)), by="Dr Lee")
    days = frozenset(rnd.sample(range(7), rnd.randint(2, 4)))
    return PlanChange(
        on,
        at,
        kind,
        days=days,
        at=rnd.choice((None, dt.time(7))),
        per_week=rnd.choice((None, 2, 3)),
        max_minutes=rnd.choice((None, 30, 60)),
    )
