"""Escalation: when the log says to stop and see a physical therapist (CLINICAL_RULES,
"Clearance and escalation"; every number in ``hamcoach.domain.rules``).

- ``ESCALATION_STEP_BACKS`` step-backs of one exercise, from different sessions, within
  ``ESCALATION_STEP_BACK_DAYS`` days pause that exercise; so does red pain at its easiest
  dose (stepping back further is not possible, and the same painful dose must not be
  prescribed again).
- Red pain in ``ESCALATION_RED_EXERCISES`` different exercises within
  ``ESCALATION_RED_DAYS`` days, or morning pain above the intake baseline on
  ``ESCALATION_WORSE_MORNINGS`` check-ins in a row, pause the whole plan.

A pause leaves the exercise (or every session) out of the sessions after the day it was
decided, until a clinician resumes it (a RESUME change, domain/fold_plan.py). Pure: these
functions only read and extend the fold's state.
"""

from __future__ import annotations

import datetime as dt

from hamcoach.domain import rules as R
from hamcoach.domain.fold_state import State
from hamcoach.domain.fold_values import Pause
from hamcoach.domain.progression import CheckIn, Decision, ExerciseLog, Param

SYMPTOM_STEP_BACKS = frozenset({"pain-red", "morning-worse"})
"""Step-backs that count toward escalation (a return after a break is not a symptom)."""

REPEATED = "repeated-step-back"
RED_AT_EASIEST = "red-at-easiest"
RED_IN_TWO = "red-in-two"
MORNINGS = "mornings-above-baseline"


def pause(
    state: State,
    exercise_id: str | None,
    on: dt.date,
    recorded_at: dt.datetime,
    rule: str,
    **params: Param,
) -> None:
    """Leave the exercise (None: the plan) out from ``on``, unless it is already out."""
    if state.open_pause(exercise_id) is not None:
        return
    state.add_pause(Pause(on, recorded_at, exercise_id, rule, tuple(sorted(params.items()))))


def after_decision(
    state: State, decision: Decision, key: int, on: dt.date, recorded_at: dt.datetime
) -> None:
    """A step-back applied on ``on`` (for the log ``key``): pause the exercise if it is the
    second within the window, or red pain at the easiest dose."""
    old, new = decision.before.exercise_id, decision.after.exercise_id
    if old != new:
        state.line[new] = state.line.get(old, old)
    if decision.rule not in SYMPTOM_STEP_BACKS:
        return
    paused = decision.after.exercise_id  # what the coming sessions hold now
    if decision.rule == "pain-red" and not decision.changed:
        pause(
            state, paused, on + dt.timedelta(days=1), recorded_at, RED_AT_EASIEST,
            pain=decision.param("pain"), limit=R.PAIN_AMBER_MAX,
        )  # fmt: skip
        return
    # only the window counts: older step-backs are dropped (decisions come in date order,
    # so the older ones come first)
    since = on - _STEP_BACK_WINDOW  # (on - d).days < the window's days: d after ``since``
    seen = state.step_backs.get(decision.exercise_id)
    if seen is None:
        seen = state.step_backs[decision.exercise_id] = []
    stale = 0
    while stale < len(seen) and seen[stale][0] <= since:
        stale += 1
    del seen[:stale]
    for _, k in seen:
        if k == key:
            return  # a red day and its worse morning are one session's step-back, not two
    seen.append((on, key))
    if len(seen) >= R.ESCALATION_STEP_BACKS and state.open_pause(paused) is None:
        pause(
            state, paused, on + dt.timedelta(days=1), recorded_at, REPEATED,
            count=len(seen), days=R.ESCALATION_STEP_BACK_DAYS,
        )  # fmt: skip


_STEP_BACK_WINDOW = dt.timedelta(days=R.ESCALATION_STEP_BACK_DAYS)


def after_log(state: State, log: ExerciseLog, recorded_at: dt.datetime) -> None:
    """Red pain in two different exercises within the window pauses the plan."""
    if log.pain is None or log.pain <= R.PAIN_AMBER_MAX:
        return
    reds = state.reds
    reds.append((log.on, state.line.get(log.exercise_id, log.exercise_id)))
    # logs come in date order: the reds before the window are the first, and never count again
    stale = 0
    while stale < len(reds) and (log.on - reds[stale][0]).days >= R.ESCALATION_RED_DAYS:
        stale += 1
    del reds[:stale]
    recent = {ex for _, ex in reds}
    if len(recent) >= R.ESCALATION_RED_EXERCISES:
        pause(
            state, None, log.on + dt.timedelta(days=1), recorded_at, RED_IN_TWO,
            count=len(recent), days=R.ESCALATION_RED_DAYS, limit=R.PAIN_AMBER_MAX,
        )  # fmt: skip


def after_checkin(state: State, checkin: CheckIn, recorded_at: dt.datetime) -> None:
    """Morning pain above the intake baseline on enough check-ins in a row pauses the plan."""
    baseline = state.ctx.baseline_pain
    state.worse_mornings = state.worse_mornings + 1 if checkin.pain > baseline else 0
    if state.worse_mornings >= R.ESCALATION_WORSE_MORNINGS:
        pause(
            state, None, checkin.on + dt.timedelta(days=1), recorded_at, MORNINGS,
            count=state.worse_mornings, baseline=baseline,
        )  # fmt: skip


def forget(state: State, exercise_id: str | None) -> None:
    """A resume starts the count again: what led to the pause does not pause it twice."""
    if exercise_id is None:
        state.reds.clear()
        state.worse_mornings = 0
    else:
        state.step_backs.pop(exercise_id, None)
