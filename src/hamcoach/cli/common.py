"""What every command module shares: output, the chosen person, dates, the store.

Heavy modules (pydantic, the loader, SQLAlchemy, Rich) are imported inside the
helpers, so that importing this module, as ``hamcoach --help`` does, stays cheap.
Errors from errors.py are not caught here: the root group (main.py) reports them.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console
    from sqlalchemy import Engine

    from hamcoach.config import Settings
    from hamcoach.domain.catalog import Catalog
    from hamcoach.domain.plan import Plan
    from hamcoach.domain.rules import Rules
    from hamcoach.storage.sql import SqlStore

EXIT_BAD_INPUT = 2
EXIT_REFERRED = 3
"""Red flags: the program is not for this person now (an outcome, not an error)."""

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (see docs/json.md).")]


# --- output -------------------------------------------------------------------------


def console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    # markup off: catalog text such as "[bridge]" must print as written
    return Console(stderr=stderr, highlight=False, soft_wrap=False, markup=False)


def say_err(line: str) -> None:
    """One unwrapped line on stderr, so that one problem stays one line."""
    sys.stderr.write(line + "\n")


def fail(message: str, *, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Stop with one ``error:`` line, for a problem the CLI itself finds in what was typed."""
    say_err(f"error: {message}")
    raise typer.Exit(code)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@contextmanager
def naming(source: Path) -> Iterator[None]:
    """Errors raised inside name ``source`` on each problem line (the raiser saw data, not
    the file it came from)."""
    from hamcoach.errors import HamcoachError

    try:
        yield
    except HamcoachError as exc:
        exc.where = exc.where or str(source)
        raise


# --- input --------------------------------------------------------------------------


def now() -> dt.datetime:
    """This moment, timezone-aware, in the machine's zone."""
    return dt.datetime.now().astimezone().replace(microsecond=0)


def parse_day(value: str, option: str) -> dt.date:
    from hamcoach.limits import read_day

    try:
        return read_day(value)
    except ValueError as exc:
        fail(f"{option}: {exc}")


def finite(option: str) -> Callable[[float | None], float | None]:
    """A Typer callback refusing nan and inf, which pass a min/max range check."""

    def check(value: float | None) -> float | None:
        if value is not None and not math.isfinite(value):
            fail(f"{option}: {value} is not a number")
        return value

    return check


def zone(name: str | None) -> dt.tzinfo | None:
    """The person's time zone (None: the machine's)."""
    if name is None:
        return None
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def local_time(moment: dt.datetime, where: dt.tzinfo | None = None) -> dt.datetime:
    """A stored (UTC) moment in the person's zone ``where`` (None: the machine's)."""
    return moment.astimezone(where)


_chosen: dict[str, str | None] = {"patient": None}


def choose_patient(patient: str | None) -> None:
    """Remember --patient (or HAMCOACH_PATIENT) for this run; the root callback calls it."""
    _chosen["patient"] = patient


def chosen_patient() -> str | None:
    """The person named by --patient or HAMCOACH_PATIENT (None: the only one there is)."""
    return _chosen["patient"]


def require_extra(module: str, extra: str, needed_for: str) -> None:
    """MissingExtraError (exit 2) unless ``module`` is installed; found without importing it."""
    from importlib.util import find_spec

    from hamcoach.errors import MissingExtraError

    if find_spec(module) is None:
        raise MissingExtraError(extra, needed_for)


# --- settings, catalog and store ----------------------------------------------------


def settings() -> Settings:
    """Settings from the environment; SettingsError (exit 2) names a bad variable."""
    from hamcoach.config import Settings

    return Settings.from_env()


def rules() -> Rules:
    return settings().rules()


def load(extra: list[Path] | None = None, *, quiet: bool = False) -> Catalog:
    """The merged catalog; CatalogError (exit 2, one line per problem) if it has problems."""
    from hamcoach.catalog.loader import catalog_dirs, load_catalog_cached

    result = load_catalog_cached(catalog_dirs(extra or []), settings().cache_dir)
    if not quiet:
        for notice in result.notices:
            say_err(f"notice: {notice}")
    return result.catalog


def open_db() -> Engine:
    """The database, migrated; StorageError (exit 1) if it cannot be opened."""
    from hamcoach.storage.db import open_database

    return open_database(settings())


def store() -> SqlStore:
    """The services' store over the database; exit 1 if it cannot be opened."""
    from hamcoach.storage.sql import SqlStore

    return SqlStore(open_db())


def active_plan(data: SqlStore) -> Plan:
    """The chosen person's active plan; NoActivePlanError (exit 2) if there is none."""
    from hamcoach.services.planning import load_active_plan

    return load_active_plan(data, chosen_patient())
