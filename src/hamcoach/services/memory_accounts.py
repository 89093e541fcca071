"""The in-memory Accounts (services.account_ports), beside MemoryStore."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from hamcoach.services.account_ports import AuditEvent, OneTimeLink, User, WebSession


@dataclass
class AccountData:
    users: dict[int, User] = field(default_factory=dict)
    sessions: dict[str, WebSession] = field(default_factory=dict)
    links: dict[str, OneTimeLink] = field(default_factory=dict)
    feeds: dict[str, str] = field(default_factory=dict)
    """patient id -> token digest"""
    attempts: list[tuple[str, dt.datetime, bool]] = field(default_factory=list)
    audit: list[AuditEvent] = field(default_factory=list)
    next_id: int = 0


class MemoryAccounts:
    def __init__(self, data: AccountData) -> None:
        self.d = data

    def add_user(self, user: User) -> int:
        if any(u.email == user.email for u in self.d.users.values()):
            raise ValueError(f"user {user.email} exists")
        self.d.next_id += 1
        self.d.users[self.d.next_id] = replace(user, id=self.d.next_id)
        return self.d.next_id

    def user(self, user_id: int) -> User | None:
        return self.d.users.get(user_id)

    def by_email(self, email: str) -> User | None:
        return next((u for u in self.d.users.values() if u.email == email.lower()), None)

    def users(self) -> list[User]:
        return [self.d.users[k] for k in sorted(self.d.users)]

    def set_password(self, user_id: int, password_hash: str) -> None:
        self.d.users[user_id] = replace(self.d.users[user_id], password_hash=password_hash)

    def disable(self, user_id: int, at: dt.datetime) -> None:
        self.d.users[user_id] = replace(self.d.users[user_id], disabled_at=at)

    def delete_users_of(self, patient_id: str) -> None:
        gone = {k for k, u in self.d.users.items() if u.patient_id == patient_id}
        self.d.users = {k: u for k, u in self.d.users.items() if k not in gone}
        self.d.sessions = {k: s for k, s in self.d.sessions.items() if s.user_id not in gone}
        self.d.links = {k: v for k, v in self.d.links.items() if v.user_id not in gone}

    def add_session(self, session: WebSession) -> None:
        self.d.sessions[session.digest] = session

    def session(self, digest: str) -> WebSession | None:
        return self.d.sessions.get(digest)

    def signed_in(self, digest: str) -> tuple[WebSession, User | None] | None:
        session = self.d.sessions.get(digest)
        return None if session is None else (session, self.d.users.get(session.user_id))

    def revoke_sessions(self, user_id: int, at: dt.datetime, *, keep: str | None = None) -> None:
        for k, s in list(self.d.sessions.items()):
            if s.user_id == user_id and s.revoked_at is None and k != keep:
                self.d.sessions[k] = replace(s, revoked_at=at)

    def revoke_session(self, digest: str, at: dt.datetime) -> None:
        if digest in self.d.sessions:
            self.d.sessions[digest] = replace(self.d.sessions[digest], revoked_at=at)

    def add_link(self, link: OneTimeLink) -> None:
        self.d.links[link.digest] = link

    def link(self, digest: str) -> OneTimeLink | None:
        return self.d.links.get(digest)

    def use_link(self, digest: str, at: dt.datetime) -> None:
        self.d.links[digest] = replace(self.d.links[digest], used_at=at)

    def feed_patient(self, digest: str) -> str | None:
        return next((p for p, d in self.d.feeds.items() if d == digest), None)

    def set_feed(self, patient_id: str, digest: str, at: dt.datetime) -> None:
        self.d.feeds[patient_id] = digest

    def has_feed(self, patient_id: str) -> bool:
        return patient_id in self.d.feeds

    def add_attempt(self, key: str, at: dt.datetime, *, ok: bool) -> None:
        self.d.attempts.append((key, at, ok))

    def failures_since(self, key: str, since: dt.datetime) -> int:
        return sum(1 for k, at, ok in self.d.attempts if k == key and at >= since and not ok)

    def audit(self, event: AuditEvent) -> None:
        self.d.audit.append(event)

    def audit_log(self, *, patient_id: str | None = None, limit: int = 200) -> list[AuditEvent]:
        events = [e for e in self.d.audit if patient_id is None or e.patient_id == patient_id]
        return sorted(events, key=lambda e: e.at, reverse=True)[:limit]
