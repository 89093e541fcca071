"""Rewriting sessions with a decision (domain/fold.py): the one place a decided dose
reaches the sessions, whether they come after the decision or were moved there later."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from hamcoach.domain.fold_state import Session, State
from hamcoach.domain.prescription import Prescription, modifications_for, revised
from hamcoach.domain.progression import STEP_BACK_RULES, Decision

CAPS = STEP_BACK_RULES | {"nerve-symptoms"}
"""Rules whose dose caps the sessions after it even when it did not change: leg symptoms
allow no increase at all, and a step back already at the easiest dose must not rise
either. A later session may hold more already: a decision on an earlier log, taken at its
next morning, raised it after this log's session was set (a session logged a day late), or
a weekly protocol's table climbs (after a red day it would otherwise climb on)."""


def apply(state: State, decision: Decision, changed: bool, *, after_day: dt.date) -> None:
    """Rewrite the sessions after ``after_day`` not yet done that hold the exercise: the
    pooled ones (domain/fold_pool.py), through their shared cells; a ladder step one by
    one (a session that holds the new exercise already drops the old one). ``changed``:
    ``decision.changed``, worked out once by the caller."""
    if not (changed or decision.rule in CAPS):
        return
    pool = state.pool
    if after_day > pool.frontier:
        pool.advance(after_day)
    old_id = decision.before.exercise_id
    new = decision.after
    if new.exercise_id != old_id:
        _ladder_step(state, decision, changed)
        return
    held = pool.cells.get(old_id)
    if not held:
        return
    with_reason: dict[str, Prescription] = {}
    for cell in held.values():  # the same exercise: no cell leaves ``held``
        if cell.dose is not new:  # else the sessions hold this very dose already
            cell.dose = _rewritten(cell.dose, new, changed, with_reason)
    if len(held) > 1:
        pool.merge(old_id)


def _ladder_step(state: State, decision: Decision, changed: bool) -> None:
    """``apply`` for a decision onto another exercise: a session that holds the new
    exercise already drops the old one (two rungs met on one: not twice); the others take
    it through their cells."""
    pool = state.pool
    old_id = decision.before.exercise_id
    new = _new_dose(state, decision)
    holders = pool.holding(old_id)
    for s in holders:
        if new.exercise_id in s.where:
            pool.drop(s, old_id)
    with_reason: dict[str, Prescription] = {}
    for cell in pool.shared(old_id):
        if cell.dose is new:
            continue  # the sessions hold this very dose already
        cell.dose = _rewritten(cell.dose, new, changed, with_reason)
        if cell.dose.exercise_id != old_id:
            pool.refile(cell, old_id)
    for s in holders:
        where = s.where
        if s.pooled and old_id in where:  # it holds the new exercise where it held the old
            places = where.pop(old_id)
            kept = [k for k in places if s.item(k).exercise_id == old_id]
            if kept:
                where[old_id] = kept
            moved = [k for k in places if k not in kept]
            if moved:
                where[new.exercise_id] = moved
    pool.merge(new.exercise_id)


def _new_dose(state: State, decision: Decision) -> Prescription:
    """The decided dose; a ladder step's with the person's modifications of the exercise."""
    new = decision.after
    if new.exercise_id == decision.before.exercise_id:
        return new
    ex = state.ctx.catalog.get(new.exercise_id)
    return replace(
        new, modifications=modifications_for(ex, state.ctx.conditions, state.ctx.catalog)
    )


def rewrite(state: State, decision: Decision, sessions: Iterable[Session]) -> None:
    """Put the decided dose into each of ``sessions`` not yet done that holds the exercise
    (sessions out of the pool)."""
    if not rewrites(state, decision):
        return
    changed = decision.changed
    old_id = decision.before.exercise_id
    new = _new_dose(state, decision)
    swapped = new.exercise_id != old_id
    with_reason: dict[str, Prescription] = {}  # one replacement per reason it keeps
    for s in sessions:
        positions = None if s.done else s.where.get(old_id)
        if positions is None:
            continue
        if swapped and new.exercise_id in s.where:
            # the session holds the new exercise already (two rungs met on one): not twice
            drop(s, old_id)
            continue
        for k in positions:
            s.put(k, _rewritten(s.item(k), new, changed, with_reason))
        if swapped:
            s.reindex()


def _rewritten(
    old: Prescription, new: Prescription, changed: bool, with_reason: dict[str, Prescription]
) -> Prescription:
    """One item after a decision whose dose is ``new``."""
    if old.reps_by_set or not changed:
        # a protocol item keeps its weekly table but never exceeds the decided dose;
        # a hold that rewrites lets no dose above its own stand
        return capped(old, new)
    if new.reason or not old.reason:
        return new
    kept = with_reason.get(old.reason)  # one replacement per reason it keeps
    if kept is None:
        kept = with_reason[old.reason] = revised(new, reason=old.reason)
    return kept


def rewrites(state: State, decision: Decision) -> bool:
    """Whether the decision changes any session: a changed dose, or a dose that caps the
    sessions after it though it did not change (``CAPS``)."""
    return decision.changed or decision.rule in CAPS


def capped(old: Prescription, cap: Prescription) -> Prescription:
    """``old`` with no part above ``cap``'s: sets, reps, hold seconds, spots and load (a
    load only where both give one; no load means 'choose a weight'). A weekly table of reps
    per set stays only while its sets and every set's reps fit under the cap."""

    def low(a: float | None, b: float | None) -> float | None:
        return a if a is None or b is None else min(a, b)

    def within(a: float | None, b: float | None) -> bool:
        return a is None or b is None or a <= b

    top = max(cap.reps_by_set) if cap.reps_by_set else cap.reps
    if (
        old.sets <= cap.sets
        and within(old.reps, cap.reps)
        and within(old.hold_seconds, cap.hold_seconds)
        and within(old.spots, cap.spots)
        and within(old.load_kg, cap.load_kg)
        and (not old.reps_by_set or top is None or max(old.reps_by_set) <= top)
    ):
        return old  # nothing above the cap (the common case: checked without building)
    table_fits = old.sets <= cap.sets and (top is None or max(old.reps_by_set, default=0) <= top)
    parts = {
        "sets": min(old.sets, cap.sets),
        "reps": low(old.reps, cap.reps),
        "hold_seconds": low(old.hold_seconds, cap.hold_seconds),
        "spots": low(old.spots, cap.spots),
        "load_kg": low(old.load_kg, cap.load_kg),
        "reps_by_set": old.reps_by_set if table_fits else (),
    }
    if all(getattr(old, name) == value for name, value in parts.items()):
        return old
    return revised(old, **parts)


def drop(s: Session, exercise_id: str) -> None:
    """Take an exercise out of a session (what replaces it is there already)."""
    s.hold([p for p in s.items if p.exercise_id != exercise_id])
