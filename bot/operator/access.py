"""Who may use the bot: allow-lists from the environment, blocks admins set, admins."""

from __future__ import annotations

import time
from collections.abc import Callable

from storage import OperatorStore

REFUSE_EVERY_S = 3600.0  # a refused chat hears why at most this often


class Access:
    def __init__(
        self,
        store: OperatorStore,
        allowed: frozenset[str],
        admins: frozenset[str],
        refuse_every_s: float = REFUSE_EVERY_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.allowed = allowed  # empty: everyone
        self.admins = admins
        self.refuse_every_s = refuse_every_s
        self.clock = clock
        # In memory, per process: after a restart a refused chat may hear it once more.
        self._told: dict[str, float] = {}

    def is_admin(self, platform: str, user_id: str) -> bool:
        return f"{platform}:{user_id}" in self.admins

    async def refusal(self, platform: str, user_id: str, ids: frozenset[str]) -> str | None:
        """Why this event is not served ("blocked", "not_allowed"), or None. Admins always are."""
        if self.is_admin(platform, user_id):
            return None
        if await self.store.blocked(ids):
            return "blocked"
        if self.allowed and not (ids & self.allowed):
            return "not_allowed"
        return None

    def tell(self, platform: str, chat_id: str) -> bool:
        """Whether this refused chat is told so now (at most once per `refuse_every_s`)."""
        key = f"{platform}:{chat_id}"
        now = self.clock()
        last = self._told.get(key)
        if last is not None and now - last < self.refuse_every_s:
            return False
        self._told[key] = now
        if len(self._told) > 10_000:  # strangers are many: forget those told long ago
            cutoff = now - self.refuse_every_s
            self._told = {k: t for k, t in self._told.items() if t >= cutoff}
        return True
