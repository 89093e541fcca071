"""``progress --json`` (and what the progress figure reads)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from hamcoach.domain.outcomes import Change


class ProgressFacts(Protocol):
    """What the progress report (services.reports.Progress) offers."""

    @property
    def adherence(self) -> float | None: ...
    @property
    def done(self) -> int: ...
    @property
    def partial(self) -> int: ...
    @property
    def missed(self) -> int: ...
    @property
    def planned_to_date(self) -> int: ...
    @property
    def sessions_total(self) -> int: ...
    @property
    def pain_points(self) -> Sequence[tuple[dt.date, int, str]]: ...
    @property
    def weekly_volume(self) -> Mapping[str, Mapping[int, int]]: ...
    @property
    def ladder_steps(self) -> Sequence[tuple[dt.date, str]]: ...
    @property
    def decisions(self) -> Sequence[tuple[dt.date, str, str, str]]: ...


@dataclass(frozen=True, slots=True)
class PainPointView:
    date: str
    pain: int
    kind: str  # "session" or "check-in"


@dataclass(frozen=True, slots=True)
class LadderStepView:
    date: str
    step: str


@dataclass(frozen=True, slots=True)
class DecisionView:
    date: str
    exercise_id: str
    action: str
    reason: str


@dataclass(frozen=True, slots=True)
class OutcomeChangeView:
    measure: str
    before: float
    after: float
    meaningful: bool


@dataclass(frozen=True, slots=True)
class ProgressView:
    """``progress --json``."""

    adherence: float | None
    done: int
    partial: int
    """Sessions due so far that were stopped part-way; neither done nor missed."""
    missed: int
    planned_to_date: int
    sessions_total: int
    pain: tuple[PainPointView, ...]
    weekly_volume: Mapping[str, Mapping[int, int]]  # exercise -> plan week -> amount
    ladder_steps: tuple[LadderStepView, ...]
    decisions: tuple[DecisionView, ...]
    changes: tuple[OutcomeChangeView, ...]


def progress_view(report: ProgressFacts, changes: Iterable[Change]) -> ProgressView:
    """The report and the re-tests' ``changes`` against the intake (outcomes.compare)."""
    return ProgressView(
        adherence=report.adherence,
        done=report.done,
        partial=report.partial,
        missed=report.missed,
        planned_to_date=report.planned_to_date,
        sessions_total=report.sessions_total,
        pain=tuple(PainPointView(d.isoformat(), p, k) for d, p, k in report.pain_points),
        weekly_volume={ex: dict(per) for ex, per in report.weekly_volume.items()},
        ladder_steps=tuple(LadderStepView(d.isoformat(), s) for d, s in report.ladder_steps),
        decisions=tuple(DecisionView(d.isoformat(), e, a, r) for d, e, a, r in report.decisions),
        changes=tuple(
            OutcomeChangeView(c.measure, c.before, c.after, c.meaningful) for c in changes
        ),
    )
