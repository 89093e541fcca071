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
        data = json.loads((settings.cache_dir / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("fingerprint") != key:
        return None
    return data


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
