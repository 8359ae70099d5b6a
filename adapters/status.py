"""The bot's own health check and Prometheus metrics over HTTP (METRICS_PORT, METRICS_HOST).

GET /healthz: 200 when the database answers, the model is loaded (or a caption worker answers)
and every platform is connected; otherwise 503, with JSON naming what is wrong.
GET /metrics: the core's registry in Prometheus' text format.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from bot.captioning.engine import CaptionEngine
from bot.core import Core

if TYPE_CHECKING:
    from adapters.lifecycle import Platforms

log = logging.getLogger(__name__)

CHECK_TIMEOUT_S = 3.0


def metrics_response(registry: CollectorRegistry) -> web.Response:
    """A registry as Prometheus scrapes it (the bot's and the caption worker's)."""
    return web.Response(
        body=generate_latest(registry), headers={"Content-Type": CONTENT_TYPE_LATEST}
    )


@runtime_checkable
class Connected(Protocol):
    name: str

    @property
    def connected(self) -> bool: ...


async def _database_ok(core: Core) -> bool:
    try:
        await asyncio.wait_for(core.repository.operator.ping(), CHECK_TIMEOUT_S)
    except Exception:
        log.warning("health: the database did not answer", exc_info=True)
        return False
    return True


async def _model_ok(core: Core) -> bool:
    engine = core.engine
    if isinstance(engine, CaptionEngine):
        return engine.running
    return await engine.reachable(CHECK_TIMEOUT_S)


async def health(platforms: Platforms) -> tuple[bool, dict[str, object]]:
    """Whether everything works, and the report that says so."""
    core = platforms.core
    database, model = await asyncio.gather(_database_ok(core), _model_ok(core))
    connected = {a.name: a.connected for a in platforms.started if isinstance(a, Connected)}
    problems = [name for name, ok in (("database", database), ("model", model)) if not ok]
    problems += [f"platform:{name}" for name, ok in connected.items() if not ok]
    if not connected:
        problems.append("platforms: none started")
    report: dict[str, object] = {
        "status": "ok" if not problems else "unhealthy",
        "problems": problems,
        "database": "ok" if database else "not answering",
        "model": core.engine.model_name if model else "not loaded",
        "platforms": {n: "connected" if ok else "disconnected" for n, ok in connected.items()},
    }
    return not problems, report


class StatusServer:
    def __init__(self, platforms: Platforms, host: str, port: int) -> None:
        self.platforms = platforms
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        # A scrape in flight must not hold a stop past its grace (aiohttp waits 60 s by default).
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, self.host, self.port).start()
        except OSError:
            await self.stop()
            raise
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _healthz(self, request: web.Request) -> web.Response:
        ok, report = await health(self.platforms)
        return web.json_response(report, status=200 if ok else 503)

    async def _metrics(self, request: web.Request) -> web.Response:
        operator = self.platforms.core.operator
        await operator.queues()  # sets the queue gauges to what waits now
        return metrics_response(operator.metrics.registry)
