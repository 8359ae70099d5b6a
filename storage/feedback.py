"""What people say of captions: 👍/👎 per person and caption, and the corrections they send.

A person's word on a caption is one row (caption, platform, person): pressing again changes its
rating, a correction fills in its `correction`. 👎 marks the row as awaiting a correction: that
person's next message in that chat is the better caption. Rows go with their picture (and so
with /forget); `rated_since` tells the retention sweep which pictures to keep for training.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, exists, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import Chat, Feedback, Image, utcnow

Writer = Callable[[], AbstractAsyncContextManager[AsyncSession]]

UP, DOWN = 1, -1


@dataclass(frozen=True, slots=True)
class Rated:
    """The caption a word is about, as the conversation found it."""

    chat_id: int
    image_id: int
    caption_id: int
    caption: str
    model: str


@dataclass(frozen=True, slots=True)
class FeedbackRecord:
    id: int
    chat_id: int
    image_id: int
    caption_id: int
    caption: str
    model: str
    platform: str
    user_id: str
    rating: int | None
    correction: str | None
    awaiting_correction: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ExportRow:
    """A picture with feedback, for `feedback export`."""

    image_id: int
    thumbnail: bytes
    platform: str
    words: tuple[FeedbackRecord, ...]


@dataclass(frozen=True, slots=True)
class ModelStats:
    model: str
    up: int
    down: int
    corrections: int

    @property
    def approval(self) -> float | None:
        rated = self.up + self.down
        return self.up / rated if rated else None


def _record(row: Feedback) -> FeedbackRecord:
    return FeedbackRecord(
        id=row.id, chat_id=row.chat_id, image_id=row.image_id, caption_id=row.caption_id,
        caption=row.caption, model=row.model, platform=row.platform, user_id=row.user_id,
        rating=row.rating, correction=row.correction,
        awaiting_correction=row.awaiting_correction, created_at=row.created_at,
        updated_at=row.updated_at,
    )  # fmt: skip


def rated_since(cutoff: datetime, image_id: ColumnElement[int]) -> ColumnElement[bool]:
    """Whether someone rated or corrected the picture `image_id` names at `cutoff` or later:
    such pictures are kept for training."""
    return exists(
        select(Feedback.id).where(Feedback.image_id == image_id, Feedback.created_at >= cutoff)
    )


class FeedbackStore:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], write: Writer) -> None:
        self._sessions = sessions
        self._write = write

    async def _upsert(
        self, session: AsyncSession, about: Rated, platform: str, user_id: str, **values: object
    ) -> None:
        dialect = session.bind.dialect.name if session.bind is not None else ""
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        now = utcnow()
        changed = {**values, "updated_at": now}
        await session.execute(
            insert(Feedback)
            .values(
                chat_id=about.chat_id, image_id=about.image_id, caption_id=about.caption_id,
                caption=about.caption, model=about.model, platform=platform, user_id=user_id,
                created_at=now, **{"awaiting_correction": False, **changed},
            )
            .on_conflict_do_update(
                index_elements=["caption_id", "platform", "user_id"], set_=changed
            )
        )  # fmt: skip

    async def _stop_waiting(
        self, session: AsyncSession, chat_id: int, platform: str, user_id: str
    ) -> None:
        await session.execute(
            update(Feedback)
            .where(
                Feedback.chat_id == chat_id,
                Feedback.platform == platform,
                Feedback.user_id == user_id,
                Feedback.awaiting_correction.is_(True),
            )
            .values(awaiting_correction=False)
            .execution_options(synchronize_session=False)
        )

    async def rate(self, about: Rated, platform: str, user_id: str, rating: int) -> None:
        """This person's 👍 or 👎 on the caption, replacing their earlier one; 👎 makes their
        next message in the chat the better caption (and only this one awaits it)."""
        async with self._write() as session:
            await self._stop_waiting(session, about.chat_id, platform, user_id)
            await self._upsert(
                session, about, platform, user_id, rating=rating,
                awaiting_correction=rating == DOWN,
            )  # fmt: skip

    async def correct(self, about: Rated, platform: str, user_id: str, correction: str) -> None:
        """The caption this person says the picture should have had."""
        async with self._write() as session:
            await self._stop_waiting(session, about.chat_id, platform, user_id)
            await self._upsert(session, about, platform, user_id, correction=correction)

    async def awaiting(
        self, chat_id: int, platform: str, user_id: str, since: datetime
    ) -> FeedbackRecord | None:
        """The 👎 of this person in this chat whose correction is still awaited, if pressed at
        `since` or later."""
        async with self._sessions() as session:
            row = await session.scalar(
                select(Feedback)
                .where(
                    Feedback.chat_id == chat_id,
                    Feedback.platform == platform,
                    Feedback.user_id == user_id,
                    Feedback.awaiting_correction.is_(True),
                    Feedback.updated_at >= since,
                )
                .order_by(Feedback.updated_at.desc(), Feedback.id.desc())
                .limit(1)
            )
            return _record(row) if row is not None else None

    async def stop_waiting(self, chat_id: int, platform: str, user_id: str) -> None:
        async with self._write() as session:
            await self._stop_waiting(session, chat_id, platform, user_id)

    async def correction(self, image_id: int) -> str | None:
        """The latest correction anyone gave this picture."""
        async with self._sessions() as session:
            return await session.scalar(
                select(Feedback.correction)
                .where(Feedback.image_id == image_id, Feedback.correction.is_not(None))
                .order_by(Feedback.updated_at.desc(), Feedback.id.desc())
                .limit(1)
            )

    async def of_chat(self, chat_id: int) -> list[FeedbackRecord]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(Feedback).where(Feedback.chat_id == chat_id).order_by(Feedback.id)
            )
            return [_record(row) for row in rows]

    async def for_export(self, since: datetime | None = None) -> list[ExportRow]:
        """Every picture with feedback (given at `since` or later) and a stored copy, oldest
        first, with all that was said of it."""
        async with self._sessions() as session:
            query = (
                select(Feedback, Image.thumbnail, Chat.platform)
                .join(Image, Image.id == Feedback.image_id)
                .join(Chat, Chat.id == Feedback.chat_id)
                .where(Image.thumbnail.is_not(None))
                .order_by(Feedback.image_id, Feedback.id)
            )
            if since is not None:
                query = query.where(Feedback.updated_at >= since)
            found: dict[int, tuple[bytes, str, list[FeedbackRecord]]] = {}
            for row, thumbnail, platform in (await session.execute(query)).all():
                entry = found.setdefault(row.image_id, (thumbnail or b"", platform, []))
                entry[2].append(_record(row))
        return [
            ExportRow(image_id, thumbnail, platform, tuple(words))
            for image_id, (thumbnail, platform, words) in found.items()
        ]

    async def stats(self) -> list[ModelStats]:
        """👍, 👎 and corrections per model, the most rated first."""
        async with self._sessions() as session:
            rows = (
                await session.execute(
                    select(
                        Feedback.model,
                        func.count().filter(Feedback.rating == UP),
                        func.count().filter(Feedback.rating == DOWN),
                        func.count().filter(Feedback.correction.is_not(None)),
                    ).group_by(Feedback.model)
                )
            ).all()
        found = [ModelStats(model, up, down, fixed) for model, up, down, fixed in rows]
        return sorted(found, key=lambda s: (-(s.up + s.down + s.corrections), s.model))
