"""The shape of a JSON value or a view model: field names at every depth, nothing else.

Used to hold docs/json.md, the view models (exports/views/) and the CLI's output
to the same fields.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, Union

# A shape: None for a plain value, an array of plain values or a free-form mapping; a
# dict of field -> shape for an object; [dict] for an array of objects. (The docs write
# an array of strings sometimes as `string[]`, sometimes not at all: both read as None.)
Shape = Any


def plain_arrays(shape: Shape) -> Shape:
    if isinstance(shape, dict):
        return {k: plain_arrays(s) for k, s in shape.items()}
    if isinstance(shape, list):
        inner = plain_arrays(shape[0])
        return None if inner is None else [inner]
    return shape


def model_shape(tp: Any) -> Shape:
    """The shape of a view model's type, from its annotations."""
    return plain_arrays(_model_shape(tp))


def _model_shape(tp: Any) -> Shape:
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        return {f.name: _model_shape(hints[f.name]) for f in dataclasses.fields(tp)}
    if origin in (tuple, list):
        args = [a for a in typing.get_args(tp) if a is not Ellipsis]
        return [_model_shape(args[0])]
    if origin in (Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _model_shape(inner[0]) if len(inner) == 1 else None
    return None
