"""The handout as data: what each page says, already in words, built from domain values.

Every clinical number (the pain zones, the next-morning rule, the hours between sessions)
is read from ``hamcoach.domain.rules`` when a handout is built, the emergency signs and
advice from the screening, the disclaimer from ``config``; the typst template only lays
out these strings. A dose is worded by the one formatter the rest of hamcoach uses
(``Prescription.describe`` for a person's dose, ``Dosage.describe`` for a catalog's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from hamcoach.config import DISCLAIMER
from hamcoach.domain import rules as R
from hamcoach.domain.catalog import (
    SESSION_ORDER,
    Catalog,
    Condition,
    Equipment,
    Exercise,
    Routine,
    SourceRef,
)
from hamcoach.domain.plan import Plan, ScheduledSession, SessionStatus
from hamcoach.domain.prescription import Prescription, modifications_for, not_allowed
from hamcoach.domain.screening import EMERGENCY_CARE, QUESTIONS, Urgency

Picture = Callable[[Exercise], str]
"""An exercise's picture as an SVG document (``hamcoach.pictures.static_svg``)."""

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True, slots=True)
class Mistake:
    fault: str
    correction: str


@dataclass(frozen=True, slots=True)
class ExercisePage:
    """One exercise: what to do, how much, what to watch for, and where it comes from."""

    exercise_id: str
    name: str
    summary: str
    dose_label: str  # "Your dose" (the person's own) or "Dose" (the catalog's)
    dose: str
    when: str | None  # how often it comes up in the person's sessions
    dose_notes: tuple[str, ...]
    equipment: tuple[str, ...]
    steps: tuple[str, ...]
    cues: tuple[str, ...]
    mistakes: tuple[Mistake, ...]
    cautions: tuple[str, ...]
    sources: tuple[str, ...]
    picture_svg: str


@dataclass(frozen=True, slots=True)
class SessionDay:
    day: str  # "Wed 25 Nov"
    done: bool


@dataclass(frozen=True, slots=True)
class ScheduleWeek:
    week: int
    sessions: tuple[SessionDay, ...]


@dataclass(frozen=True, slots=True)
class Schedule:
    """When to train: sentences, and (for a plan) every session to tick off."""

    lines: tuple[str, ...]
    weeks: tuple[ScheduleWeek, ...] = ()
    blank: bool = False
    """No schedule known: leave lines for the days and time to be written in."""


@dataclass(frozen=True, slots=True)
class PainRule:
    score: str  # "0-3"
    verdict: str  # "Fine"
    then: str


@dataclass(frozen=True, slots=True)
class PainRules:
    scale: str
    rules: tuple[PainRule, ...]
    next_morning: str
    source: str
    stop: str


@dataclass(frozen=True, slots=True)
class Emergency:
    intro: str
    signs: tuple[str, ...]
    care: str


@dataclass(frozen=True, slots=True)
class Handout:
    title: str
    summary: str | None
    person: str | None  # None: a line to write a name on
    schedule: Schedule
    pain: PainRules
    emergency: Emergency
    exercises: tuple[ExercisePage, ...]
    printed_on: str  # "24 Nov 2026"
    disclaimer: str
    feed_url: str | None = None
    """A calendar feed to subscribe to: the cover shows it as a QR code."""


# --- the cover --------------------------------------------------------------------------


def pain_rules() -> PainRules:
    """The traffic light and the next-morning rule (Silbernagel 2007), in plain words."""
    return PainRules(
        scale=f"Score your pain from 0 (none) to {R.PAIN_SCALE_MAX} (the worst imaginable), "
        "during each exercise and after it.",
        rules=(
            PainRule(
                R.GREEN_RANGE,
                "Fine",
                "Carry on. The dose can go up next time, once the pain has settled by the "
                "next morning.",
            ),
            PainRule(
                R.AMBER_RANGE,
                "Keep the dose",
                "Finish, but do not add more: the same dose next time.",
            ),
            PainRule(
                f"above {R.PAIN_AMBER_MAX}",
                "Stop",
                "Stop that exercise for today; next time it steps back to an easier dose. "
                "If the pain persists or worries you, see a physical therapist.",
            ),
        ),
        next_morning=(
            "The next morning, pain should be back to where it was before the session. "
            "Doses rise only after a morning like that; a morning worse than before steps the "
            "dose back, and morning pain should not rise from week to week."
        ),
        source=R.PAIN_RULES_SOURCE,
        stop=DISCLAIMER.rsplit(". ", 1)[-1],
    )


def emergency() -> Emergency:
    """The intake's emergency signs and what to do about them, as the intake says it."""
    signs = tuple(q.text.rstrip("?") for q in QUESTIONS if q.urgency is Urgency.EMERGENCY)
    return Emergency("If you notice any of these, stop exercising:", signs, EMERGENCY_CARE)


def _days(days: Iterable[int], per_week: int) -> str:
    names = [WEEKDAYS[d] for d in sorted(days)]
    if len(names) == 1:
        return names[0]
    joint = " or " if len(names) > per_week else " and "
    return ", ".join(names[:-1]) + joint + names[-1]


def _day(moment: dt.date) -> str:
    return f"{moment:%a} {moment.day} {moment:%b}"


def _date(moment: dt.date) -> str:
    return f"{moment.day} {moment:%b %Y}"


def plan_schedule(plan: Plan) -> Schedule:
    s = plan.schedule
    first, last = min(x.at for x in plan.sessions), max(x.at for x in plan.sessions)
    lines = [
        f"{s.sessions_per_week} sessions a week at {s.at:%H:%M}, on "
        f"{_days(s.days, s.sessions_per_week)}.",
        f"{plan.weeks} weeks, {len(plan.sessions)} sessions: {_day(first)} {first.year} to "
        f"{_day(last)} {last.year}.",
        f"At least {R.MIN_HOURS_BETWEEN_SESSIONS} hours between sessions; each takes about "
        f"{max(x.session.minutes for x in plan.sessions)} minutes at most.",
    ]
    if s.timezone:
        lines.append(f"Times are in {s.timezone}.")
    weeks: dict[int, list[SessionDay]] = {}
    for x in sorted(plan.sessions, key=lambda x: x.at):
        done = x.status == SessionStatus.DONE
        weeks.setdefault(x.session.week, []).append(SessionDay(_day(x.at), done))
    return Schedule(tuple(lines), tuple(ScheduleWeek(w, tuple(d)) for w, d in weeks.items()))


def _routine_schedule(routine: Routine) -> Schedule:
    weeks = f" for {routine.weeks} weeks" if routine.weeks else ""
    return Schedule(
        (
            f"{routine.sessions_per_week} sessions a week{weeks}, at least "
            f"{R.MIN_HOURS_BETWEEN_SESSIONS} hours apart.",
        ),
        blank=True,
    )


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
    """The cautions that apply to the reader (their conditions known), or every caution,
    each named by its condition (a handout for anyone)."""
    if conditions is None:
        return tuple(
            f"With {_words(c.condition)}: {c.advice}"
            + (f" ({catalog.cite(c.sources)})" if c.sources else "")
            for c in ex.cautions
        )
    barred = not_allowed(ex, conditions, frozenset(Equipment))
    return ((barred,) if barred else ()) + modifications_for(ex, conditions, catalog)


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
                f"In {count} of your {left} sessions still to do; next on {_day(nxt.at)}."
            )  # fmt: skip
        notes = (ex.dosage.note,) if ex.dosage.weekly and ex.dosage.note else ()
        page = exercise_page(
            ex, catalog, dose=item.describe(), picture=picture, cautions=item.modifications,
            own=True, when=when, notes=notes,
        )  # fmt: skip
        pages.append(page)
    return Handout(
        title="Your exercise plan",
        summary="Hamstring strength for knee and low-back pain: what to do, how much, and "
        "when to stop.",
        person=person,
        schedule=plan_schedule(plan),
        pain=pain_rules(),
        emergency=emergency(),
        exercises=tuple(pages),
        printed_on=_date(today),
        disclaimer=DISCLAIMER,
        feed_url=feed_url,
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
        notes = tuple(n for n in (item.note, dosage.note) if n)
        cautions = catalog_cautions(ex, catalog, conditions)
        page = exercise_page(
            ex, catalog, dose=dosage.describe(), picture=picture, cautions=cautions, notes=notes
        )
        pages.append(page)
    return Handout(
        title=routine.name,
        summary=routine.summary,
        person=person,
        schedule=_routine_schedule(routine),
        pain=pain_rules(),
        emergency=emergency(),
        exercises=tuple(pages),
        printed_on=_date(today),
        disclaimer=DISCLAIMER,
        feed_url=feed_url,
    )


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
        exercise_page(
            ex,
            catalog,
            dose=ex.dosage.describe(),
            picture=picture,
            cautions=catalog_cautions(ex, catalog, conditions),
            notes=(ex.dosage.note,) if ex.dosage.note else (),
        )
        for ex in exercises
    )
    return Handout(
        title="Your exercises" if len(pages) > 1 else pages[0].name,
        summary=None,
        person=person,
        schedule=Schedule(
            (f"At least {R.MIN_HOURS_BETWEEN_SESSIONS} hours between sessions.",), blank=True
        ),
        pain=pain_rules(),
        emergency=emergency(),
        exercises=pages,
        printed_on=_date(today),
        disclaimer=DISCLAIMER,
        feed_url=feed_url,
    )
