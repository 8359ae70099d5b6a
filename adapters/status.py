"""The bot's own health check and Prometheus metrics over HTTP (METRICS_PORT, METRICS_HOST).

GET /healthz: 200 when the database answers, the model is loaded (or a caption worker answers)
and every platform is connected; otherwise 503, with JSON naming what is wrong.
GET /metrics: the core's registry in Prometheus' text format.

Both, like the web chat, answer only requests whose Host header names this server (loopback,
the listen address, WEB_PUBLIC_HOSTS): anything else is a DNS-rebinding page, refused with 421.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from aiohttp import hdrs, web
from aiohttp.typedefs import Handler
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from bot.captioning.engine import CaptionEngine
from bot.core import Core

if TYPE_CHECKING:
    from adapters.lifecycle import Platforms

log = logging.getLogger(__name__)

CHECK_TIMEOUT_S = 3.0

# -- the Host allow-list (DNS rebinding) --------------------------------------------------------

# Always ours, on any port: a browser on this machine, or a port published by Docker.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
MISDIRECTED = 421
MISDIRECTED_TEXT = "This server does not answer for that host name (see WEB_PUBLIC_HOSTS)."
_REPORTED_LIMIT = 100


def split_host(value: str) -> tuple[str, int | None] | None:
    """A Host header (or an allow-list entry) as (name, port): the name lower-cased, without
    brackets or a trailing dot, an IP address in its canonical form; None when malformed."""
    value = value.strip().lower()
    if value.startswith("["):
        name, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return None
        port_text = rest[1:]
    elif value.count(":") > 1:
        name, port_text = value, ""  # a bare IPv6 address
    else:
        name, _, port_text = value.partition(":")
    port = None
    if port_text:
        if not (port_text.isascii() and port_text.isdigit()) or int(port_text) > 65535:
            return None
        port = int(port_text)
    if name.endswith("."):
        name = name[:-1]
    try:
        name = ipaddress.ip_address(name).compressed
    except ValueError:
        if not name or not all(c.isascii() and (c.isalnum() or c in "-._") for c in name):
            return None
    return name, port


@dataclass(frozen=True)
class AllowedHosts:
    """The host names a server answers for: `names` on any port, `pairs` on that port only."""

    names: frozenset[str]
    pairs: frozenset[tuple[str, int]] = frozenset()

    @classmethod
    def of(cls, listen_host: str, public_hosts: str = "") -> AllowedHosts:
        """Loopback, the listen address when it is one (not 0.0.0.0 or ::), and the entries of
        WEB_PUBLIC_HOSTS (comma- or space-separated, each `name` or `name:port`)."""
        names = set(LOOPBACK_NAMES)
        pairs: set[tuple[str, int]] = set()
        listening = split_host(listen_host) if listen_host.strip() not in ("", "*") else None
        if listening is not None and not _unspecified(listening[0]):
            names.add(listening[0])
        for entry in public_hosts.replace(",", " ").split():
            parsed = split_host(entry)
            if parsed is None:
                log.warning("WEB_PUBLIC_HOSTS: %r is not a host name or host:port; ignored", entry)
            elif parsed[1] is None:
                names.add(parsed[0])
            else:
                pairs.add((parsed[0], parsed[1]))
        return cls(frozenset(names), frozenset(pairs))

    def allows(self, host: str | None) -> bool:
        """Whether a request with this Host header is for us (a missing one is not)."""
        parsed = split_host(host) if host is not None else None
        if parsed is None:
            return False
        name, port = parsed
        # An address, not a name: a rebinding page always comes by a name it controls, while
        # probes and scrapers (Kubernetes, Prometheus) come by the pod's changing IP.
        return (
            name in self.names
            or (port is not None and (name, port) in self.pairs)
            or _is_address(name)
        )


def _is_address(name: str) -> bool:
    try:
        return not ipaddress.ip_address(name).is_unspecified
    except ValueError:
        return False


def _unspecified(name: str) -> bool:
    try:
        return ipaddress.ip_address(name).is_unspecified
    except ValueError:
        return False


def misdirected(request: web.Request, allowed: AllowedHosts, reported: set[str]) -> bool:
    """True when the request's Host is not ours: the caller answers 421 and does nothing else.
    Each refused host is logged once (up to a bound), for an operator missing WEB_PUBLIC_HOSTS."""
    host = request.headers.get(hdrs.HOST)
    if allowed.allows(host):
        return False
    shown = host if host is not None else "(none)"
    if shown not in reported and len(reported) < _REPORTED_LIMIT:
        reported.add(shown)
        log.warning(
            "refused a request for host %r on %s (not loopback, the listen address or in"
            " WEB_PUBLIC_HOSTS)",
            shown[:200],
            request.path[:200],
        )
    return True


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
    # What handling is waiting out right now (a full disk answers the ping but fails writes).
    problems += [f"unavailable:{what}" for what in core.dispatcher.unavailable]
    if not connected:
        problems.append("platforms: none started")
    report: dict[str, object] = {
        "status": "ok" if not problems else "unhealthy",
        "problems": problems,
        "database": "ok" if database else "not answering",
        "model": core.engine.model_name if model else "not loaded",
        "platforms": {n: "connected" if ok else "disconnected" for n, ok in connected.items()},
    }
    formats = getattr(core.engine, "formats", None)  # a local model; workers report their own
    if formats is not None:
        report["formats"] = formats
    return not problems, report


class StatusServer:
    def __init__(
        self, platforms: Platforms, host: str, port: int, public_hosts: str | None = None
    ) -> None:
        """`public_hosts`: WEB_PUBLIC_HOSTS, the settings' when not given."""
        self.platforms = platforms
        self.host = host
        self.port = port
        if public_hosts is None:
            public_hosts = platforms.core.settings.web_public_hosts
        self.allowed = AllowedHosts.of(host, public_hosts)
        self._refused: set[str] = set()
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        app = web.Application(middlewares=[self._guard])
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

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if misdirected(request, self.allowed, self._refused):
            return web.Response(status=MISDIRECTED, text=MISDIRECTED_TEXT)
        return await handler(request)

    async def _healthz(self, request: web.Request) -> web.Response:
        ok, report = await health(self.platforms)
        return web.json_response(report, status=200 if ok else 503)

    async def _metrics(self, request: web.Request) -> web.Response:
        operator = self.platforms.core.operator
        await operator.queues()  # sets the queue gauges to what waits now
        return metrics_response(operator.metrics.registry)
