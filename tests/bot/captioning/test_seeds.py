"""A seeded sampled request gets the captions it gets alone, whatever it is batched with: the
engine batches such requests and each picture samples under its own seed."""

from __future__ import annotations

import asyncio

import pytest

from bot.captioning.engine import CaptionEngine, CaptionResult
from bot.captioning.options import CaptionOptions
from tests.bot.captioning.gated import Gated, wait_until_running
from tests.pictures import draw_picture

SAMPLED = [
    {"do_sample": True, "num_beams": 1},
    # What "again" asks for (bot.chat.image_work.again_options): eight hotter candidates.
    {
        "do_sample": True,
        "num_beams": 1,
        "temperature": 1.2,
        "top_p": 0.95,
        "num_return_sequences": 8,
    },
]


async def each_alone(captioner, requests) -> list[tuple[str, ...]]:
    """Captions of each (picture, options) sent on its own to a fresh engine."""
    results = []
    async with CaptionEngine(captioner) as fresh:
        for picture, options in requests:
            results.append(await fresh.caption(picture, options))
    assert all(r.batch_size == 1 and not r.cached for r in results)
    return [r.captions for r in results]


async def together(gated: Gated, engine: CaptionEngine, requests) -> list[CaptionResult]:
    """`requests` (picture, options) queued while the model is busy, so they form one batch."""
    blocker = asyncio.create_task(engine.caption(draw_picture([("green", "triangle")])))
    await wait_until_running(gated)
    tasks = [asyncio.create_task(engine.caption(p, o)) for p, o in requests]
    await asyncio.sleep(0.05)
    gated.gate.set()
    await blocker
    return await asyncio.gather(*tasks)


@pytest.mark.parametrize("sampled", SAMPLED, ids=["plain", "again"])
async def test_eight_seeds_on_one_picture_at_once_caption_as_each_alone(tiny_captioner, sampled):
    picture = draw_picture([("red", "circle"), ("blue", "square")])
    options = [CaptionOptions.from_mapping({**sampled, "seed": seed}) for seed in range(1, 9)]
    gated = Gated(tiny_captioner, open_gate=False)
    async with CaptionEngine(gated, max_batch_size=16) as engine:
        # A ninth request repeats seed 1: it shares that request's answer instead of running.
        results = await together(gated, engine, [(picture, o) for o in [*options, options[0]]])
        cached = await engine.caption(picture, options[3])
    assert gated.batches == [1, 8]
    assert [r.batch_size for r in results] == [8] * 9
    expected = await each_alone(tiny_captioner, [(picture, o) for o in options])
    assert [r.captions for r in results] == [*expected, expected[0]]
    assert len(set(expected)) > 1  # the seeds did make different captions
    assert cached.cached and cached.captions == expected[3]


async def test_different_pictures_with_different_seeds_share_a_batch(tiny_captioner):
    shapes = [(c, s) for c in ("red", "green", "blue", "yellow") for s in ("circle", "square")]
    pictures = [draw_picture([shape, ("blue", "triangle")]) for shape in shapes]
    options = [
        CaptionOptions(do_sample=True, num_beams=1, temperature=1.5, top_k=50, seed=seed)
        for seed in range(11, 19)
    ]
    requests = list(zip(pictures, options, strict=True))
    gated = Gated(tiny_captioner, open_gate=False)
    async with CaptionEngine(gated, max_batch_size=16) as engine:
        results = await together(gated, engine, requests)
    assert gated.batches == [1, 8] and engine.stats.batched_requests == 9
    assert [r.captions for r in results] == await each_alone(tiny_captioner, requests)


async def test_an_unseeded_sampled_request_still_runs_alone(tiny_captioner):
    picture = draw_picture([("yellow", "circle")])
    gated = Gated(tiny_captioner, open_gate=False)
    unseeded = CaptionOptions(do_sample=True, num_beams=1)
    async with CaptionEngine(gated, max_batch_size=16) as engine:
        results = await together(gated, engine, [(picture, unseeded)] * 3)
    assert gated.batches == [1, 1, 1, 1]
    assert all(r.batch_size == 1 and not r.cached for r in results)
