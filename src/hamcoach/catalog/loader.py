"""Read catalog directories into a validated :class:`~hamcoach.domain.catalog.Catalog`.

A catalog directory holds ``sources.yaml``, ``exercises/*.yaml`` (one exercise
a file) and ``routines/*.yaml`` (one routine a file). The built-in directory
ships inside the package; directories named in ``HAMCOACH_CATALOG_PATH`` (or
passed in) are merged over it, a later file with the same id replacing an
earlier one with a notice.

Every problem found is collected, not just the first, as a
:class:`Problem` naming file, line and field. :class:`CatalogError` carries
them all.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

from hamcoach.domain.catalog import Catalog, Exercise, Routine, Source
from hamcoach.files import write_atomic

BUILTIN_DIR = Path(__file__).parent / "data"
ENV_PATH = "HAMCOACH_CATALOG_PATH"

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


class CatalogError(Exception):
    """The catalog could not be loaded; ``problems`` says every reason."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class LoadResult:
    catalog: Catalog
    notices: list[str] = field(default_factory=list)
    files: int = 0


# --- YAML with line numbers -------------------------------------------------


class _YamlProblem(Exception):
    def __init__(self, line: int | None, loc: str, message: str) -> None:
        self.line, self.loc, self.message = line, loc, message


def _read_yaml(text: str) -> tuple[Any, dict[Loc, int]]:
    """Parse YAML, returning the data and the 1-based line of every path."""
    import yaml  # only on a cache miss: the CLI's warm path never parses YAML

    loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise _YamlProblem(line, "", f"YAML syntax error: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise _YamlProblem(None, "", f"YAML error: {exc}") from None
    lines: dict[Loc, int] = {}
    if node is None:
        return None, lines
    constructor = yaml.SafeLoader("")  # only its scalar constructors are used
    return _build(node, (), lines, constructor), lines


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


def _line_for(loc: Loc, lines: dict[Loc, int]) -> int | None:
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return None


def _dotted(loc: Iterable[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


# --- files -> models ---------------------------------------------------------


@dataclass
class _Parsed:
    """A file that validated, with its line map for later cross-checks."""

    path: Path
    lines: dict[Loc, int]
    value: Any


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _validate_file(path: Path, model: type[Any], problems: list[Problem]) -> _Parsed | None:
    from pydantic import ValidationError

    shown = _display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(shown, None, "", f"cannot read: {exc}"))
        return None
    try:
        data, lines = _read_yaml(text)
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
            problems.append(Problem(shown, _line_for(loc, lines), _dotted(loc), message))
        return None
    return _Parsed(path, lines, value)


def _is_union_tag(part: str | int) -> bool:
    # pydantic puts the union member's name in the location; people don't need it
    return isinstance(part, str) and (part.endswith("Model") or part in {"int", "list[...]"})


def catalog_dirs(extra: Sequence[Path] = (), *, env: dict[str, str] | None = None) -> list[Path]:
    """The built-in directory, then ``HAMCOACH_CATALOG_PATH`` entries, then ``extra``."""
    environ = os.environ if env is None else env
    dirs = [BUILTIN_DIR]
    raw = environ.get(ENV_PATH, "")
    dirs += [Path(p) for p in raw.split(os.pathsep) if p.strip()]
    dirs += list(extra)
    return dirs


def _catalog_files(dirs: Sequence[Path]) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []
    for directory in dirs:
        candidates = [directory / "sources.yaml"]
        for sub in ("exercises", "routines"):
            candidates += sorted((directory / sub).glob("*.y*ml"))
        for path in candidates:
            try:
                st = path.stat()
            except OSError:
                continue
            found.append((str(path.resolve()), st.st_size, st.st_mtime_ns))
    return found


def load_catalog_cached(dirs: Sequence[Path], cache_dir: Path) -> LoadResult:
    """``load_catalog`` behind a cache keyed on every file's path, size and mtime.

    Validation costs most of the CLI's start-up budget, and the catalog rarely
    changes, so a validated catalog is kept as a pickle in the user's own
    cache directory. Any change to any file (or to hamcoach) makes a new key;
    problems are never cached, so a broken file is reported every time.
    """
    import hashlib
    import pickle

    from hamcoach import __version__

    fingerprint = repr((__version__, [str(d) for d in dirs], _catalog_files(dirs)))
    key = hashlib.sha256(fingerprint.encode()).hexdigest()[:20]
    path = cache_dir / f"catalog-{key}.pickle"
    try:
        cached = pickle.loads(path.read_bytes())
        if isinstance(cached, LoadResult):
            return cached
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass
    result = load_catalog(dirs)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for old in cache_dir.glob("catalog-*.pickle"):
            old.unlink(missing_ok=True)
        write_atomic(path, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only cache only costs speed
    return result


def load_catalog(dirs: Sequence[Path] | None = None) -> LoadResult:
    """Load and cross-check every directory; raise CatalogError on any problem."""
    from hamcoach.catalog.schema import ExerciseModel, RoutineModel, SourcesFileModel

    dirs = catalog_dirs() if dirs is None else list(dirs)
    problems: list[Problem] = []
    notices: list[str] = []
    sources: dict[str, tuple[Source, _Parsed]] = {}
    exercises: dict[str, tuple[Exercise, _Parsed]] = {}
    routines: dict[str, tuple[Routine, _Parsed]] = {}
    files = 0

    def claim(
        seen_here: dict[tuple[str, str], Path],
        kind: str,
        parsed: _Parsed,
        sink: dict[str, Any],
        obj: Any,
    ) -> None:
        """Record ``obj`` under its id: a duplicate within one directory is a
        problem, the same id in a later directory overrides with a notice."""
        ident = parsed.value.id
        prior = seen_here.get((kind, ident))
        if prior is not None:
            problems.append(
                Problem(
                    _display(parsed.path),
                    parsed.lines.get(("id",)),
                    "id",
                    f"duplicate {kind} id '{ident}' (also in {_display(prior)})",
                )
            )
            return
        seen_here[(kind, ident)] = parsed.path
        if ident in sink:
            notices.append(
                f"{_display(parsed.path)} overrides {kind} '{ident}' "
                f"from {_display(sink[ident][1].path)}"
            )
        sink[ident] = (obj, parsed)

    for directory in dirs:
        if not directory.is_dir():
            problems.append(Problem(str(directory), None, "", "not a directory"))
            continue
        ex_dir, rt_dir, src_file = (
            directory / "exercises",
            directory / "routines",
            directory / "sources.yaml",
        )
        if not (ex_dir.is_dir() or rt_dir.is_dir() or src_file.is_file()):
            problems.append(
                Problem(
                    _display(directory),
                    None,
                    "",
                    "holds no exercises/, routines/ or sources.yaml: nothing to load",
                )
            )
            continue
        seen_here: dict[tuple[str, str], Path] = {}

        if src_file.is_file():
            files += 1
            parsed = _validate_file(src_file, SourcesFileModel, problems)
            if parsed is not None:
                for i, src in enumerate(parsed.value.sources):
                    sub = _Parsed(parsed.path, _shift(parsed.lines, ("sources", i)), src)
                    claim(seen_here, "source", sub, sources, src.to_domain())
        for kind, sub_dir, model, sink in (
            ("exercise", ex_dir, ExerciseModel, exercises),
            ("routine", rt_dir, RoutineModel, routines),
        ):
            if not sub_dir.is_dir():
                continue
            for path in sorted(sub_dir.glob("*.y*ml")):
                files += 1
                parsed = _validate_file(path, model, problems)
                if parsed is None:
                    continue
                ident = parsed.value.id
                if ident != path.stem:
                    problems.append(
                        Problem(
                            _display(path),
                            parsed.lines.get(("id",)),
                            "id",
                            f"id '{ident}' does not match the file name '{path.name}'",
                        )
                    )
                    continue
                claim(seen_here, kind, parsed, sink, parsed.value.to_domain())

    _cross_check(exercises, routines, sources, problems)
    if problems:
        raise CatalogError(problems)
    catalog = Catalog(
        exercises={k: v[0] for k, v in exercises.items()},
        routines={k: v[0] for k, v in routines.items()},
        sources={k: v[0] for k, v in sources.items()},
    )
    return LoadResult(catalog, notices, files)


def _shift(lines: dict[Loc, int], prefix: Loc) -> dict[Loc, int]:
    n = len(prefix)
    return {loc[n:]: line for loc, line in lines.items() if loc[:n] == prefix}


def _cross_check(
    exercises: dict[str, tuple[Exercise, _Parsed]],
    routines: dict[str, tuple[Routine, _Parsed]],
    sources: dict[str, tuple[Source, _Parsed]],
    problems: list[Problem],
) -> None:
    """References between files: ladder targets, substitutes, routine items, sources."""

    def report(parsed: _Parsed, loc: Loc, message: str) -> None:
        problems.append(
            Problem(_display(parsed.path), _line_for(loc, parsed.lines), _dotted(loc), message)
        )

    def unknown(ident: str, known: dict[str, Any], kind: str) -> str:
        import difflib

        near = difflib.get_close_matches(ident, list(known), n=1, cutoff=0.6)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        return f"unknown {kind} '{ident}'{hint}"

    def check_refs(parsed: _Parsed, loc: Loc, refs: Iterable[Any]) -> None:
        for i, ref in enumerate(refs):
            if ref.source not in sources:
                report(parsed, (*loc, i), unknown(ref.source, sources, "source"))

    for ex, parsed in exercises.values():
        check_refs(parsed, ("sources",), ex.sources)
        check_refs(parsed, ("dosage", "sources"), ex.dosage.sources)
        for kind in ("progressions", "regressions"):
            for i, link in enumerate(getattr(ex, kind)):
                if link.target not in exercises:
                    report(parsed, (kind, i, "target"), unknown(link.target, exercises, "exercise"))
                elif link.target == ex.id:
                    report(parsed, (kind, i, "target"), "an exercise cannot lead to itself")
                check_refs(parsed, (kind, i, "sources"), link.sources)
        for i, caution in enumerate(ex.cautions):
            if caution.substitute is not None and caution.substitute not in exercises:
                report(
                    parsed,
                    ("cautions", i, "substitute"),
                    unknown(caution.substitute, exercises, "exercise"),
                )
            check_refs(parsed, ("cautions", i, "sources"), caution.sources)
        for i, note in enumerate(ex.notes):
            check_refs(parsed, ("notes", i, "sources"), note.sources)
    for rt, parsed in routines.values():
        check_refs(parsed, ("sources",), rt.sources)
        for i, item in enumerate(rt.items):
            if item.exercise not in exercises:
                report(
                    parsed, ("items", i, "exercise"), unknown(item.exercise, exercises, "exercise")
                )

    for kind in ("progressions", "regressions"):
        cycle = _find_cycle(
            {k: [link.target for link in getattr(v[0], kind)] for k, v in exercises.items()}
        )
        if cycle:
            first = exercises[cycle[0]][1]
            report(first, (kind,), f"ladder cycle: {' -> '.join(cycle)}")


def _find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """A cycle in the graph as a path that starts and ends on the same node."""
    white, grey, black = 0, 1, 2
    color = dict.fromkeys(graph, white)
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        color[node] = grey
        stack.append(node)
        for nxt in graph.get(node, []):
            if nxt not in color:
                continue
            if color[nxt] == grey:
                return [*stack[stack.index(nxt) :], nxt]
            if color[nxt] == white and (found := visit(nxt)):
                return found
        stack.pop()
        color[node] = black
        return None

    for node in sorted(graph):
        if color[node] == white and (found := visit(node)):
            return found
    return None
