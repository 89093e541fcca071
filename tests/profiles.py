"""Profile builders for tests: a valid base profile and variations on it."""

from __future__ import annotations

import copy
from typing import Any

from hamcoach.domain.screening import QUESTION_IDS

BASE: dict[str, Any] = {
    "name": "Test Person",
    "age": 40,
    "pain_area": "knee",
    "pain_now": 3,
    "red_flags": dict.fromkeys(sorted(QUESTION_IDS), False),
    "equipment": [],
    "experience": "some",
    "schedule": {
        "days": ["mon", "wed", "fri"],
        "time": "18:00",
        "sessions_per_week": 3,
        "max_minutes": 45,
        "start_date": "2026-11-23",
    },
}


def profile_data(**changes: Any) -> dict[str, Any]:
    """BASE with top-level keys replaced; 'schedule' and 'conditions' merge."""
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        if key in {"schedule", "conditions", "baseline", "red_flags"} and isinstance(value, dict):
            data.setdefault(key, {}).update(value)
        else:
            data[key] = value
    return data


def new_plan(store: Any, catalog: Any, data: dict[str, Any] | None = None, **kw: Any) -> Any:
    """create_plan from profile data, as the CLI calls it."""
    import datetime as dt

    from hamcoach.intake.schema import parse_profile
    from hamcoach.services.planning import create_plan

    model = parse_profile(data if data is not None else profile_data())
    kw.setdefault("now", dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC))
    return create_plan(store, catalog, model.to_domain(), **kw)
