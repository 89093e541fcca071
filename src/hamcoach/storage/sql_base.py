"""What every SQL repository shares: its session and the plan lookup by public id."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hamcoach.storage.models import PlanRow


class Base:
    def __init__(self, db: Session) -> None:
        self.db = db

    def _plan(self, uid: str) -> PlanRow:
        """The plan's row, looked up once per unit of work: a write reads and writes the
        plan through several repositories, each of which used to look it up again."""
        known = _plans(self.db)
        row = known.get(uid)
        if row is None:
            row = self.db.scalar(select(PlanRow).where(PlanRow.uid == uid))
            if row is None:
                raise LookupError(f"no plan {uid}")
            known[uid] = row
        return row


def _plans(db: Session) -> dict[str, PlanRow]:
    """The plan rows this session has looked up, by public id (in ``Session.info``, which
    lives as long as the unit of work)."""
    known: dict[str, PlanRow] = db.info.setdefault("hamcoach_plans", {})
    return known


def remember_plan(db: Session, row: PlanRow) -> None:
    """A plan row found another way (the person's active plan), for ``Base._plan``."""
    _plans(db)[row.uid] = row
