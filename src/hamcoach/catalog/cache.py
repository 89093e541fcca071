"""The validated catalog as JSON, for the cache under ``$HAMCOACH_HOME/cache``.

Not a pickle: a pickle planted in the cache folder would run its code on the next
command. Reading this file can only build the types that the catalog's own type hints
name (frozen dataclasses, enums, tuples, mappings, text and numbers); anything else in
the file (a wrong shape, a type, a truncated or corrupted file: a checksum covers it) is
:class:`CacheMiss`, and the catalog is read again from its YAML files.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import types
import typing
from collections.abc import Mapping
from typing import Any

from hamcoach.catalog.loader import LoadResult

FORMAT = 1
"""Raised when the encoding below changes, so an older file is a miss."""


class CacheMiss(Exception):
    """The cached file cannot be used; read the catalog afresh."""


def dumps(result: LoadResult) -> bytes:
    """A header line (format, the body's SHA-256), then the catalog as one JSON line."""
    import hashlib

    body = json.dumps(_encode(result), ensure_ascii=False).encode()
    header = {"format": FORMAT, "sha256": hashlib.sha256(body).hexdigest()}
    return json.dumps(header).encode() + b"\n" + body


def loads(raw: bytes) -> LoadResult:
    """The cached catalog, or CacheMiss: a file cut short or damaged fails the checksum,
    anything that is not exactly the catalog's own types fails the decoder."""
    import hashlib

    try:
        head, _, body = raw.partition(b"\n")
        header = json.loads(head)
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise CacheMiss("another format")
        if header.get("sha256") != hashlib.sha256(body).hexdigest():
            raise CacheMiss("damaged: the checksum differs")
        result = _decoder(LoadResult)(json.loads(body))
    except CacheMiss:
        raise
    except Exception as exc:  # whatever a damaged file makes the decoder raise is a miss
        raise CacheMiss(f"{type(exc).__name__}: {exc}") from None
    if not isinstance(result, LoadResult):
        raise CacheMiss("not a catalog")
    return result


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


Decoder = typing.Callable[[Any], Any]


@functools.cache
def _decoder(tp: Any) -> Decoder:
    """A function that builds ``tp`` from JSON data or raises; made once per type, since
    the warm path decodes a few thousand values and the start-up budget is tight."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (types.UnionType, typing.Union):
        return _union([_decoder(a) for a in args if a is not type(None)], type(None) in args)
    if origin in (tuple, list, frozenset):
        return _sequence(origin, _decoder(args[0]))
    if origin in (dict, Mapping):
        return _mapping(_decoder(args[1]))
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass(tp)
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
            except (CacheMiss, TypeError, ValueError, KeyError):
                continue
        raise CacheMiss(f"{value!r} fits no type here")

    return decode


def _sequence(kind: type, item: Decoder) -> Decoder:
    def decode(value: Any) -> Any:
        if not isinstance(value, list):
            raise CacheMiss("expected a list")
        return kind(item(v) for v in value)

    return decode


def _mapping(item: Decoder) -> Decoder:
    def decode(value: Any) -> Any:
        if not isinstance(value, dict):
            raise CacheMiss("expected a mapping")
        return {k: item(v) for k, v in value.items()}

    return decode


def _dataclass(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    fields = [(f.name, hints[f.name]) for f in dataclasses.fields(cls)]
    names = {name for name, _ in fields}
    decoders: list[tuple[str, Decoder]] = []

    def decode(value: Any) -> Any:
        if not isinstance(value, dict) or value.keys() != names:
            raise CacheMiss(f"{cls.__name__}: other fields")
        if not decoders:  # made on first use: a field's type may be this class itself
            decoders.extend((name, _decoder(tp)) for name, tp in fields)
        return cls(**{name: d(value[name]) for name, d in decoders})

    return decode


def _plain(tp: type) -> Decoder:
    wanted: tuple[type, ...] = (int, float) if tp is float else (tp,)

    def decode(value: Any) -> Any:
        if not isinstance(value, wanted) or (isinstance(value, bool) and tp is not bool):
            raise CacheMiss(f"{value!r} is not a {tp.__name__}")
        return value

    return decode
