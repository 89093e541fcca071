"""The ``hamcoach`` command line.

Heavy modules (pydantic, the loader, Rich tables) are imported inside the
commands that need them so that ``hamcoach --help`` and simple lookups start
fast. Errors a user can cause end in one clear message and exit code 2;
nothing here should ever show a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from hamcoach.domain.catalog import Category, Equipment, Goal, Target

if TYPE_CHECKING:
    from rich.console import Console

    from hamcoach.domain.catalog import Catalog

EXIT_BAD_INPUT = 2


class _Hamcoach(TyperGroup):
    """Maps hamcoach's error tree (errors.py) to one message and its exit code, here only."""

    def invoke(self, ctx: Any) -> Any:
        from hamcoach.errors import HamcoachError

        try:
            return super().invoke(ctx)
        except HamcoachError as exc:
            for line in exc.lines():
                say_err(f"error: {line}")
            closing = exc.closing_line()
            if closing:
                say_err(closing)
            raise typer.Exit(exc.exit_code) from None


_chosen: dict[str, str | None] = {"patient": None}

app = typer.Typer(
    cls=_Hamcoach,
    name="hamcoach",
    help="A hamstring strength and rehabilitation coach for knee and low-back pain. "
    "It educates and organises exercise; it does not diagnose.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
exercises_app = typer.Typer(help="Browse and search the exercise library.", no_args_is_help=True)
routines_app = typer.Typer(help="Routines from the articles.", no_args_is_help=True)
catalog_app = typer.Typer(help="Check and describe catalog files.", no_args_is_help=True)
app.add_typer(exercises_app, name="exercises")
app.add_typer(routines_app, name="routines")
app.add_typer(catalog_app, name="catalog")

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (see docs/json.md).")]


# --- shared helpers ----------------------------------------------------------


def console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    # markup off: catalog text such as "[bridge]" must print as written
    return Console(stderr=stderr, highlight=False, soft_wrap=False, markup=False)


def say_err(line: str) -> None:
    """One unwrapped line on stderr, so that one problem stays one line."""
    sys.stderr.write(line + "\n")


def fail(message: str, *, code: int = EXIT_BAD_INPUT) -> NoReturn:
    say_err(f"error: {message}")
    raise typer.Exit(code)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def first_run_notice() -> None:
    """Say once, on the first run for this data directory, what hamcoach is not."""
    from hamcoach.config import DISCLAIMER, Settings

    marker = Settings.from_env().home / ".welcomed"
    if marker.exists():
        return
    say_err(f"Note: {DISCLAIMER}\n")
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text("shown\n", encoding="utf-8")
    except OSError:
        pass  # a read-only home only means the notice shows again


def load(extra: list[Path] | None = None, *, quiet: bool = False) -> Catalog:
    """The merged catalog; CatalogError (exit 2, one line per problem) if it has problems."""
    from hamcoach.catalog.loader import catalog_dirs, load_catalog_cached
    from hamcoach.config import Settings

    result = load_catalog_cached(catalog_dirs(extra or []), Settings.from_env().cache_dir)
    if not quiet:
        for notice in result.notices:
            say_err(f"notice: {notice}")
    return result.catalog


@contextmanager
def naming(source: Path) -> Iterator[None]:
    """Errors raised inside name ``source`` on each problem line (the raiser saw data, not
    the file it came from)."""
    from hamcoach.errors import HamcoachError

    try:
        yield
    except HamcoachError as exc:
        exc.where = exc.where or str(source)
        raise


def chosen_patient() -> str | None:
    """The person named by --patient or HAMCOACH_PATIENT (None: the only one there is)."""
    return _chosen["patient"]


@app.callback()
def _every_command(
    patient: Annotated[
        str | None,
        typer.Option(
            "--patient",
            envvar="HAMCOACH_PATIENT",
            metavar="ID",
            help="Whose data (see 'hamcoach patients list'); default: the only person there is.",
        ),
    ] = None,
) -> None:
    from hamcoach.config import Settings

    _chosen["patient"] = patient
    Settings.from_env()  # a bad variable is reported here, before any command starts
    first_run_notice()


# --- exercises -----------------------------------------------------------------


@exercises_app.command("list")
def exercises_list(
    goal: Annotated[Goal | None, typer.Option(help="Only exercises with this goal.")] = None,
    target: Annotated[Target | None, typer.Option(help="Only exercises training this.")] = None,
    equipment: Annotated[
        list[Equipment] | None,
        typer.Option(
            "--equipment",
            "-e",
            help="Equipment you have (repeat the option); shows what you can do with it. "
            "Household items (wall, mat, pillow, door frame, mirror) are assumed.",
        ),
    ] = None,
    category: Annotated[Category | None, typer.Option(help="Only this category.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """List the exercise library, filtered."""
    from hamcoach.exports.catalog_json import exercise_summary

    catalog = load()
    have = set(equipment or [])
    chosen = [
        ex
        for ex in catalog
        if (goal is None or goal in ex.goals)
        and (target is None or target in ex.targets)
        and (category is None or ex.category is category)
        and (equipment is None or ex.needs() <= have)
    ]
    if as_json:
        print_json([exercise_summary(ex) for ex in chosen])
        return
    from hamcoach.cli.render import exercise_table

    out = console()
    if not chosen:
        out.print("No exercise matches those filters.")
        return
    out.print(exercise_table(chosen, title=f"{len(chosen)} exercises"))
    out.print("Show one with: hamcoach exercises show ID", style="dim")


@exercises_app.command("search")
def exercises_search(
    query: Annotated[str, typer.Argument(help="Words to look for, e.g. 'knee pain'.")],
    limit: Annotated[int, typer.Option(min=1, max=100, help="At most this many.")] = 10,
    as_json: JsonFlag = False,
) -> None:
    """Search names, aliases, targets and summaries; tolerant of typos."""
    from hamcoach.domain.search import search
    from hamcoach.exports.catalog_json import exercise_summary

    catalog = load()
    hits = search(catalog, query, limit=limit)
    if as_json:
        print_json([{**exercise_summary(h.exercise), "score": h.score} for h in hits])
        return
    if not hits:
        fail(f"nothing matches '{query}'; try fewer words, or: hamcoach exercises list", code=1)
    from hamcoach.cli.render import exercise_table

    console().print(exercise_table([h.exercise for h in hits], title=f"Best matches for '{query}'"))


@exercises_app.command("show")
def exercises_show(
    exercise_id: Annotated[str, typer.Argument(metavar="ID", help="Exercise id, e.g. bridge.")],
    as_json: JsonFlag = False,
) -> None:
    """Everything about one exercise: steps, cues, mistakes, dose, ladder, sources."""
    catalog = load()
    ex = catalog.get(exercise_id)
    if as_json:
        from hamcoach.exports.catalog_json import exercise_detail as detail_json

        print_json(detail_json(catalog, ex))
        return
    from hamcoach.cli.render import exercise_detail

    console().print(exercise_detail(catalog, ex))


# --- routines ------------------------------------------------------------------


@routines_app.command("list")
def routines_list(as_json: JsonFlag = False) -> None:
    """The routines the articles describe."""
    catalog = load()
    if as_json:
        print_json(
            [
                {"id": r.id, "name": r.name, "exercises": [i.exercise for i in r.items]}
                for r in catalog.routines.values()
            ]
        )
        return
    from hamcoach.cli.render import routine_table

    console().print(routine_table(catalog, catalog.routines.values()))


@routines_app.command("show")
def routines_show(
    routine_id: Annotated[str, typer.Argument(metavar="ID")],
    as_json: JsonFlag = False,
) -> None:
    """One routine, in order, with doses."""
    catalog = load()
    routine = catalog.routine(routine_id)
    if as_json:
        from hamcoach.exports.catalog_json import routine_detail as detail_json

        print_json(detail_json(catalog, routine))
        return
    from hamcoach.cli.render import routine_detail

    console().print(routine_detail(catalog, routine))


# --- catalog -------------------------------------------------------------------


@catalog_app.command("check")
def catalog_check(
    directory: Annotated[
        Path | None,
        typer.Argument(
            metavar="[DIR]",
            help="A catalog directory (exercises/, routines/, sources.yaml) to check "
            "merged over the built-in one. Without it, the built-in catalog and "
            "HAMCOACH_CATALOG_PATH are checked.",
        ),
    ] = None,
) -> None:
    """Validate catalog files; one line per problem, exit 2 if any."""
    from hamcoach.catalog.loader import catalog_dirs, load_catalog

    result = load_catalog(catalog_dirs([directory] if directory else []))
    out = console()
    for notice in result.notices:
        out.print(f"notice: {notice}", markup=False)
    cat = result.catalog
    out.print(
        f"ok: {result.files} files, {len(cat)} exercises, {len(cat.routines)} routines, "
        f"{len(cat.sources)} sources",
        markup=False,
    )


@catalog_app.command("schema")
def catalog_schema() -> None:
    """Print the JSON Schema of the catalog files, for editors."""
    from hamcoach.catalog.schema import json_schema

    print_json(json_schema())


def main() -> None:
    app()


# Commands in other modules register themselves on `app` when imported.
from hamcoach.cli import plan_cmds, training_cmds  # noqa: E402

__all__ = ["app", "main", "plan_cmds", "training_cmds"]
from hamcoach.cli import data_cmds, patients_cmds  # noqa: E402

__all__ += ["data_cmds", "patients_cmds"]
