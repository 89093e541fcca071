"""`hamcoach history`: everything logged for the active plan, one line an entry with its
id; `hamcoach history delete ID` deletes a wrong entry (history_delete.py)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from hamcoach.cli.common import JsonFlag, chosen_patient, console, load, print_json, store

history_app = typer.Typer(invoke_without_command=True)
"""`history` (what was logged) and its `delete` command."""


@history_app.callback()
def history_cmd(
    ctx: typer.Context,
    exercise: Annotated[
        str | None,
        typer.Option(metavar="ID", help="Only this exercise (its id, e.g. single-leg-bridge)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Everything you logged, newest last, each with its id ('history delete ID' deletes a
    wrong one)."""
    if ctx.invoked_subcommand is not None:
        return
    from hamcoach.services.reports import training_history

    if exercise is not None:
        catalog = load(quiet=True)
        if exercise not in catalog:
            from hamcoach.domain.catalog import UnknownIdError

            raise UnknownIdError("exercise", exercise, catalog.exercises)
    from hamcoach.exports.views.history import history_json

    rows = history_json(
        training_history(store(), patient_id=chosen_patient(), exercise_id=exercise)
    )
    if as_json:
        print_json(rows)
        return
    out = console()
    if not rows:
        if exercise is not None:
            out.print(f"Nothing logged for {exercise} yet.")
        else:
            out.print("Nothing logged yet. Log with 'hamcoach log' or run 'hamcoach session'.")
        return
    for r in rows:
        out.print(entry_line(r))  # wrapped between words on a narrow terminal


def entry_line(r: dict[str, Any]) -> str:
    """One history row as a line, after its id (a check-in's id holds its date): the sets
    with their side, and the pain."""
    if r["kind"] == "checkin":
        stiffness = "" if r.get("stiffness") is None else f", stiffness {r['stiffness']}/10"
        return f"{r['id']}  check-in: pain {r['pain']}/10{stiffness}"
    sets: list[dict[str, Any]] = r["sets"]
    sides = {s.get("side") for s in sets}
    one_side = next(iter(sides)) if len(sides) == 1 else None
    head = f"{r['exercise_id']} ({one_side} side)" if one_side else r["exercise_id"]
    done = ", ".join(_set_text(s, with_side=len(sides) > 1) for s in sets)
    if any(not _is_hold(s) for s in sets):
        done += " reps"
    pain = "no pain score" if r["pain"] is None else f"pain {r['pain']}/10"
    extra = "; leg symptoms" if r.get("leg_symptoms") else ""
    return f"{r['id']}  {r['date']}  {head}: {done}; {pain}{extra}"


def _is_hold(s: dict[str, Any]) -> bool:
    return bool(s.get("hold_seconds")) and not s.get("reps")


def _set_text(s: dict[str, Any], *, with_side: bool) -> str:
    text = f"{s['hold_seconds']}s" if _is_hold(s) else str(s.get("reps") or 0)
    if s.get("load_kg"):
        text += f"@{s['load_kg']:g}kg"
    if not s.get("good_form", True):
        text += " (poor form)"
    if with_side and s.get("side"):
        text = f"{s['side']} {text}"
    return text
