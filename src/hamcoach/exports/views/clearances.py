"""``clearance list --json`` and the ``clearances[]`` of ``plan show --json``."""

from __future__ import annotations

from dataclasses import dataclass

from hamcoach.domain.clearance import Clearance
from hamcoach.domain.screening import QUESTIONS


@dataclass(frozen=True, slots=True)
class ClearanceView:
    """One red flag a clinician cleared for the person."""

    question_id: str
    question: str
    cleared_by: str
    cleared_on: str  # ISO date
    note: str | None


def question_text(question_id: str) -> str:
    """The question's words; a file from another version may name one this one lacks."""
    found = next((q.text for q in QUESTIONS if q.id == question_id), None)
    return found or "(a question this version of hamcoach does not ask)"


def clearance_view(c: Clearance) -> ClearanceView:
    return ClearanceView(
        c.question_id, question_text(c.question_id), c.cleared_by, c.cleared_on.isoformat(), c.note
    )
