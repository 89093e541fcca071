"""One catalog file read and validated, with the line of every field.

Problems name file, line and field, so a person editing YAML can find them.
PyYAML and pydantic are imported only when a file is actually read: the CLI's
warm path never parses YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hamcoach.datafile import dotted

if TYPE_CHECKING:
    import yaml

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        what = f" {self.field}:" if self.field else ""
        return f"{where}:{what} {self.message}"


class _YamlProblem(Exception):
    def __init__(self, line: int | None, loc: str, message: str) -> None:
        self.line, self.loc, self.message = line, loc, message


def read_yaml(text: str) -> tuple[Any, dict[Loc, int]]:
    """Parse YAML, returning the data and the 1-based line of every path."""
    import yaml  # only on a cache miss: the CLI's warm path never parses YAML

    from hamcoach.datafile import FileProblem, check_values, check_yaml_events

    loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        check_yaml_events(text, loader)  # depth, aliases, long numbers: before building
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise _YamlProblem(line, "", f"YAML syntax error: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise _YamlProblem(None, "", f"YAML error: {exc}") from None
    except FileProblem as exc:
        raise _YamlProblem(exc.line, "", exc.message) from None
    lines: dict[Loc, int] = {}
    if node is None:
        return None, lines
    constructor = yaml.SafeLoader("")  # only its scalar constructors are used
    try:
        data = _build(node, (), lines, constructor)
        check_values(data)
    except ValueError as exc:  # a scalar that cannot be made, e.g. a date 2026-13-01
        raise _YamlProblem(None, "", f"a value that cannot be read: {exc}") from None
    except FileProblem as exc:
        raise _YamlProblem(None, "", exc.message) from None
    return data, lines


def _build(node: yaml.Node, loc: Loc, lines: dict[Loc, int], c: Any) -> Any:
    import yaml

    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = c.construct_object(key_node)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                dotted = ".".join(str(p) for p in (*loc, key))
                raise _YamlProblem(key_node.start_mark.line + 1, dotted, "duplicate key")
            out[key] = _build(value_node, (*loc, key), lines, c)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(v, (*loc, i), lines, c) for i, v in enumerate(node.value)]
    return c.construct_object(node)


def line_for(loc: Loc, lines: dict[Loc, int]) -> int | None:
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return None


# --- files -> models ---------------------------------------------------------


@dataclass
class Parsed:
    """A file that validated, with its line map for later cross-checks."""

    path: Path
    lines: dict[Loc, int]
    value: Any


def display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def validate_file(path: Path, model: type[Any], problems: list[Problem]) -> Parsed | None:
    from pydantic import ValidationError

    from hamcoach import limits
    from hamcoach.datafile import FileProblem, read_text

    shown = display(path)
    try:
        text = read_text(path, limit=limits.CATALOG_FILE_BYTES)
    except FileProblem as exc:
        problems.append(Problem(shown, exc.line, "", exc.message))
        return None
    try:
        data, lines = read_yaml(text)
    except _YamlProblem as exc:
        problems.append(Problem(shown, exc.line, exc.loc, exc.message))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(shown, 1, "", "expected a mapping of fields at the top"))
        return None
    try:
        value = model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(p for p in err["loc"] if not _is_union_tag(p))
            message = err["msg"]
            if err["type"] == "extra_forbidden":
                message = "unknown field"
            elif err["type"] == "missing":
                message = "required field is missing"
            elif "input" in err and err["type"] not in {"model_type", "value_error"}:
                message += f" (got {err['input']!r})"
            problems.append(Problem(shown, line_for(loc, lines), dotted(loc), message))
        return None
    return Parsed(path, lines, value)


def _is_union_tag(part: str | int) -> bool:
    # pydantic puts the union member's name in the location; people don't need it
    return isinstance(part, str) and (part.endswith("Model") or part in {"int", "list[...]"})
