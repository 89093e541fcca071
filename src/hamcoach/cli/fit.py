"""Tables that never cut a word, however narrow the terminal.

Rich shrinks a table that does not fit by cutting cells mid-word ("hamstring-ere-standin…").
A ``Fitted`` table is drawn as the table when the terminal is wide enough for each column's
longest word, and otherwise as one short block a row: the row's first cell, then each
other column as 'header  value', wrapped between words.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

Cell = str | Text


@dataclass(frozen=True)
class Fitted:
    table: Table
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    title: str | None = None
    gap: bool = True
    """A blank line between the blocks (off for a few short rows, as in a session)."""

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        _words_whole(self.table)
        unbounded = options.update_width(10_000)
        need = Measurement.get(console, unbounded, self.table).minimum
        if need <= options.max_width:
            yield self.table
            return
        yield self.stacked()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.table)

    def stacked(self) -> RenderableType:
        """Each row as its first cell, then 'header  value' lines (or the value alone, when
        its column has no header), indented and wrapped between words."""
        parts: list[RenderableType] = []
        if self.title:
            parts.append(Text(self.title))
        label = max((len(h) for h in self.headers[1:]), default=0)
        for row in self.rows:
            head = row[0].copy() if isinstance(row[0], Text) else Text(row[0])
            if head.plain.strip():
                head.stylize("bold")
                parts.append(Text.assemble("\n", head) if self.gap else head)
            grid = Table.grid(padding=(0, 1 if label else 0))
            grid.add_column(no_wrap=True, style="dim")
            grid.add_column(overflow="fold")
            for header, cell in zip(self.headers[1:], row[1:], strict=True):
                value = cell if isinstance(cell, Text) else Text(cell)
                if value.plain.strip():
                    grid.add_row(f"    {header:<{label}}", value)
            parts.append(grid)
        return Group(*parts)


def _words_whole(table: Table) -> None:
    """Each column at least as wide as its longest word (its longest cell, when it does not
    wrap), so that Rich wraps between words instead of cutting one short with an ellipsis."""
    for column in table.columns:
        texts = [c.plain if isinstance(c, Text) else str(c) for c in column.cells]
        pieces = texts if column.no_wrap else [w for t in texts for w in t.split()]
        longest = max((len(p) for p in pieces), default=0)
        column.min_width = max(column.min_width or 0, longest)
