"""Writing the calendar file, and writing it again after every change to the plan.

Once a person has exported their calendar, hamcoach remembers where (in the plan's
history) and rewrites that file whenever the plan changes (a log, a check-in, a move, an
edit, a new plan, a red flag that stops it), so a calendar app that re-reads the file stays
true: after a stop, the sessions not done are cancelled and no reminder is left.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from hamcoach.cli.common import chosen_patient, console, now, say_err, store
from hamcoach.errors import HamcoachError

if TYPE_CHECKING:
    from hamcoach.services.planning import CalendarPlans
    from hamcoach.storage.sql import SqlStore


def write_calendar(
    target: Path | None, alarm_minutes: int, *, private: bool = False, db: SqlStore | None = None
) -> tuple[Path, CalendarPlans] | None:
    """Write the person's calendar to ``target`` (None: where it was last written); return
    where and the plans written, or None when there is nowhere to write."""
    from hamcoach.exports.ical import plan_to_ics
    from hamcoach.files import write_atomic
    from hamcoach.services.planning import calendar_plans, note_calendar_export

    db = db or store()
    who = chosen_patient()
    found = calendar_plans(db, who)
    if target is None:
        if found.target is None:
            return None
        target, alarm_minutes = Path(found.target[0]), found.target[1]
    data = plan_to_ics(
        found.plan, alarm_minutes=alarm_minutes, cancelled=found.cancelled, earlier=found.earlier
    )
    write_atomic(target, data, private=private)
    if found.target != (str(target), alarm_minutes):
        note_calendar_export(
            db, path=str(target), alarm_minutes=alarm_minutes, now=now(), patient_id=who,
            plan_uid=found.shown.uid,
        )  # fmt: skip
    return target, found


def refresh_calendar(db: SqlStore | None = None) -> None:
    """After a change: rewrite the calendar file if the person has one (``db``: the store
    the command already opened); a failure to write it is said, never fatal (the change
    itself is stored)."""
    try:
        written = write_calendar(None, 0, db=db)
    except OSError as exc:
        say_err(f"note: the calendar file could not be updated: {exc.strerror or exc}")
        return
    except HamcoachError:
        return  # no plan at all (the person was referred before any): nothing to write
    if written is not None:
        path, found = written
        what = "" if found.plan is not None else " (the sessions not done are cancelled)"
        console().print(f"Calendar updated{what}: {path}", style="dim")
