"""`hamcoach history delete ENTRY_ID`: delete a wrong log or check-in.

The doses are a fold of the dated entries, so the plan is worked out again without it
(services/entries.py): the command says which upcoming doses that changed, as a
back-dated log does, and rewrites the calendar file. It asks first on a terminal;
elsewhere it needs --yes.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from hamcoach.cli.calendar_file import refresh_calendar
from hamcoach.cli.common import chosen_patient, console, fail, load, now, rules, store
from hamcoach.cli.history_cmds import history_app

if TYPE_CHECKING:
    from hamcoach.domain.catalog import Catalog
    from hamcoach.services.entries import Deleted


@history_app.command("delete")
def delete_cmd(
    entry_id: Annotated[
        str,
        typer.Argument(
            metavar="ENTRY_ID",
            help="The entry's id, as 'hamcoach history' shows it: log-12, checkin-2026-11-24.",
        ),
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Delete a wrong log or check-in; the plan is worked out again without it."""
    from hamcoach.services.entries import delete_entry, find_entry

    db, who = store(), chosen_patient()
    entry = find_entry(db, entry_id, patient_id=who)
    if not yes and not _confirmed(entry.describe(), entry.entry_id):
        console().print("Nothing deleted.")
        return
    catalog = load(quiet=True)
    result = delete_entry(db, catalog, entry_id, now=now(), rules=rules(), patient_id=who)
    _report(result, catalog)
    refresh_calendar(db)


def _confirmed(what: str, entry_id: str) -> bool:
    """A yes typed on a terminal; a "no", Enter or the end of the input keeps the entry."""
    if not sys.stdin.isatty():
        fail(
            f"history delete: the input is not a terminal, so it cannot ask first; to delete "
            f"{what}, run it again with --yes: hamcoach history delete {entry_id} --yes"
        )
    while True:
        try:
            answer = input(f"Delete {what}? (y/N): ").strip().lower()
        except EOFError:
            return False
        if answer in {"", "n", "no"}:
            return False
        if answer in {"y", "yes"}:
            return True
        console().print("  Please answer y or n.")


def _report(result: Deleted, catalog: Catalog) -> None:
    from hamcoach.cli.feedback import show_pauses
    from hamcoach.cli.training_cmds import show_rederived

    out = console()
    entry = result.entry
    out.print(
        f"Deleted {entry.describe()}, {entry.entry_id}; the plan was worked out again without it.",
        soft_wrap=True,
    )
    if result.changes:
        show_rederived(result.changes, [], heading="With this entry gone, these upcoming "
                       "doses changed:")  # fmt: skip
    else:
        out.print("No upcoming dose changed.")
    if result.moves:
        out.print(f"{len(result.moves)} session(s) moved; see 'hamcoach plan show'.")
    for paused in sorted(result.lifted, key=lambda p: p or ""):
        name = catalog.get(paused).name if paused and paused in catalog else paused or "The plan"
        out.print(f"{name} is no longer paused: the entry that paused it is gone.")
    show_pauses(result.pauses, catalog, plan_paused=result.plan_paused)
