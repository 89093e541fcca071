"""Rewriting sessions with a decision (domain/fold.py): the one place a decided dose
reaches the sessions, whether they come after the decision or were moved there later."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from fold_oracle.fold_state import Session, State
from fold_oracle.progression import STEP_BACK_RULES, Decision
from hamcoach.domain.prescription import Prescription, modifications_for


def rewrite(state: State, decision: Decision, sessions: Iterable[Session]) -> None:
    """Put the decided dose into each of ``sessions`` not yet done that holds the exercise."""
    if not rewrites(state, decision):
        return
    changed = decision.changed
    old_id = decision.before.exercise_id
    weekly = not changed  # a hold that rewrites: a weekly protocol capped at the easiest dose
    new = decision.after
    if new.exercise_id != old_id:
        ex = state.ctx.catalog.get(new.exercise_id)
        new = replace(
            new, modifications=modifications_for(ex, state.ctx.conditions, state.ctx.catalog)
        )
    protocol = decision.rule == "protocol"
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
            if old.reps_by_set or weekly or (protocol and old.exercise_id == new.exercise_id):
                # a protocol item keeps its weekly table but never exceeds the decided dose
                if old.sets <= new.sets and not (old.reps and new.reps and new.reps < old.reps):
                    continue
                s.items[k] = replace(
                    old,
                    sets=min(old.sets, new.sets),
                    reps=min(old.reps or 0, new.reps or 0) or old.reps,
                    reps_by_set=old.reps_by_set if old.sets <= new.sets else (),
                )
            elif not changed:
                continue
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
    """Whether the decision changes any session: a changed dose, or a step back already at
    the easiest dose of a weekly protocol, which must not rise past it either (its table
    would otherwise climb after a red day)."""
    return decision.changed or (
        decision.rule in STEP_BACK_RULES
        and bool(state.ctx.catalog.get(decision.before.exercise_id).dosage.weekly)
    )


def drop(s: Session, exercise_id: str) -> None:
    """Take an exercise out of a session (what replaces it is there already)."""
    s.items = [p for p in s.items if p.exercise_id != exercise_id]
    s.reindex()


def catch_up(state: State, sessions: list[Session]) -> None:
    """Sessions moved from before decisions to after them (missed, then moved forward)
    take every dose decided so far, in order; a session already up to date is unchanged."""
    carried = state.ctx.carried_until
    for d in state.decisions:
        if carried is None or d.on > carried:
            rewrite(state, d.decision, sessions)
