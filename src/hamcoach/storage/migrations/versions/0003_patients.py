"""People: a patients table that owns every plan; moments in UTC; doses derived by the fold.

Every existing row moves to one patient named after the newest profile. Naive
moments (the machine's local time) become UTC. Plan sessions gain the doses
and dates as built (left empty here: the services rebuild them from the stored
profile on first use, see services/folding.py). A manual reschedule becomes an
input event the fold replays. Duplicate check-ins for one day keep the newest
(a second check-in now replaces the first), and a person keeps at most one
active plan (the newest), enforced by a unique partial index.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

MOMENTS = {
    "profiles": ["created_at"],
    "screenings": ["created_at"],
    "plans": ["created_at", "archived_at"],
    "plan_events": ["created_at"],
    "exercise_logs": ["created_at"],
    "checkins": ["created_at"],
    "decisions": ["created_at"],
    "retests": ["created_at"],
}
_MOVED = re.compile(r"^Missed sessions: \d+ session\(s\) moved from (\d{4}-\d{2}-\d{2})")


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60]
    return slug or "me"


def _to_utc(value: Any) -> Any:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if not isinstance(value, dt.datetime) or value.tzinfo is not None:
        return value
    return value.astimezone(dt.UTC).replace(tzinfo=None)  # naive = the machine's local time


def upgrade() -> None:
    bind = op.get_bind()
    pg = bind.dialect.name == "postgresql"
    op.create_table(
        "patients",
        sa.Column("id", sa.String(60), primary_key=True),
        sa.Column("display_name", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("timezone", sa.String(60), nullable=True),
        sa.Column("settings", sa.JSON(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False, server_default="0"),
    )
    _moments_to_utc(bind, pg)
    _patients(bind, pg)
    _sessions_events_checkins(bind)


def _moments_to_utc(bind: Any, pg: bool) -> None:
    """Naive moments (the machine's local time) -> UTC; PostgreSQL keeps them as timestamptz."""
    for table, columns in MOMENTS.items():
        for column in columns:
            rows = bind.execute(sa.text(f"SELECT id, {column} FROM {table}")).all()
            for row_id, value in rows:
                if value is not None:
                    bind.execute(
                        sa.text(f"UPDATE {table} SET {column} = :v WHERE id = :id"),
                        {"v": _to_utc(value), "id": row_id},
                    )
            if pg:
                op.execute(
                    f"ALTER TABLE {table} ALTER COLUMN {column} TYPE timestamptz "
                    f"USING {column} AT TIME ZONE 'UTC'"
                )


def _patients(bind: Any, pg: bool) -> None:
    """One patient, named after the newest profile, owns every profile and plan."""
    newest = bind.execute(sa.text("SELECT name FROM profiles ORDER BY id DESC LIMIT 1")).first()
    patient = None
    if newest is not None:
        patient = slugify(newest[0])
        bind.execute(
            sa.text(
                "INSERT INTO patients (id, display_name, created_at, version) "
                "VALUES (:id, :name, :at, 0)"
            ),
            {
                "id": patient,
                "name": newest[0],
                "at": dt.datetime.now(dt.UTC).replace(tzinfo=None if not pg else dt.UTC),
            },
        )
    for table in ("profiles", "plans"):
        if pg:
            op.add_column(table, sa.Column("patient_id", sa.String(60), nullable=True))
        else:  # SQLite: a plain ADD COLUMN; a batch copy would drop the table and cascade
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN patient_id VARCHAR(60) "
                "REFERENCES patients (id) ON DELETE CASCADE"
            )
        if patient is not None:
            bind.execute(sa.text(f"UPDATE {table} SET patient_id = :p"), {"p": patient})
        if pg:
            op.alter_column(table, "patient_id", existing_type=sa.String(60), nullable=False)
            op.create_foreign_key(
                f"fk_{table}_patient", table, "patients", ["patient_id"], ["id"],
                ondelete="CASCADE",
            )  # fmt: skip
        op.create_index(f"ix_{table}_patient_id", table, ["patient_id"])

    # at most one active plan a person: keep the newest
    bind.execute(
        sa.text(
            "UPDATE plans SET status = 'archived' WHERE status = 'active' AND id < "
            "(SELECT MAX(p2.id) FROM plans p2 WHERE p2.status = 'active' "
            "AND p2.patient_id = plans.patient_id)"
        )
    )
    op.create_index(
        "uq_plans_one_active",
        "plans",
        ["patient_id"],
        unique=True,
        sqlite_where=sa.text("status = 'active'"),
        postgresql_where=sa.text("status = 'active'"),
    )


def _sessions_events_checkins(bind: Any) -> None:
    op.add_column("plan_sessions", sa.Column("built_items", sa.JSON(), nullable=True))
    op.add_column("plan_sessions", sa.Column("built_at", sa.DateTime(), nullable=True))
    op.add_column("plan_events", sa.Column("data", sa.JSON(), nullable=True))
    op.add_column("decisions", sa.Column("params", sa.JSON(), nullable=True))
    events = sa.table(
        "plan_events",
        sa.column("id", sa.Integer()),
        sa.column("kind", sa.String()),
        sa.column("message", sa.Text()),
        sa.column("data", sa.JSON()),
    )
    for row_id, message in bind.execute(
        sa.text("SELECT id, message FROM plan_events WHERE kind = 'rescheduled'")
    ).all():
        match = _MOVED.match(message)
        if match:  # a manual reschedule: an input the fold replays
            bind.execute(
                events.update()
                .where(events.c.id == row_id)
                .values(kind="reschedule", data={"from": match.group(1)})
            )

    # one check-in a day: the newest stands
    bind.execute(
        sa.text(
            "DELETE FROM checkins WHERE id NOT IN (SELECT MAX(c2.id) FROM checkins c2 "
            "GROUP BY c2.plan_id, c2.checked_on)"
        )
    )
    op.create_index("uq_checkins_day", "checkins", ["plan_id", "checked_on"], unique=True)


def downgrade() -> None:
    raise NotImplementedError("0003 cannot be undone: restore a backup made with hamcoach export")
