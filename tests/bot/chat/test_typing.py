"""The shared "typing…" indicator on a real event loop, with the platform call stood in for."""

from __future__ import annotations

import asyncio

from bot.chat.typing import Typing


class Platform:
    """Records indicator calls; the first `failures` of them are refused."""

    def __init__(self, failures: int = 0):
        self.calls = 0
        self.failures = failures
        self.called = asyncio.Event()

    async def send(self) -> None:
        self.calls += 1
        self.called.set()
        if self.calls <= self.failures:
            raise ConnectionError("the platform refused the typing action")


async def test_nothing_is_sent_when_the_reply_is_ready_within_the_delay():
    platform = Platform()
    async with Typing(platform.send, every=5, delay=60) as typing:
        typing.start()
        await asyncio.sleep(0.05)  # the reply was ready well within the delay
    assert platform.calls == 0


async def test_nothing_is_sent_when_the_core_never_answers():
    platform = Platform()
    async with Typing(platform.send, every=5, delay=0):
        await asyncio.sleep(0.05)
    assert platform.calls == 0


async def test_refused_calls_are_retried_and_typing_ends_with_the_block():
    platform = Platform(failures=2)
    async with Typing(platform.send, every=0.01, delay=0) as typing:
        typing.start()
        typing.start()  # the core says it once; a second call starts nothing new
        async with asyncio.timeout(5):  # a refusal that ended the typing would hang here
            while platform.calls < 4:
                platform.called.clear()
                await platform.called.wait()
    sent = platform.calls
    await asyncio.sleep(0.05)
    assert platform.calls == sent  # nothing after the block: the reply goes out after it
