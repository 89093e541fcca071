"""Ladder criteria that logged sets can be checked against.

The catalog's ladder links carry these (``check:`` in the YAML); the
progression engine and the planner's entry gates read them, so a gate such
as "30 bodyweight squats with good form before loading" is written once, in
the exercise's file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from hamcoach.domain import rules as R
from hamcoach.domain.frozen import quick_init


class Metric(StrEnum):
    """What a machine-checkable ladder criterion measures over logged sets."""

    GOOD_FORM_REPS = "good-form-reps"  # best single set done with good form
    SESSIONS_AT_TOP = "sessions-at-top"  # consecutive sessions with every set at the top
    HOLD_SECONDS = "hold-seconds"  # best hold with good form


@dataclass(frozen=True, slots=True)
class Criterion:
    """A ladder criterion that logged sets can be checked against."""

    metric: Metric
    value: int
    per_side: bool = False
    sessions: int = 1
    max_pain: int = R.PAIN_GREEN_MAX

    def sessions_counted(self) -> int:
        """How many of the most recent sessions ``criterion_met`` reads."""
        return self.value if self.metric is Metric.SESSIONS_AT_TOP else self.sessions

    def describe(self) -> str:
        side = " per side" if self.per_side else ""
        if self.metric is Metric.GOOD_FORM_REPS:
            what = f"{self.value} good-form reps in one set{side}"
        elif self.metric is Metric.HOLD_SECONDS:
            what = f"a {self.value} s hold with good form{side}"
        else:
            what = (
                "every set at the top of the range in one session"
                if self.value == 1
                else f"every set at the top of the range in {self.value} sessions running"
            )
        return f"{what}, pain <= {self.max_pain}/10"


@quick_init
@dataclass(frozen=True, slots=True)
class SetPerformance:
    """One logged set, as far as criteria are concerned."""

    reps: int = 0
    hold_seconds: int = 0
    good_form: bool = True
    side: str | None = None  # "left", "right" or None for both


@quick_init
@dataclass(frozen=True, slots=True)
class SessionPerformance:
    """One session's sets of one exercise, with its worst pain."""

    sets: tuple[SetPerformance, ...]
    pain: int
    all_sets_at_top: bool = False


def criterion_met(criterion: Criterion, history: Sequence[SessionPerformance]) -> bool:
    """Whether the most recent sessions in ``history`` satisfy ``criterion``.

    Sessions are oldest first. Pain above the criterion's ceiling never counts.
    """
    if criterion.metric is Metric.SESSIONS_AT_TOP:
        recent = history[-criterion.value :] if criterion.value else []
        return len(recent) == criterion.value and all(
            s.all_sets_at_top and s.pain <= criterion.max_pain for s in recent
        )
    recent = history[-criterion.sessions :]
    if len(recent) < criterion.sessions:
        return False
    return all(_session_meets(criterion, s) for s in recent)


def _session_meets(criterion: Criterion, session: SessionPerformance) -> bool:
    if session.pain > criterion.max_pain:
        return False
    good = [s for s in session.sets if s.good_form]

    def best(sets: Sequence[SetPerformance]) -> int:
        if criterion.metric is Metric.GOOD_FORM_REPS:
            return max((s.reps for s in sets), default=0)
        return max((s.hold_seconds for s in sets), default=0)

    if not criterion.per_side:
        return best(good) >= criterion.value
    sides = {"left", "right"}
    return all(
        best([s for s in good if s.side in (side, None)]) >= criterion.value for side in sides
    )
