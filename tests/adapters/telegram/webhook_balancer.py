"""A load balancer in front of several bots' Telegram webhooks: round-robin, and a delivery that
fails on one (refused, reset, not 200) is tried on the next, as Telegram's retries would."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp

from adapters.telegram.intake import SECRET_HEADER


class Balancer:
    def __init__(self, urls: list[str], secret: str, attempts: int = 200) -> None:
        """`secret`: the webhook secret Telegram would send (the bots refuse posts without)."""
        self.urls = urls
        self.headers = {SECRET_HEADER: secret}
        self.attempts = attempts
        self.delivered_to: list[int] = []  # for each delivery, the bot that took it
        self._next = 0
        self._http: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Balancer:
        self.open()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    def open(self) -> None:
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15))

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()

    async def deliver(self, update: dict[str, Any]) -> int:
        """Post `update` until a bot answers 200; the index of that bot."""
        assert self._http is not None
        for attempt in range(self.attempts):
            index = self._next % len(self.urls)
            self._next += 1
            try:
                async with self._http.post(
                    self.urls[index], json=update, headers=self.headers
                ) as response:
                    if response.status == 200:
                        self.delivered_to.append(index)
                        return index
            except (aiohttp.ClientError, TimeoutError):
                pass
            if attempt % len(self.urls) == len(self.urls) - 1:
                await asyncio.sleep(0.1)  # every bot failed it: give them a moment
        raise RuntimeError(f"no bot took update {update.get('update_id')}")
