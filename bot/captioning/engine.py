"""The async captioning engine: one task owns the queue and forms batches; a thread runs the model.

Callers `await engine.caption(image, options)`. Each queued entry carries its own future. Requests
whose options can share a `generate` call are batched (up to `max_batch_size`, waiting at most
`max_wait_ms` for company), seeds included: each picture of a batch samples under its own seed. A
full queue answers "busy" at once; a caller that times out or is cancelled is skipped; results are
cached by (image, model, options).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from PIL import Image

from bot.captioning.cache import LRUCache
from bot.captioning.errors import CaptionError
from bot.captioning.intake import IntakeImage
from bot.captioning.options import CaptionOptions
from bot.captioning.reading.types import ReadText

if TYPE_CHECKING:
    from bot.captioning.text_reading import TextReading

log = logging.getLogger(__name__)


class EngineBusy(CaptionError):
    key = "caption.busy"


class EngineTimeout(CaptionError):
    key = "caption.timeout"


class EngineStopped(CaptionError):
    key = "caption.stopped"


class CaptionFailed(CaptionError):
    key = "caption.failed"


class BatchCaptioner(Protocol):
    """What the engine needs of a model: a name and a synchronous batched `generate`. When
    sampling, image i's captions follow from `seeds[i]` alone (see `Captioner.generate`)."""

    @property
    def name(self) -> str: ...

    def generate(
        self,
        images: list[Image.Image],
        options: CaptionOptions,
        seeds: Sequence[int | None] | None = None,
    ) -> list[list[str]]: ...


@dataclass(frozen=True)
class CaptionResult:
    captions: tuple[str, ...]
    model: str
    seconds: float  # model time of the batch this request ran in
    queued_seconds: float = 0.0
    batch_size: int = 1
    cached: bool = False
    read: ReadText | None = None  # the text found in the picture, when asked for and found

    @property
    def text(self) -> str:
        return self.captions[0]


@dataclass
class EngineStats:
    requests: int = 0
    cache_hits: int = 0
    busy: int = 0
    timeouts: int = 0
    failures: int = 0
    batches: int = 0
    batched_requests: int = 0
    skipped: int = 0

    @property
    def mean_batch_size(self) -> float:
        return self.batched_requests / self.batches if self.batches else 0.0


@dataclass(eq=False)
class _Request:
    image: Image.Image
    options: CaptionOptions
    batch_key: str
    future: asyncio.Future[CaptionResult]
    enqueued: float


def image_key(image: Image.Image | IntakeImage) -> str:
    if isinstance(image, IntakeImage):
        return image.content_hash
    digest = hashlib.sha256(f"{image.mode}:{image.size}".encode())
    digest.update(image.tobytes())
    return digest.hexdigest()


class CaptionEngine:
    def __init__(
        self,
        captioner: BatchCaptioner,
        *,
        max_batch_size: int = 16,
        max_wait_ms: float = 10.0,
        max_queue: int = 256,
        timeout_s: float = 60.0,
        cache_size: int = 1024,
        on_batch: Callable[[int, float], None] | None = None,
    ):
        self.captioner = captioner
        self.max_batch_size = max_batch_size
        self.max_wait = max_wait_ms / 1000
        self.max_queue = max_queue
        self.timeout_s = timeout_s
        self.cache: LRUCache[tuple[str, str, str], tuple[str, ...]] = LRUCache(cache_size)
        self.stats = EngineStats()
        self._on_batch = on_batch  # given at construction only: no batch goes unobserved
        self._waiting: deque[_Request] = deque()
        self._wakeup = asyncio.Event()
        self._inflight: dict[tuple[str, str, str], asyncio.Future[CaptionResult]] = {}
        self._executor: ThreadPoolExecutor | None = None
        self._task: asyncio.Task[None] | None = None
        self._running: list[_Request] = []
        self._accepting = False
        # Reads the text in pictures next to their captions, when a reader is installed.
        self.reading: TextReading | None = None

    @property
    def model_name(self) -> str:
        return self.captioner.name

    @property
    def formats(self) -> dict[str, object] | None:
        """Which number format answers which requests, and why (`formats.FormatPlan`)."""
        plan = getattr(self.captioner, "plan", None)
        return None if plan is None else plan.as_dict()

    @property
    def queue_depth(self) -> int:
        return len(self._waiting)

    @property
    def running(self) -> bool:
        """Started, its model loaded, and taking requests (health checks)."""
        return self._accepting and self._task is not None and not self._task.done()

    async def start(self) -> None:
        if self._task is not None:
            return
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="captioner")
        self._accepting = True
        self._task = asyncio.create_task(self._batch_loop(), name="caption-batcher")

    async def __aenter__(self) -> CaptionEngine:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def caption(
        self,
        image: Image.Image | IntakeImage,
        options: CaptionOptions | None = None,
        *,
        use_cache: bool = True,
        timeout: float | None = None,
        read_text: bool = False,
    ) -> CaptionResult:
        """Candidate captions for one image, and with `read_text` the text in it (read at the
        same time; None when there is no reader or reading failed). Raises EngineBusy,
        EngineTimeout, EngineStopped or CaptionFailed, each naming the text a chat shows."""
        if not read_text or self.reading is None:
            return await self._caption(image, options, use_cache, timeout)
        pil = image.image if isinstance(image, IntakeImage) else image
        result, read = await asyncio.gather(
            self._caption(image, options, use_cache, timeout), self.reading.read(pil)
        )
        return replace(result, read=read)

    async def _caption(
        self,
        image: Image.Image | IntakeImage,
        options: CaptionOptions | None,
        use_cache: bool,
        timeout: float | None,
    ) -> CaptionResult:
        options = options or CaptionOptions()
        self.stats.requests += 1
        if not self._accepting:
            raise EngineStopped("the captioning engine is not running")
        key = (image_key(image), self.model_name, options.cache_key())
        cacheable = use_cache and options.deterministic
        if cacheable:
            hit = self.cache.get(key)
            if hit is not None:
                self.stats.cache_hits += 1
                return CaptionResult(hit, self.model_name, 0.0, cached=True)
            shared = self._inflight.get(key)
            if shared is not None:
                # The same deterministic request is already queued: share its answer.
                try:
                    return await self._await(asyncio.shield(shared), timeout, None)
                except asyncio.CancelledError:
                    task = asyncio.current_task()
                    if not shared.cancelled() or (task is not None and task.cancelling()):
                        raise
                    # Its first asker gave up; this caller still wants an answer: queue it.
        if len(self._waiting) >= self.max_queue:
            self.stats.busy += 1
            raise EngineBusy(f"caption queue is full ({self.max_queue} waiting)")
        pil = image.image if isinstance(image, IntakeImage) else image
        future: asyncio.Future[CaptionResult] = asyncio.get_running_loop().create_future()
        request = _Request(pil, options, options.batch_key(), future, time.perf_counter())
        self._waiting.append(request)
        self._wakeup.set()
        if cacheable:
            self._inflight[key] = future
            future.add_done_callback(lambda f: self._remember(key, f))
        return await self._await(future, timeout, request)

    async def _await(
        self,
        future: asyncio.Future[CaptionResult],
        timeout: float | None,
        request: _Request | None,
    ) -> CaptionResult:
        try:
            return await asyncio.wait_for(future, timeout or self.timeout_s)
        except TimeoutError:
            self.stats.timeouts += 1
            raise EngineTimeout(f"no caption within {timeout or self.timeout_s:.1f}s") from None
        finally:
            # A caller that gave up leaves a cancelled future behind; the batcher skips it.
            if request is not None and not request.future.done():
                request.future.cancel()

    def _remember(self, key: tuple[str, str, str], future: asyncio.Future[CaptionResult]) -> None:
        if self._inflight.get(key) is future:
            del self._inflight[key]
        if not future.cancelled() and future.exception() is None:
            self.cache.put(key, future.result().captions)

    async def stop(self, *, drain: bool = True, timeout: float = 30.0) -> None:
        """Stop accepting work; finish what is queued (drain) or fail it, within `timeout`."""
        self._accepting = False
        task, self._task = self._task, None
        if task is None:
            return
        if not drain:
            self._fail_waiting("the captioning engine stopped")
        self._wakeup.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout)
        except TimeoutError:
            log.warning("caption engine did not drain within %.0fs; failing the rest", timeout)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._fail_waiting("the captioning engine stopped")
        for request in self._running:
            if not request.future.done():
                request.future.set_exception(EngineStopped("the captioning engine stopped"))
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        if self.reading is not None:
            self.reading.close()

    def _fail_waiting(self, reason: str) -> None:
        while self._waiting:
            request = self._waiting.popleft()
            if not request.future.done():
                request.future.set_exception(EngineStopped(reason))

    # -- the batcher ----------------------------------------------------------------------------

    async def _batch_loop(self) -> None:
        while True:
            if not self._waiting:
                if not self._accepting:
                    return
                self._wakeup.clear()
                await self._wakeup.wait()
                continue
            batch = await self._form_batch()
            if batch:
                await self._run_batch(batch)

    def _take_compatible(self, batch: list[_Request]) -> None:
        key = batch[0].batch_key
        kept: deque[_Request] = deque()
        while self._waiting:
            request = self._waiting.popleft()
            if request.future.done():
                self.stats.skipped += 1
            elif request.batch_key == key and len(batch) < self.max_batch_size:
                batch.append(request)
            else:
                kept.append(request)
        self._waiting = kept

    async def _form_batch(self) -> list[_Request]:
        first = self._waiting.popleft()
        if first.future.done():
            self.stats.skipped += 1
            return []
        batch = [first]
        if not first.options.deterministic:
            return batch  # sampled with no seed: runs alone, see CaptionOptions.batch_key
        deadline = time.perf_counter() + self.max_wait
        self._take_compatible(batch)
        while len(batch) < self.max_batch_size and self._accepting:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                break
            self._wakeup.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), remaining)
            self._take_compatible(batch)
        return [r for r in batch if not r.future.done()]

    async def _run_batch(self, batch: list[_Request]) -> None:
        loop = asyncio.get_running_loop()
        options = batch[0].options
        images = [r.image for r in batch]
        # Batched requests differ at most in their seeds; each picture samples under its own.
        seeds = [r.options.seed for r in batch]
        started = time.perf_counter()
        self._running = batch  # so that a stop that cannot wait still answers these callers
        try:
            outputs = await loop.run_in_executor(
                self._executor, self.captioner.generate, images, options, seeds
            )
        except Exception as exc:
            self._running = []
            if len(batch) > 1:
                # One bad image must not sink its neighbours: retry each alone.
                for request in batch:
                    await self._run_batch([request])
                return
            log.exception("captioning failed on %s", self.model_name)
            self.stats.failures += 1
            if not batch[0].future.done():
                batch[0].future.set_exception(CaptionFailed(str(exc)))
            return
        self._running = []
        seconds = time.perf_counter() - started
        self.stats.batches += 1
        self.stats.batched_requests += len(batch)
        if self._on_batch is not None:
            self._on_batch(len(batch), seconds)
        for request, captions in zip(batch, outputs, strict=True):
            if not request.future.done():
                request.future.set_result(
                    CaptionResult(
                        captions=tuple(captions),
                        model=self.model_name,
                        seconds=seconds,
                        queued_seconds=started - request.enqueued,
                        batch_size=len(batch),
                    )
                )
