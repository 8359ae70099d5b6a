"""The captioning worker: the engine behind an authenticated HTTP API (aiohttp).

POST /v1/captions (multipart: `image`, optional `options` JSON, optional `use_cache` and
`read_text`, each "true" or "false") → captions, timings and, with `read_text`, the text found in
the picture (`text`: its lines in reading order with confidence and box; null when none was read);
GET /healthz; GET /metrics (Prometheus). Bad input is a 4xx with a JSON error, a full queue a 503
with Retry-After, so a client can move on to another worker. A refusal a user should hear about
also carries its catalogue `key` and `params`, so a bot tells it in its own words.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import signal
import time

from aiohttp import BodyPartReader, web
from aiohttp.typedefs import Handler

from adapters.status import metrics_response
from adapters.worker.metrics import WorkerMetrics
from bot.captioning.config import EngineConfig
from bot.captioning.engine import (
    BatchCaptioner,
    CaptionEngine,
    CaptionFailed,
    EngineBusy,
    EngineStopped,
    EngineTimeout,
)
from bot.captioning.errors import UserFacingError
from bot.captioning.intake import ImageTooLarge, IntakeError, IntakeLimits
from bot.captioning.local import local_engine
from bot.captioning.options import CaptionOptions, OptionsError
from bot.captioning.pictures import read_image
from bot.captioning.text_reading import start_reading
from bot.chat import texts
from bot.config import Settings, engine_config

ENGINE_KEY = web.AppKey("engine", CaptionEngine)
METRICS_KEY = web.AppKey("metrics", WorkerMetrics)
LIMITS_KEY = web.AppKey("limits", IntakeLimits)
TOKEN_KEY = web.AppKey("token", str)


def _error(status: int, code: str, message: str, **headers: str) -> web.Response:
    return web.json_response({"error": code, "message": message}, status=status, headers=headers)


@web.middleware
async def _auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    token = request.app[TOKEN_KEY]
    if token and request.path != "/healthz":
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return _error(401, "unauthorized", "a valid bearer token is required")
    return await handler(request)


async def _read_form(request: web.Request) -> tuple[bytes | None, object, str, str]:
    """The form's image, its `options` as parsed JSON (any JSON value), its `use_cache` and its
    `read_text`."""
    image: bytes | None = None
    options: object = {}
    use_cache, read_text = "true", "false"
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader):
            continue  # a nested multipart body: no field of ours
        if part.name == "image":
            image = bytes(await part.read())
        elif part.name == "options":
            options = json.loads(await part.text() or "{}")
        elif part.name == "use_cache":
            use_cache = (await part.text()).strip().lower()
        elif part.name == "read_text":
            read_text = (await part.text()).strip().lower()
    return image, options, use_cache, read_text


async def captions(request: web.Request) -> web.Response:
    started = time.perf_counter()
    metrics = request.app[METRICS_KEY]

    def fail(status: int, code: str, message: str, **headers: str) -> web.Response:
        metrics.requests.labels(code).inc()
        return _error(status, code, message, **headers)

    def refuse(status: int, code: str, error: UserFacingError, **headers: str) -> web.Response:
        metrics.requests.labels(code).inc()
        body = {
            "error": code,
            "message": texts.error_text(error),
            "key": error.key,
            "params": dict(error.params),
        }
        return web.json_response(body, status=status, headers=headers)

    if not request.content_type.startswith("multipart/"):
        return fail(415, "bad_request", "send multipart/form-data with an `image` field")
    try:
        data, raw_options, use_cache, read_text = await _read_form(request)
    except web.HTTPRequestEntityTooLarge:
        return fail(413, "too_large", "the image is larger than this worker accepts")
    except (ValueError, UnicodeDecodeError):
        return fail(400, "bad_request", "`options` must be a JSON object")
    if data is None:
        return fail(400, "bad_request", "the `image` field is missing")
    if use_cache not in ("true", "false") or read_text not in ("true", "false"):
        return fail(400, "bad_request", "`use_cache` and `read_text` must be true or false")
    try:
        if not isinstance(raw_options, dict):
            raise OptionsError("`options` must be a JSON object")
        options = CaptionOptions.from_mapping(raw_options)
        image = await read_image(data, request.app[LIMITS_KEY])
    except OptionsError as exc:
        return fail(400, "bad_options", str(exc))
    except ImageTooLarge as exc:
        return refuse(413, exc.reason, exc)
    except IntakeError as exc:
        return refuse(422, exc.reason, exc)
    try:
        result = await request.app[ENGINE_KEY].caption(
            image, options, use_cache=use_cache == "true", read_text=read_text == "true"
        )
    except EngineBusy as exc:
        return refuse(503, "busy", exc, **{"Retry-After": "1"})
    except EngineStopped as exc:
        return refuse(503, "stopping", exc, **{"Retry-After": "5"})
    except EngineTimeout as exc:
        return refuse(504, "timeout", exc)
    except CaptionFailed as exc:
        return refuse(500, "failed", exc)
    seconds = time.perf_counter() - started
    metrics.requests.labels("ok").inc()
    metrics.latency.observe(seconds)
    return web.json_response(
        {
            "captions": list(result.captions),
            "model": result.model,
            "timings": {
                "total_seconds": round(seconds, 6),
                "model_seconds": round(result.seconds, 6),
                "queued_seconds": round(result.queued_seconds, 6),
                "batch_size": result.batch_size,
                "cached": result.cached,
            },
            **(
                {"text": result.read.to_dict() if result.read else None}
                if read_text == "true"
                else {}
            ),
        }
    )


async def healthz(request: web.Request) -> web.Response:
    engine = request.app[ENGINE_KEY]
    return web.json_response(
        {"status": "ok", "model": engine.model_name, "queue_depth": engine.queue_depth}
    )


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
    # The body limit sits a little above the image limit so that the multipart framing and the
    # options field fit; the image itself is checked by intake.
    app = web.Application(middlewares=[_auth], client_max_size=limits.max_bytes + 64 * 1024)
    app[ENGINE_KEY] = engine
    app[METRICS_KEY] = worker_metrics
    app[LIMITS_KEY] = limits
    app[TOKEN_KEY] = token or ""
    app.router.add_post("/v1/captions", captions)
    app.router.add_get("/healthz", healthz)
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
