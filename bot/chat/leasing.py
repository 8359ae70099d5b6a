"""This instance's chat leases, when several instances share one PostgreSQL.

A chat is handled by the instance that holds its lease (`storage.leases`). The keeper renews
every lease it holds in one statement every `renew_every_s`, and counts a lease as its own only
until `ttl - margin` after the last renewal that began before it was confirmed: by then another
instance may claim the chat, so a worker stops before it could send anything twice. The delivery
loop checks `holding` just before each send; a stalled process that wakes up past its deadline
sends nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import timedelta

from bot.chat.outages import Outages, is_outage
from storage import Lease, Leases

log = logging.getLogger(__name__)

ChatKey = tuple[str, str]
LEASE_TTL = timedelta(seconds=10)
RENEW_EVERY_S = 2.0
# A lease is given up this long before the database lets others claim it.
SAFETY_MARGIN_S = 2.0
POLL_EVERY_S = 1.0


@dataclass
class _Held:
    lease: Lease
    deadline: float  # time.monotonic() after which the lease may be someone else's
    claimed_at: float


class ChatLeases:
    def __init__(
        self,
        leases: Leases,
        *,
        renew_every_s: float = RENEW_EVERY_S,
        margin_s: float = SAFETY_MARGIN_S,
        poll_every_s: float = POLL_EVERY_S,
        outages: Outages | None = None,
    ) -> None:
        self.leases = leases
        # Shared with the dispatcher: a database outage is logged once, not per renewal.
        self.outages = outages or Outages()
        self.renew_every_s = renew_every_s
        self.poll_every_s = poll_every_s
        self._for_s = leases.ttl.total_seconds() - margin_s
        self._held: dict[ChatKey, _Held] = {}
        self._tasks: list[asyncio.Task[None]] = []

    def start(
        self, wake: Callable[[str, str], None], platforms: Callable[[], Collection[str]]
    ) -> None:
        """Renew what is held, and look for chats of `platforms` that nobody holds (`wake`
        each of them)."""
        self._tasks = [
            asyncio.create_task(self._renew_forever(), name="chat-leases-renew"),
            asyncio.create_task(self._poll_forever(wake, platforms), name="chat-leases-poll"),
        ]

    async def stop(self) -> None:
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def claim(self, key: ChatKey) -> Lease | None:
        started = time.monotonic()
        lease = await self.leases.claim(*key)
        if lease is not None:
            # A renewal that began before the claim committed could not see it: it is judged
            # by the next one.
            self._held[key] = _Held(lease, started + self._for_s, time.monotonic())
        return lease

    def lease(self, key: ChatKey) -> Lease | None:
        held = self._held.get(key)
        return held.lease if held is not None and self.holding(key) else None

    def holding(self, key: ChatKey) -> bool:
        held = self._held.get(key)
        return held is not None and time.monotonic() < held.deadline

    async def release(self, key: ChatKey) -> None:
        held = self._held.pop(key, None)
        if held is None:
            return
        try:
            await self.leases.release(held.lease)
        except Exception as exc:
            # It expires on its own, and another instance claims the chat then.
            self._failed(exc, f"could not release {key[0]} chat {key[1]}")

    async def _renew_forever(self) -> None:
        while True:
            await asyncio.sleep(self.renew_every_s)
            started = time.monotonic()
            try:
                renewed = await self.leases.renew([h.lease for h in self._held.values()])
            except Exception as exc:
                self._failed(exc, "renewing failed; trying again")
                continue
            for key, held in self._held.items():
                if held.claimed_at >= started:
                    continue  # claimed while the renewal ran: it may not have seen it
                if renewed.get(key) == held.lease.token:
                    held.deadline = max(held.deadline, started + self._for_s)
                elif held.deadline:
                    held.deadline = 0.0  # expired, or claimed by another instance
                    log.warning("chat leases: lost %s chat %s to another instance", *key)

    async def _poll_forever(
        self, wake: Callable[[str, str], None], platforms: Callable[[], Collection[str]]
    ) -> None:
        while True:
            await asyncio.sleep(self.poll_every_s)
            try:
                chats = await self.leases.claimable(platforms())
            except Exception as exc:
                self._failed(exc, "looking for unclaimed chats failed")
                continue
            for platform, chat_key in chats:
                wake(platform, chat_key)

    def _failed(self, exc: Exception, what: str) -> None:
        if is_outage(exc):
            self.outages.failed(exc)  # the loops keep their own pace; the outage is logged once
        else:
            log.warning("chat leases: %s", what, exc_info=True)
