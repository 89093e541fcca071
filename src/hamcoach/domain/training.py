"""What a person did and what the engine decided: plain values (domain/progression.py
makes the decisions, hamcoach/messages.py words them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from hamcoach.domain.frozen import quick_init
from hamcoach.domain.prescription import Prescription, fields_of
from hamcoach.domain.rules import PAIN_GREEN_MAX


class Action(StrEnum):
    PROGRESS = "progress"
    HOLD = "hold"
    REGRESS = "regress"
    LADDER_UP = "ladder-up"
    LADDER_DOWN = "ladder-down"
    LOAD_UP = "load-up"
    LOAD_DOWN = "load-down"


@dataclass(frozen=True, slots=True)
class LoggedSet:
    reps: int = 0
    load_kg: float | None = None
    hold_seconds: int | None = None
    rpe: float | None = None
    good_form: bool = True
    side: str | None = None


def logged_sets(
    reps: Sequence[int],
    holds: Sequence[int],
    loads: Sequence[float | None],
    *,
    rpe: float | None = None,
    good_form: bool = True,
    side: str | None = None,
) -> tuple[LoggedSet, ...]:
    """Sets as typed: reps and holds per set (one hold may stand for every set), one load
    per set (``loads`` has one entry a set)."""
    return tuple(
        LoggedSet(
            reps=reps[i] if reps else 0,
            load_kg=loads[i],
            hold_seconds=(holds[i] if len(holds) > 1 else holds[0]) if holds else None,
            rpe=rpe,
            good_form=good_form,
            side=side,
        )
        for i in range(len(loads))
    )


def nothing_done(sets: Sequence[LoggedSet], pain: int | None) -> bool:
    """No set holds a rep or a hold, and no pain above the green zone stopped it: such a
    typed entry would count the day's session done for nothing. (Stopped by pain before a
    set was done, as the guided session logs it, is worth keeping: the pain counts.)"""
    stopped = pain is not None and pain > PAIN_GREEN_MAX
    return not stopped and not any(s.reps or s.hold_seconds for s in sets)


@dataclass(frozen=True, slots=True)
class ExerciseLog:
    exercise_id: str
    on: date
    sets: tuple[LoggedSet, ...]
    pain: int | None  # None: not reported
    leg_symptoms: bool = False
    session_number: int | None = None


@dataclass(frozen=True, slots=True)
class CheckIn:
    on: date
    pain: int
    stiffness: int | None = None


Param = str | int | float


@quick_init
@dataclass(frozen=True, slots=True)
class Decision:
    """A decision as data: the rule's code, its parameters and the doses before and after.

    Words are made at the edge from one table (hamcoach/messages.py); ``reason`` is that
    table's sentence, for convenience.
    """

    exercise_id: str
    action: Action
    rule: str
    before: Prescription
    after: Prescription
    params: tuple[tuple[str, Param], ...] = ()

    @property
    def changed(self) -> bool:
        before, after = self.before, self.after
        if before is after:
            return False
        # what a decision usually changes first (a quicker answer), then every field
        return (
            before.sets != after.sets
            or before.reps != after.reps
            or before.exercise_id != after.exercise_id
            or fields_of(before) != fields_of(after)
        )

    def param(self, name: str) -> Param:
        return dict(self.params)[name]

    @property
    def reason(self) -> str:
        from hamcoach.messages import decision_text

        return decision_text(self)
