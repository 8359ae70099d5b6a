"""Old pictures, captions and turns go from chats that stay quiet too: the core sweeps every chat
by CHAT_MAX_AGE_DAYS and CHAT_MAX_IMAGES right after it starts, then every hour."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from bot.chat import texts
from bot.chat.conversation import ConversationLimits
from bot.chat.retention import Retention
from bot.core import Core
from storage.exchanges import Swept
from storage.models import Image, Turn
from tests.bot.chat_driver import FakeChat
from tests.bot.conftest import Restartable
from tests.pictures import draw_picture

FIRST = [("red", "circle"), ("blue", "square")]
SECOND = [("green", "triangle"), ("yellow", "square")]
LOGGER = "bot.chat.retention"


def running(core: Restartable) -> Core:
    assert core.core is not None
    return core.core


async def backdate(
    core: Restartable, when: datetime, images: Iterable[int], turns: Iterable[int]
) -> None:
    """Age rows behind the core's back: it stamps everything with the current time."""
    async with running(core).database.begin() as connection:
        await connection.execute(
            update(Image).where(Image.id.in_(list(images))).values(created_at=when)
        )
        await connection.execute(
            update(Turn).where(Turn.id.in_(list(turns))).values(created_at=when)
        )


async def test_an_idle_chats_old_pictures_are_gone_after_a_restart(
    core: Restartable, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    idle = FakeChat(core, chat_id="idle")
    await idle.say(images=[draw_picture(FIRST)])
    mixed = FakeChat(core, chat_id="mixed")
    await mixed.say(images=[draw_picture(FIRST)])
    repository = running(core).repository
    idle_chat = await repository.get_chat("fake", "idle")
    mixed_chat = await repository.get_chat("fake", "mixed")
    assert idle_chat is not None and mixed_chat is not None
    [old_picture] = await repository.images(mixed_chat.id)
    old_turns = [t.id for t in await repository.recent_turns(mixed_chat.id, 100)]
    _, [kept_caption] = await mixed.say(images=[draw_picture(SECOND)])
    [idle_picture] = await repository.images(idle_chat.id)
    idle_turns = [t.id for t in await repository.recent_turns(idle_chat.id, 100)]

    # Both chats' first pictures and what was said about them are 66 days old (the limit is
    # 30); then nobody says anything.
    assert running(core).settings.chat_max_age_days == 30
    aged = datetime.now(UTC) - timedelta(days=66)
    await backdate(core, aged, [idle_picture.id, old_picture.id], idle_turns + old_turns)
    # Nothing prunes a chat that sends no picture: they are still there.
    conversation = running(core).conversation
    assert await conversation.picture("fake", "idle", idle_picture.id) is not None
    assert [e.image_id for e in await conversation.history("fake", "idle", 100) if e.image_id]

    await core.restart()  # the sweep runs right after start, in the background
    for _ in range(3000):
        if "retention: removed" in caplog.text:
            break
        await asyncio.sleep(0.01)

    conversation = running(core).conversation
    assert await conversation.history("fake", "idle", limit=100) == []
    assert await conversation.picture("fake", "idle", idle_picture.id) is None
    _, [history] = await idle.say("/history")
    assert history.text == texts.text("history.none")

    # The other chat keeps its young picture, its caption and their turns.
    entries = await conversation.history("fake", "mixed", limit=100)
    assert [e.image_id for e in entries if e.image_id] == [entries[0].image_id]
    assert entries[0].image_id not in (None, old_picture.id)
    assert [e.text for e in entries if e.role == "bot"] == [kept_caption.text]
    assert await conversation.picture("fake", "mixed", old_picture.id) is None
    assert await conversation.picture("fake", "mixed", entries[0].image_id) is not None
    _, [history] = await mixed.say("/history")
    assert kept_caption.text in history.text

    assert "retention: removed 2 picture(s)" in caplog.text


class Store:
    """Sweeps that answer in turn what they are given (an exception is raised), then nothing."""

    def __init__(self, *results: Swept | Exception) -> None:
        self.results = list(results)
        self.calls: list[tuple[int | None, timedelta | None]] = []
        self.done = asyncio.Event()

    async def sweep(
        self, max_images: int | None, max_age: timedelta | None, now: datetime | None = None
    ) -> Swept:
        self.calls.append((max_images, max_age))
        if not self.results:
            self.done.set()
            return Swept()
        result = self.results.pop(0)
        if isinstance(result, Exception):
            raise result
        return result


LIMITS = ConversationLimits(max_images_per_chat=5, max_age=timedelta(days=30))


async def test_a_failed_sweep_is_a_warning_and_the_next_one_tries_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    store = Store(OSError("the database is away"), Swept(), Swept(images=2, turns=3))
    retention = Retention(store, LIMITS, every_s=0.01)
    retention.start()
    try:
        await asyncio.wait_for(store.done.wait(), timeout=10)
    finally:
        await retention.stop()

    assert store.calls[:3] == [(5, timedelta(days=30))] * 3
    said = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == LOGGER]
    # Nothing said of a sweep that found nothing to remove.
    assert said == [
        ("WARNING", "retention: sweeping old pictures failed; trying again later"),
        ("INFO", "retention: removed 2 picture(s) and 3 turn(s) past the chats' limits "
                 "(5 pictures a chat, 30 days)"),
    ]  # fmt: skip
    assert "the database is away" in caplog.text  # the warning carries the error


async def test_start_does_not_wait_for_the_sweep_and_stop_ends_it() -> None:
    began = asyncio.Event()
    cancelled = asyncio.Event()

    class Slow:
        async def sweep(
            self, max_images: int | None, max_age: timedelta | None, now: datetime | None = None
        ) -> Swept:
            began.set()
            try:
                await asyncio.Event().wait()  # a database that does not answer
            except asyncio.CancelledError:
                cancelled.set()
                raise
            return Swept()

    retention = Retention(Slow(), LIMITS)
    retention.start()  # returns at once; the sweep runs in the background
    await asyncio.wait_for(began.wait(), timeout=10)
    await asyncio.wait_for(retention.stop(), timeout=10)
    assert cancelled.is_set()
    await retention.stop()  # stopping twice is harmless
