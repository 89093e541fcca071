"""Commands for screening, plans and the calendar: `plan`, `profile`, `calendar`, `where`,
`start`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hamcoach.cli.common import (
    EXIT_REFERRED,
    JsonFlag,
    active_plan,
    chosen_patient,
    console,
    fail,
    load,
    local_time,
    now,
    parse_day,
    print_json,
    rules,
    store,
    zone,
)
from hamcoach.domain import rules as R

if TYPE_CHECKING:
    from hamcoach.services.planning import PlanOutcome

plan_app = typer.Typer(help="Create, show and reschedule your plan.", no_args_is_help=True)
profile_app = typer.Typer(
    help="The intake profile: its schema and questions.", no_args_is_help=True
)
calendar_app = typer.Typer(help="Your sessions in your phone's calendar.", no_args_is_help=True)
commands = typer.Typer()
"""Top-level commands: `where`, `start`."""


# --- profile ---------------------------------------------------------------------


@profile_app.command("schema")
def profile_schema() -> None:
    """Print the JSON Schema of profile files (YAML or JSON)."""
    from hamcoach.intake.schema import profile_json_schema

    print_json(profile_json_schema())


@profile_app.command("questions")
def profile_questions(as_json: JsonFlag = False) -> None:
    """The red-flag questions and their ids, as a profile file names them."""
    from hamcoach.domain.screening import QUESTIONS

    if as_json:
        print_json(
            [
                {
                    "id": q.id,
                    "question": q.text,
                    "urgency": q.urgency.value,
                    "source": q.source,
                    "asked_when_pain_in": sorted(a.value for a in q.areas) if q.areas else "any",
                }
                for q in QUESTIONS
            ]
        )
        return
    out = console()
    for q in QUESTIONS:
        scope = (
            f" (only with {', '.join(sorted(a.value for a in q.areas))} pain)" if q.areas else ""
        )
        out.print(f"{q.id}: {q.text} [{q.urgency.value}]{scope}")


# --- plan --------------------------------------------------------------------------


def report_outcome(outcome: PlanOutcome) -> None:
    """Print the referral (exit 3) or the new plan's summary."""
    from hamcoach.cli.render_plan import plan_summary, referral

    if outcome.plan is None:
        named = chosen_patient()
        console().print(referral(outcome.screening, patient=named))
        if outcome.archived:
            console().print(
                f"Your plan {outcome.archived} is stopped (kept, not deleted): no training "
                "until a clinician has seen you."
            )
            from hamcoach.cli.calendar_file import refresh_calendar

            refresh_calendar()  # a calendar already exported stops reminding them to train
        raise typer.Exit(EXIT_REFERRED)
    out = console()
    if outcome.archived:
        out.print(f"Your previous plan {outcome.archived} is archived (kept, not deleted).")
    for warning in outcome.warnings:
        out.print(f"warning: {warning}")
    out.print(plan_summary(outcome.plan))
    from hamcoach.cli.calendar_file import refresh_calendar

    refresh_calendar()  # a calendar already exported follows the new plan


@plan_app.command("create")
def plan_create(
    profile: Annotated[Path, typer.Option("--profile", "-p", help="A profile file, YAML or JSON.")],
    start_date: Annotated[
        str | None, typer.Option(help="Override the profile's start date (YYYY-MM-DD or 'today').")
    ] = None,
    weeks: Annotated[int, typer.Option(min=1, max=12, help="Weeks in the plan.")] = R.DEFAULT_WEEKS,
) -> None:
    """Screen a profile and, if no red flag, build and schedule a plan."""
    from hamcoach.intake.schema import load_profile_file, parse_profile
    from hamcoach.services.planning import create_plan

    model = load_profile_file(profile)
    if start_date is not None:
        data = model.model_dump(mode="json")
        data["schedule"]["start_date"] = parse_day(start_date, "--start-date").isoformat()
        model = parse_profile(data, where=str(profile))
    catalog = load(quiet=True)
    if model.routine is not None and model.routine not in catalog.routines:
        from hamcoach.domain.catalog import UnknownIdError

        fail(f"{profile}: routine: {UnknownIdError('routine', model.routine, catalog.routines)}")
    with _days_named(profile):
        outcome = create_plan(
            store(),
            catalog,
            model.to_domain(),
            now=now(),
            weeks=weeks,
            patient_id=chosen_patient(),
        )
    report_outcome(outcome)


@contextmanager
def _days_named(source: Path) -> Iterator[None]:
    """Days that cannot hold the program are a problem in the profile: name its file."""
    from hamcoach.domain.scheduling import ScheduleError

    try:
        yield
    except ScheduleError as exc:
        exc.where = exc.where or str(source)
        raise


@plan_app.command("show")
def plan_show(
    week: Annotated[int | None, typer.Option(min=1, help="Only this week.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """The active plan week by week, with the reason for every choice."""
    from hamcoach.services.planning import plan_history
    from hamcoach.services.ports import SHOWN_WITH_PLAN

    db = store()
    plan = active_plan(db)
    if week is not None and week > max(s.session.week for s in plan.sessions):
        fail(f"--week {week}: the plan has {plan.weeks} weeks")
    changes = [
        (local_time(h.at, zone(plan.schedule.timezone)), h.message)
        for h in plan_history(db, plan.patient_id)
        if h.plan_uid == plan.uid and h.kind.startswith(SHOWN_WITH_PLAN)
    ]
    if as_json:
        from hamcoach.exports.plan_json import plan_to_json

        print_json(plan_to_json(plan, week=week, changes=changes))
        return
    from hamcoach.cli.render_plan import plan_detail

    own = frozenset(ex.id for ex in load(quiet=True) if ex.dosage.evidence.value == "default")
    console().print(plan_detail(plan, week=week, changes=changes, defaults=own))


@plan_app.command("reschedule")
def plan_reschedule(
    from_day: Annotated[
        str,
        typer.Option(
            "--from", help="Move sessions missed before this day (YYYY-MM-DD; default today)."
        ),
    ] = "today",
) -> None:
    """Move missed sessions forward, keeping the minimum gap between sessions; say what moved."""
    from hamcoach.services.planning import reschedule_active_plan

    day = parse_day(from_day, "--from")
    moves = reschedule_active_plan(
        store(), load(quiet=True), from_day=day, now=now(), patient_id=chosen_patient(),
        rules=rules(),
    )  # fmt: skip
    out = console()
    if not moves:
        out.print(f"Nothing to move: no session before {day.isoformat()} was missed.")
        return
    out.print(f"Moved {len(moves)} session(s):")
    for number, before, after in moves:
        out.print(f"  session {number}: {before:%a %d %b %H:%M} -> {after:%a %d %b %H:%M}")
    last = max(after for _, _, after in moves)
    out.print(f"The plan now ends on {last:%a %d %b %Y}.")
    from hamcoach.cli.calendar_file import refresh_calendar

    refresh_calendar()


@plan_app.command("history")
def plan_history_cmd(as_json: JsonFlag = False) -> None:
    """Every change to your plans, oldest first."""
    from hamcoach.services.patients import who
    from hamcoach.services.planning import plan_history

    db = store()
    person = who(db, chosen_patient())
    rows = plan_history(db, person.id)
    where = zone(person.timezone)
    if as_json:
        from hamcoach.exports.views.base import jsonable
        from hamcoach.exports.views.history import plan_event_view

        print_json([jsonable(plan_event_view(h, zone=where)) for h in rows])
        return
    out = console()
    if not rows:
        out.print("No plans yet.")
    for h in rows:
        at = local_time(h.at, where)
        out.print(f"{at:%Y-%m-%d %H:%M}  {h.plan_uid}  {h.kind}: {h.message}")


@plan_app.command("simulate")
def simulate_cmd(
    logs: Annotated[
        Path,
        typer.Option(
            "--logs",
            help="YAML or JSON list of logs and check-ins, each as 'log' takes it (docs/json.md).",
        ),
    ],
    as_json: JsonFlag = False,
) -> None:
    """Replay logs against a copy of the plan and show where it ends up; changes nothing."""
    from hamcoach.intake.simulation_file import read_simulation_file
    from hamcoach.services.planning import load_active_plan
    from hamcoach.services.simulation import simulate

    db, who = store(), chosen_patient()
    entries = read_simulation_file(logs, load_active_plan(db, who).start_date)
    catalog = load(quiet=True)
    result = simulate(db, catalog, entries, source=str(logs), patient_id=who, rules=rules())
    if as_json:
        print_json(result)
        return
    out = console()
    out.print(
        f"Replayed {result['entries']} entries on a copy of plan {result['plan']}; "
        "nothing was saved."
    )
    for d in result["decisions"]:
        out.print(f"{d['date']}  {d['exercise_id']}: {d['before']} -> {d['after']}  [{d['rule']}]")
    out.print("Where it ends up (the next dose of each exercise):")
    for item in result["final"]:
        out.print(f"  {item['name']}: {item['dose']}")


# --- calendar ----------------------------------------------------------------------


@calendar_app.command("export")
def calendar_export(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="The .ics file ('-' for stdout).")
    ] = None,
    alarm_minutes: Annotated[
        int, typer.Option(min=0, max=1440, help="Reminder this many minutes before (0: none).")
    ] = 30,
) -> None:
    """Write the plan as an .ics calendar with a reminder before each session; later changes
    to the plan rewrite the same file. A plan stopped by a red flag has its sessions not done
    cancelled."""
    from hamcoach.config import Settings

    if output is not None and str(output) == "-":
        from hamcoach.exports.ical import plan_to_ics
        from hamcoach.services.planning import calendar_plans

        found = calendar_plans(store(), chosen_patient())
        sys.stdout.buffer.write(
            plan_to_ics(
                found.plan,  # None: stopped, its sessions not done cancelled
                alarm_minutes=alarm_minutes,
                cancelled=found.cancelled,
                earlier=found.earlier,
            )
        )
        return
    from hamcoach.cli.calendar_file import write_calendar

    # one file per person when a person is named, so two people never overwrite each other
    who = chosen_patient()
    name = "hamcoach.ics" if who is None else f"hamcoach-{who}.ics"
    target = (output or Settings.from_env().home / name).absolute()
    try:
        written = write_calendar(target, alarm_minutes, private=output is None)
    except OSError as exc:
        fail(f"cannot write {target}: {exc.strerror or exc}")
    assert written is not None
    found = written[1]
    if found.plan is None:
        stopped = found.shown
        off = sum(1 for s in stopped.sessions if s.status != "done")
        console().print(
            f"Your plan {stopped.uid} is stopped (a red flag): wrote its {off} sessions not "
            f"done as cancelled to {target}, so that your calendar drops them and stops "
            "reminding you. No training until a clinician has seen you."
        )
        return
    console().print(
        f"Wrote {len(found.plan.sessions)} sessions to {target}. Import it into your calendar "
        "app; importing it again after a change updates the same events. hamcoach rewrites "
        "this file whenever your plan changes."
    )


# --- where -------------------------------------------------------------------------


@commands.command("where")
def where() -> None:
    """Where hamcoach keeps your data."""
    from hamcoach.catalog.loader import catalog_dirs
    from hamcoach.config import Settings
    from hamcoach.storage.db import database_url

    settings = Settings.from_env()
    out = console()
    out.print(f"data directory: {settings.home}")
    out.print(f"database:       {database_url(settings).split('@')[-1]}")
    name = "hamcoach.ics" if chosen_patient() is None else f"hamcoach-{chosen_patient()}.ics"
    ics = settings.home / name
    state = "default" if ics.exists() else "default; not written yet: hamcoach calendar export"
    out.print(f"calendar file:  {ics} ({state})")
    out.print("catalog:        " + ", ".join(str(d) for d in catalog_dirs()))


# --- start -------------------------------------------------------------------------


@commands.command("start")
def start() -> None:
    """The intake: a few questions, then a plan (or a referral). Type 'back' or 'quit' any time."""
    from hamcoach.cli.start import run_start

    run_start()
