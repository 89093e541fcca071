"""`hamcoach clearance`: a clinician's clearance of one red flag, and the list of them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from hamcoach.cli.common import (
    JsonFlag,
    chosen_patient,
    console,
    now,
    parse_day,
    print_json,
    store,
)

if TYPE_CHECKING:
    from hamcoach.services.clearances import ClearanceOutcome

clearance_app = typer.Typer(
    help="A clinician's clearance of a 'see a clinician first' red flag.", no_args_is_help=True
)


@clearance_app.command("add")
def clearance_add(
    question_id: Annotated[
        str,
        typer.Argument(
            metavar="QUESTION_ID", help="The red-flag question (see 'hamcoach profile questions')."
        ),
    ],
    cleared_by: Annotated[
        str, typer.Option("--by", metavar="NAME", help="The clinician who cleared it.")
    ],
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="What they said, briefly.")
    ] = None,
    date: Annotated[
        str, typer.Option("--date", metavar="D", help="The day it was cleared (YYYY-MM-DD).")
    ] = "today",
) -> None:
    """Record that a clinician checked one red flag and cleared you to exercise.

    That flag then no longer blocks a plan; it stays shown as cleared. Only a flag the
    latest screening raised (a yes to that question) can be cleared. Emergency signs
    (cauda equina) can never be cleared here: get emergency care today.
    """
    from hamcoach.services.clearances import add_clearance

    day = parse_day(date, "--date")
    outcome = add_clearance(
        store(),
        question_id.strip(),
        cleared_by=cleared_by,
        cleared_on=day,
        note=note,
        now=now(),
        patient_id=chosen_patient(),
    )
    _report(outcome)


def _report(outcome: ClearanceOutcome) -> None:
    c, out = outcome.clearance, console()
    out.print(f"Recorded for {outcome.patient.display_name}: {c.question_id} {c.describe()}.")
    result = outcome.latest
    if result.cleared:
        out.print(
            "No red flag blocks a plan now. Make it with 'hamcoach plan create --profile FILE' "
            "or 'hamcoach start'."
        )
        return
    from hamcoach.domain.screening import Urgency

    blocking = ", ".join(q.id for q in result.flags)
    if result.urgency is Urgency.EMERGENCY:
        out.print(
            f"Still blocked by an emergency sign ({blocking}): get emergency care today. "
            "Emergency signs are never cleared in hamcoach."
        )
    else:
        out.print(f"Still to be cleared by a clinician before a plan: {blocking}.")


@clearance_app.command("list")
def clearance_list(as_json: JsonFlag = False) -> None:
    """Every clearance recorded for the person, oldest first."""
    from hamcoach.services.clearances import list_clearances

    patient, clearances = list_clearances(store(), chosen_patient())
    if as_json:
        from hamcoach.exports.views.base import jsonable
        from hamcoach.exports.views.clearances import clearance_view

        print_json([jsonable(clearance_view(c)) for c in clearances])
        return
    out = console()
    if not clearances:
        out.print(f"No clearances recorded for {patient.display_name}.")
        return
    from hamcoach.exports.views.clearances import question_text

    for c in clearances:
        out.print(f"{c.question_id}: {c.describe()}")
        out.print(f"  {question_text(c.question_id)}")
