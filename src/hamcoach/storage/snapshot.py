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
from pathlib import Path
from typing import Any

from hamcoach.config import Settings
from hamcoach.files import write_atomic

NAME = "today.json"


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
        parts.append(f"{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


def read(settings: Settings) -> dict[str, Any] | None:
    key = fingerprint(settings)
    if key is None:
        return None
    try:
        data = json.loads((settings.cache_dir / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("fingerprint") != key:
        return None
    return data


def write(settings: Settings, data: dict[str, Any]) -> None:
    key = fingerprint(settings)
    if key is None:
        return
    with contextlib.suppress(OSError):  # a snapshot that cannot be written only costs speed
        write_atomic(settings.cache_dir / NAME, json.dumps({**data, "fingerprint": key}))
