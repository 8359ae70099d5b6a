"""Initial schema: chats, images, captions, turns.

Revision ID: 0001
Revises:
Create Date: 2025-11-25

Hand-checked against the autogenerate output. Constraint names are spelled out (they follow
storage.models.NAMING_CONVENTION) so later batch migrations on SQLite can refer to them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=255), nullable=False),
        sa.Column("style", sa.String(length=64), nullable=False),
        sa.Column("auto_caption", sa.Boolean(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chats")),
        sa.UniqueConstraint("platform", "external_id", name=op.f("uq_chats_platform_external_id")),
    )

    op.create_table(
        "images",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("mime", sa.String(length=255), nullable=True),
        sa.Column("file_ref", sa.Text(), nullable=True),
        sa.Column("message_ref", sa.String(length=255), nullable=True),
        sa.Column("thumbnail", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"], ["chats.id"], name=op.f("fk_images_chat_id_chats"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_images")),
    )
    op.create_index(op.f("ix_images_chat_id"), "images", ["chat_id"], unique=False)
    op.create_index(op.f("ix_images_content_hash"), "images", ["content_hash"], unique=False)

    op.create_table(
        "captions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("image_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("model_text", sa.Text(), nullable=True),
        sa.Column("style", sa.String(length=64), nullable=False),
        sa.Column("question", sa.Text(), nullable=True),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("model", sa.String(length=255), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("message_ref", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('caption', 'answer')", name=op.f("ck_captions_kind")),
        sa.ForeignKeyConstraint(
            ["image_id"],
            ["images.id"],
            name=op.f("fk_captions_image_id_images"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_captions")),
    )
    op.create_index(op.f("ix_captions_image_id"), "captions", ["image_id"], unique=False)

    op.create_table(
        "turns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("image_id", sa.Integer(), nullable=True),
        sa.Column("message_ref", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('user', 'bot')", name=op.f("ck_turns_role")),
        sa.ForeignKeyConstraint(
            ["chat_id"], ["chats.id"], name=op.f("fk_turns_chat_id_chats"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["image_id"],
            ["images.id"],
            name=op.f("fk_turns_image_id_images"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_turns")),
    )
    op.create_index(op.f("ix_turns_chat_id"), "turns", ["chat_id"], unique=False)
    op.create_index(op.f("ix_turns_image_id"), "turns", ["image_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_turns_image_id"), table_name="turns")
    op.drop_index(op.f("ix_turns_chat_id"), table_name="turns")
    op.drop_table("turns")
    op.drop_index(op.f("ix_captions_image_id"), table_name="captions")
    op.drop_table("captions")
    op.drop_index(op.f("ix_images_content_hash"), table_name="images")
    op.drop_index(op.f("ix_images_chat_id"), table_name="images")
    op.drop_table("images")
    op.drop_table("chats")
