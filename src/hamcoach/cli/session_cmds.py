"""`hamcoach session`: the guided session, which can stop part-way and carry on later.

Each exercise is logged as it is finished and each set is recorded as it is done
(services/sessions.py), so stopping (Ctrl-C, a closed terminal, the end of the input)
loses nothing done: the session stays open, `session` again offers to carry on at the
exercise and set where it stopped, and `session --end` ends it part-way (it counts as
partial). Starting a session sooner than the minimum rest after the last one warns and
asks first.

Exit codes: 0 when a session ran, and when nothing was started by the person's own
choice (a "no" to starting early) or because the day's session is already logged; 2 when
there is nothing to run that the person must change (no plan, no session left); 3 when the
plan is paused (see a clinician, as after red flags at the screening).
"""

from __future__ import annotations

import datetime as dt
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hamcoach.cli.calendar_file import refresh_calendar
from hamcoach.cli.common import (
    EXIT_REFERRED,
    chosen_patient,
    console,
    fail,
    load,
    now,
    parse_day,
    rules,
    store,
)
from hamcoach.cli.feedback import show_pauses
from hamcoach.domain import rules as R

if TYPE_CHECKING:
    from hamcoach.cli.player import Player
    from hamcoach.domain.catalog import Catalog
    from hamcoach.domain.plan import ScheduledSession
    from hamcoach.services.sessions import Ended, OpenSession, Prepared
    from hamcoach.storage.sql import SqlStore

commands = typer.Typer()
"""Top-level command: `session`."""


@dataclass
class _Run:
    """One run of the player over a session, and how far it got."""

    data: SqlStore
    catalog: Catalog
    player: Player
    session: ScheduledSession
    day: dt.date
    finished: set[int] = field(default_factory=set)
    skipped: set[int] = field(default_factory=set)
    saved: int = 0
    sets_kept: int = 0
    paused: set[str | None] = field(default_factory=set)
    """Exercises paused (None: the plan), as the session started and as its logs decide."""


@commands.command("session")
def session_cmd(
    date: Annotated[
        str,
        typer.Option(help="Log it for this day (YYYY-MM-DD, not in the future; default today)."),
    ] = "today",
    end: Annotated[
        bool,
        typer.Option("--end", help="End the session left open part-way; it counts as partial."),
    ] = False,
    yes: Annotated[
        bool,
        typer.Option("--yes", "-y", help="Do not ask: carry on an open session, start early."),
    ] = False,
) -> None:
    """Run today's session (or the next one) with timers; each exercise is saved as you go,
    and a session stopped part-way can be carried on."""
    from hamcoach.cli.player import Player
    from hamcoach.services import sessions

    if end:
        if date != "today":
            fail("--end ends the session left open; it takes no --date")
        _end()
        return
    day = parse_day(date, "--date")
    moment = now()
    if day > moment.date():
        fail(
            f"--date {day.isoformat()} is in the future; a session is logged on the day it is done"
        )
    data, catalog, who = store(), load(quiet=True), chosen_patient()
    out = console()
    ready = sessions.prepare(data, day=day, patient_id=who)
    player = Player(out, input, catalog)
    run: _Run | None = None
    with _interruptible():
        try:
            opened = ready.open
            if opened is not None and not _carry_on(opened, player, yes=yes):
                _say_ended(sessions.end_open(data, catalog, now=now(), patient_id=who,
                                             rules=rules()))  # fmt: skip
                ready, opened = sessions.prepare(data, day=day, patient_id=who), None
            session = ready.session
            if session is None:
                fail(
                    f"no session of your plan is left on or after {day:%a %d %b}. See how it "
                    "went: hamcoach progress; to go on, make a new plan: hamcoach start"
                )
            if None in ready.paused and opened is None:
                out.print(
                    "Your plan is paused: no training until a physical therapist has seen you "
                    "(why: hamcoach plan history). A clinician can resume it: hamcoach plan "
                    "resume --by NAME",
                    soft_wrap=True,
                )
                raise typer.Exit(EXIT_REFERRED)  # see a clinician, as after red flags
            if opened is None and not _begin(data, ready, session, day, player, yes=yes):
                return
            run = _Run(data, catalog, player, session, opened.day if opened else day,
                       finished=set(ready.logged) if opened is None else set(),
                       paused=set(ready.paused))  # fmt: skip
            _play(run, opened)
        except (KeyboardInterrupt, EOFError):
            raise typer.Exit(_stopped(run)) from None


def _begin(
    data: SqlStore, ready: Prepared, session: ScheduledSession, day: dt.date, player: Player,
    *, yes: bool,
) -> bool:  # fmt: skip
    """Start ``session`` for ``day`` (the day's own, carried on, if 'log' already counted
    something for it); False when nothing is started."""
    from hamcoach.services import sessions

    out, moment = player.out, now()
    that_day = "today" if day == moment.date() else f"on {day:%a %d %b}"
    items = session.session.items
    if ready.day_done:
        out.print(
            f"The session done {that_day} (session {session.number}) is finished: every "
            "exercise in it was logged. See what is next: hamcoach today",
            soft_wrap=True,
        )
        return False
    if day == moment.date() and not _rested(ready.last_trained, player, yes=yes):
        return False
    if ready.carried_on:
        names = ", ".join(items[i].name for i in sorted(ready.logged)) or "nothing"
        out.print(
            f"Carrying on the session done {that_day} (session {session.number}): logged "
            f"already, so left out: {names}; {len(items) - len(ready.logged)} of {len(items)} "
            "exercise(s) to go.",
            soft_wrap=True,
        )
    elif session.at.date() != day:
        out.print(
            f"Nothing planned for {day:%a %d %b}; the next session is "
            f"{session.at:%a %d %b}. Doing it now."
        )
    logged = [items[i].exercise_id for i in ready.logged]
    sessions.start(data, number=session.number, day=day, now=now(),
                   patient_id=chosen_patient(), logged=logged)  # fmt: skip
    return True


def _carry_on(opened: OpenSession, player: Player, *, yes: bool) -> bool:
    items = opened.session.session.items
    done = len(opened.finished - opened.skipped)
    at = opened.resume_at()
    where = ""
    if at is not None:
        where = f"; next: {items[at].name}"
        if opened.sets_for(at):
            where += f", {opened.sets_for(at)} set(s) of it already done"
    player.out.print(
        f"Session {opened.number}, started {opened.started.astimezone():%a %d %b %H:%M}, "
        f"was stopped part-way: {done} of {len(items)} exercise(s) done{where}.",
        soft_wrap=True,
    )
    if yes:
        player.out.print("Carrying on where it stopped (--yes).")
        return True
    carry = player.confirm("Carry on where you stopped? (no ends it as partial)", True)
    return carry


def _rested(last: dt.datetime | None, player: Player, *, yes: bool) -> bool:
    """Warn when the last session was less than the minimum rest ago; ask to go on."""
    from hamcoach.domain.guided import hours_between, too_soon

    moment = now()
    if last is None or not too_soon(last, moment):
        return True
    hours = int(hours_between(last, moment))
    ago = "less than an hour" if hours < 1 else f"{hours} hour{'s' if hours != 1 else ''}"
    ready = (last + dt.timedelta(hours=R.MIN_HOURS_BETWEEN_SESSIONS)).astimezone()
    out = player.out
    out.print(
        f"Your last session was {ago} ago ({last.astimezone():%a %d %b %H:%M}). Leave at "
        f"least {R.MIN_HOURS_BETWEEN_SESSIONS} hours between sessions so the hamstrings "
        f"recover (article 003): from {ready:%a %d %b %H:%M}.",
        soft_wrap=True,
    )
    if yes:
        out.print("Starting anyway, as --yes says.")
        return True
    if not sys.stdin.isatty():
        out.print("Starting anyway without asking: the input is not a terminal.")
        return True
    if player.confirm("Start now anyway?", False):
        return True
    out.print(f"Not started. Run 'hamcoach session' from {ready:%a %d %b %H:%M}.")
    return False


def _play(run: _Run, opened: OpenSession | None) -> None:
    from hamcoach.services import sessions

    session, out, who = run.session, run.player.out, chosen_patient()
    items = session.session.items
    if opened is not None:
        run.finished, run.skipped = set(opened.finished), set(opened.skipped)
    elif not run.finished:  # a session carried on was said by _begin
        out.print(f"Session {session.number}, week {session.session.week}: {len(items)} exercises.")
    out.print("Type 'cramp' or 'pain' at any prompt. Ctrl-C stops; what is done is kept.")
    for i, item in enumerate(items):
        if i in run.finished:
            continue
        if None in run.paused:
            out.print(
                "Your plan is paused: stop here and see a physical therapist. What you did is "
                "saved; a clinician can resume the plan: hamcoach plan resume --by NAME",
                soft_wrap=True,
            )
            break
        if item.exercise_id in run.paused:
            out.print(f"{item.name} is paused (see a physical therapist): left out.")
            run.skipped.add(i)
            run.finished.add(i)
            continue
        before = opened.sets_for(i) if opened is not None else 0
        pain = opened.pain if opened is not None and before else None
        run.sets_kept = before
        run.player.on_set = _recorder(run, i, item.exercise_id)
        result = run.player.exercise(item, i + 1, len(items), done_before=before, pain_before=pain)
        if result.skipped:
            run.skipped.add(i)
            run.finished.add(i)
            run.sets_kept = 0
            _record(run, None, None, 0, None)
            continue
        _save(run, result)
        run.finished.add(i)
        run.sets_kept = 0
    done = len(run.finished - run.skipped)
    stopped = len(run.finished) < len(items)  # the plan was paused part-way
    sessions.finish(run.data, number=session.number, done=done, total=len(items), now=now(),
                    patient_id=who, partial=stopped)  # fmt: skip
    if stopped:
        out.print(f"Session ended part-way: {run.saved} exercise(s) saved; it counts as partial.")
    else:
        from hamcoach.cli.training_cmds import checkin_hint

        out.print(f"Session done: {run.saved} exercise(s) saved. {checkin_hint(run.day)}")
    refresh_calendar(run.data)


def _recorder(run: _Run, position: int, exercise_id: str) -> Any:
    def on_set(count: int) -> None:
        run.sets_kept = count
        _record(run, position, exercise_id, count, run.player.pain_seen)

    return on_set


def _record(
    run: _Run, position: int | None, exercise_id: str | None, count: int, pain: int | None
) -> None:
    from hamcoach.services import sessions

    sessions.record_progress(
        run.data, number=run.session.number, skipped=sorted(run.skipped), position=position,
        exercise_id=exercise_id, sets_done=count, pain=pain, now=now(),
        patient_id=chosen_patient(),
    )  # fmt: skip


def _save(run: _Run, result: Any) -> None:
    from hamcoach.cli.training_cmds import explain
    from hamcoach.domain.training import LoggedSet
    from hamcoach.services.training import LogEntry, log_exercise

    # stopped for pain before a set was finished: the pain still counts
    sets = tuple(result.sets) or (LoggedSet(reps=0, good_form=False),)
    entry = LogEntry(result.item.exercise_id, run.day, sets, result.pain)
    logged = log_exercise(
        run.data, run.catalog, entry, now=now(), rules=rules(), patient_id=chosen_patient()
    )
    run.saved += 1
    d = logged.decision
    run.player.out.print(
        f"Saved. Next time: {d.after.describe()} - {explain(d, run.day)}", soft_wrap=True
    )
    show_pauses(logged.pauses, run.catalog)  # escalation, said as plainly as by 'log'
    run.paused |= {p.exercise_id for p in logged.pauses}


def _stopped(run: _Run | None) -> int:
    """What a stop keeps, said plainly; the exit code (130 when nothing at all was kept)."""
    out = console()
    if run is None:
        out.print("\nStopped before the session started; nothing changed.")
        return 130
    kept = f" and {run.sets_kept} set(s) of the exercise in progress" if run.sets_kept else ""
    out.print(
        f"\nStopped. {run.saved} exercise(s) were saved{kept}. The session stays open: "
        "'hamcoach session' carries on where you stopped, 'hamcoach session --end' ends it "
        "(it then counts as partial).",
        soft_wrap=True,
    )
    if run.saved:
        refresh_calendar(run.data)
    return 130 if run.saved == 0 and not run.sets_kept and not run.finished else 0


def _end() -> None:
    from hamcoach.services import sessions

    ended = sessions.end_open(
        store(), load(quiet=True), now=now(), patient_id=chosen_patient(), rules=rules()
    )
    if ended is None:
        console().print("No session is open; nothing to end.")
        return
    _say_ended(ended)


def _say_ended(ended: Ended | None) -> None:
    if ended is None:
        return
    out = console()
    if ended.partial_log is not None:
        out.print(f"The sets done of {ended.partial_exercise} were logged.")
    out.print(
        f"Session {ended.number} ended part-way: {ended.exercises_done} of "
        f"{ended.exercises_total} exercise(s) done. What was done counts; the session "
        "counts as partial.",
        soft_wrap=True,
    )


@contextmanager
def _interruptible() -> Iterator[None]:
    """A closed terminal (SIGHUP) or a polite kill (SIGTERM) stops like Ctrl-C: what was
    done is already stored, and the session stays open."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    wanted = [s for s in ("SIGHUP", "SIGTERM") if hasattr(signal, s)]
    previous = {name: signal.signal(getattr(signal, name), interrupt) for name in wanted}
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)
