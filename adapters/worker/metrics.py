"""Prometheus metrics of one worker, in a registry of its own (tests run several workers)."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info

from bot.captioning.engine import CaptionEngine
from bot.operator.metrics import batch_size_histogram


@dataclass
class WorkerMetrics:
    registry: CollectorRegistry
    requests: Counter
    latency: Histogram
    batch_size: Histogram
    batch_seconds: Histogram

    @classmethod
    def create(cls) -> WorkerMetrics:
        """Made before the engine, which reports each batch to `observe_batch` from its start."""
        registry = CollectorRegistry()
        return cls(
            registry=registry,
            requests=Counter(
                "captionist_requests", "caption requests by outcome", ["outcome"],
                registry=registry,
            ),
            latency=Histogram(
                "captionist_request_seconds", "time from request to answer", registry=registry,
                buckets=(0.005, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64),
            ),
            batch_size=batch_size_histogram(registry),
            batch_seconds=Histogram(
                "captionist_batch_seconds", "model time per batch", registry=registry,
                buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32),
            ),
        )  # fmt: skip

    def describe(self, engine: CaptionEngine) -> None:
        """The engine's queue depth and model name, read at each scrape."""
        queue = Gauge(
            "captionist_queue_depth", "requests waiting for the model", registry=self.registry
        )
        queue.set_function(lambda: engine.queue_depth)
        info = Info("captionist_model", "the model this worker serves", registry=self.registry)
        info.info({"name": engine.model_name})

    def observe_batch(self, size: int, seconds: float) -> None:
        self.batch_size.observe(size)
        self.batch_seconds.observe(seconds)
