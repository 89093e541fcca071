"""The web app on a real database (SQLite and PostgreSQL), with two people, Ann and Ben,
each with a plan and a patient account, and a clock the test moves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from hamcoach.config import Settings
from hamcoach.domain.catalog import Catalog
from hamcoach.services.patients import add_patient
from hamcoach.storage.sql import SqlStore
from profiles import new_plan, profile_data
from webkit import Clock, Web, add_account


@pytest.fixture
def web(engine: Engine, catalog: Catalog, tmp_path: Any) -> Iterator[Web]:
    from hamcoach.web.app import create_app

    store = SqlStore(engine)
    start = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    for pid, name in (("ann", "Ann Example"), ("ben", "Ben Example")):
        add_patient(store, name, now=start, patient_id=pid)
        new_plan(store, catalog, profile_data(name=name), patient_id=pid, now=start)
        add_account(store, f"{pid}@example.com", pid, start)
    clock = Clock(dt.datetime(2026, 11, 23, 19, 0, tzinfo=dt.UTC))  # Monday, after session 1
    settings = Settings(home=tmp_path / "home", base_url="https://hamcoach.example")
    app = create_app(settings, store=store, catalog=catalog, clock=clock)
    yield Web(app, store, clock, catalog)
