"""Commands for the knowledge base: `exercises`, `routines`, `catalog`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from hamcoach.cli.common import JsonFlag, console, fail, load, print_json
from hamcoach.domain.catalog import Category, Equipment, Exercise, Goal, Target

exercises_app = typer.Typer(help="Browse and search the exercise library.", no_args_is_help=True)
routines_app = typer.Typer(help="Routines from the articles.", no_args_is_help=True)
catalog_app = typer.Typer(help="Check and describe catalog files.", no_args_is_help=True)


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
    from hamcoach.exports.catalog_json import search_hit

    catalog = load()
    hits = search(catalog, query, limit=limit)
    if as_json:
        print_json([search_hit(h.exercise, h.score) for h in hits])
        return
    if not hits:
        fail(f"nothing matches '{query}'; try fewer words, or: hamcoach exercises list", code=1)
    from hamcoach.cli.render import exercise_table

    console().print(exercise_table([h.exercise for h in hits], title=f"Best matches for '{query}'"))


@exercises_app.command("show")
def exercises_show(
    exercise_id: Annotated[str, typer.Argument(metavar="ID", help="Exercise id, e.g. bridge.")],
    as_json: JsonFlag = False,
    picture: Annotated[
        Path | None,
        typer.Option(help="Also write its key positions to this .svg or .png file."),
    ] = None,
    animation: Annotated[
        Path | None,
        typer.Option(help="Also write the movement, animated at its tempo, to this .svg file."),
    ] = None,
) -> None:
    """Everything about one exercise: steps, cues, mistakes, dose, ladder, sources."""
    catalog = load()
    ex = catalog.get(exercise_id)
    if picture is not None or animation is not None:
        _write_pictures(ex, picture, animation)
    if as_json:
        from hamcoach.exports.catalog_json import exercise_detail as detail_json

        print_json(detail_json(catalog, ex))
        return
    from hamcoach.cli.render import exercise_detail

    console().print(exercise_detail(catalog, ex))


def _write_pictures(ex: Exercise, picture: Path | None, animation: Path | None) -> None:
    """Both files or neither: each is checked before either is drawn or written."""
    for path, allowed in ((picture, (".svg", ".png")), (animation, (".svg",))):
        if path is not None and path.suffix.lower() not in allowed:
            fail(f"{path}: the picture must end in {' or '.join(allowed)}")
        if path is not None and not path.parent.is_dir():
            fail(f"{path}: the folder {path.parent} does not exist")
    from hamcoach import pictures
    from hamcoach.files import write_atomic

    jobs: list[tuple[Path, bytes | str]] = []
    if picture is not None:
        svg = pictures.static_svg(ex)
        if picture.suffix.lower() == ".png":
            try:
                jobs.append((picture, pictures.png(svg)))
            except ImportError:
                fail("PNG pictures need typst: pip install 'hamcoach[pdf]' (or use .svg)")
        else:
            jobs.append((picture, svg))
    if animation is not None:
        jobs.append((animation, pictures.animated_svg(ex)))
    for path, data in jobs:
        try:
            write_atomic(path, data)
        except OSError as exc:
            fail(f"{path}: cannot write the picture ({exc.strerror or exc})")
        print(f"wrote {path}", file=sys.stderr)


# --- routines ------------------------------------------------------------------


@routines_app.command("list")
def routines_list(as_json: JsonFlag = False) -> None:
    """The routines the articles describe."""
    catalog = load()
    if as_json:
        from hamcoach.exports.catalog_json import routine_summary

        print_json([routine_summary(r) for r in catalog.routines.values()])
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
