"""Captioning on remote workers: what bots use when `CAPTION_WORKER_URLS` is set.

Requests go round-robin over the workers; a worker that does not answer is set aside and tried
again after `retry_after_s`; a busy one (503) is skipped for this request only. A server error
(500, 502, 504) is asked once more of the same address first: behind one address there may be
many replicas (Ray Serve), and the one that died with the request on it is replaced while the
others answer; captioning is idempotent (the same picture and options, seeded sampling
included, give the same caption), so asking twice is safe. When no worker answers, callers get
WorkerUnavailable: an outage the chat waits out (bot.chat.outages).
"""

from __future__ import annotations

import itertools
import json
import logging
import time
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import aiohttp

from bot.captioning.engine import CaptionResult
from bot.captioning.errors import CaptionError, Unreachable
from bot.captioning.intake import IntakeImage
from bot.captioning.options import CaptionOptions
from bot.captioning.pictures import encode_thumbnail
from bot.captioning.reading.types import ReadText

log = logging.getLogger(__name__)

# How many more times a server error is asked of the same address before it is set aside.
SERVER_ERROR_RETRIES = 1


class WorkerUnavailable(Unreachable):
    """No worker answered: waited out by the dispatcher until one does."""


class WorkerRefused(CaptionError):
    """A worker said no for a reason that another worker would repeat (bad image, options).

    It carries the worker's text key and params, so the chat tells the user what the worker said
    in the chat's own words; without them (bad options) it is a plain captioning failure."""

    @classmethod
    def from_answer(cls, payload: object) -> WorkerRefused:
        answer = payload if isinstance(payload, dict) else {}
        key, params = answer.get("key"), answer.get("params")
        if not isinstance(key, str) or not isinstance(params, dict):
            return cls(str(answer.get("message", "refused")))
        refused = cls(str(answer.get("message", key)), key=key)
        refused.params = MappingProxyType(params)  # as sent, whatever names the worker chose
        return refused


@dataclass
class _Worker:
    url: str
    dead_until: float = 0.0


class RemoteCaptions:
    """The `Captions` interface of the conversation, served by HTTP workers."""

    def __init__(
        self,
        urls: list[str],
        token: str | None = None,
        timeout_s: float = 60.0,
        retry_after_s: float = 30.0,
    ):
        if not urls:
            raise ValueError("at least one worker URL is needed")
        self.workers = [_Worker(u.rstrip("/")) for u in urls]
        self.token = token
        self.timeout = aiohttp.ClientTimeout(total=timeout_s, sock_connect=5)
        self.retry_after_s = retry_after_s
        self._turn = itertools.count()
        self._session: aiohttp.ClientSession | None = None

    @property
    def model_name(self) -> str:
        return "remote:" + ",".join(w.url for w in self.workers)

    async def start(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        self._session = aiohttp.ClientSession(timeout=self.timeout, headers=headers)

    async def stop(self, **_: object) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def reachable(self, timeout_s: float = 2.0) -> bool:
        """Whether any worker answers its /healthz (health checks)."""
        if self._session is None:
            return False
        for worker in self.workers:
            try:
                async with self._session.get(
                    f"{worker.url}/healthz", timeout=aiohttp.ClientTimeout(total=timeout_s)
                ) as response:
                    if response.status == 200:
                        return True
            except (aiohttp.ClientError, TimeoutError):
                continue
        return False

    def _order(self) -> list[_Worker]:
        start = next(self._turn) % len(self.workers)
        rotated = self.workers[start:] + self.workers[:start]
        now = time.monotonic()
        alive = [w for w in rotated if w.dead_until <= now]
        # When every worker is set aside, try them all anyway: one may be back already.
        return alive or rotated

    async def caption(
        self,
        image: IntakeImage,
        options: CaptionOptions | None = None,
        *,
        use_cache: bool = True,
        read_text: bool = False,
    ) -> CaptionResult:
        if self._session is None:
            raise WorkerUnavailable("the worker client is not started")
        options = options or CaptionOptions()
        # The model sees 224 px; a high-quality 768 px copy keeps uploads small and faithful.
        body = await encode_thumbnail(image, max_side=768, quality=95)
        form = _Form(body, options, use_cache, read_text)
        for worker in self._order():
            for attempt in range(1 + SERVER_ERROR_RETRIES):
                try:
                    status, payload = await self._post(worker, form)
                except (aiohttp.ClientError, TimeoutError) as exc:
                    log.warning("caption worker %s failed: %r; setting it aside", worker.url, exc)
                    worker.dead_until = time.monotonic() + self.retry_after_s
                    break
                if status == 200 and isinstance(payload, dict):
                    return _result(payload, worker.url)
                if status in (400, 413, 415, 422):
                    raise WorkerRefused.from_answer(payload)
                if status >= 500 and status != 503 and attempt < SERVER_ERROR_RETRIES:
                    log.warning(
                        "caption worker %s answered %s; asking it again", worker.url, status
                    )
                    continue
                if status == 401:
                    log.error(
                        "caption worker %s refused our token (CAPTION_WORKER_TOKEN)", worker.url
                    )
                elif status != 503:
                    log.warning("caption worker %s answered %s", worker.url, status)
                if status != 503:
                    worker.dead_until = time.monotonic() + self.retry_after_s
                break
        raise WorkerUnavailable("no caption worker answered")

    async def _post(self, worker: _Worker, form: _Form) -> tuple[int, object]:
        """The worker's status and JSON answer (None when the body is not JSON: a proxy's own
        error page, such as Ray Serve's 500 for a replica that died)."""
        assert self._session is not None
        async with self._session.post(f"{worker.url}/v1/captions", data=form.data()) as response:
            try:
                payload: object = await response.json(content_type=None)
            except ValueError:
                payload = None
            return response.status, payload


@dataclass(frozen=True)
class _Form:
    """One request's fields; each attempt sends a fresh form (aiohttp consumes the one it sends)."""

    image: bytes
    options: CaptionOptions
    use_cache: bool
    read_text: bool

    def data(self) -> aiohttp.FormData:
        form = aiohttp.FormData()
        form.add_field("image", self.image, filename="image.jpg", content_type="image/jpeg")
        form.add_field("options", json.dumps(self.options.to_dict()))
        # A caller asking for a fresh answer must not get one from the worker's cache.
        form.add_field("use_cache", "true" if self.use_cache else "false")
        form.add_field("read_text", "true" if self.read_text else "false")
        return form


def _result(payload: dict[str, Any], worker_url: str) -> CaptionResult:
    timings = payload.get("timings", {})
    return CaptionResult(
        captions=tuple(payload["captions"]),
        model=payload.get("model", worker_url),
        seconds=float(timings.get("model_seconds", 0.0)),
        queued_seconds=float(timings.get("queued_seconds", 0.0)),
        batch_size=int(timings.get("batch_size", 1)),
        cached=bool(timings.get("cached", False)),
        read=_read(payload.get("text")),
    )


def _read(text: object) -> ReadText | None:
    """The worker's `text`, if it sent one that makes sense (a worker of another version may
    send none)."""
    if not isinstance(text, dict):
        return None
    try:
        return ReadText.from_dict(text)
    except (KeyError, TypeError, ValueError):
        log.warning("a caption worker sent text this bot cannot read; going without")
        return None
