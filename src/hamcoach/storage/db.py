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
from hamcoach.errors import MissingExtraError, SettingsError
from hamcoach.errors import StorageError as StorageError  # importable here, as before

MIGRATIONS = Path(__file__).parent / "migrations"
HEAD = "0004"
"""The newest revision in migrations/versions; a test keeps it honest."""


def database_url(settings: Settings) -> str:
    if settings.database_url:
        url = settings.database_url
        if url.startswith("postgresql://") or url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        return url
    return f"sqlite:///{settings.home / 'hamcoach.db'}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # transactions are begun by _sqlite_begin below, not by the driver
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    _wal(cursor)
    cursor.execute("PRAGMA synchronous=FULL")  # an acknowledged write survives a kill
    cursor.close()


def _wal(cursor: Any) -> None:
    """Switch a new database to WAL. SQLite answers 'database is locked' at once, without
    waiting, when several processes make that switch together on a new file; so wait
    here, up to the busy timeout. The mode is kept in the file: later opens find it set."""
    import sqlite3
    import time

    deadline = time.monotonic() + SQLITE_BUSY_SECONDS
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_begin(conn: Any) -> None:
    """A writing unit of work takes SQLite's write lock at once (BEGIN IMMEDIATE), so two
    writers never read the same state and both write: the second waits for the first."""
    immediate = conn.get_execution_options().get("hamcoach_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


SQLITE_BUSY_SECONDS = 60
"""How long a writer waits for another one's lock before giving up."""


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if url.startswith("postgresql+psycopg:"):
        _require_psycopg()
    return create_engine(url, pool_pre_ping=True)


def _require_psycopg() -> None:
    """PostgreSQL's driver is an extra: say so in one line rather than SQLAlchemy's
    ModuleNotFoundError traceback."""
    from importlib.util import find_spec

    if find_spec("psycopg") is None:
        raise MissingExtraError("postgres", "a PostgreSQL HAMCOACH_DATABASE_URL")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return str(row[0]) if row else None


MIGRATION_LOCK = 0x68616D63  # 'hamc': PostgreSQL advisory lock key for migrations


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate under a lock, so processes starting at once migrate once: SQLite's write
    lock (BEGIN IMMEDIATE), PostgreSQL an advisory lock; the others wait, then find the
    schema up to date."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.execution_options(hamcoach_write=True).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def _url_problem(url: str) -> str | None:
    """What is wrong with a HAMCOACH_DATABASE_URL before any connection is tried."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
        _ = parsed.port  # a port that is not a number fails here
    except (ArgumentError, ValueError) as exc:
        return f"is not a database URL ({exc})"
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        return f"names '{parsed.get_backend_name()}': hamcoach runs on SQLite or PostgreSQL"
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() != "psycopg":
        return f"asks for the driver '{parsed.get_driver_name()}': use postgresql://..."
    return None


def open_database(settings: Settings) -> Engine:
    """An engine on an up-to-date schema; SettingsError (exit 2) when the URL or data
    directory cannot work, StorageError (exit 1) when the database cannot be reached."""
    from sqlalchemy.exc import SQLAlchemyError

    url = database_url(settings)
    where = url.split("@")[-1]  # never print a password
    if settings.database_url:
        problem = _url_problem(url)
        if problem:
            raise SettingsError(f"HAMCOACH_DATABASE_URL={where} {problem}")
    else:
        try:
            settings.home.mkdir(parents=True, exist_ok=True)
            import tempfile

            with tempfile.NamedTemporaryFile(dir=settings.home, prefix=".write-test-"):
                pass  # each process its own probe: processes start at once
        except OSError as exc:
            raise SettingsError(
                f"HAMCOACH_HOME={settings.home} cannot hold hamcoach's data: {exc.strerror or exc}"
            ) from None
    try:
        engine = make_engine(url)
        if current_revision(engine) != HEAD:
            upgrade(engine)
    except (SQLAlchemyError, OSError) as exc:
        detail = str(getattr(exc, "orig", None) or exc).split("\n(Background on")[0]
        raise StorageError(
            f"cannot open the database at {where}: {exc.__class__.__name__}: {detail.strip()}"
        ) from None
    return engine


@contextmanager
def unit_of_work(engine: Engine, *, write: bool = False) -> Iterator[Session]:
    """One transaction: committed if the block finishes, rolled back if it raises.

    ``write=True`` takes SQLite's write lock at the start (see _sqlite_begin);
    on PostgreSQL the services lock the person's row (storage.patients.lock).
    """
    bind = engine.execution_options(hamcoach_write=True) if write else engine
    factory = sessionmaker(bind, expire_on_commit=False)
    with factory() as session, session.begin():
        yield session
