"""``history --json`` (what was logged) and ``plan history --json`` (what changed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from hamcoach.domain.progression import CheckIn, ExerciseLog
from hamcoach.exports.views.base import jsonable


@dataclass(frozen=True, slots=True)
class SetView:
    reps: int
    load_kg: float | None
    hold_seconds: int | None
    rpe: float | None
    good_form: bool
    side: str | None


@dataclass(frozen=True, slots=True)
class LogEntryView:
    """``history --json``: one logged exercise."""

    kind: Literal["log"] = field(default="log", init=False)
    id: str
    """``log-<n>``: what `history delete` takes."""
    date: str
    exercise_id: str
    session_number: int | None
    sets: tuple[SetView, ...]
    pain: int | None
    leg_symptoms: bool
    note: str | None


@dataclass(frozen=True, slots=True)
class CheckInEntryView:
    """``history --json``: one next-morning check-in."""

    kind: Literal["checkin"] = field(default="checkin", init=False)
    id: str
    """``checkin-<YYYY-MM-DD>``: what `history delete` takes."""
    date: str
    pain: int
    stiffness: int | None


def log_entry_view(
    log: ExerciseLog, *, entry_id: str, session_number: int | None, note: str | None
) -> LogEntryView:
    return LogEntryView(
        id=entry_id,
        date=log.on.isoformat(),
        exercise_id=log.exercise_id,
        session_number=session_number,
        sets=tuple(
            SetView(s.reps, s.load_kg, s.hold_seconds, s.rpe, s.good_form, s.side) for s in log.sets
        ),
        pain=log.pain,
        leg_symptoms=log.leg_symptoms,
        note=note,
    )


def checkin_entry_view(c: CheckIn, *, entry_id: str) -> CheckInEntryView:
    return CheckInEntryView(id=entry_id, date=c.on.isoformat(), pain=c.pain, stiffness=c.stiffness)


def history_json(rows: Sequence[Any]) -> list[dict[str, Any]]:
    """``history --json``: services.reports.training_history's rows (a check-in, or a
    logged entry: its record and session number; each with its id) as documented in
    docs/json.md."""
    out: list[dict[str, Any]] = []
    for row in rows:
        if hasattr(row, "checkin"):
            out.append(jsonable(checkin_entry_view(row.checkin, entry_id=row.entry_id)))
        else:
            r = row.record
            out.append(jsonable(log_entry_view(r.log, entry_id=row.entry_id,
                                               session_number=row.session_number,
                                               note=r.note)))  # fmt: skip
    return out


# --- plan history, patients --------------------------------------------------------
class HistoryFacts(Protocol):
    """What a plan-history record (services.ports.HistoryEntry) offers."""

    @property
    def at(self) -> dt.datetime: ...
    @property
    def plan_uid(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def message(self) -> str: ...


@dataclass(frozen=True, slots=True)
class PlanEventView:
    """``plan history --json``: one change to a plan."""

    at: str
    plan: str
    kind: str
    message: str


def plan_event_view(entry: HistoryFacts, *, zone: dt.tzinfo | None = None) -> PlanEventView:
    """The entry with its moment in ``zone`` (None: the machine's zone)."""
    return PlanEventView(
        entry.at.astimezone(zone).isoformat(), entry.plan_uid, entry.kind, entry.message
    )
