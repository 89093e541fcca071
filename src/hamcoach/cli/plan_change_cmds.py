"""`plan set-load|swap|skip|add|resume|edit`: change the plan without starting over.

Each keeps every dose and decision so far and changes only the sessions from today on
(services/plan_changes.py); the calendar file, if there is one, is rewritten.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from hamcoach.cli.calendar_file import refresh_calendar
from hamcoach.cli.common import chosen_patient, console, fail, load, now, rules, store
from hamcoach.cli.plan_cmds import plan_app
from hamcoach.cli.training_cmds import parse_load

if TYPE_CHECKING:
    from hamcoach.domain.catalog import Equipment
    from hamcoach.domain.fold_values import PlanChange

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EQUIPMENT_HELP = (
    "All the equipment you have now, comma-separated (e.g. "
    "dumbbell-or-kettlebell,massage-ball), or none."
)


def _change(change: PlanChange, what: str, *, timezone: str | None = None) -> None:
    """Make the change, say what it did, and rewrite the calendar file."""
    from hamcoach.services.plan_changes import change_plan

    db = store()
    result = change_plan(
        db, load(quiet=True), change, patient_id=chosen_patient(), rules=rules(),
        timezone=timezone,
    )  # fmt: skip
    out = console()
    out.print(what)
    if result.moved:
        out.print(f"{len(result.moved)} session(s) moved:")
        for number, before, after in result.moved:
            out.print(f"  session {number}: {before:%a %d %b %H:%M} -> {after:%a %d %b %H:%M}")
    out.print("Every dose and decision so far is kept. See the plan: hamcoach plan show")
    refresh_calendar(db)


@plan_app.command("set-load")
def set_load(
    exercise: Annotated[str, typer.Argument(help="A loaded exercise in your plan.")],
    weight: Annotated[str, typer.Argument(help="The starting weight, e.g. 12kg or 25lb.")],
    by: Annotated[str | None, typer.Option(help="Who set it (a clinician's name).")] = None,
) -> None:
    """Set the weight of a loaded exercise from today on; the load rules (at most +10 % at
    once) then run from it."""
    from hamcoach.domain.fold_values import ChangeKind, PlanChange

    kg = parse_load(weight, "WEIGHT")
    _change(
        PlanChange(now().date(), now(), ChangeKind.SET_LOAD, exercise, load_kg=kg, by=by),
        f"{exercise}: {kg:g} kg from today on" + (f" (set by {by})." if by else "."),
    )


@plan_app.command("swap")
def swap(
    old: Annotated[str, typer.Argument(help="The exercise to replace.")],
    new: Annotated[str, typer.Argument(help="The exercise to do instead.")],
) -> None:
    """Replace an exercise in the sessions still to do; its ladder and your cautions apply."""
    from hamcoach.domain.fold_values import ChangeKind, PlanChange

    _change(
        PlanChange(now().date(), now(), ChangeKind.SWAP, old, new_exercise_id=new),
        f"{old} is swapped for {new} from today on.",
    )


@plan_app.command("skip")
def skip(
    exercise: Annotated[str, typer.Argument(help="The exercise to leave out.")],
) -> None:
    """Leave an exercise out of the sessions still to do (a clinician can bring it back with
    'plan resume')."""
    from hamcoach.domain.fold_values import ChangeKind, PlanChange

    _change(
        PlanChange(now().date(), now(), ChangeKind.SKIP, exercise),
        f"{exercise} is left out from today on.",
    )


@plan_app.command("add")
def add(
    exercise: Annotated[str, typer.Argument(help="The exercise to add (an id).")],
) -> None:
    """Add an exercise to the sessions still to do, at its starting dose, in its place in
    the session; your cautions, equipment, ladders and longest session apply."""
    from hamcoach.domain.fold_values import ChangeKind, PlanChange

    catalog = load(quiet=True)
    name = catalog.get(exercise).name if exercise in catalog else exercise
    _change(
        PlanChange(now().date(), now(), ChangeKind.ADD, exercise),
        f"{name} is added to your sessions from today on, at its starting dose.",
    )


@plan_app.command("resume")
def resume(
    exercise: Annotated[
        str | None, typer.Argument(help="The paused exercise (none: the paused plan).")
    ] = None,
    by: Annotated[str, typer.Option(help="The clinician who agreed to it.")] = "",
) -> None:
    """Resume a paused exercise, or the paused plan, after a clinician has seen you."""
    from hamcoach.domain.fold_values import ChangeKind, PlanChange

    if not by.strip():
        fail("--by: name the clinician who agreed to resume (e.g. --by 'Dr Lee')")
    what = "The plan" if exercise is None else exercise
    _change(
        PlanChange(now().date(), now(), ChangeKind.RESUME, exercise, by=by.strip()),
        f"{what} resumed from today on (agreed by {by.strip()}).",
    )


def _parse_days(raw: str) -> frozenset[int]:
    days = set()
    for part in raw.lower().replace(" ", "").split(","):
        if part[:3] not in DAY_NAMES or not part:
            fail(f"--days: '{part}' is not a weekday; use e.g. mon,wed,fri")
        days.add(DAY_NAMES.index(part[:3]))
    return frozenset(days)


@plan_app.command("edit")
def edit(
    days: Annotated[str | None, typer.Option(help="Training days, e.g. mon,thu.")] = None,
    time: Annotated[str | None, typer.Option(help="Start time, e.g. 07:00.")] = None,
    sessions_per_week: Annotated[
        int | None, typer.Option(min=1, max=7, help="Sessions a week.")
    ] = None,
    max_minutes: Annotated[
        int | None, typer.Option(min=5, max=180, help="Longest session, in minutes.")
    ] = None,
    timezone: Annotated[str | None, typer.Option(help="IANA zone, e.g. Europe/Oslo.")] = None,
    equipment: Annotated[str | None, typer.Option(help=EQUIPMENT_HELP)] = None,
) -> None:
    """Change the schedule or the equipment from today on: the sessions still to do are
    placed again, an exercise whose equipment you no longer have is swapped; every dose and
    decision so far stays."""
    if all(v is None for v in (days, time, sessions_per_week, max_minutes, timezone, equipment)):
        fail("give at least one of --days, --time, --sessions-per-week, --max-minutes, "
             "--timezone, --equipment")  # fmt: skip
    kit = _parse_equipment(equipment) if equipment is not None else None
    if all(v is None for v in (days, time, sessions_per_week, max_minutes, timezone)):
        assert kit is not None
        return _change_equipment(kit)
    at = None
    if time is not None:
        try:
            at = dt.time.fromisoformat(time)
        except ValueError:
            fail(f"--time: '{time}' is not a time; use e.g. 07:00 or 18:30")
    if timezone is not None:
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(timezone)
        except (ValueError, OSError):
            fail(f"--timezone: '{timezone}' is not a known time zone; use e.g. Europe/Oslo")
    from hamcoach.domain.fold_values import ChangeKind, PlanChange

    change = PlanChange(
        now().date(), now(), ChangeKind.EDIT,
        days=_parse_days(days) if days else None, at=at, per_week=sessions_per_week,
        max_minutes=max_minutes,
    )  # fmt: skip
    _change(change, "New schedule from today on.", timezone=timezone)
    if kit is not None:
        _change_equipment(kit)


def _parse_equipment(raw: str) -> frozenset[Equipment]:
    from hamcoach.errors import InputError
    from hamcoach.services.equipment import parse_equipment

    names = raw.split(",")
    if not any(n.strip() for n in names):
        fail("--equipment: give the equipment you have, comma-separated, or none")
    if "none" in (n.strip().lower() for n in names) and len(names) > 1:
        fail("--equipment: 'none' goes alone; list the equipment you have, or say none")
    try:
        return parse_equipment(names)
    except InputError as exc:
        fail(f"--equipment: {exc}")


def _change_equipment(kit: frozenset[Equipment]) -> None:
    """Record the equipment, say what it swapped and what it opens, rewrite the calendar."""
    from hamcoach.services.equipment import change_equipment, kit_words

    db = store()
    catalog = load(quiet=True)
    result = change_equipment(db, catalog, kit, now=now(), patient_id=chosen_patient(),
                              rules=rules())  # fmt: skip
    out = console()
    if not result.changed:
        out.print(f"Your equipment is as it was ({kit_words(kit)}): nothing changed.")
        return
    out.print(f"Equipment from today on: {kit_words(result.after)} "
              f"(was {kit_words(result.before)}).")  # fmt: skip
    for s in result.swapped:
        out.print(f"  {s.reason}")
    for b in result.back:
        out.print(f"  {b.reason}")
    if result.swapped or result.back:
        out.print("Every dose and decision so far is kept. See the plan: hamcoach plan show")
    for o in result.offers:
        name = catalog.get(o.exercise_id).name
        if o.step_up:
            out.print(f"  {name}: {o.reason}")
        elif o.instead_of is None:
            out.print(f"  {name} fits your equipment now: {o.reason} None of your exercises "
                      f"is of its kind. To add it: hamcoach plan add {o.exercise_id}")  # fmt: skip
        else:
            swap = f"hamcoach plan swap {o.instead_of} {o.exercise_id}"
            out.print(f"  {name} could replace {catalog.get(o.instead_of).name}: {o.reason}"
                      f" To take it: {swap}")  # fmt: skip
    if any(not o.step_up for o in result.offers):
        out.print("Nothing is added on its own: the plan changes only if you swap or add.")
    refresh_calendar(db)
