"""The engine on a model loaded here, as the settings describe it: one recipe for every command."""

from __future__ import annotations

from typing import Any

from bot.captioning.captioner import load_captioner
from bot.captioning.engine import BatchCaptioner, CaptionEngine
from bot.config import Settings


def local_engine(
    settings: Settings, captioner: BatchCaptioner | None = None, **overrides: Any
) -> CaptionEngine:
    """Load the configured model (unless one is given) behind an engine sized by the settings."""
    if captioner is None:
        captioner = load_captioner(
            settings.caption_model,
            settings.caption_device,
            settings.caption_dtype,
            settings.caption_threads,
            settings.caption_fast_decoding,
        )
    sizing: dict[str, Any] = {
        "max_batch_size": settings.caption_max_batch,
        "max_wait_ms": settings.caption_max_wait_ms,
        "max_queue": settings.caption_queue_size,
        "timeout_s": settings.caption_timeout_s,
        "cache_size": settings.caption_cache_size,
    }
    sizing.update(overrides)
    return CaptionEngine(captioner, **sizing)
