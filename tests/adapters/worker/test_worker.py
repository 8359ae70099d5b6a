"""The captioning worker over real HTTP on loopback, and the client bots use to reach it."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from pydantic import SecretStr

from adapters.worker.server import build_app, worker_engine
from bot.captioning.config import EngineConfig
from bot.captioning.intake import IntakeLimits, TooManyPixels, load_image
from bot.captioning.remote import RemoteCaptions, WorkerRefused, WorkerUnavailable
from bot.chat.texts import error_text
from tests.bot.captioning.gated import Gated, wait_until_running
from tests.bot.chat_driver import FakeChat
from tests.heartbeat import Heartbeat, big_picture, decode_seconds
from tests.pictures import draw_picture, png_bytes
from tests.ports import free_port

TOKEN = "worker-secret"
PICTURE = png_bytes(draw_picture([("red", "circle"), ("blue", "square")]))


class Worker:
    def __init__(self, captioner, limits: IntakeLimits | None = None, **config):
        engine_config = replace(EngineConfig(model=captioner.name), **config)
        self.engine, self.metrics = worker_engine(engine_config, captioner)
        self.limits = limits or IntakeLimits(max_bytes=2**20)
        self.port = free_port()
        self.runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> Worker:
        await self.engine.start()
        self.runner = web.AppRunner(build_app(self.engine, self.metrics, self.limits, TOKEN))
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()
        return self

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None
        await self.engine.stop(drain=False, timeout=1)


@pytest.fixture
async def worker(tiny_captioner) -> AsyncIterator[Worker]:
    running = await Worker(tiny_captioner).start()
    yield running
    await running.stop()


async def post(
    url: str,
    image: bytes,
    options: dict[str, Any] | None = None,
    token: str | None = TOKEN,
    use_cache: str | None = None,
):
    form = aiohttp.FormData()
    form.add_field("image", image, filename="x.png", content_type="image/png")
    if options is not None:
        form.add_field("options", json.dumps(options))
    if use_cache is not None:
        form.add_field("use_cache", use_cache)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{url}/v1/captions", data=form, headers=headers) as response,
    ):
        return response.status, dict(response.headers), await response.json()


async def test_authenticated_caption_with_options_and_timings(worker):
    status, _, body = await post(worker.url, PICTURE, {"num_beams": 4, "max_new_tokens": 16})
    assert status == 200
    assert body["captions"] == ["a red circle and a blue square"]
    assert body["model"].endswith("tiny-captioner")
    assert body["timings"]["batch_size"] == 1 and body["timings"]["model_seconds"] > 0
    status, _, body = await post(worker.url, PICTURE, {"prefix": "on the left is"})
    assert body["captions"][0].startswith("on the left is a red circle")


async def test_missing_or_wrong_token_is_401(worker):
    assert (await post(worker.url, PICTURE, token=None))[0] == 401
    status, _, body = await post(worker.url, PICTURE, token="guess")
    assert status == 401 and body["error"] == "unauthorized"


async def test_bad_image_and_bad_options_are_4xx_with_json(worker):
    status, _, body = await post(worker.url, b"just some text")
    assert status == 422 and body["error"] == "not_an_image" and body["message"]
    status, _, body = await post(worker.url, PICTURE, {"num_beams": 99})
    assert status == 400 and "num_beams" in body["message"]
    status, _, body = await post(worker.url, PICTURE, {"beams": 4})
    assert status == 400 and "unknown option" in body["message"]
    status, _, body = await post(worker.url, b"x" * (2**20 + 10))
    assert status == 413


async def test_busy_is_503_with_retry_after(tiny_captioner):
    gated = Gated(tiny_captioner, open_gate=False)
    busy = await Worker(gated, queue_size=1).start()
    try:
        first = asyncio.create_task(post(busy.url, PICTURE))
        await wait_until_running(gated)
        second = asyncio.create_task(
            post(busy.url, png_bytes(draw_picture([("green", "triangle")])))
        )
        await asyncio.sleep(0.2)
        status, headers, body = await post(busy.url, png_bytes(draw_picture([("red", "square")])))
        assert status == 503 and headers["Retry-After"] == "1" and body["error"] == "busy"
        assert (body["key"], body["params"]) == ("caption.busy", {})
        assert body["message"] == (
            "I'm captioning a lot of pictures right now. Please try again in a moment."
        )
        gated.gate.set()
        assert (await first)[0] == 200 and (await second)[0] == 200
    finally:
        gated.gate.set()
        await busy.stop()


async def test_a_refusal_reaches_the_chat_in_the_bot_s_words(tiny_captioner):
    strict = await Worker(tiny_captioner, IntakeLimits(max_pixels=100)).start()
    client = RemoteCaptions([strict.url], TOKEN, timeout_s=10)
    await client.start()
    try:
        image = load_image(PICTURE)
        with pytest.raises(WorkerRefused) as refused:
            await client.caption(image)
    finally:
        await client.stop()
        await strict.stop()
    size = (image.width, image.height)  # the client sends the picture at its own size
    assert refused.value.key == "image.too_many_pixels_sized"
    assert error_text(refused.value) == error_text(TooManyPixels(100, size))
    assert error_text(refused.value).startswith("That image has too many pixels")


async def test_healthz_and_metrics(worker):
    await post(worker.url, PICTURE)
    await post(worker.url, b"nope")
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{worker.url}/healthz") as response:
            health = await response.json()
        async with http.get(f"{worker.url}/metrics") as response:
            assert response.status == 401
        headers = {"Authorization": f"Bearer {TOKEN}"}
        async with http.get(f"{worker.url}/metrics", headers=headers) as response:
            text = await response.text()
    assert health["status"] == "ok" and health["queue_depth"] == 0
    # Which format answers which requests, and why: the CPU's features, or a forced format.
    assert set(health["formats"]["encoder"]) == {"best", "candidates", "sampling", "question"}
    assert health["formats"]["reason"]
    assert "captionist_queue_depth 0.0" in text
    assert 'captionist_requests_total{outcome="ok"} 1.0' in text
    assert 'captionist_requests_total{outcome="not_an_image"} 1.0' in text
    assert "captionist_batch_size_count 1.0" in text
    assert "captionist_request_seconds_count 1.0" in text
    assert 'captionist_model_info{name="' in text


async def test_client_skips_a_dead_worker_and_says_when_none_answers(worker):
    dead = f"http://127.0.0.1:{free_port()}"
    client = RemoteCaptions([dead, worker.url], TOKEN, timeout_s=10, retry_after_s=60)
    await client.start()
    try:
        image = load_image(PICTURE)
        for _ in range(3):  # round-robin starts at the dead one every other time
            result = await client.caption(image)
            assert result.text == "a red circle and a blue square"
        assert client.workers[0].dead_until > 0 and client.workers[1].dead_until == 0
        await worker.stop()
        with pytest.raises(WorkerUnavailable) as unavailable:
            await client.caption(image)
        assert error_text(unavailable.value).startswith("Captioning is unavailable right now")
    finally:
        await client.stop()


async def test_a_chat_waits_out_workers_that_are_gone_and_is_answered_once_they_are_back(
    worker, tmp_path
):
    from bot.config import Settings
    from tests.bot.conftest import Restartable

    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'remote.db'}",
        caption_worker_urls=worker.url,
        caption_worker_token=SecretStr(TOKEN),
    )
    core = Restartable(settings, None)  # no local model: the worker captions
    await core.start()
    chat = FakeChat(core)
    try:
        _, [caption] = await chat.say(images=[draw_picture([("yellow", "square")])])
        assert caption.text == "a yellow square"
        await worker.stop()
        # No worker answers: an outage to wait out, not "Captioning is unavailable" to the chat.
        asked = asyncio.create_task(chat.say(images=[draw_picture([("red", "circle")])]))
        await asyncio.sleep(1.5)
        assert not asked.done()
        assert core.core is not None
        assert core.core.dispatcher.unavailable == ["the caption service"]
        await worker.start()
        _, replies = await asyncio.wait_for(asked, 60)
        assert [r.text for r in replies] == ["a red circle"]
        assert core.core.dispatcher.unavailable == []
        _, [history] = await chat.say("/history")
        assert "a red circle" in history.text
        outages = core.core.operator.metrics.registry.get_sample_value(
            "captionist_outages_total", {"dependency": "the caption service"}
        )
        assert outages == 1
    finally:
        await core.stop()


async def test_seeded_requests_sent_at_once_caption_as_each_does_alone(tiny_captioner):
    gated = Gated(tiny_captioner, open_gate=False)
    shared = await Worker(gated, max_batch=16).start()
    fresh = await Worker(tiny_captioner).start()
    seeded = [{"do_sample": True, "seed": seed, "num_beams": 1} for seed in range(1, 9)]
    try:
        blocker = asyncio.create_task(
            post(shared.url, png_bytes(draw_picture([("green", "triangle")])))
        )
        await wait_until_running(gated)
        sent = [asyncio.create_task(post(shared.url, PICTURE, options)) for options in seeded]
        for _ in range(500):  # all eight wait behind the busy model, then go as one batch
            if shared.engine.queue_depth == len(seeded):
                break
            await asyncio.sleep(0.01)
        gated.gate.set()
        assert (await blocker)[0] == 200
        together = [body for _, _, body in await asyncio.gather(*sent)]
        alone = [(await post(fresh.url, PICTURE, options))[2] for options in seeded]
    finally:
        gated.gate.set()
        await shared.stop()
        await fresh.stop()
    assert [body["timings"]["batch_size"] for body in together] == [8] * 8
    assert [body["timings"]["batch_size"] for body in alone] == [1] * 8
    assert [body["captions"] for body in together] == [body["captions"] for body in alone]
    assert len({tuple(body["captions"]) for body in alone}) > 1


async def test_a_fresh_answer_asked_of_the_client_is_not_served_from_the_worker_cache(
    tiny_captioner,
):
    gated = Gated(tiny_captioner)
    worker = await Worker(gated).start()
    client = RemoteCaptions([worker.url], TOKEN)
    await client.start()
    try:
        image = load_image(PICTURE)
        first = await client.caption(image)
        cached = await client.caption(image)
        fresh = await client.caption(image, use_cache=False)
        status, _, body = await post(worker.url, PICTURE, use_cache="maybe")
    finally:
        await client.stop()
        await worker.stop()
    assert not first.cached and cached.cached and not fresh.cached
    assert fresh.text == first.text == "a red circle and a blue square"
    assert gated.batches == [1, 1]  # the cached answer never reached the model
    assert status == 400 and "use_cache" in body["message"]


async def test_a_big_upload_is_decoded_off_the_loop(worker):
    damaged = big_picture()[:-100]  # 36 MP, decoded almost to the end before the damage shows
    decode_s = decode_seconds(damaged)
    async with Heartbeat() as beat:
        status, _, body = await post(worker.url, damaged)
    assert status == 422 and body["error"] == "truncated"
    assert beat.longest_gap < decode_s / 2, (beat.longest_gap, decode_s)
