"""How much input hamcoach takes: bounds that keep a hostile or broken file, option or
variable from costing minutes, memory or a crash. Not clinical numbers (those live in
domain/rules.py): each is far beyond what real use needs, and each is checked once, at
the edge where the input comes in.
"""

from __future__ import annotations

import datetime as dt
import re

FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
MAX_DAY_OFFSET = 3660
"""The most days from a plan's start a `plan simulate` entry's ``day`` may give (ten
years: far beyond a 12-week plan, short of the calendar's end)."""


def read_day(text: str) -> dt.date:
    """'YYYY-MM-DD' or 'today', within FIRST_DAY..LAST_DAY; ValueError saying what is wrong."""
    if text.strip().lower() == "today":
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"'{text}' is not a date; use YYYY-MM-DD or 'today'") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{text} is outside the years {FIRST_DAY.year}-{LAST_DAY.year}")
    return day


"""Any date hamcoach takes lies in these years: a date of 0001-01-01 or 9999-12-31 is a
typo, and date arithmetic near the ends of the calendar overflows."""


MAX_DIGITS = 15
"""The longest whole number any file or option may hold (a 5000-digit number costs a
second to convert and fits no column)."""

MAX_DEPTH = 32
"""How deeply lists and mappings may nest in a file (a profile uses 3, an export 7)."""

MAX_YAML_VALUES = 100_000
"""How many values a YAML file may expand to, aliases counted each time they repeat
(nine levels of nine aliases expand to 387 million: an 'alias bomb')."""

PROFILE_BYTES = 1 << 20
CATALOG_FILE_BYTES = 1 << 20
SIMULATION_BYTES = 8 << 20
IMPORT_BYTES = 256 << 20
"""The largest file of each kind hamcoach reads (a profile is about 2 kB; five years of
an export about 10 MB)."""

MAX_SETS = 20
"""Sets in one logged exercise; the articles' doses have at most 5."""
MAX_REPS = 500
"""The most reps one set may log."""
MAX_LOAD_KG = 500.0
"""The heaviest load one set (or a starting weight) may log, in kilograms."""
MAX_HOLD_S = 600
"""The longest hold one set may log, in seconds."""

MAX_TIMER_SCALE = 10.0
"""HAMCOACH_TIMER_SCALE: seconds per timer second, 0 (no waiting) to this."""

INT32_MAX = 2**31 - 1
"""The largest integer a database column holds (PostgreSQL ``integer``)."""

_LOAD = re.compile(r"\s*(\d+(?:[.,]\d+)?)\s*(kg|lb|lbs)?\s*")
_DECIMAL_COMMA = re.compile(r"\s*\d+,\d+\s*\D*")


def _unit(text: str) -> bool:
    """Whether a weight is written with its unit ('22kg', '50 lb')."""
    return bool(re.search(r"[a-zA-Z]", text))


def read_load(text: str) -> float:
    """'12kg', '22.5', '22,5', '25lb' -> kilograms, within 0-MAX_LOAD_KG; ValueError saying
    what is wrong. The one reader of a weight: `log --load`, `plan set-load` and the
    `plan simulate` logs file all read weights with it."""
    match = _LOAD.fullmatch(text.lower())
    if not match:
        raise ValueError(f"'{text}' is not a load; use e.g. 10kg, 22.5 or 20lb")
    kg = float(match.group(1).replace(",", "."))
    if match.group(2) in {"lb", "lbs"}:
        kg = round(kg * 0.45359237, 1)
    if not 0 < kg <= MAX_LOAD_KG:
        raise ValueError(
            f"'{text}' is {kg:g} kg: a weight is more than 0 and at most {MAX_LOAD_KG:g} kg "
            "(for none, leave it out)"
        )
    return kg


def read_loads(text: str, sets: int) -> list[float]:
    """The weights of ``sets`` sets: one per set ('10kg,12kg,14kg'), else one for every set
    (a decimal comma, '22,5', still reads as one weight); ValueError saying what is wrong."""
    parts = text.split(",")
    if len(parts) == 2 == sets and _DECIMAL_COMMA.fullmatch(text) and not _unit(parts[0]):
        whole, rest = (p.strip() for p in parts)  # '22,5' for two sets: 22.5, or 22 then 5?
        digits = rest.rstrip("kglbs ")
        unit = rest[len(digits) :].strip() or "kg"
        raise ValueError(
            f"'{text}' for 2 sets could mean {whole}.{digits} {unit} each or {whole} {unit} "
            f"then {digits} {unit}; write {whole}.{digits}{unit} for one weight, or "
            f"{whole}{unit},{digits}{unit} for one per set"
        )
    if len(parts) == sets and sets > 1:
        return [read_load(part) for part in parts]
    if len(parts) > 2 or (len(parts) == 2 and not _DECIMAL_COMMA.fullmatch(text)):
        raise ValueError(
            f"'{text}' is {len(parts)} weights for {sets} set{'s' if sets != 1 else ''}; give "
            "one for every set, or one per set"
        )
    return [read_load(text)] * sets
