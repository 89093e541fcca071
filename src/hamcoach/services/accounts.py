"""Use cases for accounts: people who sign in, their sessions, one-time links, the
calendar feed token, and the audit log.

Secrets leave here once, in the caller's hands (a cookie, a link, a feed URL); the
store keeps only their SHA-256 digests. Sign-in never tells whether an e-mail has an
account: a wrong e-mail and a wrong password fail the same way, in about the same
time, and count toward the same limit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any

from hamcoach import passwords
from hamcoach.domain.profile import slugify
from hamcoach.errors import AccountError, SignInError, TooManyAttemptsError
from hamcoach.services.account_ports import AuditEvent, OneTimeLink, Role, User, WebSession
from hamcoach.services.patients import add_patient
from hamcoach.services.ports import Store, UnitOfWork, utc

SESSION_LIFETIME = dt.timedelta(days=14)
LINK_LIFETIME = dt.timedelta(hours=72)
ATTEMPT_WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
"""Failed sign-ins for one e-mail within ATTEMPT_WINDOW before it is refused (429)."""
MAX_FAILURES_PER_CLIENT = 20
"""Failed sign-ins from one client address within ATTEMPT_WINDOW before it is refused."""
TOKEN_BYTES = 32
"""256 random bits in every session id, link and feed token."""

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def _email(value: str) -> str:
    email = value.strip().lower()
    if len(email) > 254 or not EMAIL.match(email):
        raise AccountError(f"'{value[:80]}' is not an e-mail address")
    return email


@dataclass(frozen=True)
class NewUser:
    user: User
    link_token: str
    """The one-time set-password token (shown once, stored as a digest)."""


def add_user(
    store: Store,
    email: str,
    role: Role,
    *,
    now: dt.datetime,
    patient_id: str | None = None,
    name: str | None = None,
) -> NewUser:
    """Add an account; a patient account without ``patient_id`` gets a new person."""
    now = utc(now)
    address = _email(email)
    if role is not Role.PATIENT and patient_id is not None:
        raise AccountError(f"only patient accounts belong to a person; a {role.value}'s does not")
    if role is Role.PATIENT and patient_id is None:
        local = address.split("@")[0]
        wanted = slugify(name or local) or "person"
        patient_id = _free_id(store, wanted)
        add_patient(store, name or local, now=now, patient_id=patient_id)
    with store.unit_of_work(write=True) as uow:
        if uow.accounts.by_email(address) is not None:
            raise AccountError(f"{address} has an account already")
        if patient_id is not None and uow.patients.get(patient_id) is None:
            raise AccountError(f"no person '{patient_id}' in this database")
        user = User(0, address, role, now, patient_id)
        user_id = uow.accounts.add_user(user)
        token = _link(uow, user_id, now)
        _audit(uow, now, "user-added", None, patient_id, {"user": user_id, "role": role.value})
        added = uow.accounts.user(user_id)
        assert added is not None
    return NewUser(added, token)


def _free_id(store: Store, wanted: str) -> str:
    with store.unit_of_work() as uow:
        pid, n = wanted[:55], 1
        while uow.patients.get(pid) is not None:
            n += 1
            pid = f"{wanted[:55]}-{n}"
        return pid


def _link(uow: UnitOfWork, user_id: int, now: dt.datetime) -> str:
    token = new_token()
    uow.accounts.add_link(
        OneTimeLink(digest(token), user_id, "set-password", now, now + LINK_LIFETIME)
    )
    return token


def new_link(store: Store, email: str, *, now: dt.datetime) -> str:
    """A fresh set-password link for an existing account (a forgotten password)."""
    now = utc(now)
    with store.unit_of_work(write=True) as uow:
        user = uow.accounts.by_email(_email(email))
        if user is None:
            raise AccountError(f"no account for {email}")
        return _link(uow, user.id, now)


def link_user(store: Store, token: str, *, now: dt.datetime) -> User | None:
    """Whose unused, unexpired set-password link this is (None: no such link now)."""
    with store.unit_of_work() as uow:
        link = uow.accounts.link(digest(token))
        if link is None or link.used_at is not None or link.expires_at <= utc(now):
            return None
        user = uow.accounts.user(link.user_id)
        return None if user is None or user.disabled_at is not None else user


def set_password(store: Store, token: str, password: str, *, now: dt.datetime) -> User:
    """Set the password through a one-time link; every session of the account ends."""
    now = utc(now)
    user = link_user(store, token, now=now)
    if user is None:
        raise AccountError("this link has expired or was used already: ask for a new one")
    why = passwords.problem(password, email=user.email)
    if why is not None:
        raise AccountError(why)
    hashed = passwords.hash_password(password)
    with store.unit_of_work(write=True) as uow:
        link = uow.accounts.link(digest(token))
        if link is None or link.used_at is not None:  # used in the meantime
            raise AccountError("this link has expired or was used already: ask for a new one")
        uow.accounts.use_link(link.digest, now)
        uow.accounts.set_password(user.id, hashed)
        uow.accounts.revoke_sessions(user.id, now)
        _audit(uow, now, "password-set", user.id, user.patient_id)
    return user


@dataclass(frozen=True)
class SignedIn:
    user: User
    token: str
    """The new session id, for the cookie (stored as a digest only)."""
    csrf: str


def sign_in(
    store: Store,
    email: str,
    password: str,
    *,
    client: str,
    now: dt.datetime,
    replacing: str | None = None,
) -> SignedIn:
    """A new session for a right e-mail and password; ``replacing`` (the old session id
    the browser held, if any) is revoked, so a session id never survives a sign-in."""
    now = utc(now)
    address = email.strip().lower()[:254]
    keys = (digest("email:" + address), digest("client:" + client))
    with store.unit_of_work() as uow:
        since = now - ATTEMPT_WINDOW
        if (
            uow.accounts.failures_since(keys[0], since) >= MAX_FAILURES_PER_ACCOUNT
            or uow.accounts.failures_since(keys[1], since) >= MAX_FAILURES_PER_CLIENT
        ):
            raise TooManyAttemptsError("too many failed sign-ins: wait 15 minutes and try again")
        user = uow.accounts.by_email(address)
    ok = passwords.verify(password[: passwords.MAX_LENGTH], user.password_hash if user else None)
    ok = ok and user is not None and user.disabled_at is None
    if not ok or user is None:
        # stored before the refusal (an error inside the unit of work would roll it back)
        with store.unit_of_work(write=True) as uow:
            for key in keys:
                uow.accounts.add_attempt(key, now, ok=False)
            _audit(uow, now, "sign-in-failed", user.id if user else None, None)
        raise SignInError("wrong e-mail or password")
    with store.unit_of_work(write=True) as uow:
        for key in keys:
            uow.accounts.add_attempt(key, now, ok=True)
        if replacing:
            uow.accounts.revoke_session(digest(replacing), now)
        token, csrf = new_token(), new_token()
        uow.accounts.add_session(
            WebSession(digest(token), user.id, csrf, now, now + SESSION_LIFETIME)
        )
        _audit(uow, now, "sign-in", user.id, user.patient_id)
    return SignedIn(user, token, csrf)


@dataclass(frozen=True)
class Current:
    user: User
    session: WebSession


def current(store: Store, token: str | None, *, now: dt.datetime) -> Current | None:
    """The signed-in account behind a session id, while the session lives."""
    if not token or len(token) > 200:
        return None
    with store.unit_of_work() as uow:
        found = uow.accounts.signed_in(digest(token))
    if found is None:
        return None
    session, user = found
    if session.revoked_at is not None or session.expires_at <= utc(now):
        return None
    if user is None or not user.active:
        return None
    return Current(user, session)


def sign_out(store: Store, token: str, *, now: dt.datetime) -> None:
    now = utc(now)
    with store.unit_of_work(write=True) as uow:
        session = uow.accounts.session(digest(token))
        if session is not None:
            uow.accounts.revoke_session(session.digest, now)
            _audit(uow, now, "sign-out", session.user_id, None)


def list_users(store: Store) -> list[User]:
    with store.unit_of_work() as uow:
        return uow.accounts.users()


def disable_user(store: Store, email: str, *, now: dt.datetime) -> User:
    """Disable the account and end its sessions at once."""
    now = utc(now)
    with store.unit_of_work(write=True) as uow:
        user = uow.accounts.by_email(_email(email))
        if user is None:
            raise AccountError(f"no account for {email}")
        uow.accounts.disable(user.id, now)
        uow.accounts.revoke_sessions(user.id, now)
        _audit(uow, now, "user-disabled", user.id, user.patient_id)
        disabled = uow.accounts.user(user.id)
        assert disabled is not None
        return disabled


def rotate_feed(store: Store, patient_id: str, *, now: dt.datetime, by: int | None) -> str:
    """A new calendar feed token for the person; the old URL stops working."""
    now = utc(now)
    token = new_token()
    with store.unit_of_work(write=True) as uow:
        uow.accounts.set_feed(patient_id, digest(token), now)
        _audit(uow, now, "feed-rotated", by, patient_id)
    return token


def feed_patient(store: Store, token: str) -> str | None:
    if not token or len(token) > 200:
        return None
    with store.unit_of_work() as uow:
        return uow.accounts.feed_patient(digest(token))


def has_feed(store: Store, patient_id: str) -> bool:
    with store.unit_of_work() as uow:
        return uow.accounts.has_feed(patient_id)


def audit(
    store: Store,
    action: str,
    *,
    now: dt.datetime,
    user_id: int | None,
    patient_id: str | None,
    detail: dict[str, Any] | None = None,
) -> None:
    with store.unit_of_work(write=True) as uow:
        _audit(uow, utc(now), action, user_id, patient_id, detail)


def _audit(
    uow: UnitOfWork,
    now: dt.datetime,
    action: str,
    user_id: int | None,
    patient_id: str | None,
    detail: dict[str, Any] | None = None,
) -> None:
    uow.accounts.audit(AuditEvent(now, action, user_id, patient_id, detail))


def delete_person(store: Store, patient_id: str, *, now: dt.datetime, by: int) -> None:
    """Delete the person and all that is theirs: plans, logs, check-ins, accounts, feed.
    The audit log keeps that it happened (no health data)."""
    now = utc(now)
    with store.unit_of_work(write=True) as uow:
        uow.patients.lock(patient_id)
        uow.accounts.delete_users_of(patient_id)
        uow.patients.delete(patient_id)
        _audit(uow, now, "person-deleted", by, patient_id)
