"""What each column of an imported file must hold, checked before anything is written.

``dump.import_json`` converts each value to its column's type; this module then holds it
to what the program itself writes and reads there: numbers a column can store, text
without NUL or control characters and no longer than its column, dates in 1900-2100, the
few fixed words (a plan's status, a re-test's point), and every JSON column in the shape
of the domain value it is read into (a session's items are Prescriptions, a log's sets
LoggedSets, the profile what ``codec.profile_from_json`` reads). A file that passes is
one every command can read back.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from hamcoach import limits, typed
from hamcoach.datafile import dotted
from hamcoach.domain import rules as R
from hamcoach.domain.codec import profile_from_json
from hamcoach.domain.plan import SessionStatus
from hamcoach.domain.prescription import Prescription
from hamcoach.domain.profile import Profile
from hamcoach.errors import StorageError

WORDS: dict[tuple[str, str], frozenset[str]] = {
    ("plans", "status"): frozenset({"active", "archived"}),
    ("plan_sessions", "status"): frozenset(s.value for s in SessionStatus),
    ("retests", "point"): frozenset({"start", "week-3", "end"}),
}
"""Columns that hold one of a few words."""


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False)


Count = Annotated[int, Field(ge=0, le=limits.INT32_MAX)]


class _Set(_Strict):
    reps: Annotated[int, Field(ge=0, le=limits.MAX_REPS)] = 0
    load_kg: Annotated[float, Field(gt=0, le=limits.MAX_LOAD_KG)] | None = None
    hold_seconds: Annotated[int, Field(ge=0, le=limits.MAX_HOLD_S)] | None = None
    rpe: Annotated[float, Field(ge=1, le=10)] | None = None
    good_form: bool = True
    side: Literal["left", "right"] | None = None


class _Choice(_Strict):
    exercise_id: str
    included: bool
    reason: str


class _Schedule(_Strict):
    days: list[Annotated[int, Field(ge=0, le=6)]] = Field(min_length=1, max_length=7)
    time: Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    sessions_per_week: Annotated[int, Field(ge=1, le=7)]
    max_minutes: Annotated[int, Field(ge=1, le=24 * 60)]
    timezone: str | None = None


class _Activity(_Strict):
    name: Annotated[str, Field(max_length=80)]
    ability: Annotated[int, Field(ge=0, le=R.PAIN_SCALE_MAX)]


class _PatientSettings(_Strict):
    load_step_pct: Annotated[float, Field(ge=R.LOAD_STEP_MIN_PCT, le=R.LOAD_STEP_MAX_PCT)] = (
        R.LOAD_STEP_PCT
    )
    load_increment_kg: Annotated[
        float, Field(ge=R.LOAD_INCREMENT_RANGE_KG[0], le=R.LOAD_INCREMENT_RANGE_KG[1])
    ] = R.LOAD_INCREMENT_KG


Sets = Annotated[list[_Set], Field(min_length=1, max_length=limits.MAX_SETS)]
SHAPES: dict[tuple[str, str], Any] = {
    ("patients", "settings"): _PatientSettings | None,
    ("screenings", "flags"): list[str],
    ("screenings", "cautions"): list[str],
    ("plans", "schedule"): _Schedule,
    ("plans", "choices"): list[_Choice],
    ("plans", "notes"): list[str],
    ("plan_sessions", "items"): list[Prescription],
    ("plan_sessions", "built_items"): list[Prescription] | None,
    ("plan_events", "data"): dict[str, Any] | None,
    ("exercise_logs", "sets"): Sets,
    ("exercise_logs", "target"): Prescription,
    ("decisions", "before"): dict[str, Any],
    ("decisions", "after"): dict[str, Any],
    ("decisions", "params"): dict[str, Any] | None,
    ("retests", "psfs"): Annotated[list[_Activity], Field(max_length=10)],
    ("retests", "tests"): dict[str, Annotated[int, Field(ge=0, le=500)]],
}
"""The shape of each JSON column, as the program writes it and reads it back."""


@functools.cache
def _adapter(key: tuple[str, str]) -> TypeAdapter[Any]:
    return TypeAdapter(SHAPES[key])


def check_value(table: str, column: str, value: Any, *, length: int | None) -> None:
    """ValueError saying what is wrong with ``value`` in ``table.column`` (None: fine)."""
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        if not 0 <= value <= limits.INT32_MAX:
            raise ValueError(f"outside 0-{limits.INT32_MAX}")
    elif isinstance(value, str):
        _text(value, length, multiline=column in {"message", "reason", "note"})
        words = WORDS.get((table, column))
        if words is not None and value not in words:
            raise ValueError(f"not one of {', '.join(sorted(words))}")
        if (table, column) == ("patients", "timezone"):
            _zone(value)
    elif isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        if not limits.FIRST_DAY <= day <= limits.LAST_DAY:
            raise ValueError(f"outside the years {limits.FIRST_DAY.year}-{limits.LAST_DAY.year}")
    checker = JSON_CHECKS.get((table, column))
    if checker is not None:
        checker(value)


def _text(value: str, length: int | None, *, multiline: bool) -> None:
    allowed = "\n\t" if multiline else ""
    if any((ord(c) < 32 and c not in allowed) or ord(c) == 127 for c in value):
        raise ValueError("holds a control character")
    if any("\ud800" <= c <= "\udfff" for c in value):
        raise ValueError("holds an unpaired surrogate (not valid Unicode)")
    if length is not None and len(value) > length:
        raise ValueError(f"longer than {length} characters")


def _zone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone '{name[:60]}'") from None


def _shape(key: tuple[str, str]) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        try:
            # JSON mode, strict: the value as it will be stored and read back, with no
            # conversion (a "5" where a number belongs is wrong, not 5)
            _adapter(key).validate_json(json.dumps(value), strict=True)
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            where = dotted(err["loc"])
            raise ValueError(f"{where + ': ' if where else ''}{err['msg']}") from None

    return check


def _profile(value: Any) -> None:
    if not isinstance(value, dict):
        raise ValueError("expected an object")
    try:
        # what the program reads it into, then every field held to the Profile's types
        typed.conforms(Profile, profile_from_json(value))
    except (KeyError, TypeError, ValueError, AttributeError, StorageError) as exc:
        what = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
        raise ValueError(f"not a profile hamcoach can read: {what}") from None


JSON_CHECKS: dict[tuple[str, str], Callable[[Any], None]] = {
    **{key: _shape(key) for key in SHAPES},
    ("profiles", "data"): _profile,
}
