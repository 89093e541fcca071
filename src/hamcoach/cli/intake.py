"""`hamcoach start`: the intake as a few plain-language screens in the terminal.

Keyboard only, line by line, so that it works when answers are piped in.
At any prompt: 'back' returns to the previous screen, 'skip' leaves an
optional answer out, 'quit' stops without storing anything. A bad answer is
explained and asked again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hamcoach.cli import answers as A
from hamcoach.domain import rules as R
from hamcoach.domain.profile import Experience, PainArea, Sex
from hamcoach.domain.screening import Urgency, questions_for
from hamcoach.intake.questions import BASELINE, CONDITIONS, DEFAULT_SCHEDULE


class Back(Exception):
    pass


class Quit(Exception):
    pass


class _Skip(Exception):
    pass


@dataclass
class Prompter:
    """Reads answers with ``ask`` and writes with ``say``; both injectable for tests."""

    ask: Callable[[str], str]
    say: Callable[[str], None]

    def line(self, prompt: str, default: str | None = None, *, optional: bool = False) -> str:
        hint = f" [{default}]" if default is not None else (" [skip]" if optional else "")
        while True:
            try:
                raw = self.ask(f"{prompt}{hint}: ").strip()
            except EOFError:
                raise Quit from None
            low = raw.lower()
            if low == "back":
                raise Back
            if low in {"quit", "exit"}:
                raise Quit
            if low == "skip":
                if optional:
                    raise _Skip
                self.say("  This one can't be skipped.")
                continue
            if not raw:
                if default is not None:
                    return default
                if optional:
                    raise _Skip
                self.say("  Please answer (or type 'back' or 'quit').")
                continue
            return raw

    def value(
        self,
        prompt: str,
        parse: Callable[[str], Any],
        default: str | None = None,
        *,
        optional: bool = False,
    ) -> Any:
        while True:
            try:
                raw = self.line(prompt, default, optional=optional)
            except _Skip:
                return None
            try:
                return parse(raw)
            except ValueError as exc:
                self.say(f"  {exc}")

    def yes_no(self, prompt: str, default: bool | None = None) -> bool:
        d = None if default is None else ("y" if default else "n")
        return bool(self.value(prompt + " (y/n)", A.yes_no, d))


class EmergencyStop(Exception):
    """A yes to an emergency question: the intake stops there, asking nothing more."""

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__("emergency")
        self.data = data


def run_intake(p: Prompter) -> dict[str, Any]:
    """Ask every screen; returns profile data (not yet validated as a whole).

    'back' returns to the previous screen with its earlier answers as the defaults, so
    Enter keeps them. A yes to an emergency question raises ``EmergencyStop`` at once;
    any other red flag ends the intake after the safety screen."""
    data: dict[str, Any] = {}
    screens: list[Callable[[Prompter, dict[str, Any]], None]] = [
        _about,
        _pain,
        _red_flags,
        _conditions,
        _kit,
        _schedule,
        _baseline,
    ]
    i = 0
    while i < len(screens):
        try:
            screens[i](p, data)
        except Back:
            i = max(i - 1, 0)
            continue
        if screens[i] is _red_flags and any(data["red_flags"].values()):
            # a referral: no plan is made, so the schedule not asked is the usual default
            data.setdefault(
                "schedule", {**DEFAULT_SCHEDULE, "start_date": dt.date.today().isoformat()}
            )
            return data
        i += 1
    return data


def _kept(value: object) -> str | None:
    """An earlier answer as a prompt's default (None: there was none)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "y" if value else "n"
    if isinstance(value, list):
        return ",".join(str(v) for v in value) or "none"
    return str(value)


def _about(p: Prompter, data: dict[str, Any]) -> None:
    p.say("\n1/7  About you")
    data["name"] = p.line("Your first name", _kept(data.get("name")))
    data["age"] = p.value("Your age", A.int_in(12, 110), _kept(data.get("age")))
    sex = p.value(
        "Sex (female, male, other)",
        A.choice([s.value for s in Sex]),
        _kept(data.get("sex")),
        optional=True,
    )
    data.pop("sex", None)
    if sex:
        data["sex"] = sex


def _pain(p: Prompter, data: dict[str, Any]) -> None:
    p.say("\n2/7  Your pain")
    areas = [a.value for a in PainArea]
    data["pain_area"] = p.value(
        "Where does it hurt: 1 knee, 2 low-back, 3 both, 4 neither",
        A.choice(areas, numbered=True),
        _kept(data.get("pain_area")),
    )
    data["pain_now"] = p.value(
        "Pain right now, 0 (none) to 10 (worst imaginable)",
        A.int_in(0, 10),
        _kept(data.get("pain_now")),
    )
    earlier: list[dict[str, Any]] = data.get("activities", [])
    activities: list[dict[str, Any]] = []
    p.say("Up to three activities that are hard because of it (blank when done).")
    while len(activities) < 3:
        before = earlier[len(activities)] if len(activities) < len(earlier) else None
        name = p.value(
            f"Activity {len(activities) + 1}",
            str,
            before["name"] if before else None,
            optional=True,
        )
        if not name:
            break
        ability = p.value(
            f"How well can you do '{name}': 0 (not at all) to 10 (as before)",
            A.int_in(0, 10),
            _kept(before["ability"]) if before and before["name"] == name else None,
        )
        activities.append({"name": name, "ability": ability})
    data["activities"] = activities


def _red_flags(p: Prompter, data: dict[str, Any]) -> None:
    p.say(
        "\n3/7  Safety questions. Answer each y or n; any yes means a clinician should "
        "see you first."
    )
    # each answer is kept as it is given, so that 'back' from a later question keeps it
    answers: dict[str, bool] = data.setdefault("red_flags", {})
    asked = questions_for(PainArea(data["pain_area"]))
    for q in asked:
        answers[q.id] = p.yes_no(q.text, answers.get(q.id))
        if answers[q.id] and q.urgency is Urgency.EMERGENCY:
            data["red_flags"] = {k: v for k, v in answers.items() if k in {a.id for a in asked}}
            raise EmergencyStop(data)
    # a changed pain area leaves answers to questions no longer asked: they go
    data["red_flags"] = {q.id: answers[q.id] for q in asked}


def _conditions(p: Prompter, data: dict[str, Any]) -> None:
    p.say("\n4/7  Things that change which exercises suit you")
    answers: dict[str, bool] = data.setdefault("conditions", {})
    for key, question in CONDITIONS:
        answers[key] = p.yes_no(question, answers.get(key, False))


def _kit(p: Prompter, data: dict[str, Any]) -> None:
    p.say("\n5/7  Equipment (a mat, wall, chair, pillow and door frame are assumed)")
    for i, e in enumerate(A.OFFERED, 1):
        p.say(f"  {i:>2}. {e.value}")
    data["equipment"] = p.value(
        "What do you have? Numbers or names, comma-separated",
        A.equipment,
        _kept(data.get("equipment")) or "none",
    )
    exp = [e.value for e in Experience]
    data["experience"] = p.value(
        "Strength training so far: 1 none, 2 some (on and off), 3 regular",
        A.choice(exp, numbered=True),
        _kept(data.get("experience")) or "none",
    )


def _schedule(p: Prompter, data: dict[str, Any]) -> None:
    p.say(
        "\n6/7  When you can train (2-3 sessions a week, at least "
        f"{R.MIN_HOURS_BETWEEN_SESSIONS} hours apart)"
    )
    s: dict[str, Any] = data.setdefault("schedule", {})
    s["days"] = p.value(
        "Which days? e.g. mon,wed,fri", A.days, _kept(s.get("days")) or "mon,wed,fri"
    )
    s["sessions_per_week"] = p.value(
        "Sessions a week (2 or 3)", A.int_in(2, 3), _kept(s.get("sessions_per_week")) or "2"
    )
    while len(s["days"]) < s["sessions_per_week"]:
        p.say(f"  {s['sessions_per_week']} sessions need at least {s['sessions_per_week']} days.")
        s["days"] = p.value("Which days?", A.days)
    s["time"] = p.value("At what time?", A.time_of_day, _kept(s.get("time")) or "18:00")
    s["max_minutes"] = p.value(
        "Longest session you want, in minutes (10-120)",
        A.int_in(10, 120),
        _kept(s.get("max_minutes")) or "30",
    )
    s["start_date"] = p.value(
        "Start on", A.day, _kept(s.get("start_date")) or dt.date.today().isoformat()
    )


def _baseline(p: Prompter, data: dict[str, Any]) -> None:
    p.say("\n7/7  Optional tests (Enter skips). They choose your starting step on each ladder.")
    base: dict[str, int] = data.setdefault("baseline", {})
    for key, prompt, high in BASELINE:
        value = p.value(prompt, A.int_in(0, high), _kept(base.get(key)), optional=True)
        if value is None:
            base.pop(key, None)
        else:
            base[key] = value
