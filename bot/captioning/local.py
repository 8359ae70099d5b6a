"""The engine on a model loaded here, as an engine configuration describes it: one recipe for
every command."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from bot.captioning.captioner import BUNDLED_MODEL, Captioner, ModelLoadError, load_captioner
from bot.captioning.config import EngineConfig
from bot.captioning.engine import BatchCaptioner, CaptionEngine

log = logging.getLogger(__name__)


def load_model(config: EngineConfig, fall_back: bool = False) -> Captioner:
    """The configured model; with `fall_back` (the model was not chosen, only defaulted), the
    bundled demo model when that one cannot be found or downloaded, said once in the log."""
    try:
        return load_captioner(
            config.model, config.device, config.dtype, config.threads, config.fast_decoding
        )
    except ModelLoadError as exc:
        if not fall_back:
            raise
        try:
            demo = load_captioner(
                str(BUNDLED_MODEL), config.device, config.dtype, config.threads,
                config.fast_decoding,
            )  # fmt: skip
        except ModelLoadError:
            raise exc from None
        log.warning("USING THE BUNDLED DEMO MODEL (it knows only coloured shapes): %s", exc)
        demo.info = replace(demo.info, fallback_reason=str(exc))
        return demo


def local_engine(
    config: EngineConfig,
    captioner: BatchCaptioner | None = None,
    on_batch: Callable[[int, float], None] | None = None,
    fall_back: bool = False,
) -> CaptionEngine:
    """Load the configured model (unless one is given) behind an engine sized by `config`.
    `on_batch(size, seconds)` hears of every batch the model runs; `fall_back`: see
    `load_model`."""
    if captioner is None:
        captioner = load_model(config, fall_back)
    return CaptionEngine(
        captioner,
        max_batch_size=config.max_batch,
        max_wait_ms=config.max_wait_ms,
        max_queue=config.queue_size,
        timeout_s=config.timeout_s,
        cache_size=config.cache_size,
        on_batch=on_batch,
    )
