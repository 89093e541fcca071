"""Settings from the environment, read when asked for, never at import.

A plain dataclass rather than pydantic-settings: importing pydantic-settings
costs about 90 ms, which the CLI's start-up budget cannot carry.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hamcoach.domain import rules as R
from hamcoach.errors import SettingsError as SettingsError  # importable here, as before
from hamcoach.limits import MAX_TIMER_SCALE

if TYPE_CHECKING:
    from hamcoach.domain.rules import Rules

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

    load_step_pct: float = R.LOAD_STEP_PCT
    """HAMCOACH_LOAD_STEP_PCT: how much a load rises at once, 2-10 % (default 5)."""

    load_increment_kg: float = R.LOAD_INCREMENT_KG
    """HAMCOACH_LOAD_INCREMENT_KG: the smallest step your weights allow (default 1 kg)."""

    timer_scale: float = 1.0
    """HAMCOACH_TIMER_SCALE: seconds per timer second in the guided session (0: no waiting)."""

    base_url: str = "http://127.0.0.1:8000"
    """HAMCOACH_BASE_URL: where people reach `hamcoach serve` (links and feed URLs)."""

    secure_cookies: bool = False
    """HAMCOACH_SECURE_COOKIES=1: cookies only over HTTPS (set it behind a TLS proxy);
    also on whenever base_url starts with https."""

    def rules(self) -> Rules:
        from hamcoach.domain.rules import Rules

        return Rules(load_step_pct=self.load_step_pct, load_increment_kg=self.load_increment_kg)

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
            load_step_pct=_number(
                environ,
                "HAMCOACH_LOAD_STEP_PCT",
                R.LOAD_STEP_PCT,
                R.LOAD_STEP_MIN_PCT,
                R.LOAD_STEP_MAX_PCT,
            ),
            load_increment_kg=_number(
                environ,
                "HAMCOACH_LOAD_INCREMENT_KG",
                R.LOAD_INCREMENT_KG,
                *R.LOAD_INCREMENT_RANGE_KG,
            ),
            timer_scale=_number(environ, "HAMCOACH_TIMER_SCALE", 1.0, 0.0, MAX_TIMER_SCALE),
            base_url=_url(environ.get("HAMCOACH_BASE_URL", "").strip()),
            secure_cookies=environ.get("HAMCOACH_SECURE_COOKIES", "").strip() in {"1", "true"}
            or environ.get("HAMCOACH_BASE_URL", "").startswith("https://"),
        )


def _number(
    environ: Mapping[str, str], name: str, default: float, low: float, high: float
) -> float:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw[:40]!r} is not a number") from None
    if not math.isfinite(value):
        raise SettingsError(f"{name}={raw} is not a number; give one from {low:g} to {high:g}")
    if not low <= value <= high:
        raise SettingsError(f"{name}={raw} is outside {low:g}-{high:g}")
    return value


def _url(raw: str) -> str:
    if not raw:
        return "http://127.0.0.1:8000"
    if not raw.startswith(("http://", "https://")) or len(raw) > 200 or " " in raw:
        raise SettingsError(f"HAMCOACH_BASE_URL={raw[:60]!r}: give an http(s) address")
    return raw.rstrip("/")
