"""Clearances: a clinician cleared one red flag for one person.

A new table, one row per clearance (who, which question, on which day, a note,
when it was typed, in UTC); deleting a person deletes theirs. Plans gain the
clearances that let them be made, as they stood then (null for every older plan:
none was needed). Nothing existing changes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clearances",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "patient_id",
            sa.String(60),
            sa.ForeignKey("patients.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("question_id", sa.String(60), nullable=False),
        sa.Column("cleared_by", sa.String(80), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("cleared_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_clearances_patient_id", "clearances", ["patient_id"])
    op.add_column("plans", sa.Column("clearances", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("plans", "clearances")
    op.drop_index("ix_clearances_patient_id", table_name="clearances")
    op.drop_table("clearances")
