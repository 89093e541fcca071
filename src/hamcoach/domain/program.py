"""The personalised program: the chosen exercises, dosed and laid out in sessions.

``build_program`` is pure and deterministic: the same profile and catalog
always give the same program. Session order follows the articles: dynamic
warm-up, tissue quality, length and activation, strength, static cool-down
(articles 002 and 003).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from hamcoach.domain import rules as R
from hamcoach.domain.catalog import SESSION_ORDER, Catalog, Category, Condition, Target
from hamcoach.domain.prescription import (
    Choice,
    Prescription,
    SessionPlan,
    modifications_for,
    starting_dose,
)
from hamcoach.domain.profile import Profile
from hamcoach.domain.screening import ScreeningResult
from hamcoach.domain.selection import Chooser, Pick, choose
from hamcoach.errors import InputError


class PlanningError(InputError):
    """The screening did not clear, so no program may be built."""


@dataclass(frozen=True, slots=True)
class Program:
    weeks: int
    sessions_per_week: int
    sessions: tuple[SessionPlan, ...]
    choices: tuple[Choice, ...]
    notes: tuple[str, ...] = ()

    def week(self, number: int) -> tuple[SessionPlan, ...]:
        return tuple(s for s in self.sessions if s.week == number)

    def exercise_ids(self) -> frozenset[str]:
        return frozenset(i.exercise_id for s in self.sessions for i in s.items)


_FUNCTIONS = (
    Target.KNEE_FLEXION,
    Target.HIP_EXTENSION,
    Target.TIBIAL_INTERNAL_ROTATION,
    Target.POSTERIOR_PELVIC_TILT,
    Target.ECCENTRIC_HAMSTRING_STRENGTH,
    Target.BALANCE,
)
# Split into A/B when one session would run over the time limit: these phases stay
# in both, the activation and strength items alternate by priority.
_FIXED_PHASES = frozenset(
    {Category.WARM_UP, Category.TISSUE_QUALITY, Category.MOBILITY, Category.COOL_DOWN}
)

_Dose = Callable[[Pick, int], Prescription]


def build_program(
    profile: Profile,
    screening: ScreeningResult,
    catalog: Catalog,
    *,
    weeks: int = R.DEFAULT_WEEKS,
) -> Program:
    """The person's program. Raises PlanningError unless screening cleared."""
    if not screening.cleared:
        raise PlanningError("red flags: refer to a clinician; no program may be built")
    ch = choose(catalog, profile)

    def dose(pick: Pick, week: int) -> Prescription:
        return _prescribe(catalog, ch.conditions, pick, week)

    templates = _templates(ch, dose, profile.availability.max_minutes)
    held = _held_after_strain(ch, templates)
    sessions = _sessions(
        catalog, templates, dose, weeks, profile.availability.sessions_per_week, held
    )
    notes = list(screening.notes) + ch.notes
    notes.append(
        f"Doses start at the low end of each range and rise only from what you log: pain "
        f"{R.GREEN_RANGE}/10 that settles by the next morning may progress, {R.AMBER_RANGE} "
        f"repeats, above {R.PAIN_AMBER_MAX} steps back ({R.PAIN_RULES_SOURCE})."
    )
    return Program(
        weeks,
        profile.availability.sessions_per_week,
        tuple(sessions),
        tuple(ch.choices),
        tuple(notes),
    )


def _prescribe(
    catalog: Catalog, conditions: frozenset[Condition], pick: Pick, week: int
) -> Prescription:
    """One pick's prescription in a given week."""
    ex = catalog.get(pick.exercise_id)
    item = starting_dose(
        ex,
        pick.dose or ex.dosage,
        week=week,
        reason=pick.reason,
        modifications=modifications_for(ex, conditions, catalog),
    )
    return item if pick.phase is None else replace(item, phase=pick.phase)


def _phase(catalog: Catalog, pick: Pick) -> Category:
    return pick.phase or catalog.get(pick.exercise_id).category


def _templates(ch: Chooser, dose: _Dose, max_minutes: int) -> list[list[Pick]]:
    """One session template, or A and B when one would run over the time limit; what
    still does not fit is left out, with a note on any hamstring function lost."""
    catalog, limit = ch.catalog, max_minutes * 60
    picks = sorted(ch.picks, key=lambda p: p.priority)

    def seconds(ps: list[Pick]) -> float:
        return sum(dose(p, 1).seconds() for p in ps)

    templates: list[list[Pick]] = [picks]
    if seconds(picks) > limit:
        fixed = [p for p in picks if _phase(catalog, p) in _FIXED_PHASES]
        rotating = [p for p in picks if p not in fixed]
        templates = [fixed + rotating[0::2], fixed + rotating[1::2]]
    dropped: list[Pick] = []
    for template in templates:
        while seconds(template) > limit and len(template) > 1:
            worst = max(template, key=lambda p: (p.priority, -template.index(p)))
            template.remove(worst)
            dropped.append(worst)
    kept_ids = {p.exercise_id for t in templates for p in t}
    for pick in dropped:
        if pick.exercise_id in kept_ids:
            continue
        ch.choices = [c for c in ch.choices if c.exercise_id != pick.exercise_id]
        ch.out(
            pick.exercise_id,
            f"Left out to keep sessions within {max_minutes} minutes; "
            "allow more time to include it.",
        )
    covered = {t for pid in kept_ids for t in catalog.get(pid).targets}
    missing = [t for t in _FUNCTIONS if t not in covered]
    if missing:
        ch.notes.append(
            "With this time limit the week does not cover: "
            + ", ".join(t.value for t in missing)
            + ". Allow more minutes per session to cover every hamstring function."
        )
    return templates


def end_range_loading(catalog: Catalog, exercise_id: str) -> bool:
    """Trains the hamstrings' length under load: a strength or mobility exercise aimed at
    end-range length (the Jefferson curl, end-range expansion, hinges), not the warm-up
    swings or the gentle cool-down stretch."""
    ex = catalog.get(exercise_id)
    return Target.END_RANGE_LENGTH in ex.targets and ex.category not in (
        Category.WARM_UP,
        Category.COOL_DOWN,
    )


def _held_after_strain(ch: Chooser, templates: list[list[Pick]]) -> frozenset[str]:
    """After a recent strain, the exercises kept out of the first weeks; each one's reason
    and a note say why, with the source."""
    if Condition.RECENT_HAMSTRING_STRAIN not in ch.conditions:
        return frozenset()
    kept = [p.exercise_id for t in templates for p in t]
    held = frozenset(e for e in kept if end_range_loading(ch.catalog, e))
    if not held:
        return held
    weeks, first_week = R.STRAIN_SHORT_RANGE_WEEKS, R.STRAIN_SHORT_RANGE_WEEKS + 1
    rule = f"weeks 1-{weeks} hold no Jefferson curl and no loading at end range"
    why = (
        f"a shorter range comes first ({R.STRAIN_SOURCE}; the {weeks} weeks are a hamcoach default)"
    )
    ch.choices = [
        replace(
            c,
            reason=f"{c.reason} From week {first_week}: you strained a hamstring recently, "
            f"so {rule}; {why}.",
        )
        if c.included and c.exercise_id in held
        else c
        for c in ch.choices
    ]
    names = ", ".join(ch.catalog.get(e).name for e in dict.fromkeys(kept) if e in held)
    nordic = (
        " Nordic lowering stays lowering only, as far as you can control."
        if "nordic-curl-eccentric" in kept
        else ""
    )
    ch.notes.append(
        f"Recent hamstring strain: {rule}, so {names} start in week {first_week}; {why}." + nordic
    )
    return held


def _sessions(
    catalog: Catalog,
    templates: list[list[Pick]],
    dose: _Dose,
    weeks: int,
    per_week: int,
    held: frozenset[str] = frozenset(),
) -> list[SessionPlan]:
    """Every session of every week, alternating A and B when there are two templates."""
    sessions: list[SessionPlan] = []
    number = 0
    nordic = catalog.get("nordic-curl-eccentric").dosage.weekly
    for week in range(1, weeks + 1):
        nordic_sessions = next(
            (w.sessions_per_week for w in reversed(nordic) if w.week <= week), per_week
        )
        for k in range(per_week):
            number += 1
            template = templates[k % len(templates)]
            label = "AB"[k % len(templates)] if len(templates) > 1 else "A"
            items: list[Prescription] = []
            for pick in template:  # highest priority first: it keeps an exercise met twice
                if pick.exercise_id == "nordic-curl-eccentric" and k >= nordic_sessions:
                    continue  # Oslo protocol: fewer Nordic sessions in the first weeks
                if any(i.exercise_id == pick.exercise_id for i in items):
                    continue  # no exercise twice in a session
                if pick.exercise_id in held and week <= R.STRAIN_SHORT_RANGE_WEEKS:
                    continue  # a recent strain: no loading at end range yet
                items.append(dose(pick, week))
            items.sort(key=lambda p: SESSION_ORDER.index(p.phase))
            sessions.append(SessionPlan(number, week, label, tuple(items)))
    return sessions
