"""Reading a file a person gives hamcoach: the one way every profile, logs file, import
and catalog file is read.

A file is read up to its size limit and no further (``/dev/zero`` as a profile is "too
large", not a MemoryError), decoded as UTF-8, parsed, and its values checked before any
model sees them: nesting depth, YAML aliases (a recursive alias or an alias bomb is
refused from the event stream, before anything is built), numbers too long to convert,
NaN and infinity, and text that no database can store (NUL, unpaired surrogates).
Each problem is a :class:`FileProblem` with the line where it is known; each caller
words it as its own error (ProfileFileError, CatalogError, ...).

PyYAML is imported only when a YAML file is read.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from hamcoach import limits as L


class FileProblem(Exception):
    """One thing wrong with a file; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line = message, line

    def at(self, where: object) -> str:
        """The problem as one line, after ``where`` (the file, usually)."""
        line = f":{self.line}" if self.line else ""
        return f"{where}{line}: {self.message}"


def _size(n: int) -> str:
    return f"{n >> 20} MB" if n >= 1 << 20 else f"{n >> 10} kB"


def read_text(path: Path, *, limit: int) -> str:
    """The file's text; at most ``limit`` bytes are read, whatever the file is."""
    try:
        with path.open("rb") as f:
            raw = f.read(limit + 1)
    except OSError as exc:
        raise FileProblem(f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > limit:
        raise FileProblem(f"is larger than {_size(limit)}, the most hamcoach reads for this file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FileProblem(
            f"is not UTF-8 text (byte {exc.start + 1} cannot be read)", line
        ) from None


def load(path: Path, *, limit: int, yaml_loader: type[Any] | None = None) -> Any:
    """A JSON (``.json``) or YAML file's data, checked (see the module docstring)."""
    text = read_text(path, limit=limit)
    if path.suffix.lower() == ".json":
        return parse_json(text)
    return parse_yaml(text, yaml_loader)


def parse_json(text: str) -> Any:
    try:
        data = json.loads(text, parse_int=_int, parse_constant=_constant, parse_float=_float)
    except RecursionError:
        raise FileProblem(f"is nested more than {L.MAX_DEPTH} levels deep") from None
    except json.JSONDecodeError as exc:
        raise FileProblem(f"not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
    check_values(data)
    return data


class _LongNumber(str):
    """A whole number too long to convert, kept as its digits so that check_values can
    say where it is."""


def _int(raw: str) -> int | _LongNumber:
    if len(raw.lstrip("-")) > L.MAX_DIGITS:
        return _LongNumber(raw)
    return int(raw)


def _float(raw: str) -> float:
    if len(raw) > 100:
        raise FileProblem(f"a number of {len(raw)} characters; hamcoach takes up to 100")
    return _finite(float(raw))


def _constant(raw: str) -> float:
    raise FileProblem(f"{raw} is not a number hamcoach takes")


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise FileProblem(f"{value} is not a number hamcoach takes")
    return value


def _long_number(raw: str) -> str:
    return (
        f"a number with {len(raw.lstrip('+-'))} digits; hamcoach takes numbers of up to "
        f"{L.MAX_DIGITS} digits"
    )


def parse_yaml(text: str, loader: type[Any] | None = None) -> Any:
    import yaml

    chosen: Any = loader or getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    check_yaml_events(text, chosen)
    try:
        data = yaml.load(text, Loader=chosen)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise FileProblem(
            f"YAML syntax error: {getattr(exc, 'problem', None) or exc}", line
        ) from None
    except ValueError as exc:  # a scalar the YAML constructors cannot make, e.g. a date
        raise FileProblem(f"a value that cannot be read: {exc}") from None
    check_values(data)
    return data


_DIGITS = re.compile(r"[-+]?[0-9][0-9_]*")


def _too_long(scalar: str) -> bool:
    """A plain YAML scalar that would become a whole number too long to convert."""
    return (
        bool(_DIGITS.fullmatch(scalar)) and len(scalar.lstrip("+-").replace("_", "")) > L.MAX_DIGITS
    )


def check_yaml_events(text: str, loader: type[Any]) -> None:
    """Refuse what would blow up once built: nesting deeper than MAX_DEPTH, an alias to
    the collection it is in, more than MAX_YAML_VALUES values with aliases expanded, and
    whole numbers too long to convert. Reads the event stream only (no recursion, nothing
    built); syntax errors are left to the parser proper, which reports them with a line."""
    import yaml

    done: dict[str, tuple[int, int]] = {}  # anchor -> (values, depth) of a finished node
    stack: list[_Open] = [_Open(None)]  # the document, then each open collection

    try:
        for event in yaml.parse(text, Loader=loader):
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, yaml.CollectionStartEvent):
                if len(stack) > L.MAX_DEPTH:
                    raise FileProblem(f"is nested more than {L.MAX_DEPTH} levels deep", line)
                stack.append(_Open(event.anchor))
            elif isinstance(event, yaml.CollectionEndEvent):
                node = stack.pop()
                if node.anchor:
                    done[node.anchor] = (node.values, node.depth + 1)
                stack[-1].add(node.values, node.depth + 1, len(stack), line)
            elif isinstance(event, yaml.ScalarEvent):
                if event.implicit[0] and _too_long(event.value):
                    raise FileProblem(_long_number(event.value), line)
                if event.anchor:
                    done[event.anchor] = (1, 0)
                stack[-1].add(1, 0, len(stack), line)
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor in done:
                    values, depth = done[event.anchor]
                    stack[-1].add(values, depth, len(stack), line)
                elif any(node.anchor == event.anchor for node in stack):
                    raise FileProblem(
                        f"the alias *{event.anchor} is inside the collection it names "
                        "(a recursive alias)",
                        line,
                    )
    except yaml.YAMLError:
        return  # the parser proper reports it, with its line


class _Open:
    """A collection being read: its anchor, values so far (itself included) and the depth
    of what it holds."""

    __slots__ = ("anchor", "depth", "values")

    def __init__(self, anchor: str | None) -> None:
        self.anchor, self.values, self.depth = anchor, 1, 0

    def add(self, values: int, depth: int, level: int, line: int | None) -> None:
        if level - 1 + depth > L.MAX_DEPTH:
            raise FileProblem(f"is nested more than {L.MAX_DEPTH} levels deep", line)
        self.values += values
        self.depth = max(self.depth, depth)
        if self.values > L.MAX_YAML_VALUES:
            raise FileProblem(
                f"expands to more than {L.MAX_YAML_VALUES:,} values (each alias repeats what "
                "it names), more than hamcoach reads",
                line,
            )


def check_values(data: Any) -> None:
    """Every value in ``data``: nesting depth, finite numbers of sane length, and text a
    database can store (no NUL, no unpaired surrogates from invalid escapes)."""
    for path, value in _walk(data):
        where = dotted(path)
        prefix = f"{where}: " if where else ""
        if isinstance(value, _LongNumber):
            raise FileProblem(f"{prefix}{_long_number(value)}")
        if isinstance(value, str):
            if "\x00" in value:
                raise FileProblem(f"{prefix}text holds a NUL character")
            if _SURROGATE.search(value):
                raise FileProblem(f"{prefix}text holds an unpaired surrogate (not valid Unicode)")
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int):
            if abs(value) >= 10**L.MAX_DIGITS:
                raise FileProblem(f"{prefix}{_long_number(str(value))}")
        elif isinstance(value, float) and not math.isfinite(value):
            raise FileProblem(f"{prefix}{value} is not a number hamcoach takes")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _walk(data: Any) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if len(path) > L.MAX_DEPTH:
            raise FileProblem(f"is nested more than {L.MAX_DEPTH} levels deep")
        yield path, value
        if isinstance(value, dict):
            for key, item in value.items():
                yield (*path, str(key)), key
                stack.append(((*path, str(key)), item))
        elif isinstance(value, list | tuple):
            stack.extend(((*path, i), item) for i, item in enumerate(value))


def dotted(path: Iterable[str | int]) -> str:
    """A place in nested data as people read it: 'sessions[2].items'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
