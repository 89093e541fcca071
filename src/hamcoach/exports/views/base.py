"""Turning a view model into the data the CLI prints."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from typing import Any


def jsonable(view: Any) -> Any:
    """A view model as JSON-ready data: dicts in field order, lists for tuples."""
    if is_dataclass(view) and not isinstance(view, type):
        return {f.name: jsonable(getattr(view, f.name)) for f in fields(view)}
    if isinstance(view, Mapping):
        return {str(k): jsonable(v) for k, v in view.items()}
    if isinstance(view, list | tuple):
        return [jsonable(v) for v in view]
    return view
