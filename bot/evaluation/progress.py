"""Progress of a long captioning run on stderr: images done, images per second, time left."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO


def duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


class Progress:
    """On a terminal one line rewritten in place (at most `refresh` apart); in a log file or a
    pipe a new line every `every` seconds, so that logs stay short. Both end with a summary."""

    def __init__(
        self,
        total: int,
        label: str,
        out: TextIO,
        *,
        every: float = 10.0,
        refresh: float = 0.25,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.total = total
        self.label = label
        self.out = out
        self.clock = clock
        self.done = 0
        self._interactive = out.isatty()
        self._gap = refresh if self._interactive else every
        self._started = clock()
        self._shown = self._started

    def line(self) -> str:
        elapsed = self.clock() - self._started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        text = f"{self.label}: {self.done}/{self.total} images, {rate:.1f} images/s"
        if 0 < self.done < self.total and rate > 0:
            text += f", ETA {duration((self.total - self.done) / rate)}"
        return text

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = self.clock()
        if now - self._shown >= self._gap and self.done < self.total:
            self._shown = now
            self._show(self.line())

    def finish(self) -> None:
        elapsed = self.clock() - self._started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        self._show(
            f"{self.label}: {self.done} images in {duration(elapsed)} ({rate:.1f} images/s)",
            last=True,
        )

    def abandon(self) -> None:
        """End the line in progress, so that an error after it starts on a line of its own."""
        if self._interactive and self._shown != self._started:
            self.out.write("\n")
            self.out.flush()

    def _show(self, text: str, last: bool = False) -> None:
        if self._interactive:
            self.out.write("\r\x1b[K" + text + ("\n" if last else ""))
        else:
            self.out.write(text + "\n")
        self.out.flush()
