"""What one message and its answer store, written in one transaction.

A photo used to cost eight transactions (the picture, its caption, two turns, the pruning, the
style, ...); under load every one of them queued for SQLite's single writer. The conversation
now works out everything first, then records it here at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.convert import caption_record, chat_record, image_record
from storage.database import affected_rows
from storage.feedback import rated_since
from storage.models import CAPTION_KINDS, Caption, Chat, Image, Turn, utcnow
from storage.records import CaptionRecord, ChatRecord, ImageRecord, NotFoundError

_NO_SYNC = {"synchronize_session": False}


@dataclass(frozen=True)
class NewCaption:
    """A caption or answer the model made, not stored yet."""

    text: str
    style: str
    model: str
    seconds: float
    options: Mapping[str, Any] = field(default_factory=dict)
    model_text: str | None = None
    kind: str = "caption"
    question: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in CAPTION_KINDS:
            raise ValueError(f"kind must be one of {CAPTION_KINDS}, not {self.kind!r}")


@dataclass(frozen=True)
class NewPicture:
    """A picture someone sent, with its caption when captioning succeeded."""

    content_hash: str
    width: int
    height: int
    mime: str | None = None
    file_ref: str | None = None
    message_ref: str | None = None
    thumbnail: bytes | None = None
    caption: NewCaption | None = None
    text: dict[str, Any] | None = None  # the text read in it (ReadText.to_dict)


@dataclass(frozen=True)
class Turns:
    """The user's message and the bot's answer, as the history shows them."""

    user: str | None  # None: the user's turn is stored already (a photo's question)
    bot: str | None
    user_message_ref: str | None = None


@dataclass(frozen=True)
class Stored:
    chat: ChatRecord
    images: tuple[ImageRecord, ...] = ()
    captions: tuple[CaptionRecord | None, ...] = ()  # one per picture, or the exchange's one


@dataclass(frozen=True)
class Swept:
    """What a sweep (`Repository.sweep`) removed: images, with their captions, and turns."""

    images: int = 0
    turns: int = 0

    def __bool__(self) -> bool:
        return bool(self.images or self.turns)


def _caption_row(image_id: int, new: NewCaption) -> Caption:
    return Caption(
        image_id=image_id,
        kind=new.kind,
        text=new.text,
        model_text=new.model_text,
        style=new.style,
        question=new.question,
        options=dict(new.options),
        model=new.model,
        seconds=new.seconds,
    )


async def _chat(session: AsyncSession, chat_id: int, style: str | None) -> Chat:
    row = await session.get(Chat, chat_id)
    if row is None:
        raise NotFoundError(f"chat {chat_id} does not exist")
    if style is not None and row.style != style:
        row.style = style
        row.updated_at = utcnow()
    return row


def _turns(chat_id: int, image_id: int | None, turns: Turns) -> list[Turn]:
    rows = []
    if turns.user is not None:
        rows.append(
            Turn(chat_id=chat_id, role="user", text=turns.user, image_id=image_id,
                 message_ref=turns.user_message_ref)
        )  # fmt: skip
    if turns.bot is not None:
        rows.append(Turn(chat_id=chat_id, role="bot", text=turns.bot, image_id=image_id))
    return rows


async def record_pictures(
    session: AsyncSession,
    chat_id: int,
    pictures: Sequence[NewPicture],
    turns: Turns,
    *,
    style: str | None = None,
    max_images: int | None = None,
    max_age: timedelta | None = None,
    keep_rated: timedelta | None = None,
) -> Stored:
    """New pictures with their captions, the turns, the chat's style, then pruning."""
    chat = await _chat(session, chat_id, style)
    images = [
        Image(chat_id=chat_id, content_hash=p.content_hash, width=p.width, height=p.height,
              mime=p.mime, file_ref=p.file_ref, message_ref=p.message_ref, thumbnail=p.thumbnail,
              text=p.text)
        for p in pictures
    ]  # fmt: skip
    session.add_all(images)
    await session.flush()
    captions = [
        _caption_row(image.id, p.caption) if p.caption is not None else None
        for image, p in zip(images, pictures, strict=True)
    ]
    session.add_all([c for c in captions if c is not None])
    await session.flush()  # captions before the turn that says them (history pairs them so)
    session.add_all(_turns(chat_id, images[-1].id if images else None, turns))
    await session.flush()
    stored = Stored(
        chat_record(chat),
        tuple(image_record(i) for i in images),
        tuple(caption_record(c) if c is not None else None for c in captions),
    )
    await prune(session, chat_id, max_images=max_images, max_age=max_age, keep_rated=keep_rated)
    return stored


async def record_exchange(
    session: AsyncSession,
    chat_id: int,
    image_id: int,
    turns: Turns,
    caption: NewCaption | None,
    *,
    style: str | None = None,
) -> Stored:
    """A message about a stored picture and its answer: the turns, the new caption, the style."""
    chat = await _chat(session, chat_id, style)
    row = _caption_row(image_id, caption) if caption is not None else None
    if row is not None:
        session.add(row)
        await session.flush()
    session.add_all(_turns(chat_id, image_id, turns))
    await session.flush()
    return Stored(chat_record(chat), (), (caption_record(row) if row is not None else None,))


async def set_caption_refs(
    session: AsyncSession, caption_ids: Iterable[int], message_ref: str
) -> int:
    """Record the id of the bot's reply on its captions; returns how many were updated."""
    ids = list(caption_ids)
    if not ids:
        return 0
    result = await session.execute(
        update(Caption)
        .where(Caption.id.in_(ids))
        .values(message_ref=message_ref)
        .execution_options(**_NO_SYNC)
    )
    return affected_rows(result)


# What the age limit removes, in this order: images (their captions go by ON DELETE CASCADE,
# their younger turns keep their text by ON DELETE SET NULL), then turns.
AGED: tuple[type[Image] | type[Turn], ...] = (Image, Turn)


def check_max_images(max_images: int | None) -> None:
    if max_images is not None and max_images < 0:
        raise ValueError("max_images must be >= 0")


def _older(model: type[Image] | type[Turn], cutoff: datetime) -> ColumnElement[bool]:
    return model.created_at < cutoff


def _kept(
    model: Any, keep_rated: timedelta | None, now: datetime, images: bool
) -> ColumnElement[bool]:
    """Pictures rated or corrected within `keep_rated` stay, for training (FEEDBACK_KEEP_DAYS).
    `model`: the images table or an alias of it (`images`), or the turns table."""
    if not images or keep_rated is None:
        return true()
    return ~rated_since(now - keep_rated, model.id)


async def prune(
    session: AsyncSession,
    chat_id: int,
    *,
    max_images: int | None,
    max_age: timedelta | None,
    now: datetime | None = None,
    keep_rated: timedelta | None = None,
) -> int:
    """Keep the newest `max_images` images younger than `max_age`; returns images removed.

    Turns older than `max_age` go too; younger turns that pointed at a removed image keep their
    text with `image_id` cleared. None disables either limit. Images with feedback younger than
    `keep_rated` stay whatever the limits. The sweep (`Repository.sweep`) removes the same rows
    of every chat.
    """
    check_max_images(max_images)
    removed = 0
    now = now or utcnow()
    if max_age is not None:
        cutoff = now - max_age
        for model in AGED:
            result = await session.execute(
                delete(model)
                .where(model.chat_id == chat_id, _older(model, cutoff))
                .where(_kept(model, keep_rated, now, model is Image))
                .execution_options(**_NO_SYNC)
            )
            if model is Image:
                removed += affected_rows(result)
    if max_images is not None:
        # An alias, or the subquery would correlate to the DELETE's own table.
        kept = aliased(Image)
        newest = (
            select(kept.id)
            .where(kept.chat_id == chat_id)
            .order_by(kept.created_at.desc(), kept.id.desc())
            .limit(max_images)
        )
        result = await session.execute(
            delete(Image)
            .where(Image.chat_id == chat_id, Image.id.not_in(newest))
            .where(_kept(Image, keep_rated, now, True))
            .execution_options(**_NO_SYNC)
        )
        removed += affected_rows(result)
    return removed


async def prune_aged(
    session: AsyncSession,
    model: type[Image] | type[Turn],
    cutoff: datetime,
    limit: int,
    keep_rated: timedelta | None = None,
    now: datetime | None = None,
) -> int:
    """One batch of the sweep: up to `limit` rows of `model` older than `cutoff`, of any chat;
    returns how many went.

    What `prune` removes by age, chat by chat. On PostgreSQL, rows another transaction holds
    (another instance's sweep, a chat's own pruning, a reply about that picture) are skipped,
    not waited for: the next sweep takes them if they are still there.
    """
    picked = aliased(model)
    batch = (
        select(picked.id)
        .where(_older(picked, cutoff), _kept(picked, keep_rated, now or utcnow(), model is Image))
        .limit(limit)
        .with_for_update(skip_locked=True)  # nothing on SQLite: one writer at a time there
    )
    result = await session.execute(
        delete(model).where(model.id.in_(batch)).execution_options(**_NO_SYNC)
    )
    return affected_rows(result)


async def chats_over(session: AsyncSession, max_images: int) -> list[int]:
    """The chats with more than `max_images` images (the limit was lowered since they last
    sent one), for `prune` to take down to it."""
    rows = await session.scalars(
        select(Image.chat_id)
        .group_by(Image.chat_id)
        .having(func.count() > max_images)
        .order_by(Image.chat_id)
    )
    return list(rows)
