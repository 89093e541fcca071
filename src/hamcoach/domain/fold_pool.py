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
swap, sessions placed again); the pool is filled again after such a change.
"""

from __future__ import annotations

import datetime as dt
from bisect import insort
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from hamcoach.domain.prescription import Prescription

if TYPE_CHECKING:
    from hamcoach.domain.fold_state import Session


class Cell:
    """One dose in a session; shared by pooled sessions (``members``), or a session's own."""

    __slots__ = ("dose", "members")

    def __init__(
        self, dose: Prescription, members: dict[tuple[int, int], Session] | None = None
    ) -> None:
        self.dose = dose
        self.members = members
        """(session number, position) -> session, for a shared cell; None: a session's own."""


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
        """Pool the sessions (in date order) not yet done dated after the frontier; those
        that hold the same dose object share one cell."""
        self.queue, self.head = [], 0
        shared: dict[int, Cell] = {}
        for s in sessions:
            if s.done or s.at.date() <= self.frontier:
                continue
            assert not s.pooled, "fill an empty pool"
            self._share(s, shared)
            s.pooled = True
            self.queue.append(s)

    def join(self, sessions: Iterable[Session]) -> None:
        """Sessions that left for a change one by one, back (their date unchanged, so their
        place in the queue still holds); those that hold the same dose share its cell."""
        shared: dict[int, Cell] = {}
        for s in sessions:
            if s.done or s.pooled:
                continue
            self._share(s, shared)
            s.pooled = True

    def _share(self, s: Session, shared: dict[int, Cell]) -> None:
        for k, own in enumerate(s.cells):
            dose = own.dose
            cell = shared.get(id(dose))
            if cell is None:
                cell = shared[id(dose)] = Cell(dose, {})
                self.cells.setdefault(dose.exercise_id, {})[id(cell)] = cell
            assert cell.members is not None
            cell.members[(s.number, k)] = s
            s.cells[k] = cell

    def relabel(self, cell: Cell, old_id: str) -> None:
        """A shared cell of ``old_id`` now holds another exercise (a ladder step): file it
        under that one, in its sessions too."""
        new_id = cell.dose.exercise_id
        held = self.cells[old_id]
        del held[id(cell)]
        if not held:
            del self.cells[old_id]
        self.cells.setdefault(new_id, {})[id(cell)] = cell
        assert cell.members is not None
        for (_, k), s in cell.members.items():
            where = s.where
            where[old_id].remove(k)
            if not where[old_id]:
                del where[old_id]
            insort(where.setdefault(new_id, []), k)

    def holding(self, exercise_id: str) -> list[Session]:
        """The pooled sessions that hold the exercise, in date order."""
        found: dict[int, Session] = {}
        for cell in self.shared(exercise_id):
            assert cell.members is not None
            for s in cell.members.values():
                found[s.number] = s
        return sorted(found.values(), key=lambda s: (s.at, s.number))

    def leave(self, s: Session) -> None:
        """``s`` takes its own copy of its cells."""
        if not s.pooled:
            return
        for k, cell in enumerate(s.cells):
            assert cell.members is not None
            del cell.members[(s.number, k)]
            if not cell.members:
                held = self.cells[cell.dose.exercise_id]
                del held[id(cell)]
                if not held:
                    del self.cells[cell.dose.exercise_id]
            s.cells[k] = Cell(cell.dose)
        s.pooled = False

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

    def shared(self, exercise_id: str) -> list[Cell]:
        held = self.cells.get(exercise_id)
        return list(held.values()) if held else []

    def merge(self, exercise_id: str) -> None:
        """Cells of the exercise that hold the same dose (the same object, else an equal
        one: sessions built alike start with equal doses) become one."""
        held = self.cells.get(exercise_id)
        if not held or len(held) < 2:
            return
        self._merge(held, id)
        if len(held) > 1:
            self._merge(held, lambda dose: dose)

    @staticmethod
    def _merge(held: dict[int, Cell], key: Callable[[Prescription], object]) -> None:
        first: dict[object, Cell] = {}
        for cell in list(held.values()):
            into = first.setdefault(key(cell.dose), cell)
            if into is cell:
                continue
            assert cell.members is not None and into.members is not None
            for (number, k), s in cell.members.items():
                s.cells[k] = into
                into.members[(number, k)] = s
            del held[id(cell)]
