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
from typing import Any

from hamcoach.catalog.pose_check import pose_problems
from hamcoach.catalog.yamlfile import (
    Loc,
    Parsed,
    Problem,
    display,
    line_for,
    validate_file,
)
from hamcoach.datafile import dotted
from hamcoach.domain.catalog import Catalog, Exercise, Routine, Source
from hamcoach.errors import InputError
from hamcoach.files import private_dir, write_atomic

BUILTIN_DIR = Path(__file__).parent / "data"
ENV_PATH = "HAMCOACH_CATALOG_PATH"


class CatalogError(InputError):
    """The catalog could not be loaded; ``problems`` says every reason."""

    problems: tuple[Problem, ...]

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(problems=tuple(problems))

    def closing_line(self) -> str:
        return f"{len(self.problems)} problem(s) in the catalog."


@dataclass
class LoadResult:
    catalog: Catalog
    notices: list[str] = field(default_factory=list)
    files: int = 0


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
    changes, so a validated catalog is kept as JSON (catalog/cache.py: never a
    pickle, which runs code) in the user's own cache directory. Any change to any
    file (or to hamcoach) makes a new key; a cache file that cannot be read back
    exactly is rebuilt; problems are never cached, so a broken file is reported
    every time.
    """
    import hashlib

    from hamcoach import __version__
    from hamcoach.catalog import cache

    fingerprint = repr((__version__, [str(d) for d in dirs], _catalog_files(dirs)))
    key = hashlib.sha256(fingerprint.encode()).hexdigest()[:20]
    path = cache_dir / f"catalog-{key}.json"
    try:
        with path.open("rb") as f:
            return cache.loads(f.read(CACHE_BYTES))
    except (OSError, cache.CacheMiss):
        pass
    result = load_catalog(dirs)
    try:
        private_dir(cache_dir)
        for old in [*cache_dir.glob("catalog-*.json"), *cache_dir.glob("catalog-*.pickle")]:
            old.unlink(missing_ok=True)
        write_atomic(path, cache.dumps(result), private=True)
    except OSError:
        pass  # a read-only cache only costs speed
    return result


CACHE_BYTES = 64 << 20
"""A cache file is never read past this (a planted /dev/zero link costs nothing)."""


def load_catalog(dirs: Sequence[Path] | None = None) -> LoadResult:
    """Load and cross-check every directory; raise CatalogError on any problem."""
    found = _Found()
    for directory in catalog_dirs() if dirs is None else list(dirs):
        found.read_dir(directory)
    _cross_check(found.exercises, found.routines, found.sources, found.problems)
    if found.problems:  # by file, then line: a person reads them top to bottom
        found.problems.sort(key=lambda p: (p.file, p.line or 0))
        raise CatalogError(found.problems)
    catalog = Catalog(
        exercises={k: v[0] for k, v in found.exercises.items()},
        routines={k: v[0] for k, v in found.routines.items()},
        sources={k: v[0] for k, v in found.sources.items()},
    )
    return LoadResult(catalog, found.notices, found.files)


@dataclass
class _Found:
    """What the directories read so far hold, with every problem and notice."""

    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    sources: dict[str, tuple[Source, Parsed]] = field(default_factory=dict)
    exercises: dict[str, tuple[Exercise, Parsed]] = field(default_factory=dict)
    routines: dict[str, tuple[Routine, Parsed]] = field(default_factory=dict)
    files: int = 0

    def claim(
        self,
        seen_here: dict[tuple[str, str], Path],
        kind: str,
        parsed: Parsed,
        sink: dict[str, Any],
        obj: Any,
    ) -> None:
        """Record ``obj`` under its id: a duplicate within one directory is a
        problem, the same id in a later directory overrides with a notice."""
        ident = parsed.value.id
        prior = seen_here.get((kind, ident))
        if prior is not None:
            self.problems.append(
                Problem(
                    display(parsed.path),
                    parsed.lines.get(("id",)),
                    "id",
                    f"duplicate {kind} id '{ident}' (also in {display(prior)})",
                )
            )
            return
        seen_here[(kind, ident)] = parsed.path
        if ident in sink:
            self.notices.append(
                f"{display(parsed.path)} overrides {kind} '{ident}' "
                f"from {display(sink[ident][1].path)}"
            )
        sink[ident] = (obj, parsed)

    def read_dir(self, directory: Path) -> None:
        from hamcoach.catalog.schema import ExerciseModel, RoutineModel, SourcesFileModel

        if not directory.is_dir():
            self.problems.append(Problem(str(directory), None, "", "not a directory"))
            return
        ex_dir, rt_dir, src_file = (
            directory / "exercises",
            directory / "routines",
            directory / "sources.yaml",
        )
        if not (ex_dir.is_dir() or rt_dir.is_dir() or src_file.is_file()):
            self.problems.append(
                Problem(
                    display(directory),
                    None,
                    "",
                    "holds no exercises/, routines/ or sources.yaml: nothing to load",
                )
            )
            return
        seen_here: dict[tuple[str, str], Path] = {}
        if src_file.is_file():
            self.files += 1
            parsed = validate_file(src_file, SourcesFileModel, self.problems)
            if parsed is not None:
                for i, src in enumerate(parsed.value.sources):
                    sub = Parsed(parsed.path, _shift(parsed.lines, ("sources", i)), src)
                    self.claim(seen_here, "source", sub, self.sources, src.to_domain())
        for kind, sub_dir, model, sink in (
            ("exercise", ex_dir, ExerciseModel, self.exercises),
            ("routine", rt_dir, RoutineModel, self.routines),
        ):
            if sub_dir.is_dir():
                self.read_files(seen_here, kind, sub_dir, model, sink)

    def read_files(
        self,
        seen_here: dict[tuple[str, str], Path],
        kind: str,
        sub_dir: Path,
        model: type[Any],
        sink: dict[str, Any],
    ) -> None:
        for path in sorted(sub_dir.glob("*.y*ml")):
            self.files += 1
            parsed = validate_file(path, model, self.problems)
            if parsed is None:
                continue
            ident = parsed.value.id
            if ident != path.stem:
                self.problems.append(
                    Problem(
                        display(path),
                        parsed.lines.get(("id",)),
                        "id",
                        f"id '{ident}' does not match the file name '{path.name}'",
                    )
                )
                continue
            self.claim(seen_here, kind, parsed, sink, parsed.value.to_domain())


def _shift(lines: dict[Loc, int], prefix: Loc) -> dict[Loc, int]:
    n = len(prefix)
    return {loc[n:]: line for loc, line in lines.items() if loc[:n] == prefix}


def _cross_check(
    exercises: dict[str, tuple[Exercise, Parsed]],
    routines: dict[str, tuple[Routine, Parsed]],
    sources: dict[str, tuple[Source, Parsed]],
    problems: list[Problem],
) -> None:
    """References between files: ladder targets, substitutes, routine items, sources."""

    def report(parsed: Parsed, loc: Loc, message: str) -> None:
        problems.append(
            Problem(display(parsed.path), line_for(loc, parsed.lines), dotted(loc), message)
        )

    def unknown(ident: str, known: dict[str, Any], kind: str) -> str:
        import difflib

        near = difflib.get_close_matches(ident, list(known), n=1, cutoff=0.6)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        return f"unknown {kind} '{ident}'{hint}"

    def check_refs(parsed: Parsed, loc: Loc, refs: Iterable[Any]) -> None:
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
        for i, mistake in enumerate(ex.mistakes):
            check_refs(parsed, ("mistakes", i, "sources"), mistake.sources)
        for loc, message in pose_problems(ex):
            report(parsed, ("poses", *loc), message)
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
