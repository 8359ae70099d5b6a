"""Seeded sampled requests batched (each picture under its own seed) against each run alone.

"Again" asks for eight sampled candidates under a seed (`bot.chat.image_work.again_options`), with
the cache bypassed. The engine batches such requests, and each picture of a batch samples from
its own generator, so batching them changes no caption (checked here on every request). Three
ways to serve `--requests` concurrent "again" requests on different pictures, interleaved over
`--rounds` on one engine (one model thread):

- batched: what the engine does, a generator per picture;
- shared: batched, one generator seeded with the batch's first seed (the earlier behaviour, whose
  captions depended on the neighbours; it shows what the per-picture generators cost);
- alone: `max_batch_size` 1, what running seeded requests alone would give.

Prints each round, writes `bench/results/seeded.json`, prints the ratio last. Ratios compare each
mode's best round: on a shared machine other work only ever slows a round down (by up to 40x on the
2-core development CPU, when it competes with torch's OpenMP threads); medians are written too.

    python -m bench.seeded [--model tests/fixtures/tiny-captioner] [--requests 8] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import torch
from PIL import Image

from bench.throughput import pictures
from bot.captioning.captioner import Captioner, load_captioner
from bot.captioning.engine import BatchCaptioner, CaptionEngine
from bot.captioning.intake import IntakeImage
from bot.captioning.options import CaptionOptions
from bot.chat.image_work import again_options
from bot.chat.styles import STYLES

MODES = ("batched", "shared", "alone")


class SharedGenerator:
    """The captioner as it sampled before: the whole batch from one generator, seeded once."""

    def __init__(self, inner: Captioner):
        self.inner = inner

    @property
    def name(self) -> str:
        return self.inner.name

    def generate(
        self,
        images: list[Image.Image],
        options: CaptionOptions,
        seeds: Sequence[int | None] | None = None,
    ) -> list[list[str]]:
        torch.manual_seed(seeds[0] if seeds and seeds[0] is not None else 0)
        return self.inner.generate(images, options, [None] * len(images))


async def serve(
    engine: CaptionEngine, requests: list[tuple[IntakeImage, CaptionOptions]]
) -> tuple[float, float, list[tuple[str, ...]]]:
    """Requests per second, mean batch size and the captions, all requests sent at once."""
    batches, batched = engine.stats.batches, engine.stats.batched_requests
    started = time.perf_counter()
    results = await asyncio.gather(*(engine.caption(i, o, use_cache=False) for i, o in requests))
    elapsed = time.perf_counter() - started
    mean_batch = (engine.stats.batched_requests - batched) / (engine.stats.batches - batches)
    return len(requests) / elapsed, mean_batch, [r.captions for r in results]


async def run(captioner: Captioner, count: int, rounds: int) -> dict[str, object]:
    images = pictures(count, seed=23)
    requests = [
        (image, again_options(STYLES["plain"], CaptionOptions(), seed=index, attempt=0))
        for index, image in enumerate(images)
    ]
    shared = SharedGenerator(captioner)
    engine = CaptionEngine(captioner, max_batch_size=count, max_queue=count + 1, timeout_s=3600)
    setups: dict[str, tuple[BatchCaptioner, int]] = {
        "batched": (captioner, count),
        "shared": (shared, count),
        "alone": (captioner, 1),
    }
    speeds: dict[str, list[float]] = {mode: [] for mode in MODES}
    sizes: dict[str, float] = {}
    captions: dict[str, list[tuple[str, ...]]] = {}
    async with engine:
        # One engine, so one model thread: a second thread would keep its own OpenMP helpers
        # and slow both (see `load_captioner`).
        for round_index in range(rounds + 1):  # round 0 warms each shape up and is not counted
            for mode in MODES:
                engine.captioner, engine.max_batch_size = setups[mode]
                speed, sizes[mode], captions[mode] = await serve(engine, requests)
                if round_index:
                    speeds[mode].append(speed)
                    print(f"  round {round_index} {mode}: {speed:.2f} requests/s", flush=True)
    if captions["batched"] != captions["alone"]:
        raise SystemExit("batched seeded requests captioned differently from the same alone")
    best = {mode: max(speeds[mode]) for mode in MODES}
    return {
        "model": captioner.name,
        "device": captioner.info.device,
        "requests": count,
        "rounds": rounds,
        "requests_per_s": speeds,
        "best_requests_per_s": best,
        "median_requests_per_s": {mode: statistics.median(speeds[mode]) for mode in MODES},
        "mean_batch_size": sizes,
        "shared_changed_captions": sum(
            a != b for a, b in zip(captions["shared"], captions["alone"], strict=True)
        ),
        "batched_vs_alone": best["batched"] / best["alone"],
        "batched_vs_shared": best["batched"] / best["shared"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="tests/fixtures/tiny-captioner")
    parser.add_argument("--requests", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--out", type=Path, default=Path("bench/results/seeded.json"))
    args = parser.parse_args(argv)
    if min(args.requests, args.rounds) < 1:
        parser.error("--requests and --rounds must be at least 1")
    captioner = load_captioner(args.model, args.device)
    print(f"{args.requests} seeded 'again' requests at once on {args.model}", flush=True)
    figures = asyncio.run(run(captioner, args.requests, args.rounds))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(json.dumps(figures, indent=2))
    print(f"ratio batched/alone {figures['batched_vs_alone']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
