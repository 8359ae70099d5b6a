"""The real captioner behind a gate, so a test decides when the model thread may run."""

from __future__ import annotations

import asyncio
import threading

from PIL import Image


class Gated:
    """The real captioner behind a gate, so a test decides when the model thread may run."""

    def __init__(self, inner, *, open_gate: bool = True, poison: Image.Image | None = None):
        self.inner = inner
        self.gate = threading.Event()
        if open_gate:
            self.gate.set()
        self.entered = threading.Event()
        self.batches: list[int] = []
        self.threads: list[str] = []
        self.poison = poison

    @property
    def name(self) -> str:
        return self.inner.name

    def generate(self, images, options, seeds=None):
        self.threads.append(threading.current_thread().name)
        self.entered.set()
        assert self.gate.wait(10), "test never opened the gate"
        self.batches.append(len(images))
        if self.poison is not None and any(i is self.poison for i in images):
            raise RuntimeError("this image breaks the model")
        return self.inner.generate(images, options, seeds)


async def wait_until_running(gated: Gated) -> None:
    for _ in range(500):
        if gated.entered.is_set():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("model thread never started")
