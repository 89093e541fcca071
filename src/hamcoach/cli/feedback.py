"""What the CLI tells a person after an entry changed more than a dose."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hamcoach.cli.common import console

if TYPE_CHECKING:
    from hamcoach.domain.catalog import Catalog
    from hamcoach.domain.fold_values import Pause


def show_pauses(pauses: tuple[Pause, ...], catalog: Catalog) -> None:
    """Escalation, said at once and plainly: what stops, why, and to see a therapist."""
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
