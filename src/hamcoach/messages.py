"""The words for hamcoach's decisions: one table, used wherever a decision is shown.

Decisions are data (domain/progression.py: a rule code, its parameters, the doses before
and after); this module turns them into sentences. The CLI and the web app show these
sentences and add their own hints on how to act (a command to type, a button to press),
so nothing here names a CLI command.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hamcoach.domain.fold_values import Deload, Pause
    from hamcoach.domain.progression import Decision

WHY: dict[str, str] = {
    "pain-red": "Pain {pain}/10 is above {limit} (red, {source})",
    "morning-worse": "The next morning ({morning}/10) was worse than your baseline ({baseline}/10)",
    "return-after-break": "{gap} days since you last did this: ease back in",
}
"""Why a step back: the first half of its sentence."""

STEP_BACK: dict[str, str] = {
    "load": "{why}: {cut:g} % lighter next time.",
    "set": "{why}: one set less next time.",
    "reps": "{why}: {reps} reps a set next time.",
    "hold": "{why}: shorter holds next time.",
    "spots": "{why}: {spots} spots next time.",
    "ladder": "{why}: down the ladder to {target} ({sources}).",
    "easiest": "{why}: already at the easiest dose; keep it, and see a physical therapist "
    "if pain persists.",
}

PROGRESS: dict[str, str] = {
    "reps": "Pain settled and every set done: {reps} reps a set next time.",
    "hold": "Pain settled and every hold done: {hold} s holds next time.",
    "spots": "{spots} spots next time.",
    "sets": "Top of the rep range reached: {sets} sets next time, reps back to {reps}.",
    "sets-only": "{sets} sets next time.",
}

LOAD_WHY: dict[str, str] = {
    "all-top": "Every set at the top at RPE {rpe} or less",
    "2-for-2": "{extra} extra reps {runs} times running (2-for-2)",
}

TEXT: dict[str, str] = {
    "no-data": "Nothing logged yet.",
    "pain-unknown": "No pain score was logged: the dose stays until one is.",
    "pain-amber": "Pain {pain}/10 is in the amber zone ({low}-{high}): repeat the same dose "
    "({source}).",
    "nerve-symptoms": "Leg symptoms were provoked: no increase while they are.",
    "await-checkin": "Waiting for the next-morning check-in: doses rise only when pain has "
    "settled by the next morning.",
    "rpe-high": "RPE {rpe:g} is near failure: {cut:g} % lighter ({kg:g} kg).",
    "protocol": "Pain settled; the weekly protocol sets the next dose (Petersen 2011).",
    "ladder-criterion": "Criterion met ({criterion}): up to {target} ({sources}).",
    "not-yet": "Not every set reached the target with good form: repeat the dose.",
    "load-step-too-big": "Ready for more, but your smallest step ({increment:g} kg) would be "
    "over {limit:g} % of {kg:g} kg: add reps instead when the range allows.",
    "load": "{why}: load up to {kg:g} kg (NSCA/ACSM, at most +{limit:g} %).",
    "top-of-range": "At the top of this exercise's range; keep it.",
    "top-of-range-next": "At the top of this exercise's range; keep it. Next step, {next}: "
    "{criterion}",
    "time-limit": "Ready for more, but session {session} would take about {minutes} minutes, "
    "over your limit of {limit}: the dose holds.",
    "paused": "Stopped since {since}: the entry is kept, but the dose does not rise until a "
    "physical therapist has seen you and resumes it.",
}
"""Every other rule's sentence, by rule code."""


MORNING_NOT_GIVEN = (
    "No morning check-in was given after {day}: the dose holds until a session is known to "
    "have settled by the next morning."
)
""""await-checkin" once every morning that could settle the day's session has passed."""


def too_close(number: int, close: tuple[int, dt.date]) -> str:
    """Said with a log whose session came within the minimum rest of another
    (services/training.py ``LogResult.close``)."""
    from hamcoach.domain.rules import MIN_HOURS_BETWEEN_SESSIONS

    other, day = close
    return (
        f"Session {number} was done a day from session {other} ({day:%a %d %b}): leave at "
        f"least {MIN_HOURS_BETWEEN_SESSIONS} hours between sessions, so the hamstrings "
        "recover (article 003)."
    )


NOTHING_DONE = (
    "no set has any reps or a hold: log the sets you did. Stopped by pain before a set was "
    "done? Give that pain score too"
)
"""A typed log whose sets hold nothing and that no pain stopped (domain/training.py
``nothing_done``)."""

BACK_AFTER_A_BREAK = (
    "Back after a break of two weeks or more, or starting late: you pick up at session "
    "{number}, the first one missed (it was planned for {day}), at its doses. Once you "
    "train, the missed sessions move forward from that day."
)
"""Said with the session due when services/today.py ``due`` finds the person back."""


def reason_now(d: Decision, day: dt.date, today: dt.date) -> str:
    """The decision's sentence as of ``today``, for a log of ``day``. The rule stays
    "await-checkin" (the dose holds) whenever no next-morning check-in is known; "waiting"
    is true only while a morning of its window (rules.MORNING_WINDOW_DAYS) is still to come
    or is today. Once they have all passed, the words say the check-in was not given."""
    from hamcoach.domain import rules as R

    if d.rule != "await-checkin" or (today - day).days <= R.MORNING_WINDOW_DAYS:
        return d.reason
    return MORNING_NOT_GIVEN.format(day=f"{day:%a} {day.day} {day:%b}")


def decision_text(d: Decision) -> str:
    """The sentence for a decision, from the tables above."""
    p: dict[str, object] = dict(d.params)
    p.setdefault("target", d.after.name)
    if d.rule in WHY:
        why = WHY[d.rule].format(**p)
        return STEP_BACK[str(p["step"])].format(
            why=why, reps=d.after.reps, spots=d.after.spots, **p
        )
    if d.rule == "double-progression":
        step = str(p["step"])
        if step == "sets" and d.after.reps is None:
            step = "sets-only"
        a = d.after
        return PROGRESS[step].format(reps=a.reps, hold=a.hold_seconds, spots=a.spots, sets=a.sets)
    if d.rule == "load":
        why = LOAD_WHY[str(p["why"])].format(**p)
        return TEXT["load"].format(**{**p, "why": why})
    if d.rule == "top-of-range" and "next" in p:
        return TEXT["top-of-range-next"].format(**p)
    return TEXT[d.rule].format(**p)


DELOAD: dict[str, str] = {
    "morning-rising": "Morning pain is higher this week than last",
    "scheduled": "{weeks} weeks of training since the last lighter week",
    "stall": "No dose has risen in {days} days of training",
}
"""Why a lighter week: the first half of its sentence."""


def deload_text(d: Deload) -> str:
    from hamcoach.domain import rules as R

    why = DELOAD[d.rule].format(**dict(d.params))
    return (
        f"{why}: the next {R.DELOAD_DAYS} days are a lighter week, about half the sets and "
        f"{R.DELOAD_LOAD_CUT_PCT:g} % less load, same exercises (deload; Bell et al. 2024)."
    )


PAUSE: dict[str, str] = {
    "repeated-step-back": "{count} step-backs within {days} days",
    "red-at-easiest": "Pain {pain}/10 (above {limit}) even at the easiest dose",
    "red-in-two": "Red pain (above {limit}/10) in {count} different exercises within {days} days",
    "mornings-above-baseline": "Morning pain above your starting level ({baseline}/10) "
    "{count} check-ins in a row",
    "skipped": "Left out at your request",
}
"""Why an exercise or the plan is paused."""


def pause_text(p: Pause, name: str | None = None) -> str:
    """The sentence for a pause: what stops, why, and what to do."""
    params = dict(p.params)
    if p.rule == "no-kit":
        return _no_kit_text(p, name or str(p.exercise_id), some_kit(str(params["kit"]).split(",")))
    why = PAUSE[p.rule].format(**params)
    what = "The plan is paused" if p.exercise_id is None else f"{name or p.exercise_id} is paused"
    if p.rule == "skipped":
        text = f"{what} from {p.on.isoformat()}: {why.lower()}."
    else:
        text = (
            f"{what} from {p.on.isoformat()}: {why}. Stop it and see a physical therapist "
            "before you do it again."
        )
    if p.until is not None:
        text += f" Resumed by {p.resumed_by} on {p.until.isoformat()}."
    return text


def some_kit(names: Iterable[str]) -> str:
    """Equipment names in words, each with its article ('a stability ball and an ankle
    anchor')."""
    words = sorted(n.replace("-", " ") for n in names if n)
    words = [("an " if w[0] in "aeiou" else "a ") + w for w in words]
    return " and ".join(words) if words else "your equipment"


def _no_kit_text(p: Pause, name: str, kit: str) -> str:
    """An exercise left out for want of kit: not a symptom, not the person's choice; it
    comes back by itself with the kit."""
    text = (
        f"{name} is left out from {p.on.isoformat()} until you have {kit} again: it comes "
        "back by itself, at the dose you had reached, when you add it to your equipment."
    )
    if p.until is not None:
        text = (
            f"{name} was left out from {p.on.isoformat()} for want of {kit}; back from "
            f"{p.until.isoformat()}, at the dose you had reached, now that you have it again."
        )
    return text


def choose_weight() -> str:
    """What a person with a loaded exercise and no weight yet is told (the CLI, the web's
    Today, the handout), each adding its own way to record it."""
    from hamcoach.domain import rules as R

    return (
        "Choose a starting weight: one you can lift for the top of the rep range at effort "
        f"{R.START_LOAD_RPE}"
    )
