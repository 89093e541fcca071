"""`hamcoach start`: the intake's screens (cli/intake.py), then a plan or a referral.

An emergency answer ends the intake at once: the urgent advice is the first thing
printed, before anything is stored, and nothing after it offers a way to change the
answer (no file to edit, no command to run again). Any other red flag shows the
referral first, then where the answers are kept for the clinician.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from hamcoach.cli.common import (
    EXIT_REFERRED,
    chosen_patient,
    console,
    fail,
    load,
    now,
    say_err,
    store,
)

if TYPE_CHECKING:
    from hamcoach.domain.screening import ScreeningResult


def run_start() -> None:
    from hamcoach.cli.intake import EmergencyStop, Prompter, Quit, run_intake
    from hamcoach.config import DISCLAIMER

    out = console()
    out.print("hamcoach: a hamstring program for knee and low-back pain, in 7 short screens.")
    out.print(DISCLAIMER)
    out.print(
        "At any prompt: 'back' for the previous screen, 'quit' to stop. Enter takes the [default]."
    )
    prompter = Prompter(ask=input, say=lambda text: out.print(text))
    try:
        data = run_intake(prompter)
    except Quit:
        say_err("Stopped. Nothing was stored.")
        raise typer.Exit(1) from None
    except EmergencyStop as stop:
        _emergency(stop.data)
    _plan_or_referral(data)


def _plan_or_referral(data: dict[str, Any]) -> None:
    from hamcoach.cli.plan_cmds import report_outcome
    from hamcoach.cli.render_plan import referral
    from hamcoach.intake.schema import parse_profile
    from hamcoach.services.planning import create_plan

    model = parse_profile(data, where="your answers")
    saved = _save(model.model_dump(mode="json", exclude_none=True))
    outcome = create_plan(
        store(), load(quiet=True), model.to_domain(), now=now(), patient_id=chosen_patient()
    )
    out = console()
    if outcome.plan is None:
        out.print(referral(outcome.screening))
        _say_stopped(outcome.archived)
        out.print(f"\nYour answers are saved in {saved}, to show your clinician.")
        raise typer.Exit(EXIT_REFERRED)
    out.print(
        f"\nYour answers are saved in {saved}; to change them, edit it and run "
        f"'hamcoach plan create --profile {saved}'."
    )
    report_outcome(outcome)


def _emergency(data: dict[str, Any]) -> None:
    """The urgent advice first; then the answers so far are stored (the screening, and a
    plan under way stopped); exit 3."""
    from rich.text import Text

    from hamcoach.domain.screening import EMERGENCY_ADVICE
    from hamcoach.intake.questions import answers_so_far
    from hamcoach.services.planning import create_plan

    out = console()
    out.print(Text("\nURGENT: get emergency care today", style="bold red"))
    out.print(EMERGENCY_ADVICE)
    outcome = create_plan(
        store(),
        load(quiet=True),
        answers_so_far(data, dt.date.today()),
        now=now(),
        patient_id=chosen_patient(),
    )
    _say_flags(outcome.screening)
    _say_stopped(outcome.archived)
    out.print(
        "\nhamcoach stopped here: no more questions and no exercise plan. Your answers are "
        "stored, so that the clinician who sees you can read them."
    )
    raise typer.Exit(EXIT_REFERRED)


def _say_flags(result: ScreeningResult) -> None:
    from rich.text import Text

    out = console()
    out.print(Text("\nYou answered yes to:", style="bold"))
    for q in result.flags:
        out.print(f"  - {q.text} ({q.source})")
        if q in result.earlier:
            from hamcoach.domain.screening import EARLIER_YES

            out.print(f"    {EARLIER_YES}")


def _say_stopped(archived: str | None) -> None:
    if archived:
        console().print(
            f"Your plan {archived} is stopped (kept, not deleted): no training until a "
            "clinician has seen you."
        )
        from hamcoach.cli.calendar_file import refresh_calendar

        refresh_calendar()  # a calendar already exported stops reminding them to train


def _save(answers: dict[str, Any]) -> Path:
    import yaml

    from hamcoach.config import Settings
    from hamcoach.files import write_atomic

    saved = Settings.from_env().home / "profile.yaml"
    try:
        write_atomic(saved, yaml.safe_dump(answers, sort_keys=False), private=True)
    except OSError as exc:
        fail(f"cannot save your answers to {saved}: {exc.strerror or exc}", code=1)
    return saved
