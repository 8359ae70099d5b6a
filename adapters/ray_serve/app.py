"""The caption service as a Ray Serve application: the worker's HTTP API (adapters/worker/api.py,
the same module the own worker serves), answered by replicas that each run the project's own
engine on their own copy of the model.

Serve routes each request to a replica with room; `max_ongoing_requests` is two of the engine's
batches, the one the model is running and the next one filling behind it, so a busy replica's
next batch is always full while anything beyond it waits in Serve's queue, where the next
replica to free up (or a new one) takes it. The engine, not `@serve.batch`, does the batching:
it is what the bots' own model and the own worker run (batches only of compatible options,
seeded sampling, the caption cache, text reading, timeouts), so captions are the same
everywhere.

`build` is the application for `serve run` / `serve deploy` (deploy/ray-serve.yaml, KubeRay's
RayService): it reads the same settings as `main.py`, from the environment of the cluster.
Imported only where Ray is wanted: `main.py worker --ray`, Serve itself, and the benches.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

from ray import serve
from ray.serve import Application
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from adapters.worker import api
from bot.captioning.config import EngineConfig
from bot.captioning.intake import IntakeLimits
from bot.captioning.local import local_engine
from bot.captioning.text_reading import start_reading
from bot.config import Settings, engine_config

log = logging.getLogger(__name__)

APP_NAME = "captionist"
DEPLOYMENT_NAME = "CaptionReplica"


@dataclass(frozen=True)
class ReplicaConfig:
    """What every replica is built from, decided once where the application is built."""

    engine: EngineConfig
    limits: IntakeLimits
    ocr_engine: str = "off"
    ocr_languages: str = "eng"
    ocr_timeout_s: float = 10.0
    token: str | None = field(default=None, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> ReplicaConfig:
        return cls(
            engine=engine_config(settings),
            limits=IntakeLimits(settings.image_max_bytes, settings.image_max_pixels),
            ocr_engine=settings.ocr_engine,
            ocr_languages=settings.ocr_languages,
            ocr_timeout_s=settings.ocr_timeout_s,
            token=settings.worker_token,
        )


@dataclass(frozen=True)
class Scaling:
    """A fixed number of replicas (min == max) or Serve's autoscaling between the two, aiming at
    `target_ongoing` requests per replica. The delays and the look-back are Serve's defaults
    unless a caller (the autoscaling bench) wants to see it move sooner."""

    min_replicas: int
    max_replicas: int
    target_ongoing: float
    upscale_delay_s: float = 30.0
    downscale_delay_s: float = 600.0
    look_back_period_s: float = 30.0

    def __post_init__(self) -> None:
        if self.max_replicas < 1 or not 0 <= self.min_replicas <= self.max_replicas:
            raise ValueError("replicas: need 0 <= min <= max and max >= 1")

    @property
    def fixed(self) -> bool:
        return self.min_replicas == self.max_replicas

    def options(self) -> dict[str, Any]:
        if self.fixed:
            return {"num_replicas": self.max_replicas}
        return {
            "autoscaling_config": {
                "min_replicas": self.min_replicas,
                "max_replicas": self.max_replicas,
                "target_ongoing_requests": self.target_ongoing,
                "upscale_delay_s": self.upscale_delay_s,
                "downscale_delay_s": self.downscale_delay_s,
                "look_back_period_s": self.look_back_period_s,
            }
        }


@dataclass(frozen=True)
class Resources:
    num_cpus: float
    num_gpus: float


def replica_resources(settings: Settings, cluster_gpus: float) -> Resources:
    """CAPTION_REPLICA_CPUS and CAPTION_REPLICA_GPUS; unset GPUs: one per replica when the model
    is to run on CUDA, or may (auto) and the cluster has GPUs."""
    gpus = settings.caption_replica_gpus
    if gpus is None:
        wants_gpu = settings.caption_device == "cuda" or (
            settings.caption_device == "auto" and cluster_gpus > 0
        )
        gpus = 1.0 if wants_gpu else 0.0
    return Resources(num_cpus=settings.caption_replica_cpus, num_gpus=gpus)


class CaptionReplica:
    """One replica: an engine on its own model, serving the worker API."""

    # Serve awaits an async constructor (ray/serve/_private/replica.py); the engine starts on the
    # replica's event loop, where its requests arrive.
    async def __init__(self, config: ReplicaConfig) -> None:  # type: ignore[misc]
        self.config = config
        # Off the replica's event loop: the model takes seconds to load.
        self.engine = await asyncio.to_thread(local_engine, config.engine)
        self.engine.reading = await asyncio.to_thread(
            start_reading, config.ocr_engine, config.ocr_languages, config.ocr_timeout_s
        )
        await self.engine.start()
        log.info("caption replica ready: %s", self.engine.model_name)

    async def __call__(self, request: Request) -> Response:
        started = time.perf_counter()
        path = request.url.path
        if not api.authorized(path, request.headers.get("authorization"), self.config.token):
            return _respond(api.unauthorized())
        if path == api.HEALTH_PATH and request.method in ("GET", "HEAD"):
            return JSONResponse(api.health(self.engine))
        if path != api.CAPTIONS_PATH or request.method != "POST":
            return _respond(api.not_found())
        body = await _read_body(request, api.body_limit(self.config.limits))
        if body is None:
            return _respond(api.too_large())
        content_type = request.headers.get("content-type", "")
        return _respond(
            await api.caption(self.engine, self.config.limits, content_type, body, started)
        )

    def check_health(self) -> None:
        """Serve's periodic health check: a replica whose engine stopped is replaced."""
        if not self.engine.running:
            raise RuntimeError("the caption engine is not running")

    def __del__(self) -> Coroutine[Any, Any, None] | None:
        """Serve calls this when it stops the replica (scaling down, a new deployment) and awaits
        what it returns: the engine's drain, so that what is queued is still answered. Python
        calls it again when it collects the object; by then there is nothing left to stop."""
        engine = getattr(self, "engine", None)
        if engine is None or not engine.running:
            return None
        return engine.stop(drain=True, timeout=self.config.engine.timeout_s)


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The whole body, or None as soon as it is larger than `limit`."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _respond(answer: api.Answer) -> Response:
    return JSONResponse(dict(answer.body), status_code=answer.status, headers=dict(answer.headers))


def application(config: ReplicaConfig, scaling: Scaling, resources: Resources) -> Application:
    """The caption service, ready for serve.run."""
    max_batch = config.engine.max_batch
    deployment = serve.deployment(
        name=DEPLOYMENT_NAME,
        max_ongoing_requests=2 * max_batch,
        # Past this many waiting in Serve's queue a caller gets a 503, as from the own worker's
        # full queue, and the bot moves on.
        max_queued_requests=config.engine.queue_size,
        ray_actor_options={"num_cpus": resources.num_cpus, "num_gpus": resources.num_gpus},
        # A model that cannot be loaded fails the same way on every try: say so soon.
        max_constructor_retry_count=2,
        graceful_shutdown_timeout_s=config.engine.timeout_s,
        **scaling.options(),
    )(CaptionReplica)
    return deployment.bind(config)


def build(args: dict[str, str]) -> Application:
    """The application builder for `serve run` / `serve deploy` (`import_path:
    adapters.ray_serve.app:build`). Settings come from the environment where Serve builds it
    (the cluster's nodes, or the config's runtime_env); a config file's `deployments:` section
    overrides the replica counts, autoscaling and resources chosen here."""
    import ray

    settings = Settings()
    if "model" in args:
        settings = settings.model_copy(update={"caption_model": args["model"]})
    config = ReplicaConfig.from_settings(settings)
    cluster_gpus = float(ray.cluster_resources().get("GPU", 0)) if ray.is_initialized() else 0.0
    max_batch = config.engine.max_batch
    scaling = Scaling(1, 1, target_ongoing=max_batch)
    return application(config, scaling, replica_resources(settings, cluster_gpus))
