"""Accounts for the web app: clinics, users, sessions, one-time links, calendar feeds,
sign-in attempts and an audit log.

Nothing existing changes; patients may now belong to a clinic (null: none).
Secrets are stored as SHA-256 digests only.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _moment(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "clinics",
        sa.Column("id", sa.String(60), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        _moment("created_at"),
    )
    # a plain column, not a batch copy: on SQLite, recreating 'patients' with foreign keys
    # on would cascade its implicit delete into every plan (the clinic link is checked by
    # the services until the clinician's side adds the constraint)
    op.add_column("patients", sa.Column("clinic_id", sa.String(60), nullable=True))
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column(
            "patient_id",
            sa.String(60),
            sa.ForeignKey("patients.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("clinic_id", sa.String(60), sa.ForeignKey("clinics.id", ondelete="SET NULL")),
        sa.Column("password_hash", sa.String(200), nullable=True),
        _moment("created_at"),
        _moment("disabled_at", nullable=True),
    )
    op.create_index("ix_users_patient_id", "users", ["patient_id"])
    for table, extra in (
        ("web_sessions", [sa.Column("csrf", sa.String(64), nullable=False)]),
        ("one_time_links", [sa.Column("purpose", sa.String(20), nullable=False)]),
    ):
        op.create_table(
            table,
            sa.Column("digest", sa.String(64), primary_key=True),
            sa.Column(
                "user_id",
                sa.Integer(),
                sa.ForeignKey("users.id", ondelete="CASCADE"),
                nullable=False,
            ),
            *extra,
            _moment("created_at"),
            _moment("expires_at"),
            _moment("revoked_at" if table == "web_sessions" else "used_at", nullable=True),
        )
        op.create_index(f"ix_{table}_user_id", table, ["user_id"])
    op.create_table(
        "calendar_feeds",
        sa.Column(
            "patient_id",
            sa.String(60),
            sa.ForeignKey("patients.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        _moment("created_at"),
    )
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(64), nullable=False),
        _moment("at"),
        sa.Column("ok", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_login_attempts_key_at", "login_attempts", ["key", "at"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        _moment("at"),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("patient_id", sa.String(60), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=True),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_patient_id", "audit_log", ["patient_id"])


def downgrade() -> None:
    for table in ("audit_log", "login_attempts", "calendar_feeds"):
        op.drop_table(table)
    for table in ("one_time_links", "web_sessions"):
        op.drop_index(f"ix_{table}_user_id", table_name=table)
        op.drop_table(table)
    op.drop_index("ix_users_patient_id", table_name="users")
    op.drop_table("users")
    op.drop_column("patients", "clinic_id")
    op.drop_table("clinics")
