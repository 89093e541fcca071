"""Typed values to plain JSON data and back, by their type hints only.

Building from data can only make the types a hint names (frozen dataclasses, enums,
tuples, frozensets, mappings, dates and times, text and numbers): no code runs, nothing
is imported, and data of any other shape raises :class:`Mismatch`. The catalog cache
(catalog/cache.py) reads the catalog back this way, and an import (storage/import_check.py)
holds stored values to the domain types they are read into.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import types
import typing
from collections.abc import Mapping
from typing import Any


class Mismatch(ValueError):
    """The data is not a value of the type asked for."""


def encode(value: Any) -> Any:
    """``value`` as JSON-ready data (the inverse of ``decoder(type(value))``)."""
    return _encode(value)


def conforms(tp: Any, value: Any) -> None:
    """Mismatch unless ``value`` (a typed value) is exactly of type ``tp``, field by field."""
    decoder(tp)(_encode(value))


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


Decoder = typing.Callable[[Any], Any]


@functools.cache
def decoder(tp: Any) -> Decoder:
    """A function that builds ``tp`` from JSON data or raises; made once per type, since
    the warm path decodes a few thousand values and the start-up budget is tight."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (types.UnionType, typing.Union):
        return _union([decoder(a) for a in args if a is not type(None)], type(None) in args)
    if origin in (tuple, list, frozenset):
        return _sequence(origin, decoder(args[0]))
    if origin in (dict, Mapping):
        return _mapping(decoder(args[1]))
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass(tp)
    if tp in (dt.date, dt.time):
        return _iso(tp)
    if tp in (bool, int, float, str):
        return _plain(tp)
    raise TypeError(f"no decoder for {tp}")


def _union(options: list[Decoder], optional: bool) -> Decoder:
    def decode(value: Any) -> Any:
        if value is None and optional:
            return None
        for option in options:
            try:
                return option(value)
            except (Mismatch, TypeError, ValueError, KeyError):
                continue
        raise Mismatch(f"{value!r} fits no type here")

    return decode


def _sequence(kind: type, item: Decoder) -> Decoder:
    def decode(value: Any) -> Any:
        if not isinstance(value, list):
            raise Mismatch("expected a list")
        return kind(item(v) for v in value)

    return decode


def _mapping(item: Decoder) -> Decoder:
    def decode(value: Any) -> Any:
        if not isinstance(value, dict):
            raise Mismatch("expected a mapping")
        return {k: item(v) for k, v in value.items()}

    return decode


def _dataclass(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    fields = [(f.name, hints[f.name]) for f in dataclasses.fields(cls)]
    names = {name for name, _ in fields}
    decoders: list[tuple[str, Decoder]] = []

    def decode(value: Any) -> Any:
        if not isinstance(value, dict) or value.keys() != names:
            raise Mismatch(f"{cls.__name__}: other fields")
        if not decoders:  # made on first use: a field's type may be this class itself
            decoders.extend((name, decoder(tp)) for name, tp in fields)
        return cls(**{name: d(value[name]) for name, d in decoders})

    return decode


def _plain(tp: type) -> Decoder:
    wanted: tuple[type, ...] = (int, float) if tp is float else (tp,)

    def decode(value: Any) -> Any:
        if not isinstance(value, wanted) or (isinstance(value, bool) and tp is not bool):
            raise Mismatch(f"{value!r} is not a {tp.__name__}")
        return value

    return decode


def _iso(tp: type[dt.date] | type[dt.time]) -> Decoder:
    def decode(value: Any) -> Any:
        if not isinstance(value, str):
            raise Mismatch(f"{value!r} is not a {tp.__name__}")
        return tp.fromisoformat(value)

    return decode
