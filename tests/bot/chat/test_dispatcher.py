"""The dispatcher on a real SQLite inbox: per-chat order, chats in parallel, resume, albums."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from bot.chat.delivery import Delivered
from bot.chat.dispatcher import Dispatcher
from bot.chat.handling import Work
from storage import (
    InboxRecord,
    NewEvent,
    Repository,
    create_engine,
    create_sessionmaker,
    upgrade,
)


@pytest.fixture
async def repository(tmp_path: Path) -> AsyncIterator[Repository]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'inbox.db'}")
    await upgrade(engine)
    yield Repository(create_sessionmaker(engine))
    await engine.dispose()


class Recorder:
    """A platform handler that records what it handled, optionally slowly or failing."""

    def __init__(
        self, delay: float = 0.0, failures: int = 0, error: Exception | None = None
    ) -> None:
        self.delay = delay
        self.failures = failures
        self.error = error or RuntimeError("the handler has a bug")
        self.handled: list[list[str]] = []
        self.running: dict[str, int] = {}
        self.overlap = 0

    async def __call__(self, events: Sequence[InboxRecord], work: Work) -> Delivered:
        chat = events[0].chat_key
        self.running[chat] = self.running.get(chat, 0) + 1
        self.overlap = max(self.overlap, self.running[chat])
        try:
            await asyncio.sleep(self.delay)
            if self.failures > 0:
                self.failures -= 1
                raise self.error
            self.handled.append([e.event_id for e in events])
            return Delivered(tuple(f"reply-{e.event_id}" for e in events))
        finally:
            self.running[chat] -= 1


async def _until(condition, timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("timed out")


def _events(*numbers: int, chat: str = "c") -> list[NewEvent]:
    return [NewEvent("test", str(n), chat, {"n": n}) for n in numbers]


async def test_each_chat_in_order_chats_in_parallel(repository: Repository) -> None:
    recorder = Recorder(delay=0.05)
    dispatcher = Dispatcher(repository.inbox)
    dispatcher.register("test", recorder)
    await dispatcher.start()
    for n in range(6):
        chat = f"chat-{n % 3}"
        await repository.inbox.add(_events(n, chat=chat))
        dispatcher.wake("test", chat)
    await _until(lambda: sum(len(h) for h in recorder.handled) == 6)
    order = [h[0] for h in recorder.handled]
    for index in range(3):
        mine = [e for e in order if int(e) % 3 == index]
        assert mine == sorted(mine, key=int)
    assert recorder.overlap == 1  # never two events of one chat at once
    await dispatcher.stop(timeout=1)
    assert await repository.inbox.counts() == {"done": 6}


async def test_a_redelivered_event_is_handled_once(repository: Repository) -> None:
    recorder = Recorder()
    dispatcher = Dispatcher(repository.inbox)
    dispatcher.register("test", recorder)
    await dispatcher.start()
    for _ in range(3):
        await repository.inbox.add(_events(1))
        dispatcher.wake("test", "c")
        await _until(lambda: recorder.handled)
    await dispatcher.stop(timeout=1)
    assert recorder.handled == [["1"]]


async def test_a_stop_leaves_the_rest_for_the_next_start(repository: Repository) -> None:
    slow = Recorder(delay=0.3)
    dispatcher = Dispatcher(repository.inbox)
    dispatcher.register("test", slow)
    await dispatcher.start()
    await repository.inbox.add(_events(1, 2, 3))
    dispatcher.wake("test", "c")
    await asyncio.sleep(0.05)
    await dispatcher.stop(timeout=0.01)  # cancelled mid-way through the first
    assert slow.handled == []

    recorder = Recorder()
    restarted = Dispatcher(repository.inbox)
    restarted.register("test", recorder)
    await restarted.start()
    await _until(lambda: len(recorder.handled) == 3)
    assert recorder.handled == [["1"], ["2"], ["3"]]
    await restarted.stop(timeout=1)


async def test_an_album_is_handled_whole(repository: Repository) -> None:
    recorder = Recorder()
    dispatcher = Dispatcher(repository.inbox, group_wait_s=0.2)
    dispatcher.register("test", recorder)
    await dispatcher.start()
    await repository.inbox.add([NewEvent("test", "1", "c", group_key="g")])
    dispatcher.wake("test", "c")
    await asyncio.sleep(0.05)  # the second picture arrives a moment later
    await repository.inbox.add([NewEvent("test", "2", "c", group_key="g")])
    dispatcher.wake("test", "c")
    await _until(lambda: recorder.handled)
    await dispatcher.stop(timeout=1)
    assert recorder.handled == [["1", "2"]]


async def _handled_after_failures(
    repository: Repository, recorder: Recorder, **options: Any
) -> InboxRecord:
    """Event "1" handled by a dispatcher whose handler fails first; the event as stored then."""
    dispatcher = Dispatcher(repository.inbox, retry_delay_s=0.01, **options)
    dispatcher.register("test", recorder)
    await dispatcher.start()
    await repository.inbox.add(_events(1))
    dispatcher.wake("test", "c")
    await _until(lambda: recorder.handled)
    await dispatcher.stop(timeout=1)
    assert recorder.handled == [["1"]]
    event = await repository.inbox.get(1)
    assert event is not None
    return event


async def test_a_failed_send_is_retried(repository: Repository) -> None:
    event = await _handled_after_failures(repository, Recorder(failures=2))
    assert event.state == "done" and event.attempts == 2


async def test_an_outage_is_waited_out_without_counting_as_a_try(repository: Repository) -> None:
    # Three failures with two tries allowed: an outage is not a try, so the event was answered.
    recorder = Recorder(failures=3, error=ConnectionError("the platform did not answer"))
    event = await _handled_after_failures(repository, recorder, max_attempts=2)
    assert event.state == "done" and event.attempts == 0
