"""One writer at a time (SQLite), with urgent writes ahead of the queue.

SQLite has one writer at a time. Writers of this process queue here, on the event loop, rather
than inside SQLite, where a writer that holds the lock while it waits for its turn on a busy loop
makes the others run out of busy_timeout ("database is locked").

An urgent write goes before every ordinary one that is waiting. The inbox's done mark is urgent:
between a reply going out and its event being marked done, a crash repeats that reply on the next
start, so that window must not include a queue of new pictures being stored.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncIterator


class WriteTurns:
    def __init__(self) -> None:
        self._held = False
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._ordinary: deque[asyncio.Future[None]] = deque()

    @property
    def waiting(self) -> int:
        return sum(not f.done() for f in (*self._urgent, *self._ordinary))

    @contextlib.asynccontextmanager
    async def turn(self, *, urgent: bool = False) -> AsyncIterator[None]:
        """Hold the one write turn for the body; urgent callers are served first."""
        # Waiters queue only while the turn is held: it passes from holder to waiter directly.
        if self._held:
            queue = self._urgent if urgent else self._ordinary
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            queue.append(waiter)
            try:
                await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    self._pass_on()  # handed the turn just as it was cancelled: give it on
                else:
                    with contextlib.suppress(ValueError):
                        queue.remove(waiter)
                raise
        else:
            self._held = True
        try:
            yield
        finally:
            self._pass_on()

    def _pass_on(self) -> None:
        for queue in (self._urgent, self._ordinary):
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_result(None)  # the turn stays held, now by that waiter
                    return
        self._held = False
