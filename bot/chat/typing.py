"""The "typing…" indicator while a slow reply is prepared, for the platforms that have one.

It starts only when the conversation says it will answer (its `on_answering` callback), and
shows only once the reply has taken longer than `delay`: a fast reply spends none of the
platform's sending budget on it, and a message the core ignores never shows it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

TYPING_DELAY_S = 1.0


class Typing:
    """The pipeline hands `start` to the conversation as its `on_answering`, and `stop`s it
    before the reply is sent: an indicator sent after the reply would linger under it.

    `send` shows the platform's indicator once; it is repeated every `every` seconds (a little
    less than the platform shows it for) until then.
    """

    def __init__(
        self,
        send: Callable[[], Awaitable[object]],
        *,
        every: float,
        delay: float = TYPING_DELAY_S,
    ):
        self._send = send
        self.every = every
        self.delay = delay
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """The core is answering: show typing if the reply is not ready within `delay`."""
        if self._task is None:
            self._task = asyncio.create_task(self._keep_typing(), name="typing")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            # Waits for the cancelled task, so no indicator is in flight once the reply goes out;
            # wait() raises only when this task itself is cancelled.
            await asyncio.wait({task})

    async def __aenter__(self) -> Typing:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def _keep_typing(self) -> None:
        await asyncio.sleep(self.delay)
        while True:
            try:
                await self._send()
            except Exception as exc:  # a refused indicator must never cost the reply
                log.debug("typing indicator failed: %r", exc)
            await asyncio.sleep(self.every)
