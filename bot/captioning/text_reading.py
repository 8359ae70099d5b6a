"""Reading the text in pictures next to captioning: the reader (bot.captioning.reading) on a
thread of its own, under a time limit, with a bounded queue. A read that fails, is too slow or
finds the queue full costs the text, never the caption: it answers None and logs why."""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor

from PIL import Image

from bot.captioning.captioner import ModelLoadError
from bot.captioning.reading import ReaderUnavailable, ReadText, TextReader, make_reader

log = logging.getLogger(__name__)

MAX_WAITING = 32  # reads queued or running; past it a picture is captioned without its text


class TextReading:
    def __init__(self, reader: TextReader, timeout_s: float = 10.0) -> None:
        self.reader = reader
        self.timeout_s = timeout_s
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="text-reader")
        self._pending = 0
        self._said_full = -60.0

    @property
    def name(self) -> str:
        return self.reader.name

    async def read(self, image: Image.Image) -> ReadText | None:
        if self._pending >= MAX_WAITING:
            now = time.monotonic()
            if now - self._said_full >= 60:  # once a minute while it lasts, not per picture
                self._said_full = now
                log.warning("text reading: %d pictures waiting; new ones go without their text",
                            self._pending)  # fmt: skip
            return None
        self._pending += 1
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._executor, self.reader.read, image)
        future.add_done_callback(self._done)
        try:
            # Shielded: a read past its time still ends on its thread, and counts until it does.
            return await asyncio.wait_for(asyncio.shield(future), self.timeout_s)
        except TimeoutError:
            log.warning("text reading took over %.0f s; the caption goes without", self.timeout_s)
        except Exception as exc:
            said = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
            log.warning("text reading failed (%s: %s); the caption goes without",
                        type(exc).__name__, said)  # fmt: skip
        return None

    def _done(self, _: object) -> None:
        self._pending -= 1

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def start_reading(engine: str, languages: str, timeout_s: float) -> TextReading | None:
    """The configured reader, its models loaded (call it off the event loop, at start-up); None
    when reading is off, or with "auto" when no engine is installed (said once in the log). A
    forced engine that cannot run stops the start with one line saying what to install."""
    try:
        reader = make_reader(engine, languages)
    except ReaderUnavailable as exc:
        raise ModelLoadError(f"OCR_ENGINE={engine}: {exc}") from None
    if reader is None:
        return None
    warm = getattr(reader, "warm", None)
    if callable(warm):
        warm()
    log.info("reading text in pictures with %s", reader.name)
    return TextReading(reader, timeout_s)
