"""Commands for training days: `today`, `log`, `checkin` (`session` is in session_cmds.py,
`history` in history_cmds.py)."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hamcoach.messages import BACK_AFTER_A_BREAK, NOTHING_DONE, choose_weight, reason_now

if TYPE_CHECKING:
    from hamcoach.domain.catalog import Catalog
    from hamcoach.domain.progression import Decision
    from hamcoach.services.folding import DoseChange
    from hamcoach.services.training import LogEntry

from hamcoach.cli.calendar_file import refresh_calendar
from hamcoach.cli.common import (
    JsonFlag,
    chosen_patient,
    console,
    fail,
    finite,
    load,
    now,
    parse_day,
    print_json,
    rules,
    store,
)
from hamcoach.cli.feedback import show_pauses
from hamcoach.domain import rules as R
from hamcoach.limits import MAX_HOLD_S, MAX_REPS, read_load, read_loads

commands = typer.Typer()
"""Top-level commands: `today`, `log`, `checkin`."""


class Form(StrEnum):
    GOOD = "good"
    POOR = "poor"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


def parse_int_list(raw: str, option: str, *, high: int) -> list[int]:
    out = []
    for part in raw.split(","):
        part = part.strip()
        if not re.fullmatch(r"[0-9]{1,6}", part):  # ASCII digits: int() also takes '²'
            fail(f"{option}: '{part[:20]}' is not a whole number from 0 to {high} (use e.g. "
                 "12,12,10)")  # fmt: skip
        n = int(part)
        if not 0 <= n <= high:
            fail(f"{option}: {n} is outside 0-{high}")
        out.append(n)
    return out


def parse_load(raw: str, option: str = "--load") -> float:
    """'12kg', '22.5', '22,5', '25lb' -> kilograms (limits.read_load)."""
    try:
        return read_load(raw)
    except ValueError as exc:
        fail(f"{option}: {exc}")


def parse_loads(raw: str | None, sets: int) -> list[float | None]:
    """--load for ``sets`` sets: one per set or one for every set (limits.read_loads)."""
    if raw is None:
        return [None] * sets
    try:
        return list(read_loads(raw, sets))
    except ValueError as exc:
        fail(f"--load: {exc}")


def _upcoming() -> dict[str, Any]:
    """The sessions still to do, as plain data; from the snapshot when it is fresh."""
    from hamcoach.config import Settings
    from hamcoach.storage import snapshot

    settings = Settings.from_env()
    who = chosen_patient()
    cached = snapshot.read(settings, who)
    if cached is not None:
        return cached
    from hamcoach.services.planning import load_active_plan

    before = snapshot.fingerprint(settings)
    from hamcoach.services.reports import stopped_now

    data = store()
    try:
        plan = load_active_plan(data, who)
        paused = frozenset(stopped_now(data, plan))
    finally:
        data.engine.dispose()  # closing checkpoints the WAL
    from hamcoach.exports.views.plan import upcoming_json

    result = upcoming_json(plan, paused)
    if before is not None and snapshot.fingerprint(settings) == before:
        # nothing wrote while we read (our own checkpoint counts too: the next call keeps it)
        snapshot.write(settings, who, result, before)
    return result


@commands.command("today")
def today(as_json: JsonFlag = False) -> None:
    """Today's session, or the next one and when."""
    from hamcoach.services.today import Slot, due

    data = _upcoming()  # the sessions still planned, and the paused ones' numbers
    slots = [Slot(s["number"], s["at"], s["status"]) for s in data["sessions"]]
    slots += [Slot(n, "", "paused") for n in data.get("paused", [])]
    d = due(slots, now().date(), dt.date.fromisoformat(data["since"]))
    nxt = next((s for s in data["sessions"] if s["number"] == d.number), None)
    if nxt is not None:
        nxt = {k: v for k, v in nxt.items() if k != "status"}
    is_today = d.is_today
    if as_json:
        print_json(None if nxt is None else {**nxt, "today": is_today, "back": d.back})
        return
    out = console()
    if d.paused:
        out.print(
            "Your plan is paused: stop training and see a physical therapist (why: hamcoach "
            "plan history). A clinician can resume it: hamcoach plan resume --by NAME"
        )
        return
    if nxt is None:
        out.print("No sessions left in your plan. See 'hamcoach progress', or start a new plan.")
        return
    at = dt.datetime.fromisoformat(nxt["at"])
    when = "Today" if is_today else f"Next: {at:%A %d %B}"
    if d.back:
        out.print(BACK_AFTER_A_BREAK.format(number=nxt["number"], day=f"{at:%A %d %B}"))
    out.print(
        f"{when} at {at:%H:%M}: week {nxt['week']}, session {nxt['number']}, "
        f"about {nxt['minutes']} min"
    )
    for item in nxt["items"]:
        out.print(f"  {item['name']}: {item['dose']}")
        for m in item["modifications"]:
            out.print(f"      note: {m}")
        if item.get("choose_weight"):
            out.print(
                f"      {choose_weight()}, then: hamcoach plan set-load "
                f"{item['exercise_id']} KG (a clinician may set it too)",
                soft_wrap=True,
            )
    if is_today:
        if d.started:
            out.print("Started today (an exercise is logged). Go on guided with: hamcoach session")
        else:
            out.print("Run it guided with: hamcoach session")
    if nxt["week"] == 3 or nxt["number"] == data["total"]:
        out.print("Re-test due this week: hamcoach retest --help")
    day = now().date().isoformat()
    behind = sorted(s["number"] for s in data["sessions"]
                    if s["status"] == "planned" and s["at"][:10] < day
                    and s["number"] != nxt["number"])  # fmt: skip
    if behind and not d.back:  # back after a break, they move at the next training
        # as the web's Today says it (found by a new user's trial: a missed week went unsaid)
        out.print(
            f"{len(behind)} missed session(s) ({', '.join(map(str, behind))}): your plan goes "
            "on without them; to do them still, move them forward: hamcoach plan reschedule",
            soft_wrap=True,
        )


@commands.command("log")
def log_cmd(
    exercise: Annotated[str, typer.Argument(help="Exercise id, e.g. bridge.")],
    reps: Annotated[str | None, typer.Option(help="Reps per set, e.g. 12,12,10.")] = None,
    load_: Annotated[
        str | None,
        typer.Option(
            "--load", help="Weight: one for every set (10kg) or one per set (10kg,12kg,14kg)."
        ),
    ] = None,
    hold: Annotated[str | None, typer.Option(help="Hold seconds per set, e.g. 12,15.")] = None,
    rpe: Annotated[
        float | None,
        typer.Option(min=1, max=10, callback=finite("--rpe"), help="Effort, 1-10 (10 = failure)."),
    ] = None,
    pain: Annotated[
        int | None, typer.Option(min=0, max=10, help="Worst pain 0-10, during or after.")
    ] = None,
    form: Annotated[Form, typer.Option(help="How the sets looked.")] = Form.GOOD,
    side: Annotated[Side | None, typer.Option(help="For one-sided work.")] = None,
    leg_symptoms: Annotated[
        bool, typer.Option("--leg-symptoms", help="Leg pain or tingling was provoked.")
    ] = False,
    date: Annotated[str, typer.Option(help="When (YYYY-MM-DD; default today).")] = "today",
    note: Annotated[str | None, typer.Option(help="A free note.")] = None,
) -> None:
    """Log an exercise without the guided player; the plan adapts and says why."""
    from hamcoach.services.training import LogEntry

    rep_list = parse_int_list(reps, "--reps", high=MAX_REPS) if reps else []
    hold_list = parse_int_list(hold, "--hold", high=MAX_HOLD_S) if hold else []
    if not rep_list and not hold_list:
        fail("give --reps and/or --hold for the sets you did")
    if rep_list and hold_list and len(hold_list) not in {1, len(rep_list)}:
        fail(f"--hold: {len(hold_list)} values for {len(rep_list)} sets")
    count = max(len(rep_list), len(hold_list))
    loads = parse_loads(load_, count)
    day = parse_day(date, "--date")
    from hamcoach.domain.training import logged_sets, nothing_done

    sets = logged_sets(
        rep_list, hold_list, loads, rpe=rpe, good_form=form is Form.GOOD,
        side=side.value if side else None,
    )  # fmt: skip
    if nothing_done(sets, pain):
        fail(f"--reps: {NOTHING_DONE} (--pain N)")
    catalog = load(quiet=True)
    log_and_report(catalog, LogEntry(exercise, day, sets, pain, leg_symptoms, note))


def log_and_report(catalog: Catalog, entry: LogEntry) -> None:
    """Store a log and say what it did, as `log` does (also `audit --log`)."""
    from hamcoach.services.training import log_exercise

    db = store()
    result = log_exercise(db, catalog, entry, now=now(), rules=rules(), patient_id=chosen_patient())
    out = console()
    ex, day, pain, sets = catalog.get(entry.exercise_id), entry.performed_on, entry.pain, entry.sets
    done = ", ".join(f"{s.hold_seconds}s" if s.hold_seconds and not s.reps else str(s.reps)
                     for s in sets)  # fmt: skip
    pain_text = f"pain {pain}/10" if pain is not None else "no pain score"
    out.print(f"Logged {ex.name} on {day:%a %d %b}: {len(sets)} set(s) ({done}), {pain_text}.")
    if result.close is not None and result.session_number is not None:
        from hamcoach.messages import too_close

        out.print(too_close(result.session_number, result.close))
    if pain is not None and R.pain_zone(pain) == "red":
        out.print(
            f"Pain above {R.PAIN_AMBER_MAX}/10: stop this exercise for today. If it persists or "
            "worries you, "
            "see a physical therapist."
        )
    d = result.decision
    stop = result.stopped
    if stop is None:
        when = f"After {day:%a %d %b}" if result.later_entries else "Next time"
        out.print(f"{when}: {d.after.name}, {d.after.describe()}.")
    if stop is None or stop in result.pauses or stop.exercise_id is None:
        # not wrapped: a command in it stays whole for copying
        out.print(f"Why: {explain(d, day)} [rule: {d.rule}]", soft_wrap=True)
    else:
        # paused before this entry (found by a new user's trial: it said "Next time" as if
        # nothing stood in the way); a new pause, or the plan's, is said below
        from hamcoach.messages import pause_text

        out.print(
            f"{pause_text(stop, catalog.get(stop.exercise_id).name)} This entry is kept; it "
            f"has no next time until a clinician resumes it: hamcoach plan resume "
            f"{stop.exercise_id} --by NAME",
            soft_wrap=True,
        )
    if result.moves:
        out.print(
            f"{len(result.moves)} missed session(s) were moved forward; see 'hamcoach plan show'."
        )
    show_rederived(result.changes, [d])
    show_pauses(result.pauses, catalog, plan_paused=result.plan_paused)
    refresh_calendar(db)


HINTS = {
    "pain-unknown": " Log the pain with --pain N.",
}
"""What to type next, after a decision's sentence (hamcoach/messages.py); the CLI's own."""


def explain(d: Decision, day: dt.date | None = None) -> str:
    """The decision's sentence and what to type next; after a back-dated log the check-in
    is for the morning after that day."""
    if d.rule == "await-checkin":  # its words say whether that day's mornings have passed
        today = now().date()
        return f"{reason_now(d, day or today, today)} {checkin_hint(day)}"
    return d.reason + HINTS.get(d.rule, "")


def checkin_hint(day: dt.date | None = None) -> str:
    """The check-in to type after ``day``'s work (None: today's): tomorrow morning's, or,
    for a day before today, the morning after that day, with its date, so that following
    it records the check-in that lets that day's work progress."""
    if day is None or day == now().date():
        return "Tomorrow morning: hamcoach checkin --pain N"
    morning = (day + dt.timedelta(days=1)).isoformat()
    return f"For the morning after {day:%a %d %b}: hamcoach checkin --pain N --date {morning}"


def show_rederived(
    changes: tuple[DoseChange, ...],
    own: list[Decision],
    *,
    heading: str = "With this entry in its place, these upcoming doses changed:",
) -> None:
    """Say which upcoming doses an entry changed beyond its own decisions (a back-dated
    entry re-derives everything after it, a deleted one everything it had decided)."""
    explained = {(d.after.name, d.after.describe()) for d in own if d.changed}
    others = [c for c in changes if (c.after.name, c.after.describe()) not in explained]
    if not others:
        return
    out = console()
    out.print(heading)
    for c in others:
        name = (
            c.before.name if c.before.name == c.after.name else f"{c.before.name} -> {c.after.name}"
        )
        out.print(f"  {name}: {c.before.describe()} -> {c.after.describe()}")


@commands.command("checkin")
def checkin_cmd(
    pain: Annotated[int, typer.Option(min=0, max=10, help="Pain this morning, 0-10.")],
    stiffness: Annotated[int | None, typer.Option(min=0, max=10, help="Stiffness, 0-10.")] = None,
    date: Annotated[str, typer.Option(help="YYYY-MM-DD; default today.")] = "today",
) -> None:
    """The next-morning check-in: lets yesterday's work progress, or steps it back."""
    from hamcoach.services.training import check_in

    day = parse_day(date, "--date")
    catalog = load(quiet=True)
    db = store()
    result = check_in(
        db,
        catalog,
        on=day,
        pain=pain,
        stiffness=stiffness,
        now=now(),
        rules=rules(),
        patient_id=chosen_patient(),
    )
    out = console()
    if result.replaced is not None:
        out.print(
            f"This replaces your earlier check-in for {day:%a %d %b} "
            f"(pain {result.replaced.pain}/10); the plan was worked out again."
        )
    out.print(
        f"Checked in for {day:%a %d %b}: pain {pain}/10"
        + (f", stiffness {stiffness}/10." if stiffness is not None else ".")
    )
    for d in result.decisions:
        if d.changed:
            out.print(
                f"  {d.before.name}: {d.before.describe()} -> {d.after.name}: {d.after.describe()}"
            )
        else:
            out.print(f"  {d.before.name}: {d.before.describe()}, unchanged")
        out.print(f"    {explain(d)} [rule: {d.rule}]", soft_wrap=True)
    if result.deload:
        out.print(result.deload)
    show_rederived(result.changes, result.decisions)
    show_pauses(result.pauses, catalog, plan_paused=result.plan_paused)
    refresh_calendar(db)
