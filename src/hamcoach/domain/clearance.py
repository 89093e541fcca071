"""A clinician's clearance of one red flag, for one person.

A "see a clinician first" flag (a controlled high blood pressure under
``heart_condition``, say) would otherwise block forever: the only way on would be
to answer falsely. A clinician who has checked it can clear it; from then on that
one flag no longer blocks, and stays visible as "cleared by X on D". Emergency
flags (cauda equina signs) reported now are never cleared in the program: they always
say to get emergency care today (shared/design/CLINICAL_RULES.md, "Clearance and
escalation"). One reported at an earlier screening and no longer goes on blocking (a
changed answer does not lift it) until a clinician who has checked it clears it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hamcoach.domain.catalog import UnknownIdError
from hamcoach.domain.screening import QUESTIONS, Question, Urgency
from hamcoach.errors import InputError

NAME_MAX = 80
"""Characters in the clinician's name."""
NOTE_MAX = 500
"""Characters in the clearance's note."""


class ClearanceError(InputError):
    """A clearance that cannot be recorded: an emergency flag, a date in the future, an
    empty name."""


@dataclass(frozen=True, slots=True)
class Clearance:
    """Who cleared which flag, on which day, and why; ``recorded_at`` is when it was typed."""

    question_id: str
    cleared_by: str
    cleared_on: dt.date
    note: str | None = None
    recorded_at: dt.datetime | None = None

    def to_json(self) -> dict[str, str | None]:
        """As a plan stores it (``recorded_at`` is the clearance row's, not the plan's)."""
        return {
            "question_id": self.question_id,
            "cleared_by": self.cleared_by,
            "cleared_on": self.cleared_on.isoformat(),
            "note": self.note,
        }

    @classmethod
    def from_json(cls, data: dict[str, str | None]) -> Clearance:
        return cls(
            str(data["question_id"]),
            str(data["cleared_by"]),
            dt.date.fromisoformat(str(data["cleared_on"])),
            data.get("note"),
        )

    def describe(self) -> str:
        """'cleared by Dr Lee on 2026-05-01', with the note when there is one."""
        note = f" ({self.note})" if self.note else ""
        return f"cleared by {self.cleared_by} on {self.cleared_on.isoformat()}{note}"


def question(question_id: str) -> Question:
    """The red-flag question with this id; UnknownIdError names the closest ids."""
    by_id = {q.id: q for q in QUESTIONS}
    found = by_id.get(question_id)
    if found is None:
        error = UnknownIdError("question", question_id, by_id)
        error.hint = "list-questions"
        raise error
    return found


def new_clearance(
    question_id: str,
    *,
    cleared_by: str,
    cleared_on: dt.date,
    today: dt.date,
    note: str | None = None,
    earlier_only: bool = False,
) -> Clearance:
    """A checked clearance, or the one reason it cannot be recorded.

    An emergency sign is refused whoever clears it: the words say to get emergency care
    today, not to find someone to sign it off. Only one the person reported at their
    last screening and no longer reports (``earlier_only``; domain/screening.py
    ``screen``) can be cleared, by a clinician who has checked it.
    """
    q = question(question_id)
    if q.urgency is Urgency.EMERGENCY and not earlier_only:
        raise ClearanceError(
            f"'{q.id}' is an emergency sign (cauda equina) and cannot be cleared here. "
            "Get emergency care today: go to an emergency department or call your local "
            "emergency number."
        )
    name = " ".join(cleared_by.split())
    if not name:
        raise ClearanceError("who cleared it: give the clinician's name")
    if len(name) > NAME_MAX:
        raise ClearanceError(f"who cleared it: at most {NAME_MAX} characters (got {len(name)})")
    text = " ".join((note or "").split()) or None
    if text is not None and len(text) > NOTE_MAX:
        raise ClearanceError(f"the note: at most {NOTE_MAX} characters (got {len(text)})")
    if cleared_on > today:
        raise ClearanceError(
            f"the clearance date {cleared_on.isoformat()} is in the future: record a "
            "clearance once it has been given"
        )
    return Clearance(q.id, name, cleared_on, text)
