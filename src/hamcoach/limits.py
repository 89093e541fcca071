"""How much input hamcoach takes: bounds that keep a hostile or broken file, option or
variable from costing minutes, memory or a crash. Not clinical numbers (those live in
domain/rules.py): each is far beyond what real use needs, and each is checked once, at
the edge where the input comes in.
"""

from __future__ import annotations

import datetime as dt

FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)


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
