"""Export everything, and import it into an empty database, losing nothing.

The JSON export is every table of the schema, row by row, with ids kept, so
an import rebuilds exactly what was exported. Import checks the whole file
before writing and writes in one transaction: a bad file stores nothing.
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
    func,
    select,
    text,
)
from sqlalchemy.sql.schema import Table

from hamcoach.storage.db import HEAD, unit_of_work
from hamcoach.storage.models import Base, ExerciseLogRow, PlanRow

FORMAT = "hamcoach-export"
VERSION = 1


class ImportFileError(ValueError):
    """The file cannot be imported; ``problems`` says where and why."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _out(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def export_json(engine: Engine, *, now: dt.datetime) -> dict[str, Any]:
    tables: dict[str, list[dict[str, Any]]] = {}
    with unit_of_work(engine) as db:
        for table in _tables():
            rows = db.execute(select(table).order_by(table.c.id)).mappings()
            tables[table.name] = [{k: _out(v) for k, v in row.items()} for row in rows]
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema": HEAD,
        "exported_at": now.isoformat(),
        "tables": tables,
    }


def export_csv(engine: Engine) -> str:
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
            if isinstance(column.type, DateTime):
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
                out[column.name] = value
            elif isinstance(column.type, String | Text):
                if not isinstance(value, str):
                    raise ValueError("not text")
                out[column.name] = value
            elif isinstance(column.type, JSON):
                out[column.name] = value
            else:  # pragma: no cover - every column type of the schema is handled above
                out[column.name] = value
        except (TypeError, ValueError) as exc:
            problems.append(f"{where}.{column.name}: {exc} (got {value!r})")
    return out


def import_json(engine: Engine, data: Any) -> dict[str, int]:
    """Restore an export into an empty database; returns rows per table."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFileError(['not a hamcoach export (no "format": "hamcoach-export")'])
    if data.get("version") != VERSION:
        raise ImportFileError(
            [f"export version {data.get('version')!r} is not supported (this is {VERSION})"]
        )
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise ImportFileError(["tables: missing or not an object"])
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
    from sqlalchemy.exc import IntegrityError

    with unit_of_work(engine) as db:
        for table in _tables():
            count = db.scalar(select(func.count()).select_from(table))
            if count:
                raise ImportFileError(
                    [
                        f"the database is not empty ({table.name} has {count} rows); "
                        "import needs an empty one"
                    ]
                )
        try:
            for table in _tables():
                if prepared[table.name]:
                    db.execute(table.insert(), prepared[table.name])
            db.flush()
        except IntegrityError as exc:
            raise ImportFileError([f"the file's rows do not fit together: {exc.orig}"]) from None
        if engine.dialect.name == "postgresql":
            for table in _tables():
                db.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                    )
                )
    return {name: len(rows) for name, rows in prepared.items()}
