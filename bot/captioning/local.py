"""The engine on a model loaded here, as an engine configuration describes it: one recipe for
every command."""

from __future__ import annotations

from collections.abc import Callable

from bot.captioning.captioner import load_captioner
from bot.captioning.config import EngineConfig
from bot.captioning.engine import BatchCaptioner, CaptionEngine


def local_engine(
    config: EngineConfig,
    captioner: BatchCaptioner | None = None,
    on_batch: Callable[[int, float], None] | None = None,
) -> CaptionEngine:
    """Load the configured model (unless one is given) behind an engine sized by `config`.
    `on_batch(size, seconds)` hears of every batch the model runs."""
    if captioner is None:
        captioner = load_captioner(
            config.model, config.device, config.dtype, config.threads, config.fast_decoding
        )
    return CaptionEngine(
        captioner,
        max_batch_size=config.max_batch,
        max_wait_ms=config.max_wait_ms,
        max_queue=config.queue_size,
        timeout_s=config.timeout_s,
        cache_size=config.cache_size,
        on_batch=on_batch,
    )
