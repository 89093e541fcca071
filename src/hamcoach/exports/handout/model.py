"""The handout as data (frozen dataclasses: what each page says, already in words) and its
cover's content.

Every clinical number (the pain zones, the next-morning rule, the hours between sessions)
is read from ``hamcoach.domain.rules`` when a handout is built, the emergency signs and
advice from the screening, the disclaimer from ``config``; the typst template only lays
out these strings. The exercises' pages and the three handouts are built in ``build``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from hamcoach.config import DISCLAIMER
from hamcoach.domain import rules as R
from hamcoach.domain.catalog import (
    Exercise,
    Routine,
)
from hamcoach.domain.plan import Plan, SessionStatus
from hamcoach.domain.screening import (
    EMERGENCY_CARE,
    QUESTIONS,
    WATCH_ADVICE,
    WATCH_FOR,
    Urgency,
)

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
    not_advised: str | None
    """Why the reader should not do this one at all (a routine or a list may hold it)."""
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
    score: str
    """The zone's scores, as a person reads them."""
    verdict: str
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
    watch_intro: str = ""
    watch: tuple[str, ...] = ()
    """Signs that are not an emergency but stop the training until a clinician looks."""


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
    by_id = {q.id: q for q in QUESTIONS}
    watch = tuple(by_id[i].text for i in WATCH_FOR)
    return Emergency(
        "If you notice any of these, stop exercising:", signs, EMERGENCY_CARE,
        WATCH_ADVICE, watch,
    )  # fmt: skip


def _days(days: Iterable[int], per_week: int) -> str:
    names = [WEEKDAYS[d] for d in sorted(days)]
    if len(names) == 1:
        return names[0]
    joint = " or " if len(names) > per_week else " and "
    return ", ".join(names[:-1]) + joint + names[-1]


def day_label(moment: dt.date) -> str:
    return f"{moment:%a} {moment.day} {moment:%b}"


def date_label(moment: dt.date) -> str:
    return f"{moment.day} {moment:%b %Y}"


def plan_schedule(plan: Plan) -> Schedule:
    s = plan.schedule
    first, last = min(x.at for x in plan.sessions), max(x.at for x in plan.sessions)
    lines = [
        f"{s.sessions_per_week} sessions a week at {s.at:%H:%M}, on "
        f"{_days(s.days, s.sessions_per_week)}.",
        f"{plan.weeks} weeks, {len(plan.sessions)} sessions: {day_label(first)} {first.year} to "
        f"{day_label(last)} {last.year}.",
        f"At least {R.MIN_HOURS_BETWEEN_SESSIONS} hours between sessions; each takes about "
        f"{max(x.session.minutes for x in plan.sessions)} minutes at most.",
    ]
    if s.timezone:
        lines.append(f"Times are in {s.timezone}.")
    weeks: dict[int, list[SessionDay]] = {}
    for x in sorted(plan.sessions, key=lambda x: x.at):
        done = x.status == SessionStatus.DONE
        weeks.setdefault(x.session.week, []).append(SessionDay(day_label(x.at), done))
    return Schedule(tuple(lines), tuple(ScheduleWeek(w, tuple(d)) for w, d in weeks.items()))


def routine_schedule(routine: Routine) -> Schedule:
    weeks = f" for {routine.weeks} weeks" if routine.weeks else ""
    return Schedule(
        (
            f"{routine.sessions_per_week} sessions a week{weeks}, at least "
            f"{R.MIN_HOURS_BETWEEN_SESSIONS} hours apart.",
        ),
        blank=True,
    )
