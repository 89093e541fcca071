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
        own = [f"load step {p.load_step_pct:g} %"] if p.load_step_pct else []
        own += [f"increment {p.load_increment_kg:g} kg"] if p.load_increment_kg else []
        out.print(f"{p.id}  {p.display_name}{zone}" + (f"  [{', '.join(own)}]" if own else ""))


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


@patients_app.command("set")
def patients_set(
    load_step_pct: Annotated[
        float | None,
        typer.Option(help="How much a load rises at once for this person, 2-10 %."),
    ] = None,
    load_increment_kg: Annotated[
        float | None,
        typer.Option(help="The smallest step this person's weights allow, in kg."),
    ] = None,
    timezone: Annotated[
        str | None, typer.Option(help="IANA time zone for this person, e.g. Europe/Paris.")
    ] = None,
    clear: Annotated[
        bool, typer.Option("--clear", help="Back to the installation's load settings.")
    ] = False,
) -> None:
    """The chosen person's own load settings (--patient ID); unset ones follow
    HAMCOACH_LOAD_STEP_PCT and HAMCOACH_LOAD_INCREMENT_KG."""
    from hamcoach.services.patients import resolve, set_load_settings, set_timezone

    data = store()
    if timezone is not None:
        set_timezone(data, chosen_patient(), timezone)
    if clear:
        load_step_pct = load_increment_kg = None
    else:
        with data.unit_of_work() as uow:
            now_set = resolve(uow, chosen_patient())
        load_step_pct = load_step_pct if load_step_pct is not None else now_set.load_step_pct
        if load_increment_kg is None:
            load_increment_kg = now_set.load_increment_kg
    p = set_load_settings(
        data, chosen_patient(), load_step_pct=load_step_pct, load_increment_kg=load_increment_kg
    )
    step = f"{p.load_step_pct:g} %" if p.load_step_pct else "the installation's"
    inc = f"{p.load_increment_kg:g} kg" if p.load_increment_kg else "the installation's"
    zone = p.timezone or "the machine's time zone"
    console().print(f"{p.display_name}: load step {step}, smallest increment {inc}; {zone}.")
