"""Operator controls: usage counted per person and window, and blocked ids.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "usage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_usage")),
        sa.UniqueConstraint(
            "subject",
            "kind",
            "period",
            "starts_at",
            name=op.f("uq_usage_subject_kind_period_starts_at"),
        ),
    )
    op.create_index(op.f("ix_usage_starts_at"), "usage", ["starts_at"], unique=False)
    op.create_table(
        "blocks",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("blocked_by", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_blocks")),
    )


def downgrade() -> None:
    op.drop_table("blocks")
    op.drop_index(op.f("ix_usage_starts_at"), table_name="usage")
    op.drop_table("usage")
