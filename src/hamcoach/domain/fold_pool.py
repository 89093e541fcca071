"""Sessions still to come, sharing their doses (domain/fold.py).

A decision on day D changes the sessions not yet done dated after D, and the fold takes
events in date order: so every session after the fold's frontier takes the same decisions,
and sessions that hold one dose alike go on holding it alike. They share one ``Cell`` per
dose, and a decision rewrites each shared cell once, however many sessions hold it (a year
has about 150 sessions: rewriting each of them on every decision was most of the fold's
time).

A session leaves the pool, taking its own copy of its cells, when the frontier reaches its
day (a later decision no longer reaches it), when it is done, and before any change that
treats sessions one by one (a ladder step onto an exercise some sessions hold already, a
swap, sessions placed again); it joins again after such a change. Shared cells that come
to hold the same dose merge: the one merged away points to the one that stays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from hamcoach.domain.prescription import Prescription, fields_of

if TYPE_CHECKING:
    from hamcoach.domain.fold_state import Session


class Cell:
    """One dose in a session: a session's own, or shared by ``refs`` pooled sessions."""

    __slots__ = ("dose", "into", "refs")

    def __init__(self, dose: Prescription) -> None:
        self.dose = dose
        self.refs = 0
        """How many places in pooled sessions hold it (0: a session's own cell)."""
        self.into: Cell | None = None
        """The cell it was merged into: that one holds the dose now."""

    def live(self) -> Cell:
        cell = self
        while cell.into is not None:
            cell = cell.into
        return cell


class Pool:
    """The sessions not yet done dated after ``frontier``, and the cells they share."""

    def __init__(self) -> None:
        self.frontier = dt.date.min
        self.cells: dict[str, dict[int, Cell]] = {}
        """exercise id -> the shared cells that hold it (by id)."""
        self.queue: list[Session] = []
        """The pooled sessions in date order (those that left since are skipped)."""
        self.head = 0

    def fill(self, sessions: Iterable[Session]) -> None:
        """Pool the sessions (in date order) not yet done dated after the frontier."""
        self.queue = [s for s in sessions if not s.done and s.at.date() > self.frontier]
        self.head = 0
        self.join(self.queue)

    def requeue(self, sessions: Iterable[Session]) -> None:
        """Sessions placed again (in their new date order): a pooled one now dated up to
        the frontier leaves; the others not yet done after it are pooled, those out of the
        pool joining it (a pooled session moved on still takes every decision to come)."""
        frontier = self.frontier
        queue = []
        for s in sessions:
            if s.done:
                continue
            if s.at.date() > frontier:
                queue.append(s)
            else:
                self.leave(s)
        self.queue, self.head = queue, 0
        self.join(queue)

    def join(self, sessions: Iterable[Session]) -> None:
        """Sessions into the pool: all of them (``fill``), or back after a change one by
        one (their date unchanged, so their place in the queue still holds). Those that
        hold equal doses share one cell (sessions built alike start with equal doses)."""
        shared: dict[tuple[object, ...], Cell] = {}
        for s in sessions:
            if not s.pooled:
                s.cells = self.shared_cells([c.dose for c in s.cells], shared)
                s.pooled = True

    def shared_cells(
        self, doses: Iterable[Prescription], shared: dict[tuple[object, ...], Cell]
    ) -> list[Cell]:
        """The cells of a session joining the pool with ``doses``: one cell per dose in
        ``shared`` (by the dose's fields), made and filed under its exercise when new."""
        cells = self.cells
        out = []
        for dose in doses:
            key = fields_of(dose)
            cell = shared.get(key)
            if cell is None:
                cell = shared[key] = Cell(dose)
                held = cells.get(dose.exercise_id)
                if held is None:
                    held = cells[dose.exercise_id] = {}
                held[id(cell)] = cell
            cell.refs += 1
            out.append(cell)
        return out

    def leave(self, s: Session) -> None:
        """``s`` takes its own copy of its cells."""
        if not s.pooled:
            return
        own = s.cells
        cells = self.cells
        for k, cell in enumerate(own):
            while cell.into is not None:
                cell = cell.into
            cell.refs -= 1
            if not cell.refs:  # (``_release``, inline: a session holds about ten cells)
                held = cells[cell.dose.exercise_id]
                del held[id(cell)]
                if not held:
                    del cells[cell.dose.exercise_id]
            own[k] = Cell(cell.dose)
        s.pooled = False

    def drop(self, s: Session, exercise_id: str) -> None:
        """A pooled session no longer holds the exercise (what replaces it is there)."""
        for k in reversed(s.where[exercise_id]):
            self._release(s.cells.pop(k).live())
        s.reindex()

    def _release(self, cell: Cell) -> None:
        cell.refs -= 1
        if not cell.refs:
            held = self.cells[cell.dose.exercise_id]
            del held[id(cell)]
            if not held:
                del self.cells[cell.dose.exercise_id]

    def advance(self, day: dt.date) -> None:
        """The frontier moves to ``day``: sessions dated up to it leave the pool."""
        if day <= self.frontier:
            return
        self.frontier = day
        queue = self.queue
        while self.head < len(queue) and queue[self.head].at.date() <= day:
            self.leave(queue[self.head])
            self.head += 1

    def empty(self) -> list[Session]:
        """Every pooled session leaves; they are returned in date order."""
        out = [s for s in self.queue[self.head :] if s.pooled]
        for s in out:
            self.leave(s)
        self.queue, self.head = [], 0
        return out

    def refile(self, cell: Cell, old_id: str) -> None:
        """A shared cell of ``old_id`` holds another exercise now (a ladder step)."""
        held = self.cells[old_id]
        del held[id(cell)]
        if not held:
            del self.cells[old_id]
        self.cells.setdefault(cell.dose.exercise_id, {})[id(cell)] = cell

    def holding(self, exercise_id: str) -> list[Session]:
        """The pooled sessions that hold the exercise, in date order."""
        return [s for s in self.queue[self.head :] if s.pooled and exercise_id in s.where]

    def shared(self, exercise_id: str) -> list[Cell]:
        held = self.cells.get(exercise_id)
        return [*held.values()] if held else []

    def merge(self, exercise_id: str) -> None:
        """Cells of the exercise that hold the same dose (the same object, else an equal
        one: sessions built alike start with equal doses) become one."""
        held = self.cells.get(exercise_id)
        if not held or len(held) < 2:
            return
        self._merge(held, id)
        if len(held) > 1:
            self._merge(held, fields_of)

    @staticmethod
    def _merge(held: dict[int, Cell], key: Callable[[Prescription], object]) -> None:
        first: dict[object, Cell] = {}
        for cell in list(held.values()):
            into = first.setdefault(key(cell.dose), cell)
            if into is not cell:
                cell.into = into
                into.refs += cell.refs
                del held[id(cell)]
