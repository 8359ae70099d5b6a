"""Indexes on images.created_at and turns.created_at, for the retention sweep.

The sweep (storage.Repository.sweep, every hour and at start) deletes what is older than
CHAT_MAX_AGE_DAYS across every chat. Without these it read both tables whole each time, and on
SQLite the rows of `images` carry their thumbnails.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_images_created_at"), "images", ["created_at"], unique=False)
    op.create_index(op.f("ix_turns_created_at"), "turns", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_turns_created_at"), table_name="turns")
    op.drop_index(op.f("ix_images_created_at"), table_name="images")
