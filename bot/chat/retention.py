"""Pictures, captions and turns past the chats' limits go even from chats that stay quiet.

A chat is pruned when it sends a picture (`storage.exchanges.prune`); one that never sends
another would keep its old pictures for good. The sweep prunes every chat by the same limits
(CHAT_MAX_AGE_DAYS, CHAT_MAX_IMAGES), in the database (`Repository.sweep`): once right after
start, without holding it up, then every `every_s`. A sweep that fails (the database is away)
logs a warning and the next one tries again. Instances sharing one PostgreSQL may sweep at the
same time: a row is deleted once, by whichever gets there first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta
from typing import Protocol

from bot.chat.conversation import ConversationLimits
from storage.exchanges import Swept

log = logging.getLogger(__name__)

SWEEP_EVERY_S = 3600.0


class Sweeps(Protocol):
    async def sweep(
        self, max_images: int | None, max_age: timedelta | None, now: datetime | None = None
    ) -> Swept: ...


class Retention:
    def __init__(
        self, store: Sweeps, limits: ConversationLimits, *, every_s: float = SWEEP_EVERY_S
    ) -> None:
        self.store = store
        self.limits = limits
        self.every_s = every_s
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Sweep now, in the background, and then every `every_s`."""
        if self._task is None:
            self._task = asyncio.create_task(self._sweep_forever(), name="retention-sweep")

    async def stop(self) -> None:
        """Stop sweeping; a sweep under way is cancelled (its open batch is rolled back)."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            # Waited for, so that no database call of it outlives the stop.
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def sweep(self) -> Swept | None:
        """One sweep; what it removed, or None when it failed (logged, the next one retries)."""
        limits = self.limits
        try:
            swept = await self.store.sweep(limits.max_images_per_chat, limits.max_age)
        except Exception:
            log.warning(
                "retention: sweeping old pictures failed; trying again later", exc_info=True
            )
            return None
        if swept:
            log.info(
                "retention: removed %d picture(s) and %d turn(s) past the chats' limits (%s)",
                swept.images, swept.turns, _limits(limits),
            )  # fmt: skip
        return swept

    async def _sweep_forever(self) -> None:
        while True:
            await self.sweep()
            await asyncio.sleep(self.every_s)


def _limits(limits: ConversationLimits) -> str:
    kept = f"{limits.max_images_per_chat} pictures a chat"
    if limits.max_age is None:
        return kept
    return f"{kept}, {limits.max_age.total_seconds() / 86400:g} days"
