"""What the account use cases need from storage: people who sign in, their sessions,
one-time links, calendar feed tokens, sign-in attempts and the audit log.

Secrets (session ids, one-time links, feed tokens) are never stored: only their
SHA-256 digests, so a copy of the database opens no account and no feed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol


class Role(StrEnum):
    PATIENT = "patient"
    CLINICIAN = "clinician"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class User:
    id: int
    email: str
    role: Role
    created_at: dt.datetime
    patient_id: str | None = None
    """The person whose data a patient account reads and changes (None for staff)."""
    clinic_id: str | None = None
    password_hash: str | None = None
    disabled_at: dt.datetime | None = None

    @property
    def active(self) -> bool:
        return self.disabled_at is None and self.password_hash is not None


@dataclass(frozen=True, slots=True)
class WebSession:
    digest: str
    user_id: int
    csrf: str
    """The session's anti-forgery token, echoed by every form and state-changing call."""
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class OneTimeLink:
    digest: str
    user_id: int
    purpose: str
    created_at: dt.datetime
    expires_at: dt.datetime
    used_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class AuditEvent:
    at: dt.datetime
    action: str
    user_id: int | None = None
    patient_id: str | None = None
    detail: dict[str, Any] | None = None


class Accounts(Protocol):
    def add_user(self, user: User) -> int:
        """Store it (its id is ignored) and return the new id."""

    def user(self, user_id: int) -> User | None: ...
    def by_email(self, email: str) -> User | None:
        """The account with that (lower-cased) e-mail address."""

    def users(self) -> list[User]: ...
    def set_password(self, user_id: int, password_hash: str) -> None: ...
    def disable(self, user_id: int, at: dt.datetime) -> None: ...
    def delete_users_of(self, patient_id: str) -> None:
        """Remove every account of that person (their data is being deleted)."""

    def add_session(self, session: WebSession) -> None: ...
    def session(self, digest: str) -> WebSession | None: ...
    def signed_in(self, digest: str) -> tuple[WebSession, User | None] | None:
        """The session and its account, read together (every request asks)."""

    def revoke_sessions(self, user_id: int, at: dt.datetime, *, keep: str | None = None) -> None:
        """Revoke every live session of the user, but ``keep`` (a digest)."""

    def revoke_session(self, digest: str, at: dt.datetime) -> None: ...
    def add_link(self, link: OneTimeLink) -> None: ...
    def link(self, digest: str) -> OneTimeLink | None: ...
    def use_link(self, digest: str, at: dt.datetime) -> None: ...
    def feed_patient(self, digest: str) -> str | None:
        """The person whose calendar feed that token digest opens."""

    def set_feed(self, patient_id: str, digest: str, at: dt.datetime) -> None:
        """Give the person a new feed token (the old one stops working)."""

    def has_feed(self, patient_id: str) -> bool: ...
    def add_attempt(self, key: str, at: dt.datetime, *, ok: bool) -> None:
        """A sign-in attempt under ``key`` (an e-mail or a client address digest)."""

    def failures_since(self, key: str, since: dt.datetime) -> int: ...
    def audit(self, event: AuditEvent) -> None: ...
    def audit_log(self, *, patient_id: str | None = None, limit: int = 200) -> list[AuditEvent]:
        """Newest first."""
