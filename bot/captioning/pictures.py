"""Picture decoding and encoding off the event loop, on a few threads of their own.

Decoding a 40 MP picture takes a good part of a second of CPU; on the event loop that would stall
every chat the process serves. Pillow and hashlib let go of the GIL while they work, so a thread
keeps the loop answering. The pool is small on purpose: one decode of a 40 MP picture can hold
several hundred MB (its bytes, the decoded pixels, an RGB copy), so a burst of big uploads waits
its turn here instead of decoding all at once.
"""

from __future__ import annotations

import asyncio
import functools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from bot.captioning.intake import DEFAULT_LIMITS, IntakeImage, IntakeLimits, load_image

__all__ = ["PICTURE_THREADS", "encode_thumbnail", "read_image"]

P = ParamSpec("P")
T = TypeVar("T")

PICTURE_THREADS = max(1, min(4, os.cpu_count() or 1))
# Threads start on first use; the pool lives as long as the process, like the loop it serves.
_pool = ThreadPoolExecutor(max_workers=PICTURE_THREADS, thread_name_prefix="pictures")


async def _off_loop(work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_pool, functools.partial(work, *args, **kwargs))


async def read_image(data: bytes, limits: IntakeLimits = DEFAULT_LIMITS) -> IntakeImage:
    """:func:`~bot.captioning.intake.load_image` on a picture thread (raises IntakeError)."""
    return await _off_loop(load_image, data, limits)


async def encode_thumbnail(image: IntakeImage, max_side: int = 384, quality: int = 90) -> bytes:
    """:meth:`IntakeImage.thumbnail_bytes` on a picture thread."""
    return await _off_loop(image.thumbnail_bytes, max_side, quality)
