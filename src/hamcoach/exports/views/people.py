"""``patients list --json``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


class PatientFacts(Protocol):
    """What a person's record (services.ports.Patient) offers."""

    @property
    def id(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def created_at(self) -> dt.datetime: ...
    @property
    def timezone(self) -> str | None: ...
    @property
    def load_step_pct(self) -> float | None: ...
    @property
    def load_increment_kg(self) -> float | None: ...


@dataclass(frozen=True, slots=True)
class PatientView:
    """``patients list --json``: one person."""

    id: str
    name: str
    timezone: str | None
    created_at: str
    load_step_pct: float | None
    load_increment_kg: float | None


def patient_view(p: PatientFacts) -> PatientView:
    return PatientView(
        p.id,
        p.display_name,
        p.timezone,
        p.created_at.isoformat(),
        p.load_step_pct,
        p.load_increment_kg,
    )
