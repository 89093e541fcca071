"""Export one person's data, and import it into a database that does not have them yet.

The JSON export is every row that belongs to the person (the patient row,
then profiles, screenings, plans and everything under the plans), table by
table, so an import rebuilds exactly what was exported. Integer row ids are
the database's own: an import gives new ones and keeps the links between
rows. Import checks the whole file before writing and writes in one
transaction: a bad file stores nothing. Version 1 files (before people
existed) import as one person named after their newest profile.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Engine,
    Integer,
    String,
    Text,
    select,
)
from sqlalchemy.sql.schema import Table

from hamcoach.domain.profile import slugify
from hamcoach.errors import InputError
from hamcoach.storage.db import HEAD, unit_of_work
from hamcoach.storage.import_check import check_value
from hamcoach.storage.models import (
    Base,
    CheckInRow,
    ClearanceRow,
    DecisionRow,
    ExerciseLogRow,
    PatientRow,
    PlanEventRow,
    PlanRow,
    PlanSessionRow,
    ProfileRow,
    RetestRow,
    ScreeningRow,
    UTCDateTime,
)

FORMAT = "hamcoach-export"
VERSION = 2

RANGES = {
    ("exercise_logs", "pain"): (0, 10),
    ("checkins", "pain"): (0, 10),
    ("checkins", "stiffness"): (0, 10),
    ("retests", "nprs"): (0, 10),
}
"""Scores an import must hold within their scale (0-10 NPRS)."""

LINKED = ("patients", "profiles", "screenings", "plans")
"""Tables whose ids other rows link to: an export keeps those ids (an import remaps them)."""
UNDER_PLAN = (PlanSessionRow, PlanEventRow, ExerciseLogRow, CheckInRow, DecisionRow, RetestRow)


class ImportFileError(InputError):
    """The file cannot be imported; ``problems`` says where and why."""

    closing = "Nothing was imported."
    shown_at_most = 50

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems=problems)


ACCOUNT_TABLES = frozenset(
    {"clinics", "users", "web_sessions", "one_time_links", "calendar_feeds", "login_attempts",
     "audit_log"}
)  # fmt: skip
"""Not a person's data (sign-in secrets, the installation's audit log): never exported."""


def _tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name not in ACCOUNT_TABLES]


def _out(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def export_json(engine: Engine, patient_id: str, *, now: dt.datetime) -> dict[str, Any]:
    """Every row of one person, table by table."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with unit_of_work(engine) as db:
        plan_ids = select(PlanRow.id).where(PlanRow.patient_id == patient_id)
        profile_ids = select(ProfileRow.id).where(ProfileRow.patient_id == patient_id)
        where: dict[str, Any] = {
            "patients": PatientRow.__table__.c.id == patient_id,
            "profiles": ProfileRow.__table__.c.patient_id == patient_id,
            "screenings": ScreeningRow.__table__.c.profile_id.in_(profile_ids),
            "plans": PlanRow.__table__.c.patient_id == patient_id,
            "clearances": ClearanceRow.__table__.c.patient_id == patient_id,
        }
        for model in UNDER_PLAN:
            where[model.__tablename__] = model.__table__.c.plan_id.in_(plan_ids)
        for table in _tables():
            rows = db.execute(select(table).where(where[table.name]).order_by(*table.primary_key))
            # ids that no row links to are the database's business (the fold renumbers them)
            skip = set() if table.name in LINKED else {"id"}
            tables[table.name] = [
                {k: _out(v) for k, v in row.items() if k not in skip} for row in rows.mappings()
            ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema": HEAD,
        "patient": patient_id,
        "exported_at": now.isoformat(),
        "tables": tables,
    }


def export_csv(engine: Engine, patient_id: str) -> str:
    """One row per logged set: the training log for a spreadsheet."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(
        [
            "plan",
            "date",
            "session",
            "exercise",
            "set",
            "reps",
            "load_kg",
            "hold_seconds",
            "rpe",
            "good_form",
            "side",
            "pain",
        ]
    )
    with unit_of_work(engine) as db:
        rows = db.execute(
            select(PlanRow.uid, ExerciseLogRow)
            .join(PlanRow, PlanRow.id == ExerciseLogRow.plan_id)
            .where(PlanRow.patient_id == patient_id)
            .order_by(ExerciseLogRow.performed_on, ExerciseLogRow.id)
        ).all()
        for uid, log in rows:
            for i, s in enumerate(log.sets, 1):
                writer.writerow(
                    [
                        uid,
                        log.performed_on.isoformat(),
                        log.session_number if log.session_number is not None else "",
                        log.exercise_id,
                        i,
                        s.get("reps", ""),
                        "" if s.get("load_kg") is None else s["load_kg"],
                        "" if s.get("hold_seconds") is None else s["hold_seconds"],
                        "" if s.get("rpe") is None else s["rpe"],
                        "yes" if s.get("good_form", True) else "no",
                        s.get("side") or "",
                        "" if log.pain is None else log.pain,
                    ]
                )
    return buf.getvalue()


def _convert(table: Table, index: int, row: Any, problems: list[str]) -> dict[str, Any]:
    where = f"tables.{table.name}[{index}]"
    if not isinstance(row, dict):
        problems.append(f"{where}: expected an object")
        return {}
    unknown = set(row) - set(table.c.keys())
    for name in sorted(unknown):
        problems.append(f"{where}.{name}: unknown column")
    out: dict[str, Any] = {}
    for column in table.c:
        value = row.get(column.name)
        if value is None:
            if not column.nullable and not column.primary_key:
                problems.append(f"{where}.{column.name}: missing")
            out[column.name] = None
            continue
        try:
            if isinstance(column.type, UTCDateTime):
                moment = dt.datetime.fromisoformat(value)
                # a version-1 file holds the machine's local time, without a zone
                out[column.name] = moment if moment.tzinfo else moment.astimezone()
            elif isinstance(column.type, DateTime):
                out[column.name] = dt.datetime.fromisoformat(value)
            elif isinstance(column.type, Date):
                out[column.name] = dt.date.fromisoformat(value)
            elif isinstance(column.type, Boolean):
                if not isinstance(value, bool):
                    raise ValueError("not true/false")
                out[column.name] = value
            elif isinstance(column.type, Integer):
                if isinstance(value, bool) or not isinstance(value, int):
                    raise ValueError("not a whole number")
                low, high = RANGES.get((table.name, column.name), (value, value))
                if not low <= value <= high:
                    raise ValueError(f"outside {low}-{high}")
                out[column.name] = value
            elif isinstance(column.type, String | Text):
                if not isinstance(value, str):
                    raise ValueError("not text")
                out[column.name] = value
            elif isinstance(column.type, JSON):
                out[column.name] = value
            else:  # pragma: no cover - every column type of the schema is handled above
                out[column.name] = value
            length = getattr(column.type, "length", None)
            check_value(table.name, column.name, out[column.name], length=length)
        except (TypeError, ValueError) as exc:
            shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
            got = "" if isinstance(column.type, JSON) else f" (got {shown})"
            problems.append(f"{where}.{column.name}: {exc}{got}")
    return out


def _from_version_1(tables: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    """A file from before people existed: one person, named after the newest profile."""
    tables = dict(tables)
    profiles = [p for p in tables.get("profiles") or [] if isinstance(p, dict)]
    if not profiles:
        return tables
    name = str(max(profiles, key=lambda p: p.get("id") or 0).get("name") or "me")
    pid = slugify(name)
    tables["patients"] = [
        {"id": pid, "display_name": name[:80], "created_at": now.isoformat(), "version": 0}
    ]
    for key in ("profiles", "plans"):
        tables[key] = [
            {**row, "patient_id": pid} if isinstance(row, dict) else row
            for row in tables.get(key) or []
        ]
    newest: dict[tuple[Any, Any], Any] = {}  # one check-in a day: the newest stands
    for row in tables.get("checkins") or []:
        if isinstance(row, dict):
            newest[(row.get("plan_id"), row.get("checked_on"))] = row
    tables["checkins"] = list(newest.values())
    active = [p for p in tables["plans"] if isinstance(p, dict) and p.get("status") == "active"]
    for plan in active[:-1]:  # one active plan a person: the newest
        plan["status"] = "archived"
    return tables


def import_json(engine: Engine, data: Any, *, now: dt.datetime | None = None) -> dict[str, int]:
    """Restore one person's export; returns rows per table. The person must not exist yet."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFileError(['not a hamcoach export (no "format": "hamcoach-export")'])
    if data.get("version") not in (1, VERSION):
        raise ImportFileError(
            [f"export version {data.get('version')!r} is not supported (this is {VERSION})"]
        )
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise ImportFileError(["tables: missing or not an object"])
    if data.get("version") == 1:
        tables = _from_version_1(tables, now or dt.datetime.now(dt.UTC))
    known = {t.name for t in _tables()}
    problems = [f"tables.{name}: unknown table" for name in sorted(set(tables) - known)]
    prepared: dict[str, list[dict[str, Any]]] = {}
    for table in _tables():
        rows = tables.get(table.name, [])
        if not isinstance(rows, list):
            problems.append(f"tables.{table.name}: expected a list")
            continue
        prepared[table.name] = [_convert(table, i, row, problems) for i, row in enumerate(rows)]
    if problems:
        raise ImportFileError(problems)
    people = {row["id"] for row in prepared["patients"]}
    if len(people) > 1:
        raise ImportFileError([f"tables.patients: {len(people)} people; an export holds one"])
    from sqlalchemy.exc import IntegrityError

    with unit_of_work(engine, write=True) as db:
        for pid in sorted(people):
            if db.get(PatientRow, pid) is not None:
                raise ImportFileError(
                    [f"patient '{pid}' is already in this database; import into another one"]
                )
        try:
            _insert_remapped(db, prepared)
        except (IntegrityError, KeyError) as exc:
            detail = exc.orig if isinstance(exc, IntegrityError) else f"no row with id {exc}"
            raise ImportFileError([f"the file's rows do not fit together: {detail}"]) from None
    return {name: len(rows) for name, rows in prepared.items()}


def _insert_remapped(db: Any, prepared: dict[str, list[dict[str, Any]]]) -> None:
    """Insert in dependency order with new integer ids, rewriting the links to them."""
    new_ids: dict[str, dict[int, int]] = {}
    links = {"profile_id": "profiles", "screening_id": "screenings", "plan_id": "plans"}
    for table in _tables():
        rows = prepared[table.name]
        if not rows:
            continue
        if table.name == "patients":
            db.execute(table.insert(), rows)
            continue
        fixed = []
        for row in rows:
            out = {k: v for k, v in row.items() if k != "id"}
            for column, target in links.items():
                if out.get(column) is not None:
                    out[column] = new_ids[target][out[column]]
            fixed.append(out)
        if table.name in ("profiles", "screenings", "plans"):
            ids = db.execute(
                table.insert().returning(table.c.id, sort_by_parameter_order=True), fixed
            ).scalars()
            new_ids[table.name] = {row["id"]: new for row, new in zip(rows, ids, strict=True)}
        else:
            db.execute(table.insert(), fixed)
