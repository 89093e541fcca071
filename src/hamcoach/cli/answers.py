"""The intake's answers: each parser turns what a person typed into a value, or raises
ValueError with one sentence saying what would be accepted (the prompter shows it and asks
again)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from hamcoach.domain.profile import Weekday
from hamcoach.intake.questions import OFFERED

__all__ = ["OFFERED"]


def yes_no(raw: str) -> bool:
    low = raw.lower()
    if low in {"y", "yes"}:
        return True
    if low in {"n", "no"}:
        return False
    raise ValueError("Answer y or n.")


def int_in(low: int, high: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            n = int(raw)
        except ValueError:
            raise ValueError(f"A whole number from {low} to {high}, please.") from None
        if not low <= n <= high:
            raise ValueError(f"A whole number from {low} to {high}, please.")
        return n

    return parse


def choice(options: list[str], *, numbered: bool = False) -> Callable[[str], str]:
    """One of ``options``, by name or by the start of one ('f' for female); by number only
    when the prompt shows numbers (``numbered``), so that a stray digit is not an answer."""

    def parse(raw: str) -> str:
        low = " ".join(raw.lower().replace("-", " ").split())
        names = {o.replace("-", " "): o for o in options}
        if low in names:
            return names[low]
        if numbered and low.isdigit() and 1 <= int(low) <= len(options):
            return options[int(low) - 1]
        starting = [o for name, o in names.items() if low and name.startswith(low)]
        if len(starting) == 1:
            return starting[0]
        listed = ", ".join(f"{i} {o}" if numbered else o for i, o in enumerate(options, 1))
        raise ValueError(f"'{raw}' is not one of the choices; choose one of: {listed}")

    return parse


def days(raw: str) -> list[str]:
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


_TIME = re.compile(r"(\d{1,2})(?:[:.h](\d{2}))?(?:\s*([ap])\.?\s*m?\.?)?")


def time_of_day(raw: str) -> str:
    """'7', '7:30', '07:30', '19.30', '7:15am' and '7 pm' all work."""
    match = _TIME.fullmatch(raw.strip().lower())
    if match is None:
        raise ValueError(f"'{raw}' is not a time; a time like 18:30 or 6:30pm, please.")
    hours, minutes, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half is not None:
        if not 1 <= hours <= 12:
            raise ValueError(f"'{raw}': with am or pm the hour is 1-12.")
        hours = hours % 12 + (12 if half == "p" else 0)
    try:
        return dt.time(hours, minutes).strftime("%H:%M")
    except ValueError:
        raise ValueError(f"'{raw}' is not a time; a time like 18:30 or 6:30pm, please.") from None


def day(raw: str) -> str:
    from hamcoach.limits import read_day

    try:
        return read_day(raw).isoformat()
    except ValueError as exc:
        raise ValueError(f"{exc}: a date like 2026-11-23 (or 'today'), please.") from None


def equipment(raw: str) -> list[str]:
    offered = [e.value for e in OFFERED]
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
