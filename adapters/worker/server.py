"""The captioning worker: the engine behind an authenticated HTTP API (aiohttp).

The API itself (what a request may say, what each answer looks like) is adapters/worker/api.py,
shared with the Ray Serve application; this module serves it with aiohttp, adds GET /metrics
(Prometheus), and runs one worker process.
"""

from __future__ import annotations

import asyncio
import signal
import time

from aiohttp import web
from aiohttp.typedefs import Handler

from adapters.status import metrics_response
from adapters.worker import api
from adapters.worker.metrics import WorkerMetrics
from bot.captioning.config import EngineConfig
from bot.captioning.engine import BatchCaptioner, CaptionEngine
from bot.captioning.intake import IntakeLimits
from bot.captioning.local import local_engine
from bot.captioning.text_reading import start_reading
from bot.config import Settings, engine_config

ENGINE_KEY = web.AppKey("engine", CaptionEngine)
METRICS_KEY = web.AppKey("metrics", WorkerMetrics)
LIMITS_KEY = web.AppKey("limits", IntakeLimits)
TOKEN_KEY = web.AppKey("token", str)


def _respond(answer: api.Answer) -> web.Response:
    return web.json_response(dict(answer.body), status=answer.status, headers=answer.headers)


@web.middleware
async def _auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    authorization = request.headers.get("Authorization")
    if not api.authorized(request.path, authorization, request.app[TOKEN_KEY]):
        return _respond(api.unauthorized())
    return await handler(request)


async def captions(request: web.Request) -> web.Response:
    started = time.perf_counter()
    metrics = request.app[METRICS_KEY]
    try:
        body = await request.read()  # at most client_max_size, set by build_app
    except web.HTTPRequestEntityTooLarge:
        answer = api.too_large()
    else:
        content_type = request.headers.get("Content-Type", "")
        engine, limits = request.app[ENGINE_KEY], request.app[LIMITS_KEY]
        answer = await api.caption(engine, limits, content_type, body, started)
    metrics.requests.labels(answer.outcome).inc()
    if answer.status == 200:
        metrics.latency.observe(time.perf_counter() - started)
    return _respond(answer)


async def healthz(request: web.Request) -> web.Response:
    return web.json_response(api.health(request.app[ENGINE_KEY]))


async def metrics(request: web.Request) -> web.Response:
    return metrics_response(request.app[METRICS_KEY].registry)


def worker_engine(
    config: EngineConfig, captioner: BatchCaptioner | None = None
) -> tuple[CaptionEngine, WorkerMetrics]:
    """The engine (on `captioner`, or on the configured model loaded here) and the worker's
    metrics, which hear of its every batch from the start."""

    worker_metrics = WorkerMetrics.create()
    engine = local_engine(config, captioner, on_batch=worker_metrics.observe_batch)
    worker_metrics.describe(engine)
    return engine, worker_metrics


def build_app(
    engine: CaptionEngine, worker_metrics: WorkerMetrics, limits: IntakeLimits, token: str | None
) -> web.Application:
    """`worker_metrics`: the engine's own, as `worker_engine` makes them."""
    app = web.Application(middlewares=[_auth], client_max_size=api.body_limit(limits))
    app[ENGINE_KEY] = engine
    app[METRICS_KEY] = worker_metrics
    app[LIMITS_KEY] = limits
    app[TOKEN_KEY] = token or ""
    app.router.add_post(api.CAPTIONS_PATH, captions)
    app.router.add_get(api.HEALTH_PATH, healthz)
    app.router.add_get("/metrics", metrics)
    return app


async def serve(settings: Settings, host: str, port: int) -> None:
    """Load the model, serve until SIGINT or SIGTERM, then drain and stop."""
    engine, worker_metrics = worker_engine(engine_config(settings))
    engine.reading = await asyncio.to_thread(
        start_reading, settings.ocr_engine, settings.ocr_languages, settings.ocr_timeout_s
    )
    limits = IntakeLimits(settings.image_max_bytes, settings.image_max_pixels)
    app = build_app(engine, worker_metrics, limits, settings.worker_token)
    await engine.start()
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        auth = "bearer token required" if settings.worker_token else "no token (open)"
        print(
            f"caption worker for {engine.model_name} on http://{host}:{port} ({auth})", flush=True
        )
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await stop.wait()
    finally:
        await runner.cleanup()
        await engine.stop(drain=True, timeout=settings.caption_timeout_s)
