"""Starting and stopping the platforms around one core, in the order that loses nothing.

Start: each adapter is served by the core's pipeline and connects, then the dispatcher resumes
what the inbox holds. Stop: every adapter stops taking events first (what still arrives stays with
its platform, or in the inbox), the dispatcher gives replies under way the stop grace and hands
the rest back to the inbox, then adapters disconnect and the core shuts down.
"""

from __future__ import annotations

import logging
import time
from typing import Protocol, runtime_checkable

from adapters.status import StatusServer
from bot.chat.platform import Platform
from bot.core import Core

log = logging.getLogger(__name__)


class Adapter(Platform, Protocol):
    async def start(self) -> None: ...

    async def stop(self) -> None: ...


@runtime_checkable
class Intake(Protocol):
    """An adapter that can stop taking events before it disconnects."""

    async def stop_intake(self) -> None: ...


class Platforms:
    """The adapters serving one core."""

    def __init__(self, core: Core) -> None:
        self.core = core
        self.started: list[Adapter] = []
        # /healthz and /metrics, when METRICS_PORT is set.
        self.status: StatusServer | None = None

    async def add(self, adapter: Adapter) -> None:
        """Serve `adapter`'s platform and start it; on failure it is stopped again and the
        error propagates."""
        self.core.serve(adapter)
        try:
            await adapter.start()
        except BaseException:
            await adapter.stop()
            raise
        self.started.append(adapter)

    async def serve(self) -> None:
        """Begin handling, the inbox's unfinished events first; serve /healthz and /metrics
        when METRICS_PORT is set (an OSError if that port is taken)."""
        await self.core.dispatcher.start()
        settings = self.core.settings
        if settings.metrics_port is not None:
            status = StatusServer(self, settings.metrics_host, settings.metrics_port)
            await status.start()
            self.status = status

    async def stop(self) -> float:
        """Stop everything, the whole within about the stop grace plus the adapters' own
        disconnects; returns the seconds it took."""
        stopping = time.monotonic()
        grace = self.core.settings.stop_grace_s
        status, self.status = self.status, None
        if status is not None:
            await status.stop()
        for adapter in self.started:
            if isinstance(adapter, Intake):
                await adapter.stop_intake()
        await self.core.dispatcher.stop(timeout=max(grace - (time.monotonic() - stopping), 0))
        for adapter in reversed(self.started):
            await adapter.stop()
        self.started.clear()
        # One grace for everything: the engine gets what the replies left of it.
        await self.core.stop(timeout=max(grace - (time.monotonic() - stopping), 0.5))
        return time.monotonic() - stopping
