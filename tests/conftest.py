"""Shared fixtures: every test gets its own HAMCOACH_HOME, never the user's.

Storage tests run on SQLite and on PostgreSQL (127.0.0.1:5432, user postgres,
database test; HAMCOACH_TEST_POSTGRES_URL overrides). Each PostgreSQL test gets
a schema of its own, dropped afterwards. When no server answers, the
PostgreSQL cases are skipped locally but fail under CI (CI=1), where the
server must be there.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import Phase, settings
from sqlalchemy import Engine, create_engine, text

sys.path.insert(0, str(Path(__file__).parent))

from hamcoach.catalog.loader import load_catalog
from hamcoach.domain.catalog import Catalog
from hamcoach.services.ports import Store

# `make mutate` (docs/mutation.md) runs the unit tests once per mutant with
# --hypothesis-profile=mutmut: the same examples every time, no example database,
# and no shrinking (a mutant only needs one failing example, not the smallest).
settings.register_profile(
    "mutmut",
    derandomize=True,
    database=None,
    phases=(Phase.explicit, Phase.generate),
)

PG_URL = os.environ.get(
    "HAMCOACH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    monkeypatch.setenv("HAMCOACH_HOME", str(home))
    monkeypatch.delenv("HAMCOACH_CATALOG_PATH", raising=False)
    monkeypatch.delenv("HAMCOACH_DATABASE_URL", raising=False)
    yield home


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog().catalog


def _postgres_available() -> bool:
    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


_PG = _postgres_available()


@contextmanager
def _database(kind: str) -> Iterator[str]:
    """A URL for an empty database of that kind; a PostgreSQL schema is dropped after."""
    if kind == "sqlite":
        yield "sqlite"  # the default: hamcoach.db under the test's HAMCOACH_HOME
        return
    if not _PG:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required under CI and did not answer at {PG_URL}")
        pytest.skip("no PostgreSQL at 127.0.0.1:5432")
    schema = f"hc_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A URL for an empty database of each kind; the schema is dropped after."""
    with _database(request.param) as url:
        yield url


def _open(url: str, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """An up-to-date engine; HAMCOACH_DATABASE_URL points the CLI at the same database."""
    from hamcoach.config import Settings
    from hamcoach.storage.db import open_database

    if url.startswith("postgresql"):
        monkeypatch.setenv("HAMCOACH_DATABASE_URL", url)
    return open_database(Settings.from_env())


@pytest.fixture
def engine(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    eng = _open(database_url, monkeypatch)
    yield eng
    eng.dispose()


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """The services' store three ways: the in-memory fake, SQLite and PostgreSQL."""
    from hamcoach.services.memory import MemoryStore
    from hamcoach.storage.sql import SqlStore

    if request.param == "memory":
        yield MemoryStore()
        return
    with _database(request.param) as url:
        eng = _open(url, monkeypatch)
        yield SqlStore(eng)
        eng.dispose()
