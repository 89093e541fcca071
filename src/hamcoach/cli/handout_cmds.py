"""`hamcoach handout`: the plan (or a routine, or some exercises) as a PDF to print."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hamcoach.cli.common import chosen_patient, console, fail, load, now, require_extra, store
from hamcoach.exports.handout import Paper

if TYPE_CHECKING:
    from hamcoach.exports.handout.model import Handout

commands = typer.Typer()
"""Top-level commands: `handout`."""


@commands.command("handout")
def handout(
    output: Annotated[Path, typer.Option("-o", "--output", help="The PDF file to write.")] = Path(
        "hamcoach-handout.pdf"
    ),
    routine: Annotated[
        str | None,
        typer.Option("--routine", metavar="ID", help="Print this routine instead, at its doses."),
    ] = None,
    exercise: Annotated[
        list[str] | None,
        typer.Option(
            "--exercise",
            "-e",
            metavar="ID",
            help="Print these exercises instead, at the catalog's doses (repeat it).",
        ),
    ] = None,
    paper: Annotated[Paper, typer.Option(help="The paper it is printed on.")] = Paper.A4,
    feed_url: Annotated[
        str | None,
        typer.Option(
            "--feed-url", metavar="URL", help="A calendar feed's address, printed as a QR code."
        ),
    ] = None,
) -> None:
    """Your plan on paper: the schedule, the pain rules, what to do in an emergency, and a
    page per exercise (picture, steps, cues, mistakes, your dose, cautions, source)."""
    if routine is not None and exercise:
        fail("--routine and --exercise: give one or the other")
    if feed_url is not None and not feed_url.startswith(("webcal://", "https://", "http://")):
        fail(f"--feed-url: '{feed_url[:60]}' is not a web address (webcal://, https://)")
    if output.suffix.lower() != ".pdf":
        fail(f"{output}: a handout is a PDF, so its name must end in .pdf")
    if not output.absolute().parent.is_dir():
        fail(f"{output}: the folder {output.absolute().parent} does not exist")
    require_extra("typst", "pdf", "hamcoach handout")
    from hamcoach.exports.handout.typeset import render_pdf
    from hamcoach.files import write_atomic

    made = _handout(routine, list(dict.fromkeys(exercise or [])), feed_url)  # each once
    pdf = render_pdf(made, paper=paper)
    target = output.absolute()
    try:
        write_atomic(target, pdf)
    except OSError as exc:
        fail(f"cannot write {target}: {exc.strerror or exc}")
    count = len(made.exercises)
    what = f"{count} exercise{'s' if count != 1 else ''}, {paper.label} paper"
    console().print(f"Wrote the handout ({what}) to {target}", soft_wrap=True)


def _handout(routine: str | None, exercises: list[str], feed_url: str | None) -> Handout:
    """The handout asked for: the person's plan, a routine, or exercises from the catalog."""
    from hamcoach.exports.handout import build
    from hamcoach.pictures import static_svg
    from hamcoach.services.handouts import plan_reader, reader

    catalog = load(quiet=True)
    today = now().date()
    if routine is None and not exercises:
        found = plan_reader(store(), chosen_patient())
        return build.plan_handout(
            found.plan, catalog, person=found.name, today=today, picture=static_svg,
            feed_url=feed_url,
        )  # fmt: skip
    chosen = catalog.routine(routine) if routine is not None else None
    picked = [catalog.get(x) for x in exercises]  # an unknown id: exit 2, with near matches
    who = reader(store(), chosen_patient())
    name, conditions = (who.name, who.conditions) if who else (None, None)
    if chosen is not None:
        return build.routine_handout(
            chosen, catalog, person=name, conditions=conditions, today=today,
            picture=static_svg, feed_url=feed_url,
        )  # fmt: skip
    return build.exercises_handout(
        picked, catalog, person=name, conditions=conditions, today=today, picture=static_svg,
        feed_url=feed_url,
    )  # fmt: skip
