"""Declarative ORM models for Captionist's storage.

The schema is owned by the alembic migrations in ``alembic/versions``; these models must match
them exactly (a test compares the two). Everything here is portable between SQLite and
PostgreSQL: no dialect-specific types, and cascades are declared on the foreign keys so the
database does them, not only the ORM.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Deterministic constraint names: SQLite batch migrations can only drop or alter a constraint
# they can name, and PostgreSQL would otherwise invent names alembic cannot predict.
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CAPTION_KINDS: tuple[str, ...] = ("caption", "answer")
TURN_ROLES: tuple[str, ...] = ("user", "bot")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp that always comes back as UTC.

    SQLite has no timezone support: it stores whatever wall-clock time it is given and returns
    naive datetimes. Converting to UTC on the way in and tagging UTC on the way out makes both
    backends behave like PostgreSQL's ``timestamptz``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        # Naive values are taken to be UTC already (as datetime.utcnow() would produce).
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


class Chat(Base):
    __tablename__ = "chats"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(String(255))
    style: Mapped[str] = mapped_column(String(64), default="plain")
    auto_caption: Mapped[bool] = mapped_column(Boolean, default=False)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Image(Base):
    __tablename__ = "images"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    mime: Mapped[str | None] = mapped_column(String(255))
    # Text, not String: platform file ids have no documented maximum length.
    file_ref: Mapped[str | None] = mapped_column(Text)
    message_ref: Mapped[str | None] = mapped_column(String(255))
    thumbnail: Mapped[bytes | None] = mapped_column(LargeBinary)
    # The text read in the full picture (bot.captioning.reading.ReadText.to_dict), kept because
    # the thumbnail is too small to read it again; None: not read.
    text: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Caption(Base):
    __tablename__ = "captions"
    __table_args__ = (CheckConstraint("kind IN ('caption', 'answer')", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    image_id: Mapped[int] = mapped_column(ForeignKey("images.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="caption")
    text: Mapped[str] = mapped_column(Text)
    # The model's own words before a style rewrote them: "again" compares against these.
    model_text: Mapped[str | None] = mapped_column(Text)
    style: Mapped[str] = mapped_column(String(64))
    question: Mapped[str | None] = mapped_column(Text)
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    model: Mapped[str] = mapped_column(String(255))
    seconds: Mapped[float] = mapped_column(Float)
    message_ref: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Turn(Base):
    __tablename__ = "turns"
    __table_args__ = (CheckConstraint("role IN ('user', 'bot')", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    # Indexed so PostgreSQL's ON DELETE SET NULL does not scan every turn per deleted image.
    image_id: Mapped[int | None] = mapped_column(
        ForeignKey("images.id", ondelete="SET NULL"), index=True
    )
    message_ref: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


INBOX_STATES: tuple[str, ...] = ("pending", "done", "failed")


class InboxEvent(Base):
    """An event a platform delivered, committed before the platform is told it arrived.

    Handled in `id` order per chat; `done` with the ids of the messages sent for it.
    """

    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("platform", "event_id"),
        CheckConstraint("state IN ('pending', 'done', 'failed')", name="state"),
        Index("ix_inbox_state_chat", "state", "platform", "chat_key", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    # The platform's own id of the event (Telegram update_id, Discord message or interaction id,
    # the web chat's message id): a redelivery is the same key, and inserting it again is a no-op.
    event_id: Mapped[str] = mapped_column(String(128))
    chat_key: Mapped[str] = mapped_column(String(255))
    # Events handled together (a Telegram album's photos share their media_group_id).
    group_key: Mapped[str | None] = mapped_column(String(255))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # What the payload cannot reference elsewhere: a web upload's picture.
    blob: Mapped[bytes | None] = mapped_column(LargeBinary)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_refs: Mapped[dict[str, Any]] = mapped_column(default=dict)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()


class ChatLease(Base):
    """Which instance handles a chat's inbox events, until when (several instances on one
    PostgreSQL). A lease is released by moving `expires_at` into the past, never by deleting
    the row: `token` keeps counting up, so a finished event is only ever marked done under the
    newest claim."""

    __tablename__ = "chat_leases"

    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    chat_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    owner: Mapped[str] = mapped_column(String(128))
    token: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime] = mapped_column()


# -- operator controls (issue 15) ----------------------------------------------------------------


class Usage(Base):
    """How much costly work (`kind`: pictures, LLM calls) one person asked for in one window
    (`period`: an hour or a UTC day, beginning at `starts_at`). Counted in the database so that
    a restart, or another instance on the same PostgreSQL, sees the same counts."""

    __tablename__ = "usage"
    __table_args__ = (UniqueConstraint("subject", "kind", "period", "starts_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject: Mapped[str] = mapped_column(String(255))  # "platform:user_id"
    kind: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(8))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    count: Mapped[int] = mapped_column(Integer)


class Block(Base):
    """A user, chat, guild or role an admin blocked ("platform:id")."""

    __tablename__ = "blocks"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    blocked_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# -- people's own settings (issue 28) ------------------------------------------------------------


class Person(Base):
    """What one person chose for themselves, the same in every chat they write in: the language
    the bot writes to them in (/language), None to follow their app."""

    __tablename__ = "people"

    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    language: Mapped[str | None] = mapped_column(String(16), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


# -- feedback (issue 27) -------------------------------------------------------------------------


class Feedback(Base):
    """One person's word on one caption: 👍 (rating 1), 👎 (-1), and the caption they gave
    instead (`correction`, a reference for training). A press again changes the rating. Goes
    with its picture (and so with /forget); pictures with feedback outlive the chat's retention
    for FEEDBACK_KEEP_DAYS, to be exported for training."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("caption_id", "platform", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    image_id: Mapped[int] = mapped_column(ForeignKey("images.id", ondelete="CASCADE"), index=True)
    caption_id: Mapped[int] = mapped_column(ForeignKey("captions.id", ondelete="CASCADE"))
    caption: Mapped[str] = mapped_column(Text)  # as shown, kept if the caption row goes
    model: Mapped[str] = mapped_column(String(255))
    platform: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(255))
    rating: Mapped[int | None] = mapped_column(Integer, nullable=True)
    correction: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Set by 👎: this person's next message in this chat is the better caption.
    awaiting_correction: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
