"""Engine, migrations and the unit of work.

SQLite by default (a file under HAMCOACH_HOME, WAL, foreign keys on);
PostgreSQL when HAMCOACH_DATABASE_URL says so (psycopg 3). Alembic owns the
schema; ``open_database`` brings any database to the newest revision before
use, and only pays for Alembic's import when a migration is actually due.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from hamcoach.config import Settings
from hamcoach.errors import MissingExtraError, SettingsError, UnusableStoreError
from hamcoach.errors import StorageError as StorageError  # importable here, as before
from hamcoach.files import private_dir

MIGRATIONS = Path(__file__).parent / "migrations"
HEAD = "0005"
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
            private_dir(Path(path).parent)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if url.startswith("postgresql+psycopg:"):
        _require_psycopg()
        # a server that does not answer is said within seconds, not after the OS's minutes
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
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
        port = parsed.port  # a port that is not a number fails here
    except (ArgumentError, ValueError) as exc:
        return f"is not a database URL ({str(exc).splitlines()[0]})"
    backend = parsed.get_backend_name()
    if backend not in {"sqlite", "postgresql"}:
        return f"names '{backend}': hamcoach runs on SQLite or PostgreSQL"
    if backend == "postgresql" and parsed.get_driver_name() != "psycopg":
        return f"asks for the driver '{parsed.get_driver_name()}': use postgresql://..."
    if port is not None and not 1 <= port <= 65535:
        return f"has the port {port}: a port is a number from 1 to 65535"
    if backend == "sqlite" and (
        parsed.database in (None, "", ":memory:") or parsed.query.get("mode") == "memory"
    ):
        return (
            "is a database in memory, which keeps nothing once the command ends: name a "
            "file (sqlite:////path/to/hamcoach.db) or unset it to use HAMCOACH_HOME"
        )
    return None


def _data_folder(folder: Path, *, named: str, todo: str) -> None:
    """Make the folder that holds the data (0700: it is health data) and prove it takes a
    file, so a wrong folder is one line naming it rather than SQLite's 'unable to open'.
    ``named`` is the setting that chose it, as the person should read it."""
    import tempfile

    try:
        private_dir(folder)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass  # each process its own probe: processes start at once
    except OSError as exc:
        raise UnusableStoreError(
            f"{named} cannot hold hamcoach's data: {exc.strerror or exc}; {todo}"
        ) from None


def _sqlite_file(url: str) -> Path | None:
    path = url.removeprefix("sqlite:///").split("?", 1)[0]
    return Path(path) if url.startswith("sqlite:///") and path else None


def newest_known() -> set[str]:
    """Every revision this hamcoach has a migration for (their files' number prefixes)."""
    return {p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py")}


def open_database(settings: Settings) -> Engine:
    """An engine on an up-to-date schema; SettingsError (exit 2) when the URL cannot work,
    UnusableStoreError (exit 2) when the data folder or database cannot be used."""
    from sqlalchemy.exc import SQLAlchemyError

    url = database_url(settings)
    file = _sqlite_file(url)
    shown = _shown(settings.database_url) if settings.database_url else str(file)
    if settings.database_url:
        problem = _url_problem(url)
        if problem:
            raise SettingsError(f"HAMCOACH_DATABASE_URL={shown} {problem}")
        if file is not None:
            where = f"HAMCOACH_DATABASE_URL={shown} (the folder {file.parent})"
            _data_folder(file.parent, named=where, todo="name a file in a folder you can write to")
    else:
        _data_folder(
            settings.home,
            named=f"HAMCOACH_HOME={settings.home}",
            todo="set HAMCOACH_HOME to a folder you can write to",
        )
        _private_file(settings.home / "hamcoach.db")
    try:
        engine = make_engine(url)
        revision = current_revision(engine)
        if revision is not None and revision != HEAD and revision not in newest_known():
            raise UnusableStoreError(
                f"the database at {shown} was made by a newer hamcoach (revision "
                f"{revision}; this one knows up to {HEAD}): upgrade hamcoach, or set "
                "HAMCOACH_HOME or HAMCOACH_DATABASE_URL to use another database"
            )
        if revision != HEAD:
            upgrade(engine)
    except (SQLAlchemyError, OSError) as exc:
        raise store_problem(url, exc, shown=shown) from None
    return engine


def _private_file(path: Path) -> None:
    """Create the SQLite file 0600 before SQLite does (it would use the umask, often 0644);
    its -wal and -shm files take the same mode from it."""
    import contextlib
    import os

    with contextlib.suppress(OSError):  # opening the database then says what is wrong
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600))


def _shown(url: str) -> str:
    """The URL as the person wrote it, but never its password."""
    import re

    return re.sub(r"^([^:/@]+://[^:/@]*):[^@/]*@", r"\1:***@", url)


def store_problem(url: str, exc: BaseException, *, shown: str | None = None) -> UnusableStoreError:
    """An error from the database or its files, as one line naming it and what to do."""
    detail = str(getattr(exc, "orig", None) or exc).split("(Background on")[0].strip()
    reason = next((ln.strip() for ln in detail.splitlines() if ln.strip()), type(exc).__name__)
    low = reason.lower()
    file = _sqlite_file(url)
    if file is None:
        where = f"the database at {shown or _shown(url)}"
        todo = "check that the server is running and that HAMCOACH_DATABASE_URL names it"
    else:
        where = f"the database {file}"
        if "full" in low or "i/o" in low:
            todo = "free some space on that disk, or set HAMCOACH_HOME to a folder on another disk"
        elif "readonly" in low or "read-only" in low or "permission" in low:
            todo = "make that folder writable, or set HAMCOACH_HOME to one that is"
        elif "locked" in low or "busy" in low:
            todo = "another hamcoach is writing to it; try again in a moment"
        else:
            todo = "set HAMCOACH_HOME to another folder if it stays"
    return UnusableStoreError(f"cannot use {where}: {reason}; {todo}. Nothing was changed.")


_WRITERS: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()
_WRITERS_MADE = threading.Lock()


def _writers(engine: Engine) -> AbstractContextManager[Any]:
    """SQLite: this process's writers queue here, before SQLite's write lock. A writer that
    finds that lock taken sleeps and tries again, 1, 2, 5 ... up to 100 ms at a time, so
    with many threads waiting the unlucky ones waited far longer than the work takes (a
    logged set's p99 was seconds under load); queued here, the next writer starts the
    moment the last one is done, and only other processes' writers meet SQLite's lock.
    PostgreSQL queues writers itself (the person's row lock)."""
    if engine.dialect.name != "sqlite":
        return nullcontext()
    with _WRITERS_MADE:
        lock = _WRITERS.get(engine)
        if lock is None:
            lock = _WRITERS[engine] = threading.Lock()
    return lock


def _factories(engine: Engine) -> tuple[sessionmaker[Session], ...]:
    """The engine's session makers, reading and writing, made once and kept on the engine
    (a session maker makes a class of its own: about a tenth of a millisecond each time,
    several times a request)."""
    made: tuple[sessionmaker[Session], ...] | None = getattr(engine, "_hamcoach_makers", None)
    if made is None:
        writing = engine.execution_options(hamcoach_write=True)
        made = (
            sessionmaker(engine, expire_on_commit=False),
            sessionmaker(writing, expire_on_commit=False),
        )
        engine._hamcoach_makers = made  # type: ignore[attr-defined]
    return made


@contextmanager
def unit_of_work(engine: Engine, *, write: bool = False) -> Iterator[Session]:
    """One transaction: committed if the block finishes, rolled back if it raises.

    ``write=True`` takes SQLite's write lock at the start (see _sqlite_begin);
    on PostgreSQL the services lock the person's row (storage.patients.lock).
    """
    from sqlalchemy.exc import OperationalError

    factory = _factories(engine)[write]
    try:
        with _writers(engine) if write else nullcontext(), factory() as session, session.begin():
            yield session
    except OperationalError as exc:  # a full disk, a lost server: rolled back, said plainly
        shown = engine.url.render_as_string(hide_password=True)
        raise store_problem(
            engine.url.render_as_string(hide_password=False), exc, shown=shown
        ) from None
