"""Reading what a person typed into a form: lists of whole numbers and weights. Each
problem is a 400 that names the field and the value."""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import available_timezones

from fastapi import HTTPException

from hamcoach.limits import read_loads


def numbers(raw: str, field: str, *, high: int) -> list[int]:
    """'12, 12, 10' -> [12, 12, 10]; '' -> []."""
    if not raw.strip():
        return []
    out = []
    for part in raw.split(","):
        part = part.strip()
        if not re.fullmatch(r"[0-9]{1,6}", part):
            raise HTTPException(
                400, f"{field}: '{part[:20]}' is not a whole number (e.g. 12,12,10)"
            )
        if int(part) > high:
            raise HTTPException(400, f"{field}: {part} is more than {high}")
        out.append(int(part))
    return out


def optional_int(raw: str, field: str, high: int) -> int | None:
    """One whole number from 0 to ``high``, or None if nothing was typed."""
    raw = raw.strip()
    if not raw:
        return None
    if not re.fullmatch(r"[0-9]{1,6}", raw) or int(raw) > high:
        raise HTTPException(400, f"{field}: a whole number from 0 to {high}, not '{raw[:20]}'")
    return int(raw)


def weights(raw: str, count: int) -> list[float | None]:
    """'10kg' or '10,12,14' (kg; 'lb' converts) for ``count`` sets; '' -> no weight. The
    one reader of a weight (limits.read_loads), as `log --load` reads it."""
    if not raw.strip():
        return [None] * count
    try:
        return list(read_loads(raw.strip(), count))
    except ValueError as exc:
        raise HTTPException(400, f"weight: {exc}") from None


def sentence(text: str) -> str:
    """An error's text as a sentence: a capital first letter (the rest as it was) and a stop."""
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "." if text else text


@cache
def zones() -> tuple[str, ...]:
    """The IANA zones a person may choose: UTC (the zone of a person who gave none), then the
    Region/City names, sorted; read once."""
    cities = sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/"))
    return ("UTC", *cities)
