"""Rich renderings of screenings and plans."""

from __future__ import annotations

import datetime as dt

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from hamcoach.cli.fit import Fitted
from hamcoach.cli.render import bullets
from hamcoach.domain.plan import Plan, ScheduledSession, SessionStatus
from hamcoach.domain.screening import EARLIER_YES, ScreeningResult, Urgency


def referral(result: ScreeningResult, *, patient: str | None = None) -> RenderableType:
    """Why no plan was made: each flag with its id, the clearances already on file, and
    (for "see a clinician first" flags only) how a clinician's clearance is recorded.
    ``patient``: the --patient the commands shown must name, if any."""
    emergency = result.urgency is Urgency.EMERGENCY
    title = "URGENT: get emergency care today" if emergency else "Please see a clinician first"
    parts: list[RenderableType] = [
        Text(title, style="bold red" if emergency else "bold yellow"),
        Text(result.advice or ""),
        Text("\nYou answered yes to:", style="bold"),
    ]
    for q in result.flags:
        parts.append(Text(f"  - {q.id}: {q.text} ({q.source})"))
        if q in result.earlier:
            parts.append(Text(f"    {EARLIER_YES}"))
    if result.cleared_flags:
        parts.append(Text("\nAlready cleared by a clinician (these no longer block):"))
        for q, c in result.cleared_flags:
            parts.append(Text(f"  - {q.id}: {c.describe()}"))
    parts.append(
        Text(
            "\nNo exercise plan was made. Your answers are stored, so you can show them to "
            "your clinician."
        )
    )
    if emergency:
        parts.append(Text("An emergency sign you report is never cleared in hamcoach."))
    else:
        who = f" --patient {patient}" if patient else ""
        parts.append(
            Text(
                "Once a clinician has checked a flag and cleared you to exercise, record it, "
                "then make the plan again:"
            )
        )
        for q in result.flags:
            parts.append(Text(f'  hamcoach{who} clearance add {q.id} --by "NAME" [--note TEXT]'))
    return Group(*parts)


def plan_summary(plan: Plan) -> RenderableType:
    first, last = plan.sessions[0].at, max(s.at for s in plan.sessions)
    lines = [
        Text(f"Plan {plan.uid} for {plan.profile_name}", style="bold green"),
        Text(
            f"{len(plan.sessions)} sessions, {plan.schedule.sessions_per_week} a week at "
            f"{plan.schedule.at:%H:%M}, from {first:%a %d %b %Y} to {last:%a %d %b %Y}."
        ),
        Text(
            f"{sum(1 for c in plan.choices if c.included)} exercises chosen, "
            f"{sum(1 for c in plan.choices if not c.included)} left out, each with its reason."
        ),
        Text("Next: hamcoach plan show    hamcoach calendar export", style="dim"),
    ]
    return Group(*lines)


DEFAULT_MARK = " (hamcoach default)"
"""After a dose the articles give no number for: hamcoach's own, as 'exercises show' says."""


def _session_block(s: ScheduledSession, defaults: frozenset[str]) -> RenderableType:
    done = {
        SessionStatus.DONE: "  (done)",
        SessionStatus.PAUSED: "  (paused: see a physical therapist)",
    }.get(SessionStatus(s.status), "")
    head = Text(
        f"{s.at:%a %d %b %H:%M}  session {s.number} ({s.session.label}), about "
        f"{s.session.minutes} min{done}",
        style="bold",
    )
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column()
    rows: list[list[str | Text]] = []
    for item in s.session.items:
        mark = DEFAULT_MARK if item.exercise_id in defaults else ""
        rows.append([Text(f"  {item.name}"), Text(item.describe() + mark)])
        rows.extend(["", Text(f"note: {m}", style="dim")] for m in item.modifications)
    for row in rows:
        grid.add_row(*row)
    return Group(head, Fitted(grid, ["", ""], rows, gap=False))


def plan_detail(
    plan: Plan,
    *,
    week: int | None = None,
    changes: list[tuple[dt.datetime, str]] | None = None,
    defaults: frozenset[str] = frozenset(),
) -> RenderableType:
    """The plan with its reasons; ``defaults`` are the exercises whose dose is hamcoach's
    own (no article gives one), marked as 'exercises show' marks them."""
    # The reasons are the point of a plan, so they are always shown.
    parts: list[RenderableType] = [plan_summary(plan)]
    parts.append(Text("\nWhy these exercises", style="bold underline"))
    parts.append(
        bullets([f"{c.exercise_id}: {c.reason}" for c in plan.choices if c.included], mark="+")
    )
    parts.append(Text("\nLeft out", style="bold underline"))
    parts.append(
        bullets([f"{c.exercise_id}: {c.reason}" for c in plan.choices if not c.included], mark="-")
    )
    if plan.clearances:
        parts.append(Text("\nCleared by a clinician", style="bold underline"))
        parts.append(bullets([f"{c.question_id}: {c.describe()}" for c in plan.clearances]))
    weeks = [week] if week is not None else sorted({s.session.week for s in plan.sessions})
    shown = [s for w in weeks for s in plan.week(w)]
    marked = any(i.exercise_id in defaults for s in shown for i in s.session.items)
    notes = list(plan.notes)
    if marked:
        notes.append(
            f"Doses marked{DEFAULT_MARK} are hamcoach's own starting points: the articles give "
            "no number for them ('hamcoach exercises show ID' says more)."
        )
    if notes:
        parts.append(Text("\nNotes", style="bold underline"))
        parts.append(bullets(notes, mark="*"))
    if changes:
        parts.append(Text("\nChanges from what you logged", style="bold underline"))
        parts.append(bullets([f"{at:%d %b}: {message}" for at, message in changes], mark=">"))
    for w in weeks:
        parts.append(Text(f"\nWeek {w}", style="bold underline"))
        parts.extend(_session_block(s, defaults) for s in plan.week(w))
    return Group(*parts)
