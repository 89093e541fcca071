"""Training: exercise logs, check-ins, progression decisions, re-tests.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _plan_fk() -> sa.Column[int]:
    return sa.Column(
        "plan_id", sa.Integer(), sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "exercise_logs",
        sa.Column("id", sa.Integer(), primary_key=True),
        _plan_fk(),
        sa.Column("session_number", sa.Integer(), nullable=True),
        sa.Column("exercise_id", sa.String(60), nullable=False),
        sa.Column("performed_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sets", sa.JSON(), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=True),
        sa.Column("leg_symptoms", sa.Boolean(), nullable=False),
        sa.Column("target", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
    )
    op.create_index("ix_exercise_logs_plan_id", "exercise_logs", ["plan_id"])
    op.create_index("ix_exercise_logs_exercise_id", "exercise_logs", ["exercise_id"])
    op.create_index("ix_exercise_logs_performed_on", "exercise_logs", ["performed_on"])
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), primary_key=True),
        _plan_fk(),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=False),
        sa.Column("stiffness", sa.Integer(), nullable=True),
    )
    op.create_index("ix_checkins_plan_id", "checkins", ["plan_id"])
    op.create_index("ix_checkins_checked_on", "checkins", ["checked_on"])
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        _plan_fk(),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("exercise_id", sa.String(60), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("rule", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
    )
    op.create_index("ix_decisions_plan_id", "decisions", ["plan_id"])
    op.create_table(
        "retests",
        sa.Column("id", sa.Integer(), primary_key=True),
        _plan_fk(),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("point", sa.String(20), nullable=False),
        sa.Column("nprs", sa.Integer(), nullable=True),
        sa.Column("psfs", sa.JSON(), nullable=False),
        sa.Column("tests", sa.JSON(), nullable=False),
    )
    op.create_index("ix_retests_plan_id", "retests", ["plan_id"])


def downgrade() -> None:
    op.drop_table("retests")
    op.drop_table("decisions")
    op.drop_table("checkins")
    op.drop_table("exercise_logs")
