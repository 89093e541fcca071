"""Settings from the environment, read when asked for, never at import.

A plain dataclass rather than pydantic-settings: importing pydantic-settings
costs about 90 ms, which the CLI's start-up budget cannot carry.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DISCLAIMER = (
    "hamcoach educates and organises exercise. It does not diagnose or treat any "
    "condition and is no substitute for a clinician. If something hurts, stop and "
    "ask a physical therapist or doctor."
)


@dataclass(frozen=True)
class Settings:
    home: Path
    """Where hamcoach keeps its data: HAMCOACH_HOME, else the user data dir."""

    database_url: str | None = None
    """HAMCOACH_DATABASE_URL; None means the SQLite file under ``home``."""

    catalog_path: str = ""
    """HAMCOACH_CATALOG_PATH: extra catalog directories, os.pathsep-separated."""

    @property
    def cache_dir(self) -> Path:
        """Derived data that can be thrown away (the validated catalog)."""
        return self.home / "cache"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        environ = os.environ if env is None else env
        home = environ.get("HAMCOACH_HOME")
        if home:
            root = Path(home).expanduser()
        else:
            from platformdirs import user_data_path

            root = user_data_path("hamcoach", appauthor=False)
        return cls(
            home=root,
            database_url=environ.get("HAMCOACH_DATABASE_URL") or None,
            catalog_path=environ.get("HAMCOACH_CATALOG_PATH", ""),
        )
