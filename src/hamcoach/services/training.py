"""Use cases for training: log, check in, decide, and rewrite the plan's future.

Each call is one transaction. A log is acknowledged only after its commit,
so an acknowledged log survives the process being killed right after.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from hamcoach.domain.catalog import Catalog, UnknownIdError
from hamcoach.domain.prescription import Prescription, modifications_for
from hamcoach.domain.profile import Profile
from hamcoach.domain.progression import (
    CheckIn,
    Decision,
    ExerciseLog,
    LoggedSet,
    next_prescription,
)
from hamcoach.domain.rules import DEFAULT_RULES, Rules
from hamcoach.domain.scheduling import Move
from hamcoach.services.planning import move_missed_sessions, require_active_plan
from hamcoach.storage.db import unit_of_work
from hamcoach.storage.models import (
    CheckInRow,
    DecisionRow,
    ExerciseLogRow,
    PlanRow,
    PlanSessionRow,
    ProfileRow,
)
from hamcoach.storage.repository import (
    add_event,
    prescription_from_json,
    prescription_to_json,
)

BREAK_DAYS = 14  # two weeks without training steps back and reschedules


class TrainingError(ValueError):
    """Input a person can fix: a date in the future, an exercise not in the plan."""


@dataclass(frozen=True)
class LogEntry:
    exercise_id: str
    performed_on: dt.date
    sets: tuple[LoggedSet, ...]
    pain: int | None
    leg_symptoms: bool = False
    note: str | None = None


@dataclass(frozen=True)
class LogResult:
    session_number: int | None
    decision: Decision
    moves: tuple[Move, ...] = ()


@dataclass(frozen=True)
class CheckInResult:
    decisions: list[Decision]
    deload: str | None = None


# --- loading ---------------------------------------------------------------------


def _profile(db: Session, plan: PlanRow) -> Profile:
    from hamcoach.intake.schema import ProfileModel

    row = db.get(ProfileRow, plan.profile_id)
    assert row is not None
    return ProfileModel.model_validate(row.data).to_domain()


def _log_from_row(row: ExerciseLogRow) -> ExerciseLog:
    return ExerciseLog(
        exercise_id=row.exercise_id,
        on=row.performed_on,
        sets=tuple(
            LoggedSet(
                reps=s.get("reps", 0),
                load_kg=s.get("load_kg"),
                hold_seconds=s.get("hold_seconds"),
                rpe=s.get("rpe"),
                good_form=s.get("good_form", True),
                side=s.get("side"),
            )
            for s in row.sets
        ),
        pain=row.pain,
        leg_symptoms=row.leg_symptoms,
        session_number=row.session_number,
    )


def _history(db: Session, plan: PlanRow, exercise_id: str) -> list[ExerciseLog]:
    rows = db.scalars(
        select(ExerciseLogRow)
        .where(ExerciseLogRow.plan_id == plan.id, ExerciseLogRow.exercise_id == exercise_id)
        .order_by(ExerciseLogRow.performed_on, ExerciseLogRow.id)
    )
    return [_log_from_row(r) for r in rows]


def _checkins(db: Session, plan: PlanRow) -> list[CheckIn]:
    rows = db.scalars(
        select(CheckInRow)
        .where(CheckInRow.plan_id == plan.id)
        .order_by(CheckInRow.checked_on, CheckInRow.id)
    )
    return [CheckIn(r.checked_on, r.pain, r.stiffness) for r in rows]


def _item(session: PlanSessionRow, exercise_id: str) -> dict[str, Any] | None:
    return next((i for i in session.items if i["exercise_id"] == exercise_id), None)


def _current(
    plan: PlanRow, exercise_id: str, on: dt.date
) -> tuple[Prescription, PlanSessionRow | None]:
    """The dose the person was meant to do on ``on``, and the session it belongs to."""
    sessions = plan.sessions
    same_day = [s for s in sessions if s.scheduled_at.date() == on and _item(s, exercise_id)]
    if same_day:
        s = same_day[0]
        return prescription_from_json(_item(s, exercise_id) or {}), s
    pending = [s for s in sessions if s.status != "done" and _item(s, exercise_id)]
    pending.sort(key=lambda s: abs((s.scheduled_at.date() - on).days))
    if pending:
        s = pending[0]
        return prescription_from_json(_item(s, exercise_id) or {}), s
    any_session = [s for s in sessions if _item(s, exercise_id)]
    if any_session:
        return prescription_from_json(_item(any_session[-1], exercise_id) or {}), None
    raise TrainingError(f"'{exercise_id}' is not in your plan; see 'hamcoach plan show'")


# --- applying decisions ------------------------------------------------------------


def _apply(
    db: Session,
    plan: PlanRow,
    decision: Decision,
    *,
    after_day: dt.date,
    profile: Profile,
    catalog: Catalog,
    now: dt.datetime,
) -> None:
    """Record the decision and rewrite the future sessions holding the exercise.

    Holds are recorded too (they explain why nothing changed); only changes
    touch sessions and the plan's history.
    """
    db.add(
        DecisionRow(
            plan_id=plan.id,
            created_at=now,
            decided_on=after_day,
            exercise_id=decision.exercise_id,
            action=decision.action.value,
            rule=decision.rule,
            reason=decision.reason,
            before=prescription_to_json(decision.before),
            after=prescription_to_json(decision.after),
        )
    )
    if not decision.changed:
        return
    new = decision.after
    if new.exercise_id != decision.before.exercise_id:
        ex = catalog.get(new.exercise_id)
        new = replace(
            new, modifications=modifications_for(ex, profile.active_conditions(), catalog)
        )
    for s in plan.sessions:
        if s.status == "done" or s.scheduled_at.date() <= after_day:
            continue
        items = list(s.items)
        for k, raw in enumerate(items):
            if raw["exercise_id"] != decision.before.exercise_id:
                continue
            old = prescription_from_json(raw)
            if old.reps_by_set or (
                old.exercise_id == new.exercise_id and decision.rule == "protocol"
            ):
                # a protocol item keeps its weekly table but never exceeds the decided dose
                repl = replace(
                    old,
                    sets=min(old.sets, new.sets),
                    reps=min(old.reps or 0, new.reps or 0) or old.reps,
                    reps_by_set=old.reps_by_set if old.sets <= new.sets else (),
                )
            else:
                repl = replace(new, reason=new.reason or old.reason)
            if repl != old:
                items[k] = prescription_to_json(repl)
        if items != s.items:
            s.items = items
            s.sequence += 1
    add_event(
        db,
        plan,
        f"decision:{decision.action.value}",
        f"{decision.before.name}: {decision.before.describe()} -> "
        f"{decision.after.name}: {decision.after.describe()}. {decision.reason} "
        f"[rule: {decision.rule}]",
        now,
    )


def _decide(
    db: Session,
    plan: PlanRow,
    exercise_id: str,
    current: Prescription,
    *,
    profile: Profile,
    catalog: Catalog,
    rules: Rules,
) -> Decision:
    return next_prescription(
        current,
        _history(db, plan, exercise_id),
        _checkins(db, plan),
        catalog=catalog,
        baseline_pain=profile.pain_now,
        conditions=profile.active_conditions(),
        equipment=profile.equipment,
        rules=rules,
    )


# --- use cases ----------------------------------------------------------------------


def log_exercise(
    engine: Engine,
    catalog: Catalog,
    entry: LogEntry,
    *,
    now: dt.datetime,
    rules: Rules = DEFAULT_RULES,
) -> LogResult:
    if entry.performed_on > now.date():
        raise TrainingError(f"--date {entry.performed_on.isoformat()} is in the future")
    if entry.exercise_id not in catalog:
        raise UnknownIdError("exercise", entry.exercise_id, catalog.exercises)
    with unit_of_work(engine) as db:
        plan = require_active_plan(db)
        profile = _profile(db, plan)
        current, session = _current(plan, entry.exercise_id, entry.performed_on)
        last_any = db.scalar(
            select(ExerciseLogRow.performed_on)
            .where(ExerciseLogRow.plan_id == plan.id)
            .order_by(ExerciseLogRow.performed_on.desc())
            .limit(1)
        )
        row = ExerciseLogRow(
            plan_id=plan.id,
            session_number=session.number if session else None,
            exercise_id=entry.exercise_id,
            performed_on=entry.performed_on,
            created_at=now,
            sets=[
                {
                    "reps": s.reps,
                    "load_kg": s.load_kg,
                    "hold_seconds": s.hold_seconds,
                    "rpe": s.rpe,
                    "good_form": s.good_form,
                    "side": s.side,
                }
                for s in entry.sets
            ],
            pain=entry.pain,
            leg_symptoms=entry.leg_symptoms,
            target=prescription_to_json(current),
            note=entry.note,
        )
        db.add(row)
        if session is not None and session.scheduled_at.date() <= entry.performed_on + dt.timedelta(
            days=1
        ):
            session.status = "done"
        db.flush()
        decision = _decide(
            db, plan, entry.exercise_id, current, profile=profile, catalog=catalog, rules=rules
        )
        _apply(
            db,
            plan,
            decision,
            after_day=entry.performed_on,
            profile=profile,
            catalog=catalog,
            now=now,
        )
        moves: list[Move] = []
        since = last_any or plan.start_date
        if (entry.performed_on - since).days >= BREAK_DAYS:
            moves = move_missed_sessions(
                db,
                plan,
                from_day=entry.performed_on + dt.timedelta(days=1),
                now=now,
                why="Back after a break of two weeks or more",
            )
        return LogResult(row.session_number, decision, tuple(moves))


def check_in(
    engine: Engine,
    catalog: Catalog,
    *,
    on: dt.date,
    pain: int,
    stiffness: int | None,
    now: dt.datetime,
    rules: Rules = DEFAULT_RULES,
) -> CheckInResult:
    """Store the next-morning check-in, then decide again for the sessions it follows."""
    if on > now.date():
        raise TrainingError(f"--date {on.isoformat()} is in the future")
    with unit_of_work(engine) as db:
        plan = require_active_plan(db)
        profile = _profile(db, plan)
        db.add(
            CheckInRow(
                plan_id=plan.id, checked_on=on, created_at=now, pain=pain, stiffness=stiffness
            )
        )
        db.flush()
        recent = db.scalars(
            select(ExerciseLogRow)
            .where(
                ExerciseLogRow.plan_id == plan.id,
                ExerciseLogRow.performed_on < on,
                ExerciseLogRow.performed_on >= on - dt.timedelta(days=2),
            )
            .order_by(ExerciseLogRow.performed_on, ExerciseLogRow.id)
        ).all()
        latest: dict[str, ExerciseLogRow] = {}
        for r in recent:
            latest[r.exercise_id] = r
        decisions = []
        for exercise_id, log_row in latest.items():
            current = prescription_from_json(log_row.target)
            decision = _decide(
                db, plan, exercise_id, current, profile=profile, catalog=catalog, rules=rules
            )
            already = db.scalar(
                select(DecisionRow.id).where(
                    DecisionRow.plan_id == plan.id,
                    DecisionRow.exercise_id == exercise_id,
                    DecisionRow.decided_on == log_row.performed_on,
                    DecisionRow.rule == decision.rule,
                )
            )
            if already is None:
                _apply(db, plan, decision, after_day=on, profile=profile, catalog=catalog, now=now)
            decisions.append(decision)
        return CheckInResult(decisions, _deload_if_rising(db, plan, on=on, now=now))


def _deload_if_rising(db: Session, plan: PlanRow, *, on: dt.date, now: dt.datetime) -> str | None:
    """Morning pain rising week on week: one lighter week (about half the sets)."""
    checkins = _checkins(db, plan)
    this_week = [c.pain for c in checkins if 0 <= (on - c.on).days < 7]
    last_week = [c.pain for c in checkins if 7 <= (on - c.on).days < 14]
    if len(this_week) < 2 or len(last_week) < 2:
        return None
    if sum(this_week) / len(this_week) <= sum(last_week) / len(last_week):
        return None
    recent_deload = db.scalar(
        select(DecisionRow.id).where(
            DecisionRow.plan_id == plan.id,
            DecisionRow.rule == "deload",
            DecisionRow.decided_on > on - dt.timedelta(days=14),
        )
    )
    if recent_deload is not None:
        return None
    touched = 0
    for s in plan.sessions:
        if s.status == "done" or not on < s.scheduled_at.date() <= on + dt.timedelta(days=7):
            continue
        items = []
        for raw in s.items:
            p = prescription_from_json(raw)
            lighter = replace(
                p,
                sets=max(1, (p.sets + 1) // 2),
                reps_by_set=p.reps_by_set[: max(1, (p.sets + 1) // 2)] if p.reps_by_set else (),
                load_kg=round(p.load_kg * 0.85, 1) if p.load_kg else None,
            )
            items.append(prescription_to_json(lighter))
        s.items = items
        s.sequence += 1
        touched += 1
    reason = (
        "Morning pain is higher this week than last: the next 7 days are a lighter week, about "
        "half the sets and 15 % less load (Silbernagel 2007; deload default)."
    )
    db.add(
        DecisionRow(
            plan_id=plan.id,
            created_at=now,
            decided_on=on,
            exercise_id="all",
            action="regress",
            rule="deload",
            reason=reason,
            before={},
            after={"sessions": touched},
        )
    )
    add_event(db, plan, "decision:deload", reason, now)
    return reason


def record_retest(
    engine: Engine,
    *,
    point: str,
    on: dt.date,
    nprs: int | None,
    psfs: list[dict[str, Any]],
    tests: dict[str, int],
    now: dt.datetime,
) -> None:
    from hamcoach.storage.models import RetestRow

    if on > now.date():
        raise TrainingError(f"--date {on.isoformat()} is in the future")
    with unit_of_work(engine) as db:
        plan = require_active_plan(db)
        db.add(
            RetestRow(
                plan_id=plan.id,
                taken_on=on,
                created_at=now,
                point=point,
                nprs=nprs,
                psfs=psfs,
                tests=tests,
            )
        )
        add_event(db, plan, "retest", f"Re-test ({point}) recorded for {on.isoformat()}.", now)
