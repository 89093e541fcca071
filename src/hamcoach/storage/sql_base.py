"""What every SQL repository shares: its session and the plan lookup by public id."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hamcoach.storage.models import PlanRow


class Base:
    def __init__(self, db: Session) -> None:
        self.db = db

    def _plan(self, uid: str) -> PlanRow:
        row = self.db.scalar(select(PlanRow).where(PlanRow.uid == uid))
        if row is None:
            raise LookupError(f"no plan {uid}")
        return row
