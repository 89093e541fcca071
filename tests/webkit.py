"""What the web tests share: the app under test, its clock, signed-in clients."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from hamcoach.domain.catalog import Catalog
from hamcoach.services import accounts
from hamcoach.services.account_ports import Role
from hamcoach.storage.sql import SqlStore

SHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"
"""Where the browser tests save what a person sees (kept for a person to look at)."""

PASSWORD = {"ann@example.com": "ann's blue kettle 42", "ben@example.com": "ben walks the dog 7"}


@dataclass
class Clock:
    at: dt.datetime

    def __call__(self) -> dt.datetime:
        return self.at

    def move(self, **delta: float) -> None:
        self.at += dt.timedelta(**delta)


@dataclass
class Web:
    app: Any
    store: SqlStore
    clock: Clock
    catalog: Catalog

    def client(self) -> TestClient:
        return TestClient(self.app, follow_redirects=False)

    def signed_in(self, email: str) -> tuple[TestClient, str]:
        """A client with a session (cookie) and its anti-forgery token."""
        c = self.client()
        r = c.post("/api/v1/login", json={"email": email, "password": PASSWORD[email]})
        assert r.status_code == 200, r.text
        return c, r.json()["csrf"]

    def page_csrf(self, c: TestClient, path: str = "/today") -> str:
        m = re.search(r'name="csrf" value="([^"]+)"', c.get(path).text)
        assert m, f"no csrf field on {path}"
        return m[1]


def add_account(store: SqlStore, email: str, patient_id: str | None, now: dt.datetime) -> None:
    role = Role.PATIENT if patient_id else Role.CLINICIAN
    new = accounts.add_user(store, email, role, now=now, patient_id=patient_id)
    accounts.set_password(store, new.link_token, PASSWORD.get(email, "a staff pass phrase 9"),
                          now=now)  # fmt: skip


def followed(c: TestClient, r: Any) -> Any:
    """The page a saved form goes on to (Post/Redirect/Get): its answer is a 303 See Other,
    then the page is read with GET, as a browser does."""
    assert r.status_code == 303, (r.status_code, r.text[:300])
    page = c.get(r.headers["location"])
    assert page.status_code == 200, (r.headers["location"], page.status_code)
    return page
