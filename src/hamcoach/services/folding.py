"""Re-derive a plan's doses from its events (domain/fold.py) and store the result as a cache.

Every write that adds an event (a log, a check-in, a reschedule) calls
``refold`` inside its unit of work, under the person's lock, so concurrent
writers end exactly as if they had written one after the other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from hamcoach.domain.catalog import Catalog
from hamcoach.domain.codec import (
    change_from_json,
    prescription_to_json,
    profile_from_json,
    schedule_from_json,
)
from hamcoach.domain.fold import (
    BuiltSession,
    CheckInEvent,
    Context,
    FoldResult,
    LogEvent,
    PlanChange,
    RescheduleEvent,
    fold,
)
from hamcoach.domain.fold_values import ChangeKind, Pause
from hamcoach.domain.plan import Plan, Schedule, SessionStatus
from hamcoach.domain.prescription import Prescription, SessionPlan
from hamcoach.domain.profile import Profile
from hamcoach.domain.rules import DEFAULT_RULES, Rules
from hamcoach.messages import pause_text
from hamcoach.services.ports import (
    CheckInRecord,
    DecisionRecord,
    HistoryEntry,
    LogRecord,
    LogTarget,
    UnitOfWork,
)

PAUSED = "pause:"
"""History kind prefix the fold writes for a pause (escalation or a skip), e.g.
'pause:red-at-easiest'."""
CARRIED = "carried"
"""History kind: doses up to data['until'] were carried over as stored (an old plan whose
build could not be repeated); events up to then are history, not re-decided."""


@dataclass(frozen=True, slots=True)
class DoseChange:
    """An upcoming dose that a write changed: the first session still to do that holds it."""

    before: Prescription
    after: Prescription


@dataclass(frozen=True)
class Refolded:
    plan: Plan
    result: FoldResult
    changes: list[DoseChange]
    """Upcoming doses the events changed, one per exercise."""
    moved: list[tuple[int, dt.datetime, dt.datetime]]
    """(session number, before, after) for sessions the events moved."""
    last_logged: dt.date | None
    """The latest day anything was logged on."""
    new_pauses: tuple[Pause, ...] = ()
    """Pauses this write brought (escalation, a skip), for the person to be told at once."""


def stored_profile(uow: UnitOfWork, plan: Plan) -> Profile:
    """The profile the plan was built from, read from its versioned data (domain/codec.py),
    never re-validated against the profile file schema, which may since have tightened."""
    return profile_from_json(uow.plans.profile_data(plan.uid))


def context(
    plan: Plan, profile: Profile, catalog: Catalog, rules: Rules, schedule: Schedule | None = None
) -> Context:
    """What the fold needs; ``schedule`` is the one the plan started with (before any edit)."""
    schedule = schedule or plan.schedule
    return Context(
        catalog=catalog,
        start=plan.start_date,
        days=schedule.days,
        at=schedule.at,
        per_week=schedule.sessions_per_week,
        baseline_pain=profile.pain_now,
        conditions=profile.active_conditions(),
        equipment=profile.equipment,
        rules=rules,
        max_minutes=schedule.max_minutes,
    )


def ensure_built(uow: UnitOfWork, plan: Plan, profile: Profile, catalog: Catalog) -> Plan:
    """Sessions as built. A plan from before the fold (schema 0002) has none stored: the
    planner is pure, so build it again from the stored profile; if that no longer gives the
    same sessions (the catalog changed), keep the stored doses and record that they were
    carried over."""
    if all(s.built is not None for s in plan.sessions):
        return plan
    from hamcoach.domain.program import build_program
    from hamcoach.domain.scheduling import place_sessions
    from hamcoach.domain.screening import screen

    program = build_program(profile, screen(profile), catalog, weeks=plan.weeks)
    times = place_sessions(
        len(program.sessions),
        start=plan.start_date,
        days=plan.schedule.days,
        at=plan.schedule.at,
        per_week=plan.schedule.sessions_per_week,
    )
    same = len(program.sessions) == len(plan.sessions) and all(
        (b.number, b.week, b.label) == (s.number, s.session.week, s.session.label)
        for b, s in zip(program.sessions, plan.sessions, strict=False)
    )
    if same:
        sessions = tuple(
            replace(s, built=b, built_at=t)
            for s, b, t in zip(plan.sessions, program.sessions, times, strict=True)
        )
    else:
        sessions = tuple(replace(s, built=s.session, built_at=s.at) for s in plan.sessions)
        logs = uow.training.logs(plan.uid)
        checkins = uow.training.checkins(plan.uid)
        days = [r.log.on for r in logs] + [c.checkin.on for c in checkins]
        until = max(days, default=plan.start_date)
        uow.plans.add_history(
            HistoryEntry(
                dt.datetime.now(dt.UTC),
                plan.uid,
                CARRIED,
                f"Doses up to {until.isoformat()} were carried over as they were stored.",
                {"until": until.isoformat()},
            )
        )
    uow.plans.save_sessions(plan.uid, sessions)
    return replace(plan, sessions=sessions)


@dataclass
class Events:
    """A plan's stored events, as the fold reads them."""

    logs: list[LogEvent]
    checkins: list[CheckInEvent]
    reschedules: list[RescheduleEvent]
    changes: list[PlanChange]
    carried: dt.date | None
    first_schedule: Schedule | None
    """The schedule before the first edit (None: never edited)."""
    pauses: set[tuple[str | None, str, str]]
    """The pauses the last fold stored, as (exercise id, rule, first day)."""


def events(uow: UnitOfWork, plan: Plan) -> Events:
    logs = [LogEvent(r.log, r.key, r.recorded_at) for r in uow.training.logs(plan.uid)]
    checkins = [CheckInEvent(c.checkin, c.recorded_at) for c in uow.training.checkins(plan.uid)]
    out = Events(logs, checkins, [], [], None, None, set())
    kinds = {k.value: k for k in ChangeKind}
    for h in uow.plans.history(plan.patient_id):
        if h.plan_uid != plan.uid or h.data is None:
            continue
        if h.kind == "reschedule":
            out.reschedules.append(RescheduleEvent(dt.date.fromisoformat(h.data["from"]), h.at))
        elif h.kind == CARRIED:
            out.carried = dt.date.fromisoformat(h.data["until"])
        elif h.kind.startswith(PAUSED):
            key = (h.data["exercise_id"], h.data["rule"], h.data["on"])
            out.pauses.add(key)
        elif h.kind in kinds:
            out.changes.append(change_from_json(kinds[h.kind], h.at, h.data))
            if h.kind == ChangeKind.EDIT and out.first_schedule is None:
                out.first_schedule = schedule_from_json(h.data["before"])
    return out


def refold(
    uow: UnitOfWork,
    plan: Plan,
    catalog: Catalog,
    *,
    rules: Rules = DEFAULT_RULES,
    extra_logs: Sequence[LogRecord] = (),
    extra_checkins: Sequence[CheckInRecord] = (),
    extra_reschedules: Sequence[RescheduleEvent] = (),
    save: bool = True,
) -> Refolded:
    """Fold the plan's events (plus ``extra_*`` ones, for a simulation or a preview) and, if
    ``save``, store the doses, dates, decisions and derived history."""
    profile = stored_profile(uow, plan)
    if save:
        plan = ensure_built(uow, plan, profile, catalog)
    ev = events(uow, plan)
    logs = ev.logs + [LogEvent(r.log, r.key, r.recorded_at) for r in extra_logs]
    checkins = ev.checkins + [CheckInEvent(c.checkin, c.recorded_at) for c in extra_checkins]
    built = [BuiltSession(s.number, s.session.week, s.session.label, s.built_at or s.at,
                          (s.built or s.session).items) for s in plan.sessions]  # fmt: skip
    ctx = replace(
        context(plan, profile, catalog, rules, ev.first_schedule), carried_until=ev.carried
    )
    result = fold(
        built, logs=logs, checkins=checkins, changes=ev.changes, ctx=ctx,
        reschedules=[*ev.reschedules, *extra_reschedules],
    )  # fmt: skip
    sessions = []
    touched = []  # the sessions the fold changed: only these are written
    for old, new in zip(plan.sessions, result.sessions, strict=True):
        status = (
            SessionStatus.DONE
            if new.done
            else SessionStatus.PAUSED
            if new.paused
            else SessionStatus.PLANNED
        ).value
        changed = (old.at, old.session.items, old.status) != (new.at, new.items, status)
        if not changed:
            sessions.append(old)  # as stored: the same number, week, label and doses
            continue
        sessions.append(
            replace(
                old,
                session=SessionPlan(new.number, new.week, new.label, new.items),
                at=new.at,
                status=status,
                sequence=old.sequence + 1,
            )
        )
        touched.append(sessions[-1])
    folded = replace(plan, sessions=tuple(sessions))
    last = max((e.log.on for e in logs), default=None)
    brought = tuple(
        p for p in result.pauses if (p.exercise_id, p.rule, p.on.isoformat()) not in ev.pauses
    )
    outcome = Refolded(
        folded, result, _dose_changes(plan, folded), _moves(plan, folded), last, brought
    )
    if save:
        uow.plans.save_sessions(plan.uid, touched)
        uow.plans.replace_derived(
            plan.uid, decision_records(result), derived_history(plan, result, catalog)
        )
        uow.training.set_targets(
            plan.uid,
            {
                key: LogTarget(o.session_number, prescription_to_json(o.target))
                for key, o in result.logs.items()
            },
        )
    return outcome


def decision_records(result: FoldResult) -> list[DecisionRecord]:
    rows = [
        DecisionRecord(
            d.on,
            d.recorded_at,
            d.decision.exercise_id,
            d.decision.action.value,
            d.decision.rule,
            d.decision.reason,
            prescription_to_json(d.decision.before),
            prescription_to_json(d.decision.after),
            dict(d.decision.params),
        )
        for d in result.decisions
    ]
    rows += [
        DecisionRecord(
            x.on, x.recorded_at, "all", "regress", "deload", x.reason, {}, {"sessions": x.sessions}
        )
        for x in result.deloads
    ]
    return sorted(rows, key=lambda r: (r.on, r.recorded_at))


def derived_history(plan: Plan, result: FoldResult, catalog: Catalog) -> list[HistoryEntry]:
    out = []
    for d in result.decisions:
        x = d.decision
        if not x.changed:
            continue
        out.append(
            HistoryEntry(
                d.recorded_at,
                plan.uid,
                f"decision:{x.action.value}",
                f"{x.before.name}: {x.before.describe()} -> {x.after.name}: "
                f"{x.after.describe()}. {x.reason} [rule: {x.rule}]",
            )
        )
    for deload in result.deloads:
        out.append(HistoryEntry(deload.recorded_at, plan.uid, "decision:deload", deload.reason))
    for p in result.pauses:
        out.append(
            HistoryEntry(
                p.recorded_at,
                plan.uid,
                PAUSED + p.rule,
                pause_text(p, _name(catalog, p.exercise_id)),
                {
                    "exercise_id": p.exercise_id,
                    "rule": p.rule,
                    "on": p.on.isoformat(),
                    "until": p.until.isoformat() if p.until else None,
                },
            )
        )
    for r in result.rescheduled:
        end = max([m.after for m in r.moves] + [s.at for s in result.sessions]).date().isoformat()
        out.append(
            HistoryEntry(
                r.recorded_at,
                plan.uid,
                "rescheduled",
                f"{r.why}: {len(r.moves)} session(s) moved from {r.on.isoformat()}; the plan "
                f"now ends {end}.",
            )
        )
    return out


def standing_pauses(history: Sequence[HistoryEntry], plan_uid: str) -> list[HistoryEntry]:
    """The plan's pause entries the last fold left standing (not resumed): the cache of
    what is paused now, read without folding again."""
    return [
        h for h in history
        if h.plan_uid == plan_uid and h.kind.startswith(PAUSED) and h.data
        and h.data.get("until") is None
    ]  # fmt: skip


def paused_now(history: Sequence[HistoryEntry], plan_uid: str) -> frozenset[str | None]:
    """What the last fold left paused (exercise ids; None: the whole plan)."""
    return frozenset(h.data["exercise_id"] for h in standing_pauses(history, plan_uid) if h.data)


def _name(catalog: Catalog, exercise_id: str | None) -> str | None:
    return catalog.get(exercise_id).name if exercise_id and exercise_id in catalog else None


def upcoming_doses(plan: Plan) -> dict[str, Prescription]:
    """The next dose of each exercise still to do."""
    out: dict[str, Prescription] = {}
    for s in sorted(plan.sessions, key=lambda s: s.at):
        if s.status == "done":
            continue
        for item in s.session.items:
            out.setdefault(item.exercise_id, item)
    return out


def _dose_changes(before: Plan, after: Plan) -> list[DoseChange]:
    """The first changed dose of each exercise in the sessions still to do. Items pair up by
    exercise, then (a ladder step replaced one) the rest in order; an item left out (a
    pause) is not a dose change."""
    old = {s.number: s for s in before.sessions}
    seen: dict[str, DoseChange] = {}
    for s in sorted(after.sessions, key=lambda s: s.at):
        prior = old.get(s.number)
        if s.status == "done" or prior is None:
            continue
        for a, b in _pairs(prior.session.items, s.session.items):
            if a.exercise_id not in seen and (a.name, a.describe()) != (b.name, b.describe()):
                seen[a.exercise_id] = DoseChange(a, b)
    return list(seen.values())


def _pairs(
    old: Sequence[Prescription], new: Sequence[Prescription]
) -> list[tuple[Prescription, Prescription]]:
    new_ids = {b.exercise_id for b in new}
    old_ids = {a.exercise_id for a in old}
    by_id = {b.exercise_id: b for b in new}
    pairs = [(a, by_id[a.exercise_id]) for a in old if a.exercise_id in new_ids]
    gone = [a for a in old if a.exercise_id not in new_ids]
    came = [b for b in new if b.exercise_id not in old_ids]
    return pairs + list(zip(gone, came, strict=False))


def _moves(before: Plan, after: Plan) -> list[tuple[int, dt.datetime, dt.datetime]]:
    """Sessions still to do that the events moved (a session done early or late is done on
    the day it was done: not a move)."""
    return [
        (a.number, b.at, a.at)
        for b, a in zip(before.sessions, after.sessions, strict=True)
        if a.at != b.at and a.status != SessionStatus.DONE
    ]
