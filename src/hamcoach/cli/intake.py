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

from hamcoach.domain import rules as R
from hamcoach.domain.catalog import HOUSEHOLD_EQUIPMENT, Equipment
from hamcoach.domain.profile import Experience, PainArea, Sex, Weekday
from hamcoach.domain.screening import questions_for


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
        return bool(self.value(prompt + " (y/n)", _yes_no, d))


def _yes_no(raw: str) -> bool:
    low = raw.lower()
    if low in {"y", "yes"}:
        return True
    if low in {"n", "no"}:
        return False
    raise ValueError("Answer y or n.")


def _int_in(low: int, high: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            n = int(raw)
        except ValueError:
            raise ValueError(f"A whole number from {low} to {high}, please.") from None
        if not low <= n <= high:
            raise ValueError(f"A whole number from {low} to {high}, please.")
        return n

    return parse


def _choice(options: list[str]) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        low = raw.lower()
        if low in options:
            return low
        if low.isdigit() and 1 <= int(low) <= len(options):
            return options[int(low) - 1]
        raise ValueError("Choose one of: " + ", ".join(options))

    return parse


def _days(raw: str) -> list[str]:
    names = [d.value for d in Weekday]
    out: list[str] = []
    for part in raw.replace(" ", ",").split(","):
        part = part.strip().lower()[:3]
        if not part:
            continue
        if part not in names:
            raise ValueError(f"'{part}' is not a weekday; use mon, tue, wed, thu, fri, sat, sun.")
        if part not in out:
            out.append(part)
    if not out:
        raise ValueError("Give at least one weekday.")
    return out


def _time(raw: str) -> str:
    """'7', '7:30', '07:30' and '19.30' all work."""
    hours, _, minutes = raw.replace(".", ":").partition(":")
    try:
        return dt.time(int(hours), int(minutes or 0)).strftime("%H:%M")
    except ValueError:
        raise ValueError("A time like 18:30, please.") from None


def _date(raw: str) -> str:
    if raw.lower() == "today":
        return dt.date.today().isoformat()
    try:
        return dt.date.fromisoformat(raw).isoformat()
    except ValueError:
        raise ValueError("A date like 2026-11-23 (or 'today'), please.") from None


def _equipment(raw: str) -> list[str]:
    offered = [e.value for e in _OFFERED]
    if raw.lower() in {"none", "-"}:
        return []
    out = []
    for part in raw.replace(" ", ",").split(","):
        part = part.strip().lower()
        if not part:
            continue
        if part.isdigit() and 1 <= int(part) <= len(offered):
            part = offered[int(part) - 1]
        if part not in offered:
            raise ValueError(f"'{part}' is not on the list; give numbers or names, or 'none'.")
        out.append(part)
    return out


_OFFERED = [e for e in Equipment if e not in HOUSEHOLD_EQUIPMENT]


def run_intake(p: Prompter) -> dict[str, Any]:
    """Ask every screen; returns profile data (not yet validated as a whole)."""
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
            p.say("\nThank you. One of these answers needs a clinician's attention first.")
            data.setdefault(
                "schedule",
                {"days": ["mon", "wed", "fri"], "start_date": dt.date.today().isoformat()},
            )
            return data
        i += 1
    return data


def _about(p: Prompter, data: dict[str, Any]) -> None:
    p.say("\n1/7  About you")
    data["name"] = p.line("Your first name")
    data["age"] = p.value("Your age", _int_in(12, 110))
    sex = p.value("Sex (female, male, other)", _choice([s.value for s in Sex]), optional=True)
    data.pop("sex", None)
    if sex:
        data["sex"] = sex


def _pain(p: Prompter, data: dict[str, Any]) -> None:
    p.say("\n2/7  Your pain")
    areas = [a.value for a in PainArea]
    data["pain_area"] = p.value(
        "Where does it hurt: 1 knee, 2 low-back, 3 both, 4 neither", _choice(areas)
    )
    data["pain_now"] = p.value("Pain right now, 0 (none) to 10 (worst imaginable)", _int_in(0, 10))
    activities: list[dict[str, Any]] = []
    p.say("Up to three activities that are hard because of it (blank when done).")
    while len(activities) < 3:
        name = p.value(f"Activity {len(activities) + 1}", str, optional=True)
        if not name:
            break
        ability = p.value(
            f"How well can you do '{name}': 0 (not at all) to 10 (as before)", _int_in(0, 10)
        )
        activities.append({"name": name, "ability": ability})
    data["activities"] = activities


def _red_flags(p: Prompter, data: dict[str, Any]) -> None:
    p.say(
        "\n3/7  Safety questions. Answer each y or n; any yes means a clinician should "
        "see you first."
    )
    answers: dict[str, bool] = {}
    for q in questions_for(PainArea(data["pain_area"])):
        answers[q.id] = p.yes_no(q.text)
    data["red_flags"] = answers


def _conditions(p: Prompter, data: dict[str, Any]) -> None:
    p.say("\n4/7  Things that change which exercises suit you")
    data["conditions"] = {
        "flexion_sensitive_back": p.yes_no(
            "Does bending forward or sitting make your back worse?", False
        ),
        "leg_symptoms": p.yes_no("Do you have pain or tingling in a leg below the knee?", False),
        "recent_hamstring_strain": p.yes_no(
            "Have you strained a hamstring in the last 3 months?", False
        ),
        "recent_knee_surgery": p.yes_no("Have you had knee surgery in the last year?", False),
    }


def _kit(p: Prompter, data: dict[str, Any]) -> None:
    p.say("\n5/7  Equipment (a mat, wall, chair, pillow and door frame are assumed)")
    for i, e in enumerate(_OFFERED, 1):
        p.say(f"  {i:>2}. {e.value}")
    data["equipment"] = p.value(
        "What do you have? Numbers or names, comma-separated", _equipment, "none"
    )
    exp = [e.value for e in Experience]
    data["experience"] = p.value(
        "Strength training so far: 1 none, 2 some (on and off), 3 regular", _choice(exp), "none"
    )


def _schedule(p: Prompter, data: dict[str, Any]) -> None:
    p.say(
        "\n6/7  When you can train (2-3 sessions a week, at least "
        f"{R.MIN_HOURS_BETWEEN_SESSIONS} hours apart)"
    )
    days = p.value("Which days? e.g. mon,wed,fri", _days, "mon,wed,fri")
    per_week = p.value("Sessions a week (2 or 3)", _int_in(2, 3), "2")
    while len(days) < per_week:
        p.say(f"  {per_week} sessions need at least {per_week} days.")
        days = p.value("Which days?", _days)
    data["schedule"] = {
        "days": days,
        "sessions_per_week": per_week,
        "time": p.value("At what time?", _time, "18:00"),
        "max_minutes": p.value(
            "Longest session you want, in minutes (10-120)", _int_in(10, 120), "30"
        ),
        "start_date": p.value("Start on", _date, dt.date.today().isoformat()),
    }


def _baseline(p: Prompter, data: dict[str, Any]) -> None:
    p.say("\n7/7  Optional tests (Enter skips). They choose your starting step on each ladder.")
    reps = _int_in(0, 500)
    base = {
        "single_leg_bridge_left": p.value(
            "Single-leg bridges to tiring, left leg", reps, optional=True
        ),
        "single_leg_bridge_right": p.value(
            "Single-leg bridges to tiring, right leg", reps, optional=True
        ),
        "bodyweight_squats": p.value(
            "Bodyweight squats in a row with good form", reps, optional=True
        ),
        "single_leg_deadlift_left": p.value(
            "Slow single-leg deadlifts, left leg", reps, optional=True
        ),
        "single_leg_deadlift_right": p.value(
            "Slow single-leg deadlifts, right leg", reps, optional=True
        ),
        "active_knee_extension_deg": p.value(
            "Active knee extension: degrees short of straight, lying with the hip at 90",
            _int_in(0, 90),
            optional=True,
        ),
    }
    data["baseline"] = {k: v for k, v in base.items() if v is not None}
