"""The captioning engine on the real tiny model: batching, busy, timeouts, cache, stop."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from bot.captioning.engine import CaptionEngine, EngineBusy, EngineStopped, EngineTimeout
from bot.captioning.errors import UserFacingError
from bot.captioning.intake import load_image
from bot.captioning.options import CaptionOptions
from bot.chat.texts import error_text
from tests.bot.captioning.gated import Gated, wait_until_running
from tests.pictures import draw_picture, png_bytes


async def test_caption_names_the_drawn_shapes(tiny_captioner, red_circle_blue_square):
    async with CaptionEngine(tiny_captioner) as engine:
        result = await engine.caption(red_circle_blue_square)
    assert result.text == "a red circle and a blue square"
    assert result.model == tiny_captioner.name
    assert not result.cached


async def test_model_runs_on_its_own_thread_never_the_event_loop(tiny_captioner):
    gated = Gated(tiny_captioner)
    async with CaptionEngine(gated) as engine:
        await engine.caption(draw_picture([("green", "triangle")]))
    assert gated.threads and all(t.startswith("captioner") for t in gated.threads)
    assert threading.main_thread().name not in gated.threads


async def test_concurrent_requests_share_one_batch(tiny_captioner):
    gated = Gated(tiny_captioner, open_gate=False)
    pictures = [
        draw_picture([(c, s)])
        for c in ("red", "green", "blue", "yellow")
        for s in ("circle", "square")
    ]
    async with CaptionEngine(gated, max_batch_size=16, max_wait_ms=5) as engine:
        first = asyncio.create_task(engine.caption(pictures[0]))
        await wait_until_running(gated)  # the model is busy with the first picture
        rest = [asyncio.create_task(engine.caption(p)) for p in pictures[1:]]
        await asyncio.sleep(0.05)
        gated.gate.set()
        results = await asyncio.gather(first, *rest)
    assert gated.batches == [1, 7]
    assert [r.batch_size for r in results] == [1] + [7] * 7
    expected = [
        f"a {c} {s}" for c in ("red", "green", "blue", "yellow") for s in ("circle", "square")
    ]
    assert [r.text for r in results] == expected


async def test_incompatible_options_run_in_separate_batches(tiny_captioner, red_circle_blue_square):
    gated = Gated(tiny_captioner)
    async with CaptionEngine(gated, max_wait_ms=20) as engine:
        plain, prefixed = await asyncio.gather(
            engine.caption(red_circle_blue_square),
            engine.caption(red_circle_blue_square, CaptionOptions(prefix="on the left is")),
        )
    assert sorted(gated.batches) == [1, 1]
    assert plain.text == "a red circle and a blue square"
    assert prefixed.text.startswith("on the left is a red circle")


async def test_full_queue_answers_busy_at_once(tiny_captioner):
    gated = Gated(tiny_captioner, open_gate=False)
    picture = draw_picture([("red", "circle")])
    async with CaptionEngine(gated, max_queue=2) as engine:
        running = asyncio.create_task(engine.caption(picture, use_cache=False))
        await wait_until_running(gated)
        queued = [
            asyncio.create_task(engine.caption(draw_picture([("blue", s)])))
            for s in ("circle", "square")
        ]
        await asyncio.sleep(0)
        started = time.perf_counter()
        with pytest.raises(EngineBusy) as busy:
            await engine.caption(draw_picture([("yellow", "triangle")]))
        assert time.perf_counter() - started < 0.5
        assert "try again" in error_text(busy.value)
        gated.gate.set()
        results = await asyncio.gather(running, *queued)
    assert [r.text for r in results] == ["a red circle", "a blue circle", "a blue square"]
    assert engine.stats.busy == 1


async def test_caller_that_timed_out_is_skipped(tiny_captioner):
    gated = Gated(tiny_captioner, open_gate=False)
    async with CaptionEngine(gated) as engine:
        running = asyncio.create_task(engine.caption(draw_picture([("red", "square")])))
        await wait_until_running(gated)
        with pytest.raises(EngineTimeout):
            await engine.caption(draw_picture([("green", "circle")]), timeout=0.05)
        gated.gate.set()
        assert (await running).text == "a red square"
        await asyncio.sleep(0.05)
    assert gated.batches == [1]  # the abandoned picture never reached the model
    assert engine.stats.timeouts == 1


async def test_cancelled_caller_is_skipped(tiny_captioner):
    gated = Gated(tiny_captioner, open_gate=False)
    async with CaptionEngine(gated) as engine:
        running = asyncio.create_task(engine.caption(draw_picture([("red", "square")])))
        await wait_until_running(gated)
        abandoned = asyncio.create_task(engine.caption(draw_picture([("blue", "circle")])))
        await asyncio.sleep(0.01)
        abandoned.cancel()
        gated.gate.set()
        await running
    assert gated.batches == [1]


async def test_results_are_cached_unless_bypassed(tiny_captioner, red_circle_blue_square):
    image = load_image(png_bytes(red_circle_blue_square))
    gated = Gated(tiny_captioner)
    async with CaptionEngine(gated) as engine:
        first = await engine.caption(image)
        started = time.perf_counter()
        again = await engine.caption(image)
        hit_seconds = time.perf_counter() - started
        fresh = await engine.caption(image, use_cache=False)
        other = await engine.caption(image, CaptionOptions(num_beams=2))
    assert again.cached and again.text == first.text
    assert hit_seconds < 0.05
    assert not fresh.cached and fresh.text == first.text
    assert not other.cached
    assert gated.batches == [1, 1, 1]


async def test_identical_requests_in_flight_run_once(tiny_captioner, red_circle_blue_square):
    gated = Gated(tiny_captioner)
    async with CaptionEngine(gated) as engine:
        results = await asyncio.gather(*(engine.caption(red_circle_blue_square) for _ in range(5)))
    assert {r.text for r in results} == {"a red circle and a blue square"}
    assert gated.batches == [1]


async def test_sampling_is_deterministic_per_seed_and_never_cached(tiny_captioner):
    picture = draw_picture([("yellow", "circle"), ("green", "square")])
    sampled = CaptionOptions(num_beams=1, do_sample=True, seed=7, num_return_sequences=4)
    async with CaptionEngine(tiny_captioner) as engine:
        one = await engine.caption(picture, sampled, use_cache=False)
        two = await engine.caption(picture, sampled, use_cache=False)
        unseeded = CaptionOptions(num_beams=1, do_sample=True)
        await engine.caption(picture, unseeded)
        again = await engine.caption(picture, unseeded)
    assert one.captions == two.captions
    assert len(one.captions) == 4
    assert not again.cached


async def test_one_broken_image_does_not_sink_its_batch(tiny_captioner):
    poison = draw_picture([("red", "triangle")])
    gated = Gated(tiny_captioner, open_gate=False, poison=poison)
    async with CaptionEngine(gated) as engine:
        blocker = asyncio.create_task(engine.caption(draw_picture([("blue", "square")])))
        await wait_until_running(gated)
        good = asyncio.create_task(engine.caption(draw_picture([("green", "circle")])))
        bad = asyncio.create_task(engine.caption(poison))
        await asyncio.sleep(0.02)
        gated.gate.set()
        await blocker
        assert (await good).text == "a green circle"
        with pytest.raises(Exception) as failed:
            await bad
    assert isinstance(failed.value, UserFacingError), failed.value
    assert "try another" in error_text(failed.value)


async def test_stop_drains_queued_requests(tiny_captioner):
    gated = Gated(tiny_captioner, open_gate=False)
    engine = CaptionEngine(gated)
    await engine.start()
    tasks = [
        asyncio.create_task(engine.caption(draw_picture([("red", s)])))
        for s in ("circle", "square", "triangle")
    ]
    await wait_until_running(gated)
    stopping = asyncio.create_task(engine.stop(drain=True))
    await asyncio.sleep(0.01)
    with pytest.raises(EngineStopped):
        await engine.caption(draw_picture([("blue", "circle")]))
    gated.gate.set()
    await stopping
    assert [t.result().text for t in tasks] == ["a red circle", "a red square", "a red triangle"]


async def test_stop_without_drain_fails_pending_and_never_hangs(tiny_captioner):
    gated = Gated(tiny_captioner, open_gate=False)
    engine = CaptionEngine(gated)
    await engine.start()
    running = asyncio.create_task(engine.caption(draw_picture([("red", "circle")])))
    await wait_until_running(gated)
    pending = asyncio.create_task(engine.caption(draw_picture([("blue", "circle")])))
    await asyncio.sleep(0.01)
    started = time.perf_counter()
    await engine.stop(drain=False, timeout=0.2)  # the model thread is stuck behind the gate
    assert time.perf_counter() - started < 1.0
    with pytest.raises(EngineStopped):
        await pending
    with pytest.raises(EngineStopped):
        await running
    gated.gate.set()
