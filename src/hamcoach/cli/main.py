"""The ``hamcoach`` command line: the root group, composed of the command modules.

Each ``*_cmds`` module defines its own Typer groups (and, under ``commands``, its
top-level commands) on the helpers in common.py and knows nothing of this module.
Heavy modules are imported inside the commands that need them, so that
``hamcoach --help`` and simple lookups start fast. Errors a person can cause
(errors.py) are reported here, in one place, as one line each and their exit code;
nothing should ever show a traceback.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from hamcoach.cli import (
    audit_cmds,
    catalog_cmds,
    clearance_cmds,
    data_cmds,
    handout_cmds,
    history_cmds,
    history_delete,  # noqa: F401 - adds delete to `history`
    patients_cmds,
    plan_change_cmds,  # noqa: F401 - adds set-load, swap, skip, resume, edit to `plan`
    plan_cmds,
    pose_cmds,
    session_cmds,
    training_cmds,
    web_cmds,
)
from hamcoach.cli.common import choose_patient, say_err

HINTS = {
    "make-plan": "Make one with 'hamcoach start' or 'hamcoach plan create --profile FILE'.",
    "show-plan": "See what is in it with 'hamcoach plan show'.",
    "log-in-plan": "Only your plan's exercises can be logged, because what you log sets their "
    "next doses ('hamcoach plan show' lists them). To train another exercise, make a new plan "
    "that includes it: 'hamcoach plan create --profile FILE' (a profile can name a routine).",
    "list-patients": "See who there is with 'hamcoach patients list'.",
    "choose-patient": "Choose one with --patient ID or HAMCOACH_PATIENT.",
    "other-id": "Choose another id with --id.",
    "list-questions": "See every question and its id with 'hamcoach profile questions'.",
    "show-history": "See each entry's id with 'hamcoach history'.",
    "see-clinician": "No training until a clinician has seen you (why: 'hamcoach plan "
    "history'). When they clear you, they record each flag: 'hamcoach clearance add "
    "QUESTION_ID --by NAME'; then a new plan can be made: 'hamcoach start' or 'hamcoach plan "
    "create --profile FILE'.",
    "emergency-care": "Go to an emergency department or call your local emergency number. "
    "Emergency signs are never cleared in hamcoach: no training until you have been seen.",
    "screen-first": "If the answer is yes now, answer the questions again ('hamcoach start' or "
    "'hamcoach plan create --profile FILE'): the flag then blocks, and can be cleared.",
}
"""The CLI's words for errors' hints (errors.HamcoachError.hint)."""


class _Hamcoach(TyperGroup):
    """Maps hamcoach's error tree (errors.py) to its lines and exit code, here only."""

    def make_context(self, info_name: str | None, args: list[str], *a: Any, **kw: Any) -> Any:
        # bytes that are not UTF-8 arrive as lone surrogates, which no database stores and
        # no terminal prints: refuse them here, once, for every command and option
        for i, arg in enumerate(args, 1):
            if any("\udc80" <= c <= "\udcff" for c in arg):
                shown = arg.encode("utf-8", "surrogateescape")
                say_err(f"error: argument {i} ({shown!r}) is not UTF-8 text; retype it")
                raise typer.Exit(2)
        return super().make_context(info_name, args, *a, **kw)

    def invoke(self, ctx: Any) -> Any:
        from hamcoach.errors import HamcoachError

        try:
            return super().invoke(ctx)
        except HamcoachError as exc:
            for line in exc.lines():
                say_err(f"error: {line}")
            if exc.hint in HINTS:
                say_err(HINTS[exc.hint])
            closing = exc.closing_line()
            if closing:
                say_err(closing)
            raise typer.Exit(exc.exit_code) from None


def first_run_notice() -> None:
    """Say once, on the first run for this data directory, what hamcoach is not."""
    from hamcoach.config import DISCLAIMER, Settings

    marker = Settings.from_env().home / ".welcomed"
    if marker.exists():
        return
    say_err(f"Note: {DISCLAIMER}\n")
    import contextlib

    from hamcoach.files import write_atomic

    with contextlib.suppress(OSError):  # a read-only home only means the notice shows again
        write_atomic(marker, "shown\n", private=True)


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

    choose_patient(patient)
    Settings.from_env()  # a bad variable is reported here, before any command starts
    first_run_notice()


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
app.callback()(_every_command)
# top-level commands, in the order --help lists them
app.add_typer(plan_cmds.commands)  # where, start
app.add_typer(training_cmds.commands)  # today, log, checkin, history
app.add_typer(session_cmds.commands)  # session
app.add_typer(history_cmds.history_app, name="history")  # history, history delete
app.add_typer(data_cmds.commands)  # progress, retest, export, import
app.add_typer(handout_cmds.commands)  # handout
app.add_typer(audit_cmds.commands)  # audit
app.add_typer(pose_cmds.commands)  # pose
app.add_typer(catalog_cmds.exercises_app, name="exercises")
app.add_typer(catalog_cmds.routines_app, name="routines")
app.add_typer(catalog_cmds.catalog_app, name="catalog")
app.add_typer(plan_cmds.plan_app, name="plan")
app.add_typer(plan_cmds.profile_app, name="profile")
app.add_typer(plan_cmds.calendar_app, name="calendar")
app.add_typer(patients_cmds.patients_app, name="patients")
app.add_typer(clearance_cmds.clearance_app, name="clearance")
app.add_typer(web_cmds.commands)  # serve
app.add_typer(web_cmds.users_app, name="users")


def main() -> None:
    app()
