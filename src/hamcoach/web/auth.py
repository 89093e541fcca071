"""Who is asking: the session cookie, the patient they may act for, and the anti-forgery
check. Pages send a person without a session to the sign-in page; the API answers 401.

Every route that reads or changes a person's data goes through ``patient`` (pages) or
``owner`` (API); a person's objects are reachable only from their own account, and
another person's id answers 404, as an id that does not exist does.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from hamcoach.services import accounts
from hamcoach.services.account_ports import Role, User, WebSession
from hamcoach.web.context import Ctx, ctx

SESSION_COOKIE = "hc_session"
LOGIN_COOKIE = "hc_login"
"""Before sign-in: a random value the sign-in form echoes (login CSRF)."""
CSRF_HEADER = "x-csrf-token"


class SignInNeeded(Exception):
    """A page needs a signed-in patient: the app redirects to /login."""


@dataclass(frozen=True)
class Who:
    user: User
    session: WebSession
    token: str

    @property
    def patient_id(self) -> str:
        assert self.user.patient_id is not None
        return self.user.patient_id


def who(request: Request) -> Who | None:
    if hasattr(request.state, "who"):
        found: Who | None = request.state.who
        return found
    token = request.cookies.get(SESSION_COOKIE)
    c = ctx(request)
    current = accounts.current(c.store, token, now=c.now()) if token else None
    result = None if current is None or token is None else Who(current.user, current.session, token)
    request.state.who = result
    return result


def _patient(request: Request) -> Who:
    found = who(request)
    if found is None:
        raise SignInNeeded()
    if found.user.role is not Role.PATIENT or found.user.patient_id is None:
        raise HTTPException(403, "this page is for patients; the clinician's side comes later")
    return found


def _api_user(request: Request) -> Who:
    found = who(request)
    if found is None:
        raise HTTPException(401, "sign in first: POST /api/v1/login")
    return found


Patient = Annotated[Who, Depends(_patient)]
"""A signed-in patient (pages)."""
ApiUser = Annotated[Who, Depends(_api_user)]
"""Anyone signed in (API)."""


async def _context(request: Request) -> Ctx:
    """``ctx`` as a dependency, run on the event loop (it only reads the app's state): as a
    plain function it would take a trip through the thread pool on every request."""
    return ctx(request)


Context = Annotated[Ctx, Depends(_context)]


def owner(patient_id: str, user: Who) -> str:
    """The person id when ``user`` may act for them; else 404, as for an unknown id."""
    if user.user.role is Role.PATIENT and user.user.patient_id == patient_id:
        return patient_id
    raise HTTPException(404, f"no person '{patient_id[:60]}' here")


def check_form(request: Request, user: Who, value: str | None) -> None:
    """A form's anti-forgery token must be the session's."""
    if not value or not secrets.compare_digest(value, user.session.csrf):
        raise HTTPException(403, "this form is out of date: reload the page and try again")


def check_header(request: Request, user: Who) -> None:
    """A state-changing API call carries the session's token in X-CSRF-Token."""
    value = request.headers.get(CSRF_HEADER, "")
    if not value or not secrets.compare_digest(value, user.session.csrf):
        raise HTTPException(
            403, "missing or wrong X-CSRF-Token header (the csrf value from POST /login)"
        )


def client(request: Request) -> str:
    return request.client.host if request.client else "unknown"
