"""A read-only snapshot of the upcoming sessions, for a fast `hamcoach today`.

Importing SQLAlchemy alone costs about 140 ms, so `today` reads this JSON
file instead when the SQLite database has not changed since it was written:
the key is the size and modification time of the database file and its WAL.
Any write through hamcoach changes them, which makes the snapshot stale; it
is then rebuilt from the database. PostgreSQL databases are shared, so they
are always read directly. The file is derived data and can be deleted.
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from typing import Any

from hamcoach.config import Settings
from hamcoach.files import write_atomic


def _name(patient: str | None) -> str | None:
    """One snapshot per person asked for (None: the only person there is); an id that is
    not a plain slug gets none (it never becomes part of a path)."""
    if patient is None:
        return "today.json"
    return f"today-{patient}.json" if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,59}", patient) else None


def _db_file(settings: Settings) -> Path | None:
    if settings.database_url:
        return None
    return settings.home / "hamcoach.db"


def fingerprint(settings: Settings) -> str | None:
    db = _db_file(settings)
    if db is None:
        return None
    parts = []
    for path in (db, db.with_name(db.name + "-wal")):
        try:
            st = path.stat()
        except FileNotFoundError:
            parts.append("-")
            continue
        except OSError:
            return None  # an unusable data directory: no snapshot; opening the database says why
        parts.append(f"{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


def read(settings: Settings, patient: str | None) -> dict[str, Any] | None:
    key, name = fingerprint(settings), _name(patient)
    if key is None or name is None:
        return None
    try:
        with (settings.cache_dir / name).open("rb") as f:
            data = json.loads(f.read(SNAPSHOT_BYTES))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("fingerprint") != key or not _valid(data):
        return None  # stale, cut short or tampered with: a miss, rebuilt from the database
    return data


SNAPSHOT_BYTES = 16 << 20
"""A snapshot is never read past this (a few kB in real use)."""


def _valid(data: dict[str, Any]) -> bool:
    """Exactly the shape ``upcoming_json`` writes (exports/views/plan.py), so a damaged
    file is a miss here instead of a crash where ``today`` prints it."""
    import datetime as dt

    sessions = data.get("sessions")
    if not _is(data.get("total"), int) or not isinstance(sessions, list):
        return False
    try:
        dt.date.fromisoformat(str(data["since"]))
    except (KeyError, ValueError):
        return False  # also a snapshot written before ``since`` was kept
    for s in sessions:
        if not isinstance(s, dict) or not all(
            _is(s.get(k), int) for k in ("number", "week", "minutes")
        ):
            return False
        if s.get("status") not in ("planned", "done"):
            return False
        try:
            dt.datetime.fromisoformat(str(s["at"]))
        except (KeyError, ValueError):
            return False
        items = s.get("items")
        if not isinstance(items, list) or not all(_item(i) for i in items):
            return False
    return True


def _item(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and all(isinstance(item.get(k), str) for k in ("exercise_id", "name", "dose"))
        and isinstance(item.get("modifications"), list)
        and all(isinstance(m, str) for m in item["modifications"])
    )


def _is(value: Any, kind: type) -> bool:
    return isinstance(value, kind) and not isinstance(value, bool)


def write(settings: Settings, patient: str | None, data: dict[str, Any], key: str) -> None:
    """Keep ``data`` under ``key``: the fingerprint taken before the data was read, so a
    write that lands meanwhile makes this snapshot stale rather than wrong."""
    name = _name(patient)
    if name is None:
        return
    with contextlib.suppress(OSError):  # a snapshot that cannot be written only costs speed
        write_atomic(
            settings.cache_dir / name, json.dumps({**data, "fingerprint": key}), private=True
        )
