"""The repository: every read and write the bot makes, returning frozen records.

Each method runs in its own short session so callers never hold a transaction open across an
await on the network or the model. Deletions rely on the database's ON DELETE rules (enabled
for SQLite by storage.database), not on ORM cascades, so bulk deletes stay single statements.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.convert import caption_record, chat_record, image_record, turn_record
from storage.database import WRITE, affected_rows
from storage.exchanges import (
    AGED,
    NewCaption,
    NewPicture,
    Stored,
    Swept,
    Turns,
    chats_over,
    check_max_images,
    prune,
    prune_aged,
    record_exchange,
    record_pictures,
)
from storage.feedback import FeedbackStore
from storage.inbox import Inbox
from storage.models import Caption, Chat, Image, Turn, utcnow
from storage.operator import OperatorStore
from storage.people import PeopleStore
from storage.records import CaptionRecord, ChatRecord, ImageRecord, NotFoundError, TurnRecord
from storage.writer import WriteTurns

# Bulk statements below touch rows the session never loaded; nothing to keep in sync.
_NO_SYNC = {"synchronize_session": False}
# A sweep's rows per write transaction, and chats over the image limit per one: short turns of
# SQLite's one writer, between which the conversation's writes go.
SWEEP_ROWS = 500
SWEEP_CHATS = 100


class Repository:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessionmaker
        bind = sessionmaker.kw.get("bind")
        # SQLite: one writer at a time, queued on the loop (storage.writer says why).
        self._one_writer = WriteTurns() if bind is not None and _is_sqlite(bind) else None
        self.inbox = Inbox(sessionmaker, self._write)
        self.operator = OperatorStore(sessionmaker, self._write)
        self.people = PeopleStore(sessionmaker, self._write)
        self.feedback = FeedbackStore(sessionmaker, self._write)
        # FEEDBACK_KEEP_DAYS: pictures rated or corrected this recently outlive the chats'
        # retention, for training (None: retention alone).
        self.keep_rated: timedelta | None = None

    @contextlib.asynccontextmanager
    async def _write(self, *, urgent: bool = False) -> AsyncIterator[AsyncSession]:
        """A write transaction: committed on exit, rolled back on an error. An urgent one goes
        before the writes waiting for their turn."""
        async with contextlib.AsyncExitStack() as stack:
            if self._one_writer is not None:
                await stack.enter_async_context(self._one_writer.turn(urgent=urgent))
            session = await stack.enter_async_context(self._sessions.begin())
            await session.connection(execution_options={WRITE: True})
            yield session

    # Chats

    async def get_chat(self, platform: str, external_id: str) -> ChatRecord | None:
        async with self._sessions() as session:
            row = await session.scalar(
                select(Chat).where(Chat.platform == platform, Chat.external_id == external_id)
            )
            return chat_record(row) if row is not None else None

    async def get_or_create_chat(self, platform: str, external_id: str) -> ChatRecord:
        existing = await self.get_chat(platform, external_id)
        if existing is not None:
            return existing
        try:
            async with self._write() as session:
                row = Chat(platform=platform, external_id=external_id)
                session.add(row)
                await session.flush()
                return chat_record(row)
        except IntegrityError:
            # Another task or process inserted the same chat after our read: use theirs.
            winner = await self.get_chat(platform, external_id)
            if winner is None:
                raise
            return winner

    async def update_chat(
        self,
        chat_id: int,
        *,
        style: str | None = None,
        auto_caption: bool | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> ChatRecord:
        """Change the given fields; ``settings`` replaces the whole dict."""
        async with self._write() as session:
            row = await session.get(Chat, chat_id)
            if row is None:
                raise NotFoundError(f"chat {chat_id} does not exist")
            if style is not None:
                row.style = style
            if auto_caption is not None:
                row.auto_caption = auto_caption
            if settings is not None:
                row.settings = dict(settings)
            row.updated_at = utcnow()
            await session.flush()
            return chat_record(row)

    async def forget_chat(self, chat_id: int) -> int:
        """Delete the chat and all it owns; returns how many images went with it."""
        async with self._write() as session:
            # Images first, only to count them; the chat's delete would cascade anyway.
            result = await session.execute(
                delete(Image).where(Image.chat_id == chat_id).execution_options(**_NO_SYNC)
            )
            await session.execute(
                delete(Chat).where(Chat.id == chat_id).execution_options(**_NO_SYNC)
            )
            return affected_rows(result)

    async def record_pictures(
        self,
        chat_id: int,
        pictures: Sequence[NewPicture],
        turns: Turns,
        *,
        style: str | None = None,
        max_images: int | None = None,
        max_age: timedelta | None = None,
    ) -> Stored:
        """Pictures with their captions, the turns, the chat's style and pruning, in one
        transaction (see `storage.exchanges`)."""
        async with self._write() as session:
            return await record_pictures(
                session, chat_id, pictures, turns,
                style=style, max_images=max_images, max_age=max_age, keep_rated=self.keep_rated,
            )  # fmt: skip

    async def record_exchange(
        self,
        chat_id: int,
        image_id: int,
        turns: Turns,
        caption: NewCaption | None,
        *,
        style: str | None = None,
    ) -> Stored:
        """A message about a stored picture, its answer and new caption, in one transaction."""
        async with self._write() as session:
            return await record_exchange(session, chat_id, image_id, turns, caption, style=style)

    async def sweep(
        self,
        max_images: int | None,
        max_age: timedelta | None,
        now: datetime | None = None,
        *,
        batch: int = SWEEP_ROWS,
    ) -> Swept:
        """Prune every chat as a chat that sends a picture is pruned (`exchanges.prune`): the
        images and turns older than `max_age`, then the images beyond each chat's newest
        `max_images`; returns what went. None disables either limit.

        Set-wise, not chat by chat: the aged rows of all chats go `batch` at a time, each batch
        its own short write; only chats over the image limit (it was lowered since they last
        sent a picture) are pruned one by one. Idempotent: a row is deleted once, whoever gets
        there first, so instances sharing one PostgreSQL may sweep at the same time.
        """
        check_max_images(max_images)
        if batch < 1:
            raise ValueError("batch must be >= 1")
        now = now or utcnow()
        removed = {model: 0 for model in AGED}
        if max_age is not None:
            cutoff = now - max_age
            for model in AGED:
                while True:
                    async with self._write() as session:
                        count = await prune_aged(
                            session, model, cutoff, batch, self.keep_rated, now
                        )
                    removed[model] += count
                    if count < batch:
                        break
        if max_images is not None:
            async with self._sessions() as session:
                over = await chats_over(session, max_images)
            for start in range(0, len(over), SWEEP_CHATS):
                async with self._write() as session:
                    for chat_id in over[start : start + SWEEP_CHATS]:
                        removed[Image] += await prune(
                            session, chat_id, max_images=max_images, max_age=max_age, now=now,
                            keep_rated=self.keep_rated,
                        )  # fmt: skip
        return Swept(images=removed[Image], turns=removed[Turn])

    # Images

    async def get_image(self, image_id: int) -> ImageRecord | None:
        async with self._sessions() as session:
            row = await session.get(Image, image_id)
            return image_record(row) if row is not None else None

    async def images(self, chat_id: int, limit: int = 20) -> list[ImageRecord]:
        """The chat's newest ``limit`` images, newest first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(Image)
                .where(Image.chat_id == chat_id)
                .order_by(Image.created_at.desc(), Image.id.desc())
                .limit(limit)
            )
            return [image_record(row) for row in rows]

    async def latest_image(self, chat_id: int) -> ImageRecord | None:
        newest = await self.images(chat_id, limit=1)
        return newest[0] if newest else None

    async def chat_and_pictures(
        self, platform: str, external_id: str, message_ref: str
    ) -> tuple[ChatRecord | None, list[ImageRecord]]:
        """The chat, and the pictures its message `message_ref` carried when they were stored
        already (a message handled again), in one round trip: a new picture's first read."""
        async with self._sessions() as session:
            row = await session.scalar(
                select(Chat).where(Chat.platform == platform, Chat.external_id == external_id)
            )
            if row is None:
                return None, []
            images = await session.scalars(
                select(Image)
                .where(Image.chat_id == row.id, Image.message_ref == message_ref)
                .order_by(Image.id)
            )
            return chat_record(row), [image_record(i) for i in images]

    async def find_image_by_message(self, chat_id: int, message_ref: str) -> ImageRecord | None:
        """The image a message refers to: the message that carried it, else a bot reply about it.

        Lets a user reply to either their photo or the bot's caption to ask about the photo.
        """
        async with self._sessions() as session:
            row = await session.scalar(
                select(Image)
                .where(Image.chat_id == chat_id, Image.message_ref == message_ref)
                .order_by(Image.id.desc())
                .limit(1)
            )
            if row is None:
                row = await session.scalar(
                    select(Image)
                    .join(Caption, Caption.image_id == Image.id)
                    .where(Image.chat_id == chat_id, Caption.message_ref == message_ref)
                    .order_by(Caption.id.desc())
                    .limit(1)
                )
            return image_record(row) if row is not None else None

    # Captions

    async def captions_for_image(self, image_id: int) -> list[CaptionRecord]:
        """All captions and answers for the image, oldest first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(Caption)
                .where(Caption.image_id == image_id)
                .order_by(Caption.created_at, Caption.id)
            )
            return [caption_record(row) for row in rows]

    async def captions_for_images(
        self, chat_id: int, image_ids: Iterable[int]
    ) -> list[CaptionRecord]:
        """The captions and answers of these pictures of the chat, oldest first; ids of other
        chats' pictures match nothing."""
        ids = list(set(image_ids))
        if not ids:
            return []
        async with self._sessions() as session:
            rows = await session.scalars(
                select(Caption)
                .join(Image, Caption.image_id == Image.id)
                .where(Image.chat_id == chat_id, Image.id.in_(ids))
                .order_by(Caption.created_at, Caption.id)
            )
            return [caption_record(row) for row in rows]

    async def image_message_refs(
        self, chat_id: int, image_ids: Iterable[int]
    ) -> dict[int, str | None]:
        """The message that carried each of these pictures of the chat (no thumbnails read)."""
        ids = list(set(image_ids))
        if not ids:
            return {}
        async with self._sessions() as session:
            rows = await session.execute(
                select(Image.id, Image.message_ref).where(
                    Image.chat_id == chat_id, Image.id.in_(ids)
                )
            )
            return {image_id: ref for image_id, ref in rows}

    # Conversation turns

    async def recent_turns(self, chat_id: int, limit: int = 20) -> list[TurnRecord]:
        """The chat's last ``limit`` turns, oldest first (ready to replay as context)."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(Turn)
                .where(Turn.chat_id == chat_id)
                .order_by(Turn.created_at.desc(), Turn.id.desc())
                .limit(limit)
            )
            return [turn_record(row) for row in reversed(rows.all())]


def _is_sqlite(bind: Any) -> bool:
    return getattr(getattr(bind, "dialect", None), "name", None) == "sqlite"
