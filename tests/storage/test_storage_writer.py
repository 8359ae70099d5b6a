"""The write queue: one writer at a time, the inbox's done marks ahead of waiting writes."""

from __future__ import annotations

import asyncio

import pytest

from storage.writer import WriteTurns


async def _write(turns: WriteTurns, name: str, order: list[str], *, urgent: bool = False) -> None:
    async with turns.turn(urgent=urgent):
        order.append(f"{name} in")
        await asyncio.sleep(0)
        order.append(f"{name} out")


async def test_writers_take_turns_in_order_and_urgent_ones_go_first() -> None:
    turns = WriteTurns()
    order: list[str] = []
    release = asyncio.Event()

    async def holder() -> None:
        async with turns.turn():
            order.append("holder")
            await release.wait()

    held = asyncio.create_task(holder())
    await asyncio.sleep(0)
    queued = [asyncio.create_task(_write(turns, f"picture{n}", order)) for n in range(3)]
    await asyncio.sleep(0)
    done_mark = asyncio.create_task(_write(turns, "done", order, urgent=True))
    await asyncio.sleep(0)
    assert turns.waiting == 4
    release.set()
    await asyncio.gather(held, *queued, done_mark)
    # Never two at once, and the done mark right after the writer that held the turn.
    assert order == [
        "holder",
        "done in", "done out",
        "picture0 in", "picture0 out",
        "picture1 in", "picture1 out",
        "picture2 in", "picture2 out",
    ]  # fmt: skip
    assert turns.waiting == 0


async def test_a_cancelled_waiter_never_keeps_the_turn() -> None:
    turns = WriteTurns()
    order: list[str] = []
    release = asyncio.Event()

    async def holder() -> None:
        async with turns.turn():
            await release.wait()

    held = asyncio.create_task(holder())
    await asyncio.sleep(0)
    gone = asyncio.create_task(_write(turns, "gone", order))
    after = asyncio.create_task(_write(turns, "after", order))
    await asyncio.sleep(0)
    gone.cancel()
    release.set()
    # Cancelled either while waiting or just as the turn was handed to it: "after" still runs.
    await asyncio.wait_for(asyncio.gather(held, after), timeout=2)
    with pytest.raises(asyncio.CancelledError):
        await gone
    assert order == ["after in", "after out"]
    # The turn is free again.
    await asyncio.wait_for(_write(turns, "last", order), timeout=2)


async def test_a_waiter_cancelled_after_being_handed_the_turn_passes_it_on() -> None:
    turns = WriteTurns()
    order: list[str] = []
    waiters: list[asyncio.Task[None]] = []

    async def holder() -> None:
        async with turns.turn():
            await asyncio.sleep(0)
            waiters.append(asyncio.create_task(_write(turns, "handed", order)))
            waiters.append(asyncio.create_task(_write(turns, "after", order)))
            await asyncio.sleep(0)
        # The turn was just handed to "handed", which has not run yet: cancel it now.
        waiters[0].cancel()

    await holder()
    handed, after = waiters
    await asyncio.wait_for(after, timeout=2)
    with pytest.raises(asyncio.CancelledError):
        await handed
    assert order == ["after in", "after out"]
