"""What a local engine and the model behind it are built from: one typed, immutable value.

The application turns its own settings into this (see `bot.config.engine_config`); captioning
reads nothing else, so it stays free of the settings and of whatever reads them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EngineConfig:
    """`model`: a hub id, a local folder or `random:vit-gpt2`. `device`: auto, cpu or cuda.
    `dtype`: auto, float32, float16, bfloat16 or int8. `threads`: CPU threads for the model
    (0: torch's choice). `fast_decoding` off: every caption goes through transformers' own
    `generate`. The rest sizes the engine: requests per batch, how long a batch waits for
    company, how many requests may wait, how long a caller waits, and cached answers."""

    model: str
    device: str = "auto"
    dtype: str = "auto"
    threads: int = 0
    fast_decoding: bool = True
    max_batch: int = 16
    max_wait_ms: float = 10.0
    queue_size: int = 256
    timeout_s: float = 60.0
    cache_size: int = 1024
