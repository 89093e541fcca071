"""The stable JSON form of exercises and routines (see docs/json.md).

The list and search forms are view models (``exports/views/``); the detail
forms are every field of the catalog file, so they follow the domain objects.

Field names are those of the YAML files (so ``hamcoach catalog schema``
documents them too); ranges are ``{"low": n, "high": m}``; optional fields are
present with ``null``; ``ladder`` and expanded ``sources`` are added.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from enum import Enum
from typing import Any

from hamcoach.domain.catalog import Catalog, Exercise, LadderLink, Routine, SourceRef
from hamcoach.exports.views.base import jsonable
from hamcoach.exports.views.catalog import (
    exercise_summary_view,
    routine_summary_view,
    search_hit_view,
)


def plain(value: Any) -> Any:
    """Dataclasses, enums and tuples to JSON-ready dicts, strings and lists."""
    if isinstance(value, SourceRef):
        return {"source": value.source, "note": value.note}
    if isinstance(value, LadderLink):  # named as in the YAML files
        return {
            "target": value.target,
            "criterion": value.criterion_text,
            "check": plain(value.criterion),
            "sources": plain(value.sources),
        }
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def _sources(catalog: Catalog, refs: tuple[SourceRef, ...]) -> list[dict[str, Any]]:
    out = []
    for ref in refs:
        src = catalog.sources.get(ref.source)
        out.append(
            {
                "source": ref.source,
                "note": ref.note,
                "title": src.title if src else None,
                "file": src.file if src else None,
            }
        )
    return out


def exercise_summary(ex: Exercise) -> dict[str, Any]:
    """The short form used by ``exercises list`` (``views.ExerciseSummaryView``)."""
    data: dict[str, Any] = jsonable(exercise_summary_view(ex))
    return data


def search_hit(ex: Exercise, score: float) -> dict[str, Any]:
    """One ``exercises search`` result (``views.SearchHitView``)."""
    data: dict[str, Any] = jsonable(search_hit_view(ex, score))
    return data


def routine_summary(routine: Routine) -> dict[str, Any]:
    """One ``routines list`` entry (``views.RoutineSummaryView``)."""
    data: dict[str, Any] = jsonable(routine_summary_view(routine))
    return data


def exercise_detail(catalog: Catalog, ex: Exercise) -> dict[str, Any]:
    data: dict[str, Any] = plain(ex)
    data["sources"] = _sources(catalog, ex.sources)
    data["dose"] = ex.dosage.describe()
    ladder = catalog.ladder(ex.id)
    data["ladder"] = {"steps": list(ladder.steps), "position": ladder.position}
    return data


def routine_detail(catalog: Catalog, routine: Routine) -> dict[str, Any]:
    data: dict[str, Any] = plain(routine)
    data["sources"] = _sources(catalog, routine.sources)
    for item, out in zip(routine.items, data["items"], strict=True):
        ex = catalog.get(item.exercise)
        out["name"] = ex.name
        out["category"] = ex.category.value
        out["dose"] = (item.dosage or ex.dosage).describe()
    return data
