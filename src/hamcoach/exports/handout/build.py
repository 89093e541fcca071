"""The three handouts (a person's plan, a routine, catalog exercises) built from domain
values, with a page for each exercise.

A dose is worded by the one formatter the rest of hamcoach uses: ``Prescription.describe``
for a person's own dose, ``Dosage.describe`` for a catalog's range.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hamcoach.config import DISCLAIMER
from hamcoach.domain import rules as R
from hamcoach.domain.catalog import (
    SESSION_ORDER,
    Catalog,
    Condition,
    Dosage,
    Equipment,
    Evidence,
    Exercise,
    Routine,
    SourceRef,
)
from hamcoach.domain.plan import Plan, ScheduledSession, SessionStatus
from hamcoach.domain.prescription import Prescription, modifications_for, not_allowed
from hamcoach.exports.handout.model import (
    ExercisePage,
    Handout,
    Mistake,
    Picture,
    Schedule,
    date_label,
    day_label,
    emergency,
    pain_rules,
    plan_schedule,
    routine_schedule,
)
from hamcoach.messages import choose_weight

# --- an exercise's page ------------------------------------------------------------------


def _sources(catalog: Catalog, refs: Sequence[SourceRef]) -> tuple[str, ...]:
    out = []
    for ref in refs:
        src = catalog.sources.get(ref.source)
        if src is None:
            out.append(ref.source)
            continue
        who = ", ".join(x for x in (src.author, src.publisher) if x)
        text = src.title if src.kind != "article" else f"{src.cite().capitalize()}: {src.title}"
        out.append(f"{text} ({who})" if who else text)
    return tuple(dict.fromkeys(out))


def _words(condition: Condition) -> str:
    return condition.value.replace("-", " ")


def catalog_cautions(
    ex: Exercise, catalog: Catalog, conditions: frozenset[Condition] | None
) -> tuple[str, ...]:
    """How the reader should change the exercise (their conditions known), or every
    caution, each named by its condition (a handout for anyone)."""
    if conditions is None:
        return tuple(
            f"With {_words(c.condition)}: {c.advice}"
            + (f" ({catalog.cite(c.sources)})" if c.sources else "")
            for c in ex.cautions
        )
    return modifications_for(ex, conditions, catalog)


def not_advised(ex: Exercise, conditions: frozenset[Condition] | None) -> str | None:
    """Why the reader should not do ``ex`` (a caution for one of their conditions says
    avoid it or do another), as the planner says it; None if nothing does."""
    return None if conditions is None else not_allowed(ex, conditions, frozenset(Equipment))


def exercise_page(
    ex: Exercise,
    catalog: Catalog,
    *,
    dose: str,
    picture: Picture,
    cautions: tuple[str, ...],
    own: bool = False,
    when: str | None = None,
    notes: tuple[str, ...] = (),
    barred: str | None = None,
) -> ExercisePage:
    """``own``: ``dose`` is the reader's own (their plan's), not the catalog's range."""
    return ExercisePage(
        exercise_id=ex.id,
        name=ex.name,
        summary=ex.summary,
        dose_label="Your dose" if own else "Dose",
        dose=dose,
        when=when,
        dose_notes=notes,
        equipment=tuple(e.value.replace("-", " ") for e in ex.equipment if e is not Equipment.NONE),
        steps=ex.steps,
        cues=ex.cues,
        mistakes=tuple(Mistake(m.fault, m.correction) for m in ex.mistakes),
        cautions=cautions,
        not_advised=barred,
        sources=_sources(catalog, ex.sources),
        picture_svg=picture(ex),
    )


# --- the three handouts -------------------------------------------------------------------


def current_doses(plan: Plan) -> list[tuple[Prescription, ScheduledSession, int]]:
    """Each exercise still to do, in session order, with its next session (whose dose is
    the person's current one) and in how many of the sessions still to do it comes up.
    A plan with nothing left to do gives each exercise's dose in its last session."""
    ahead = sorted(
        (s for s in plan.sessions if s.status == SessionStatus.PLANNED), key=lambda s: s.at
    )
    sessions = ahead or sorted(plan.sessions, key=lambda s: s.at, reverse=True)[:1]
    found: dict[str, tuple[Prescription, ScheduledSession, int]] = {}
    for s in sessions:
        for item in s.session.items:
            first = found.get(item.exercise_id)
            found[item.exercise_id] = (item, s, 1) if first is None else (*first[:2], first[2] + 1)
    order = {c: i for i, c in enumerate(SESSION_ORDER)}
    return sorted(found.values(), key=lambda f: order[f[0].phase])


def planned_rise(plan: Plan, exercise_id: str) -> str | None:
    """The doses still planned after the next one, week by week, when they change (a
    protocol that rises each week): the handout must not print one dose for five weeks."""
    ahead = sorted(
        (s for s in plan.sessions if s.status == SessionStatus.PLANNED), key=lambda s: s.at
    )
    steps: list[tuple[int, str]] = []
    for s in ahead:
        for item in s.session.items:
            if item.exercise_id == exercise_id and (not steps or steps[-1][1] != item.describe()):
                steps.append((s.session.week, item.describe()))
    if len(steps) < 2:
        return None
    later = "; ".join(f"week {week}: {dose}" for week, dose in steps[1:])
    return f"Planned to rise: {later} (it waits or steps back when pain says so)."


def _plan_notes(ex: Exercise, item: Prescription, rise: str | None) -> tuple[str, ...]:
    """What a person's dose needs said beside it: how it rises, where its numbers come
    from when a protocol sets them or hamcoach chose them, what a rep of holds is, and how
    to choose a first weight."""
    notes = [rise] if rise else []
    explains = ex.dosage.weekly or ex.dosage.evidence is Evidence.DEFAULT
    if ex.dosage.note and (explains or ex.dosage.holds_per_rep > 1):
        notes.append(ex.dosage.note)
    if item.loaded and not item.load_kg:
        notes.append(choose_weight() + ".")
    return tuple(notes)


def plan_handout(
    plan: Plan,
    catalog: Catalog,
    *,
    person: str,
    today: dt.date,
    picture: Picture,
    feed_url: str | None = None,
) -> Handout:
    """The person's plan: every exercise still to do, at their current dose."""
    doses = current_doses(plan)
    left = sum(1 for s in plan.sessions if s.status == SessionStatus.PLANNED)
    pages = []
    for item, nxt, count in doses:
        ex = catalog.get(item.exercise_id)
        when = None
        if left:
            when = "Every session." if count == left else (
                f"In {count} of your {left} sessions still to do; next on {day_label(nxt.at)}."
            )  # fmt: skip
        page = exercise_page(
            ex, catalog, dose=item.describe(), picture=picture, cautions=item.modifications,
            own=True, when=when, notes=_plan_notes(ex, item, planned_rise(plan, ex.id)),
        )  # fmt: skip
        pages.append(page)
    summary = (
        "Hamstring strength for knee and low-back pain: what to do, how much, and when to stop."
    )
    return _handout(
        "Your exercise plan", summary, person, plan_schedule(plan), pages, today, feed_url
    )


def routine_handout(
    routine: Routine,
    catalog: Catalog,
    *,
    person: str | None,
    conditions: frozenset[Condition] | None,
    today: dt.date,
    picture: Picture,
    feed_url: str | None = None,
) -> Handout:
    """A routine's exercises, in its order, at the routine's doses (else the catalog's)."""
    pages = []
    for item in routine.items:
        ex = catalog.get(item.exercise)
        dosage = item.dosage or ex.dosage
        pages.append(_catalog_page(ex, catalog, dosage, item.note, conditions, picture))
    schedule = routine_schedule(routine)
    return _handout(routine.name, routine.summary, person, schedule, pages, today, feed_url)


def exercises_handout(
    exercises: Sequence[Exercise],
    catalog: Catalog,
    *,
    person: str | None,
    conditions: frozenset[Condition] | None,
    today: dt.date,
    picture: Picture,
    feed_url: str | None = None,
) -> Handout:
    """Exercises from the catalog, in the order given, at the catalog's doses."""
    pages = tuple(
        _catalog_page(ex, catalog, ex.dosage, None, conditions, picture) for ex in exercises
    )
    title = "Your exercises" if len(pages) > 1 else pages[0].name
    spacing = Schedule(
        (f"At least {R.MIN_HOURS_BETWEEN_SESSIONS} hours between sessions.",), blank=True
    )
    return _handout(title, None, person, spacing, pages, today, feed_url)


def _catalog_page(
    ex: Exercise,
    catalog: Catalog,
    dosage: Dosage,
    note: str | None,
    conditions: frozenset[Condition] | None,
    picture: Picture,
) -> ExercisePage:
    """An exercise's page at a dose from the catalog or a routine (not a person's plan):
    every caution for the reader's conditions, and whether it is advised for them."""
    return exercise_page(
        ex, catalog, dose=dosage.describe(), picture=picture,
        cautions=catalog_cautions(ex, catalog, conditions),
        notes=tuple(n for n in (note, dosage.note) if n), barred=not_advised(ex, conditions),
    )  # fmt: skip


def _handout(
    title: str,
    summary: str | None,
    person: str | None,
    schedule: Schedule,
    pages: Sequence[ExercisePage],
    today: dt.date,
    feed_url: str | None,
) -> Handout:
    """The parts every handout shares: the pain rules, the emergency signs, the footer."""
    return Handout(
        title=title,
        summary=summary,
        person=person,
        schedule=schedule,
        pain=pain_rules(),
        emergency=emergency(),
        exercises=tuple(pages),
        printed_on=date_label(today),
        disclaimer=DISCLAIMER,
        feed_url=feed_url,
    )
