"""What the CLI tells a person after an entry changed more than a dose."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hamcoach.cli.common import console

if TYPE_CHECKING:
    from hamcoach.domain.catalog import Catalog
    from hamcoach.domain.fold_values import Pause


def show_pauses(pauses: tuple[Pause, ...], catalog: Catalog, *, plan_paused: bool = False) -> None:
    """Escalation, said at once and plainly: what stops, why, and to see a therapist; and,
    while the plan stays paused, that each new entry is kept but training waits."""
    if plan_paused and not any(p.exercise_id is None for p in pauses):
        console().print(
            "Your plan is paused: this is saved, but stop training until a physical therapist "
            "has seen you. A clinician can resume it: hamcoach plan resume --by NAME",
            soft_wrap=True,
        )
    if not pauses:
        return
    from rich.panel import Panel

    from hamcoach.messages import pause_text

    for p in pauses:
        name = catalog.get(p.exercise_id).name if p.exercise_id else None
        lines = [pause_text(p, name)]
        lines.append(
            "A clinician can resume it when you have been seen: hamcoach plan resume "
            + (p.exercise_id + " " if p.exercise_id else "")
            + "--by NAME"
        )
        console().print(Panel("\n".join(lines), title="Stop and see a physical therapist",
                              border_style="red"))  # fmt: skip
