"""How responsive the event loop stays: a task that ticks often and records its longest gap."""

from __future__ import annotations

import asyncio
import contextlib
import time

from bot.captioning.intake import IntakeError, load_image
from tests.pictures import draw_picture, png_bytes

TICK_S = 0.005


class Heartbeat:
    """`async with Heartbeat() as beat:` … then `beat.longest_gap`: the longest time the loop
    could not run the ticking task (a blocking call on the loop shows up here whole)."""

    def __init__(self) -> None:
        self.longest_gap = 0.0
        self.ticks = 0
        self._task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(TICK_S)
            now = time.perf_counter()
            self.longest_gap = max(self.longest_gap, now - last - TICK_S)
            self.ticks += 1
            last = now

    async def __aenter__(self) -> Heartbeat:
        self._task = asyncio.create_task(self._tick())
        await asyncio.sleep(0)  # ticking from here on
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._task is not None
        self._task.cancel()
        await asyncio.wait({self._task})


def big_picture(side: int = 6000) -> bytes:
    """A `side`×`side` PNG: 36 MP at the default, a good fraction of a second to decode."""
    return png_bytes(draw_picture([("red", "circle"), ("blue", "square")], size=(side, side)))


def decode_seconds(data: bytes) -> float:
    """How long one intake of `data` takes on this machine right now (a refusal included)."""
    started = time.perf_counter()
    with contextlib.suppress(IntakeError):
        load_image(data)
    return time.perf_counter() - started
