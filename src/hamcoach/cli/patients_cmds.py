"""`hamcoach patients`: the people whose data this database holds."""

from __future__ import annotations

from typing import Annotated

import typer

from hamcoach.cli.common import JsonFlag, chosen_patient, console, now, print_json, store

patients_app = typer.Typer(
    help="The people in this database; choose one with --patient ID.", no_args_is_help=True
)


@patients_app.command("list")
def patients_list(as_json: JsonFlag = False) -> None:
    """Everyone in this database."""
    from hamcoach.services.patients import list_patients

    people = list_patients(store())
    if as_json:
        from hamcoach.exports.views.base import jsonable
        from hamcoach.exports.views.people import patient_view

        print_json([jsonable(patient_view(p)) for p in people])
        return
    out = console()
    if not people:
        out.print("Nobody yet: 'hamcoach start' or 'hamcoach plan create' adds the first person.")
    for p in people:
        zone = f"  ({p.timezone})" if p.timezone else ""
        out.print(f"{p.id}  {p.display_name}{zone}")


@patients_app.command("add")
def patients_add(
    name: Annotated[str, typer.Argument(help="The person's name, as it should be shown.")],
    patient_id: Annotated[
        str | None, typer.Option("--id", help="A stable id; default: made from the name.")
    ] = None,
    timezone: Annotated[str | None, typer.Option(help="IANA time zone, e.g. Europe/Paris.")] = None,
) -> None:
    """Add a person; then 'hamcoach --patient ID plan create ...' makes their plan."""
    from hamcoach.services.patients import add_patient

    p = add_patient(store(), name, now=now(), patient_id=patient_id, timezone=timezone)
    console().print(f"Added {p.display_name} as '{p.id}'.")


@patients_app.command("rename")
def patients_rename(
    name: Annotated[str, typer.Argument(help="The new name.")],
) -> None:
    """Rename the chosen person (--patient ID); their id stays."""
    from hamcoach.services.patients import rename_patient, resolve

    data = store()
    with data.unit_of_work() as uow:
        who = resolve(uow, chosen_patient()).id
    p = rename_patient(data, who, name)
    console().print(f"'{p.id}' is now called {p.display_name}.")
