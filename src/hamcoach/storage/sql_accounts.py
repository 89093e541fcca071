"""The SQL side of services.account_ports.Accounts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select, update

from hamcoach.services.account_ports import AuditEvent, OneTimeLink, Role, User, WebSession
from hamcoach.storage.account_rows import (
    AuditRow,
    CalendarFeedRow,
    LoginAttemptRow,
    OneTimeLinkRow,
    UserRow,
    WebSessionRow,
)
from hamcoach.storage.sql_base import Base


def _user(r: UserRow) -> User:
    return User(
        r.id,
        r.email,
        Role(r.role),
        r.created_at,
        r.patient_id,
        r.clinic_id,
        r.password_hash,
        r.disabled_at,
    )


class SqlAccounts(Base):
    def add_user(self, user: User) -> int:
        row = UserRow(
            email=user.email,
            role=user.role.value,
            patient_id=user.patient_id,
            clinic_id=user.clinic_id,
            password_hash=user.password_hash,
            created_at=user.created_at,
            disabled_at=user.disabled_at,
        )
        self.db.add(row)
        self.db.flush()
        return row.id

    def user(self, user_id: int) -> User | None:
        row = self.db.get(UserRow, user_id)
        return None if row is None else _user(row)

    def by_email(self, email: str) -> User | None:
        row = self.db.scalar(select(UserRow).where(UserRow.email == email.lower()))
        return None if row is None else _user(row)

    def users(self) -> list[User]:
        return [_user(r) for r in self.db.scalars(select(UserRow).order_by(UserRow.id))]

    def set_password(self, user_id: int, password_hash: str) -> None:
        self.db.execute(
            update(UserRow).where(UserRow.id == user_id).values(password_hash=password_hash)
        )

    def disable(self, user_id: int, at: dt.datetime) -> None:
        self.db.execute(update(UserRow).where(UserRow.id == user_id).values(disabled_at=at))

    def delete_users_of(self, patient_id: str) -> None:
        self.db.execute(delete(UserRow).where(UserRow.patient_id == patient_id))

    def add_session(self, session: WebSession) -> None:
        self.db.add(
            WebSessionRow(
                digest=session.digest,
                user_id=session.user_id,
                csrf=session.csrf,
                created_at=session.created_at,
                expires_at=session.expires_at,
                revoked_at=session.revoked_at,
            )
        )

    def signed_in(self, digest: str) -> tuple[WebSession, User | None] | None:
        found = self.db.execute(
            select(WebSessionRow, UserRow)
            .outerjoin(UserRow, UserRow.id == WebSessionRow.user_id)
            .where(WebSessionRow.digest == digest)
        ).first()
        if found is None:
            return None
        r, user = found
        session = WebSession(r.digest, r.user_id, r.csrf, r.created_at, r.expires_at, r.revoked_at)
        return session, None if user is None else _user(user)

    def session(self, digest: str) -> WebSession | None:
        r = self.db.get(WebSessionRow, digest)
        if r is None:
            return None
        return WebSession(r.digest, r.user_id, r.csrf, r.created_at, r.expires_at, r.revoked_at)

    def revoke_sessions(self, user_id: int, at: dt.datetime, *, keep: str | None = None) -> None:
        query = update(WebSessionRow).where(
            WebSessionRow.user_id == user_id, WebSessionRow.revoked_at.is_(None)
        )
        if keep is not None:
            query = query.where(WebSessionRow.digest != keep)
        self.db.execute(query.values(revoked_at=at))

    def revoke_session(self, digest: str, at: dt.datetime) -> None:
        self.db.execute(
            update(WebSessionRow).where(WebSessionRow.digest == digest).values(revoked_at=at)
        )

    def add_link(self, link: OneTimeLink) -> None:
        self.db.add(
            OneTimeLinkRow(
                digest=link.digest,
                user_id=link.user_id,
                purpose=link.purpose,
                created_at=link.created_at,
                expires_at=link.expires_at,
                used_at=link.used_at,
            )
        )

    def link(self, digest: str) -> OneTimeLink | None:
        r = self.db.get(OneTimeLinkRow, digest)
        if r is None:
            return None
        return OneTimeLink(r.digest, r.user_id, r.purpose, r.created_at, r.expires_at, r.used_at)

    def use_link(self, digest: str, at: dt.datetime) -> None:
        self.db.execute(
            update(OneTimeLinkRow).where(OneTimeLinkRow.digest == digest).values(used_at=at)
        )

    def feed_patient(self, digest: str) -> str | None:
        return self.db.scalar(
            select(CalendarFeedRow.patient_id).where(CalendarFeedRow.digest == digest)
        )

    def set_feed(self, patient_id: str, digest: str, at: dt.datetime) -> None:
        row = self.db.get(CalendarFeedRow, patient_id)
        if row is None:
            self.db.add(CalendarFeedRow(patient_id=patient_id, digest=digest, created_at=at))
        else:
            row.digest, row.created_at = digest, at
        self.db.flush()

    def has_feed(self, patient_id: str) -> bool:
        return self.db.get(CalendarFeedRow, patient_id) is not None

    def add_attempt(self, key: str, at: dt.datetime, *, ok: bool) -> None:
        self.db.add(LoginAttemptRow(key=key, at=at, ok=ok))

    def failures_since(self, key: str, since: dt.datetime) -> int:
        return (
            self.db.scalar(
                select(func.count())
                .select_from(LoginAttemptRow)
                .where(LoginAttemptRow.key == key, LoginAttemptRow.at >= since, ~LoginAttemptRow.ok)
            )
            or 0
        )

    def audit(self, event: AuditEvent) -> None:
        self.db.add(
            AuditRow(
                at=event.at,
                action=event.action,
                user_id=event.user_id,
                patient_id=event.patient_id,
                detail=event.detail,
            )
        )

    def audit_log(self, *, patient_id: str | None = None, limit: int = 200) -> list[AuditEvent]:
        query = select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc()).limit(limit)
        if patient_id is not None:
            query = query.where(AuditRow.patient_id == patient_id)
        return [
            AuditEvent(r.at, r.action, r.user_id, r.patient_id, r.detail)
            for r in self.db.scalars(query)
        ]
