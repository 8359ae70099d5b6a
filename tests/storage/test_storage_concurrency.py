"""Many chats writing at once: every write lands, none fails with "database is locked"."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest

from storage import NewCaption, NewPicture, Repository, Turns, database

CHATS = 50


async def _a_chat_at_work(repository: Repository, number: int) -> None:
    chat = await repository.get_or_create_chat("telegram", f"chat-{number}")
    for step in range(6):
        # A photo as the conversation records it: picture, caption, turn, then pruning.
        caption = NewCaption(
            text="a caption", model_text="a caption", style="plain", model="tiny",
            seconds=0.1, options={},
        )  # fmt: skip
        picture = NewPicture(
            content_hash=f"{number}-{step}",
            width=8,
            height=8,
            mime="image/png",
            file_ref=None,
            message_ref=f"m{step}",
            thumbnail=b"png",
            caption=caption,
        )
        await repository.record_pictures(
            chat.id,
            [picture],
            Turns(user="[picture]", bot=None),
            max_images=2,
            max_age=timedelta(days=1),
        )
        await repository.update_chat(chat.id, style="funny" if step % 2 else "plain")


async def _busy_event_loop(stop: asyncio.Event) -> None:
    # A loop that other work keeps busy (decoding, PTB): a writer holding SQLite's lock waits
    # for its turn on the loop to commit, while other connections wait for the lock.
    while not stop.is_set():
        time.sleep(0.02)  # noqa: ASYNC251 - blocking the loop is the point
        await asyncio.sleep(0.005)


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # The same race as under real load, in a fraction of the time.
    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_MS", 100)
    yield


async def test_fifty_chats_writing_at_once_all_succeed(
    short_busy_timeout: None, repository: Repository, probe
) -> None:
    stop = asyncio.Event()
    hog = asyncio.create_task(_busy_event_loop(stop))
    try:
        results = await asyncio.gather(
            *(_a_chat_at_work(repository, n) for n in range(CHATS)), return_exceptions=True
        )
    finally:
        stop.set()
        await hog
    failures = [r for r in results if isinstance(r, BaseException)]
    assert failures == []
    counts = await probe.table_counts()
    assert counts["chats"] == CHATS
    assert counts["images"] == CHATS * 2  # pruned to the newest two each
    assert counts["captions"] == CHATS * 2
