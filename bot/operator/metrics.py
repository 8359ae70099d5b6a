"""Prometheus metrics of the bot, in a registry of its own (tests run several cores), and the
in-process figures /stats reads."""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

BATCH_SIZE_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128)
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64)


def batch_size_histogram(registry: CollectorRegistry) -> Histogram:
    """Images per generate call: the same metric for a bot's engine and a worker's."""
    return Histogram(
        "captionist_batch_size", "images per generate call", registry=registry,
        buckets=BATCH_SIZE_BUCKETS,
    )  # fmt: skip


class LatencyWindow:
    """The last `size` reply latencies, for /stats' percentiles (this process only)."""

    def __init__(self, size: int = 1000) -> None:
        self._seconds: deque[float] = deque(maxlen=size)

    def add(self, seconds: float) -> None:
        self._seconds.append(seconds)

    def percentile(self, fraction: float) -> float | None:
        if not self._seconds:
            return None
        ordered = sorted(self._seconds)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


@dataclass
class BotMetrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        r = self.registry
        self.received = Counter(
            "captionist_events_received",
            "events that reached the core",
            ["platform", "kind"],
            registry=r,
        )
        self.handled = Counter(
            "captionist_events_handled",
            "events the core finished, by outcome",
            ["platform", "kind", "outcome"],
            registry=r,
        )
        self.latency = Histogram(
            "captionist_reply_seconds",
            "from an event's arrival to its replies being sent",
            ["platform"],
            registry=r,
            buckets=LATENCY_BUCKETS,
        )
        self.queue_depth = Gauge(
            "captionist_queue_depth",
            "events waiting in the inbox and pictures waiting for the model",
            ["queue"],
            registry=r,
        )
        self.refusals = Counter(
            "captionist_refusals",
            "events refused: not allowed or blocked",
            ["reason"],
            registry=r,
        )
        self.limit_hits = Counter(
            "captionist_limit_hits",
            "costly work refused by a per-person limit",
            ["kind", "period"],
            registry=r,
        )
        self.errors = Counter(
            "captionist_errors",
            "warnings and errors logged, by the module that logged them",
            ["kind"],
            registry=r,
        )
        self.outages = Counter(
            "captionist_outages",
            "outages waited out, as they begin (the database, a platform's API, captioning)",
            ["dependency"],
            registry=r,
        )
        self.ratings = Counter(
            "captionist_ratings",
            "captions rated (up, down) and corrected, as people give them",
            ["rating"],
            registry=r,
        )
        self.batch_size = batch_size_histogram(r)
        self.latencies = LatencyWindow()
        self.error_counts: dict[str, int] = {}

    def observe_latency(self, platform: str, seconds: float) -> None:
        self.latency.labels(platform).observe(seconds)
        self.latencies.add(seconds)

    def error(self, kind: str) -> None:
        self.errors.labels(kind).inc()
        self.error_counts[kind] = self.error_counts.get(kind, 0) + 1

    def observe_batch(self, size: int, seconds: float) -> None:
        self.batch_size.observe(size)


class ErrorCounter(logging.Handler):
    """Counts every warning and error Captionist's own modules log, by module and level: each
    failure the bot survives (a caption that failed, a reply a chat refused) is logged once."""

    PREFIXES = ("bot.", "adapters.", "storage.", "captionist")

    def __init__(self, metrics: BotMetrics) -> None:
        super().__init__(logging.WARNING)
        self.metrics = metrics

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith(self.PREFIXES):
            self.metrics.error(f"{record.name}:{record.levelname.lower()}")
