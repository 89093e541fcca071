"""Engine, migrations and the unit of work.

SQLite by default (a file under HAMCOACH_HOME, WAL, foreign keys on);
PostgreSQL when HAMCOACH_DATABASE_URL says so (psycopg 3). Alembic owns the
schema; ``open_database`` brings any database to the newest revision before
use, and only pays for Alembic's import when a migration is actually due.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from hamcoach.config import Settings

MIGRATIONS = Path(__file__).parent / "migrations"
HEAD = "0002"
"""The newest revision in migrations/versions; a test keeps it honest."""


class StorageError(Exception):
    """The database cannot be opened or brought up to date."""


def database_url(settings: Settings) -> str:
    if settings.database_url:
        url = settings.database_url
        if url.startswith("postgresql://") or url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        return url
    return f"sqlite:///{settings.home / 'hamcoach.db'}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # an acknowledged write survives a kill
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return str(row[0]) if row else None


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def open_database(settings: Settings) -> Engine:
    """An engine on an up-to-date schema, or StorageError saying why not."""
    from sqlalchemy.exc import SQLAlchemyError

    url = database_url(settings)
    try:
        engine = make_engine(url)
        if current_revision(engine) != HEAD:
            upgrade(engine)
    except (SQLAlchemyError, OSError) as exc:
        where = url.split("@")[-1]  # never print a password
        raise StorageError(
            f"cannot open the database at {where}: {exc.__class__.__name__}: {exc}"
        ) from None
    return engine


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """One transaction: committed if the block finishes, rolled back if it raises."""
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as session, session.begin():
        yield session
