"""The person's equipment, changed without starting over.

Profiles are append-only: a change of equipment stores a new profile version and a dated
``equipment`` entry in the plan's history, then re-derives the sessions still to do as
``plan edit`` does. An exercise in them that needs kit the person no longer has is swapped
(a ``swap`` change the fold replays, so every dose and decision so far stays) for the step
below it on its ladder, else the one of its kind the planner picks with the new kit
(selection.py), each only if not in the sessions already (a session keeps its places);
else it is left out for want of kit (a ``no-kit`` change: not the person's own skip, it
comes back by itself, at the dose it had reached, once a later change of equipment has the
kit again), and the person is told the session is one exercise shorter and why. Kit newly
at hand is offered, never forced: what the planner would now pick is listed with what it
could replace (``plan swap``), or to add (``plan add``) when nothing of its kind is there;
the next step up a ladder is only announced, as the plan climbs to it by itself once its
criterion is met in the log (nothing skips the 30-squat gate).

The ``equipment`` entry is also a dated change the fold replays (``ChangeKind.EQUIPMENT``):
decisions before its day keep the kit the plan was built with, so none is re-made
differently, and decisions from its day on use the new kit, so a ladder never climbs back
onto kit that is gone. What the person has now (``equipment_now``) also governs this use
case and the checks of ``plan swap``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from hamcoach.domain.catalog import (
    HOUSEHOLD_EQUIPMENT,
    Catalog,
    Condition,
    Equipment,
    Exercise,
)
from hamcoach.domain.codec import change_to_json, profile_to_json
from hamcoach.domain.fold_plan import NO_KIT
from hamcoach.domain.fold_values import ChangeKind, PlanChange
from hamcoach.domain.plan import Plan
from hamcoach.domain.prescription import not_allowed
from hamcoach.domain.profile import Profile
from hamcoach.domain.rules import DEFAULT_RULES, Rules
from hamcoach.domain.selection import choose
from hamcoach.errors import InputError
from hamcoach.intake.questions import OFFERED
from hamcoach.messages import some_kit
from hamcoach.services.folding import PAUSED, paused_now, refold, stored_profile
from hamcoach.services.patients import person_rules, resolve
from hamcoach.services.planning import require_active_plan
from hamcoach.services.ports import HistoryEntry, Store, UnitOfWork, utc

EQUIPMENT = ChangeKind.EQUIPMENT.value
"""History kind: the person's equipment from data['on'] (data: before, after)."""


@dataclass(frozen=True, slots=True)
class Swapped:
    old: str
    new: str | None
    """None: left out until the kit is back, nothing fits."""
    reason: str
    lacks: frozenset[Equipment] = frozenset()
    """Left out: the kit it lacks (it comes back once the person has it again)."""


@dataclass(frozen=True, slots=True)
class Back:
    """An exercise left out for want of kit, back now that the kit is."""

    exercise_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Offer:
    exercise_id: str
    instead_of: str | None
    """The exercise in the sessions to come it could replace (None: none of its kind)."""
    reason: str
    step_up: bool = False
    """The next step up the ladder of ``instead_of``: never swapped in (``plan swap``
    refuses it), the plan climbs to it by itself once the step's criterion is met."""


@dataclass(frozen=True)
class EquipmentResult:
    plan: Plan
    before: frozenset[Equipment]
    after: frozenset[Equipment]
    swapped: tuple[Swapped, ...]
    offers: tuple[Offer, ...]
    back: tuple[Back, ...] = ()

    @property
    def changed(self) -> bool:
        return self.before != self.after


def parse_equipment(names: Iterable[str]) -> frozenset[Equipment]:
    """Equipment from its names ('none' alone: nothing); InputError names the unknown one."""
    known = {e.value: e for e in OFFERED}
    out: set[Equipment] = set()
    for raw in names:
        name = raw.strip().lower()
        if name in ("", "none"):
            continue
        if name not in known:
            near = _near(name, known)
            hint = f"did you mean {near}? " if near else ""
            raise InputError(f"unknown equipment '{name}'; {hint}the names are "
                             f"{', '.join(known)}, or none")  # fmt: skip
        out.add(known[name])
    return frozenset(out)


def _near(name: str, known: Iterable[str]) -> str | None:
    """The known name closest to ``name``, read whole or by its halves ('dumbbell' of
    'dumbbell-or-kettlebell')."""
    import difflib

    parts = {part: k for k in known for part in (k, *k.split("-or-"))}
    close = difflib.get_close_matches(name, list(parts), n=1, cutoff=0.75)
    return parts[close[0]] if close else None


def kit_words(kit: Iterable[Equipment]) -> str:
    names = sorted(e.value.replace("-", " ") for e in kit)
    return ", ".join(names) if names else "nothing"


def equipment_now(uow: UnitOfWork, plan: Plan) -> frozenset[Equipment]:
    """What the person has now: the plan's last equipment change, else its profile's."""
    for h in reversed(uow.plans.history(plan.patient_id)):
        if h.plan_uid == plan.uid and h.kind == EQUIPMENT and h.data:
            return frozenset(Equipment(e) for e in h.data["after"])
    return stored_profile(uow, plan).equipment


def _upcoming(plan: Plan, on: dt.date) -> list[str]:
    """The exercises in the sessions still to do from ``on``, in the order they come."""
    out: dict[str, None] = {}
    for s in sorted(plan.sessions, key=lambda s: s.at):
        if s.status != "done" and s.at.date() >= on:
            out.update((i.exercise_id, None) for i in s.session.items)
    return list(out)


def change_equipment(
    store: Store,
    catalog: Catalog,
    equipment: frozenset[Equipment],
    *,
    now: dt.datetime,
    on: dt.date | None = None,
    patient_id: str | None = None,
    rules: Rules = DEFAULT_RULES,
) -> EquipmentResult:
    """Record the person's equipment from ``on`` (default: today) and re-derive the plan."""
    now = utc(now)
    after = frozenset(equipment) - HOUSEHOLD_EQUIPMENT
    with store.unit_of_work(write=True) as uow:
        patient = resolve(uow, patient_id)
        uow.patients.lock(patient.id)
        plan = require_active_plan(uow, patient.id)
        on = max(on or now.date(), plan.start_date)
        before = equipment_now(uow, plan)
        if after == before:
            return EquipmentResult(plan, before, after, (), ())
        profile = stored_profile(uow, plan)
        uow.plans.add_profile(
            patient.id, profile.name, profile_to_json(replace(profile, equipment=after)), now
        )
        history = uow.plans.history(patient.id)
        waiting = left_out_for_kit(history, plan.uid)
        out_now = {x for x in paused_now(history, plan.uid) if x is not None}
        swaps = _swaps(catalog, profile, before, after, plan, on, out_now)
        uow.plans.add_history(
            HistoryEntry(
                now, plan.uid, EQUIPMENT,
                f"Equipment from {on.isoformat()}: {kit_words(after)} (was {kit_words(before)}).",
                # the fold replays it as a change (codec: "on", "after"); "before" is for people
                {**change_to_json(PlanChange(on, now, ChangeKind.EQUIPMENT, equipment=after)),
                 "before": sorted(before)},
            )
        )  # fmt: skip
        for s in swaps:
            change = (
                PlanChange(on, now, ChangeKind.NO_KIT, s.old, equipment=s.lacks)
                if s.new is None
                else PlanChange(on, now, ChangeKind.SWAP, s.old, new_exercise_id=s.new)
            )
            uow.plans.add_history(HistoryEntry(now, plan.uid, change.kind.value, s.reason,
                                               change_to_json(change)))  # fmt: skip
        done = refold(uow, plan, catalog, rules=person_rules(patient, rules))
        still = {p.exercise_id for p in done.result.pauses if p.until is None}
        back = tuple(
            Back(x, f"{catalog.get(x).name} is back in your sessions, at the dose you had "
                    f"reached, now that you have {some_kit(catalog.get(x).needs())} again.")
            for x in waiting if x not in still and x in catalog
        )  # fmt: skip
        offers = _offers(catalog, profile, before, after, _upcoming(done.plan, on))
    return EquipmentResult(done.plan, before, after, tuple(swaps), tuple(offers), back)


def _swaps(
    catalog: Catalog,
    profile: Profile,
    before: frozenset[Equipment],
    after: frozenset[Equipment],
    plan: Plan,
    on: dt.date,
    out_now: set[str],
) -> list[Swapped]:
    """For each exercise to come that needs kit no longer at hand: what takes its place, the
    step below it on its ladder, else the planner's choice of its kind with the new kit,
    each only if not already in the sessions (a session must not lose its place) nor left
    out now (``out_now``: paused, skipped); else it is left out until the kit is back."""
    conditions = profile.active_conditions()
    upcoming = _upcoming(plan, on)
    taken = set(upcoming) | out_now
    planner: list[str] | None = None  # the planner's picks, worked out when needed
    out = []
    for ex_id in upcoming:
        ex = catalog.get(ex_id)
        missing = ex.needs() - after
        if not missing:
            continue
        why = f"{ex.name} needs {kit_words(missing)}, which you no longer have"
        below, how = _step_below(catalog, ex, conditions, after)
        new = None if below in taken else below
        if new is None:
            if planner is None:
                planner = _planner_picks(catalog, profile, before, after)
            new = next((p for p in planner if p not in taken and _kin(catalog, ex_id, p)), None)
            how = "the planner's choice with your equipment"
        if new is None:
            shorter = _left_out(catalog, ex, below, _seconds(plan, on, ex_id))
            reason = f"{why}: left out until you have {some_kit(missing)} again. {shorter}"
            out.append(Swapped(ex_id, None, reason, missing))
            continue
        taken.add(new)
        out.append(Swapped(ex_id, new, f"{why}: {catalog.get(new).name} instead ({how})."))
    return out


def _left_out(catalog: Catalog, ex: Exercise, below: str | None, seconds: float) -> str:
    """Why nothing takes the place of an exercise left out, and what that costs a session."""
    minutes = max(1, round(seconds / 60))
    why = (
        f"Its step below, {catalog.get(below).name}, is already in your sessions and nothing "
        "else of its kind fits your equipment"
        if below is not None
        else "Nothing of its kind fits your equipment"
    )
    return (
        f"{why}, so each session that had it is one exercise shorter (about {minutes} "
        f"min less). It comes back by itself, at the dose you had reached, when you have "
        "the equipment again."
    )


def _seconds(plan: Plan, on: dt.date, ex_id: str) -> float:
    """The time the exercise takes in the first session to come that holds it."""
    for s in sorted(plan.sessions, key=lambda s: s.at):
        if s.status != "done" and s.at.date() >= on:
            for item in s.session.items:
                if item.exercise_id == ex_id:
                    return item.seconds()
    return 0.0


def _kin(catalog: Catalog, a: str, b: str) -> bool:
    """Whether ``b`` can stand in for ``a``: on the same ladder, or of the same kind (its
    place in the session) training what ``a`` trains first."""
    if b in catalog.ladder(a).steps:
        return True
    x, y = catalog.get(a), catalog.get(b)
    return x.category is y.category and bool(x.targets) and x.targets[0] in y.targets


def _instead(
    catalog: Catalog, picks: list[str], upcoming: list[str], dropped: set[str]
) -> dict[str, str | None]:
    """What each newly opened exercise could replace: one to come on its ladder, else one
    of its kind the planner would now drop for it; each at most once."""
    out: dict[str, str | None] = {}
    claimed: set[str] = set()
    for ex_id in picks:
        steps = catalog.ladder(ex_id).steps
        out[ex_id] = next((e for e in upcoming if e in steps and e not in claimed), None)
        claimed.add(out[ex_id] or "")
    for ex_id in (p for p in picks if out[p] is None):
        out[ex_id] = next((e for e in upcoming if e in dropped and e not in claimed
                           and _kin(catalog, ex_id, e)), None)  # fmt: skip
        claimed.add(out[ex_id] or "")
    return out


def _step_below(
    catalog: Catalog, ex: Exercise, conditions: frozenset[Condition], have: frozenset[Equipment]
) -> tuple[str | None, str]:
    """The nearest step down its ladder the person may do (the engine's step down)."""
    seen, rungs = {ex.id}, [(link, ex) for link in ex.regressions]
    while rungs:
        link, frm = rungs.pop(0)
        if link.target in seen or link.target not in catalog:
            continue
        seen.add(link.target)
        target = catalog.get(link.target)
        if not_allowed(target, conditions, have) is None:
            where = f", {catalog.cite(link.sources)}" if link.sources else ""
            return target.id, f"the step below {frm.name} on its ladder{where}"
        rungs.extend((nxt, target) for nxt in target.regressions)
    return None, ""


def _planner_picks(
    catalog: Catalog, profile: Profile, before: frozenset[Equipment], after: frozenset[Equipment]
) -> list[str]:
    """What the planner picks with ``after``: first what it did not with ``before``, then
    the rest, each in session order."""
    old = choose(catalog, replace(profile, equipment=before)).picked()
    new = [p.exercise_id for p in choose(catalog, replace(profile, equipment=after)).picks]
    return [p for p in new if p not in old] + [p for p in new if p in old]


def _offers(
    catalog: Catalog,
    profile: Profile,
    before: frozenset[Equipment],
    after: frozenset[Equipment],
    upcoming: list[str],
) -> list[Offer]:
    """Exercises the new kit opens: the planner's new picks, which the person may take up
    (``plan swap``), and the next steps up the ladders of the exercises to come, which the
    plan climbs to by itself once they are earned."""
    gained = after - before
    if not gained:
        return []
    conditions = profile.active_conditions()
    out: dict[str, Offer] = {}
    old = choose(catalog, replace(profile, equipment=before)).picked()
    new = choose(catalog, replace(profile, equipment=after))
    picks = [p for p in new.picks if p.exercise_id not in old and p.exercise_id not in upcoming]
    instead = _instead(catalog, [p.exercise_id for p in picks], upcoming, old - new.picked())
    for pick in picks:
        out[pick.exercise_id] = Offer(pick.exercise_id, instead[pick.exercise_id], pick.reason)
    for ex_id in upcoming:
        ex = catalog.get(ex_id)
        for link in ex.progressions:
            target = catalog.exercises.get(link.target)
            if (
                target is None
                or target.id in upcoming
                or target.id in out
                or not target.needs() & gained
                or not_allowed(target, conditions, after | ex.needs()) is not None
            ):
                continue  # fmt: skip
            out[target.id] = Offer(
                target.id, ex_id,
                f"The next step up from {ex.name}, now that you have "
                f"{kit_words(target.needs() & gained)}: the plan moves you up to it by itself "
                f"once {link.earned_clause()}.",
                step_up=True,
            )  # fmt: skip
    return list(out.values())


def left_out_for_kit(history: Sequence[HistoryEntry], plan_uid: str) -> list[str]:
    """The exercises the last fold left out for want of kit (its stored pause entries): they
    come back by themselves with the kit, not by a resume."""
    return [
        h.data["exercise_id"]
        for h in history
        if h.plan_uid == plan_uid and h.kind == PAUSED + NO_KIT and h.data
        and h.data.get("until") is None
    ]  # fmt: skip


def current_equipment(store: Store, patient_id: str | None) -> frozenset[Equipment] | None:
    """What the person has now, for their active plan (None: no plan)."""
    with store.unit_of_work() as uow:
        plan = uow.plans.active(resolve(uow, patient_id).id)
        return None if plan is None else equipment_now(uow, plan)
