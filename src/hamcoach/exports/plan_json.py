"""The stable JSON form of a plan (see docs/json.md): ``views.PlanView`` as data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from hamcoach.domain.plan import Plan
from hamcoach.exports.views.base import jsonable
from hamcoach.exports.views.plan import plan_view


def plan_to_json(
    plan: Plan, *, week: int | None = None, changes: Iterable[tuple[dt.datetime, str]] = ()
) -> dict[str, Any]:
    data: dict[str, Any] = jsonable(plan_view(plan, week=week, changes=changes))
    return data
