"""Rewriting sessions with a decision (domain/fold.py): the one place a decided dose
reaches the sessions, whether they come after the decision or were moved there later."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from fold_oracle.fold_state import Session, State
from fold_oracle.progression import STEP_BACK_RULES, Decision
from hamcoach.domain.prescription import Prescription, modifications_for

CAPS = STEP_BACK_RULES | {"nerve-symptoms"}
"""Rules whose dose caps the sessions after it even when it did not change: leg symptoms
allow no increase at all, and a step back already at the easiest dose must not rise
either. A later session may hold more already: a decision on an earlier log, taken at its
next morning, raised it after this log's session was set (a session logged a day late), or
a weekly protocol's table climbs (after a red day it would otherwise climb on)."""


def rewrite(state: State, decision: Decision, sessions: Iterable[Session]) -> None:
    """Put the decided dose into each of ``sessions`` not yet done that holds the exercise."""
    if not rewrites(state, decision):
        return
    changed = decision.changed
    old_id = decision.before.exercise_id
    new = decision.after
    if new.exercise_id != old_id:
        ex = state.ctx.catalog.get(new.exercise_id)
        new = replace(
            new, modifications=modifications_for(ex, state.ctx.conditions, state.ctx.catalog)
        )
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
            old = s.items[k]
            if old.reps_by_set or not changed:
                # a protocol item keeps its weekly table but never exceeds the decided dose;
                # a hold that rewrites lets no dose above its own stand
                s.items[k] = capped(old, new)
            elif new.reason or not old.reason:
                s.items[k] = new
            else:
                kept = with_reason.get(old.reason)
                if kept is None:
                    kept = with_reason[old.reason] = replace(new, reason=old.reason)
                s.items[k] = kept
        if swapped:
            s.reindex()


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

    top = max(cap.reps_by_set) if cap.reps_by_set else cap.reps
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
    return replace(old, **parts)  # type: ignore[arg-type]


def drop(s: Session, exercise_id: str) -> None:
    """Take an exercise out of a session (what replaces it is there already)."""
    s.items = [p for p in s.items if p.exercise_id != exercise_id]
    s.reindex()
