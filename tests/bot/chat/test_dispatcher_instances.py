"""Two dispatchers on one database, as two instances: each chat one at a time, in order, once;
a stalled instance's chat is taken over, and what it finishes late is neither sent nor marked."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.chat.delivery import Delivered
from bot.chat.dispatcher import Dispatcher
from bot.chat.handling import Work
from bot.chat.leasing import ChatLeases
from storage import (
    InboxRecord,
    LeaseLost,
    Leases,
    NewEvent,
    Repository,
    create_engine,
    create_sessionmaker,
    downgrade,
    upgrade,
)

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.skipif(not POSTGRES_URL, reason="no PG")),
    ]
)
async def url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'inbox.db'}"
        return
    assert POSTGRES_URL is not None
    await downgrade(POSTGRES_URL, "base")
    yield POSTGRES_URL


class Instance:
    def __init__(self, url: str, name: str, ttl_s: float = 1.0):
        self.engine = create_engine(url)
        sessions = create_sessionmaker(self.engine)
        self.repository = Repository(sessions)
        leases = Leases(sessions, name, timedelta(seconds=ttl_s))
        self.leases = ChatLeases(leases, renew_every_s=0.1, margin_s=0.3, poll_every_s=0.05)
        self.dispatcher = Dispatcher(self.repository.inbox, leases=self.leases)
        self.name = name


class Platform:
    """Handlers of both instances, recording what reached the platform."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []  # (instance, chat, event id)
        self.running: dict[str, int] = {}
        self.overlap = 0
        self.stall: asyncio.Event | None = None

    def handler(self, instance: str):
        async def handle(events: list[InboxRecord], work: Work) -> Delivered:
            chat = events[0].chat_key
            self.running[chat] = self.running.get(chat, 0) + 1
            self.overlap = max(self.overlap, self.running[chat])
            try:
                await asyncio.sleep(0.01)
                if self.stall is not None and instance == "a":
                    await self.stall.wait()
                if not work.still_ours():  # as the delivery loop checks before each send
                    raise LeaseLost("gone")
                self.sent.extend((instance, chat, e.event_id) for e in events)
                return Delivered((f"reply-{events[0].event_id}",))
            finally:
                self.running[chat] -= 1

        return handle


async def _until(condition, timeout: float = 20.0) -> None:
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("timed out")


async def _instances(url: str, platform: Platform) -> tuple[Instance, Instance]:
    await upgrade(url)
    a, b = Instance(url, "a"), Instance(url, "b")
    for instance in (a, b):
        instance.dispatcher.register("test", platform.handler(instance.name))
        await instance.dispatcher.start()
    return a, b


async def test_two_instances_answer_each_chat_once_in_order(url: str) -> None:
    platform = Platform()
    a, b = await _instances(url, platform)
    try:
        chats = [f"c{n}" for n in range(4)]
        # Spread over both, as a load balancer does, each chat's events in order.
        for number in range(40):
            instance = (a, b)[number % 2]
            chat = chats[number % len(chats)]
            await instance.repository.inbox.add([NewEvent("test", str(number), chat)])
            instance.dispatcher.wake("test", chat)
        await _until(lambda: len(platform.sent) >= 40)
        await asyncio.sleep(0.3)
    finally:
        for instance in (a, b):
            await instance.dispatcher.stop(timeout=1)
            await instance.engine.dispose()
    ids = [int(event) for _, _, event in platform.sent]
    assert sorted(ids) == list(range(40))  # once each
    for chat in chats:
        order = [int(e) for _, c, e in platform.sent if c == chat]
        assert order == sorted(order)
    assert platform.overlap == 1
    assert {instance for instance, _, _ in platform.sent} == {"a", "b"}


async def test_a_stalled_instances_chat_is_taken_over_and_answered_once(url: str) -> None:
    platform = Platform()
    platform.stall = asyncio.Event()
    a, b = await _instances(url, platform)
    try:
        await a.repository.inbox.add([NewEvent("test", "1", "x")])
        a.dispatcher.wake("test", "x")
        await _until(lambda: platform.running.get("x") == 1)
        await a.leases.stop()  # a stalls: it renews nothing any more
        await _until(lambda: [s[0] for s in platform.sent] == ["b"])
        platform.stall.set()  # a wakes up and would answer: its lease is gone
        await asyncio.sleep(0.5)
        records = await b.repository.inbox.counts()
    finally:
        for instance in (a, b):
            await instance.dispatcher.stop(timeout=1)
            await instance.engine.dispose()
    assert platform.sent == [("b", "x", "1")]
    assert records == {"done": 1}
