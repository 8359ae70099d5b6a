"""Throughput of the engine against the naive path, on the full-size architecture.

The naive path is what the seed projects do: one image at a time, fp32, `num_beams=4`, a plain
`model.generate`. The engine serves `--concurrency` simultaneous requests with the same beam
settings. Both are forced to exactly `--tokens` new tokens so that they do the same work.
`--request candidates` asks both for three candidates out of five beams (the poetic style's
request) instead of the one best caption; `--dtype` takes several formats, each an engine run
against the same naive figures. Prints the CPU's features and progress, writes the figures as
JSON, and prints the ratios last.

    python -m bench.throughput [--model random:vit-gpt2] [--images 32] [--naive-images 8]
    python -m bench.throughput --request candidates --dtype auto,int8  # per class, per format
    python -m bench.throughput --target ray  # Ray Serve's overhead (bench/serve_overhead.py)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import resource
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import torch
from PIL import Image

from bot.captioning.captioner import (
    Captioner,
    ModelLoadError,
    load_captioner,
    resolve_device,
    resolve_dtype,
)
from bot.captioning.cpu_features import detect
from bot.captioning.engine import CaptionEngine
from bot.captioning.intake import IntakeImage, load_image
from bot.captioning.options import CaptionOptions
from bot.training.shapes import generate


def pictures(count: int, seed: int) -> list[IntakeImage]:
    import io

    out = []
    for sample in generate(count, seed, size=(640, 480)):
        buffer = io.BytesIO()
        sample.image.save(buffer, format="PNG")
        out.append(load_image(buffer.getvalue()))
    return out


# What each request class asks (`bot.captioning.formats`), the same of both paths.
REQUESTS: dict[str, dict[str, int]] = {
    "best": {"num_beams": 4},
    "candidates": {"num_beams": 5, "num_return_sequences": 3},
}


def naive(captioner: Captioner, image: Image.Image, tokens: int, request: str = "best") -> str:
    """The seeds' loop body, with the length pinned so both paths generate the same tokens."""
    pixels = captioner.processor(images=[image], return_tensors="pt")["pixel_values"]
    with torch.no_grad():
        output = captioner.model.generate(
            pixels.to(captioner.model.device),
            min_new_tokens=tokens,
            max_new_tokens=tokens,
            **REQUESTS[request],
        )
    return captioner.tokenizer.batch_decode(output, skip_special_tokens=True)[0]


def naive_loop(
    captioner: Captioner, images: list[IntakeImage], tokens: int, request: str = "best"
) -> list[float]:
    naive(captioner, images[0].image, tokens, request)  # warm-up
    times = []
    for index, image in enumerate(images, start=1):
        began = time.perf_counter()
        naive(captioner, image.image, tokens, request)
        times.append(time.perf_counter() - began)
        print(f"  naive: {index}/{len(images)} images ({times[-1]:.2f}s)", flush=True)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def engine_run(
    captioner: Captioner, images: list[IntakeImage], options: CaptionOptions, concurrency: int
) -> dict[str, float]:
    engine = CaptionEngine(captioner, max_batch_size=concurrency, max_wait_ms=10, timeout_s=3600)
    latencies: list[float] = []
    done = 0
    async with engine:
        # Warmed as the naive path is, at the shape it then serves: the first batch of a size pays
        # for growing the allocator's arenas and for oneDNN's kernels for that shape.
        warm = images[-concurrency:]
        await asyncio.gather(*(engine.caption(i, options, use_cache=False) for i in warm))
        print(f"  engine: warmed up on a batch of {len(warm)}", flush=True)
        single = time.perf_counter()
        await engine.caption(images[0], options, use_cache=False)
        single = time.perf_counter() - single
        batches, batched = engine.stats.batches, engine.stats.batched_requests
        started = time.perf_counter()
        gate = asyncio.Semaphore(concurrency)

        async def one(image: IntakeImage) -> None:
            nonlocal done
            async with gate:
                began = time.perf_counter()
                await engine.caption(image, options, use_cache=False)
                latencies.append(time.perf_counter() - began)
                done += 1
                if done % concurrency == 0 or done == len(images):
                    print(f"  engine: {done}/{len(images)} images", flush=True)

        await asyncio.gather(*(one(i) for i in images))
        elapsed = time.perf_counter() - started
        mean_batch = (engine.stats.batched_requests - batched) / (engine.stats.batches - batches)
        await engine.caption(images[0], options)  # fills the cache
        hit = time.perf_counter()
        await engine.caption(images[0], options)
        hit = time.perf_counter() - hit
    return {
        "images_per_s": len(images) / elapsed,
        "p50_s": statistics.median(latencies),
        "p95_s": percentile(latencies, 0.95),
        "single_request_s": single,
        "cache_hit_ms": hit * 1000,
        "mean_batch_size": mean_batch,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="random:vit-gpt2")
    parser.add_argument("--images", type=int, default=32, help="images through the engine")
    parser.add_argument("--naive-images", type=int, default=8, help="images through the naive loop")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--tokens", type=int, default=16)
    parser.add_argument("--device", default="auto")
    parser.add_argument(
        "--dtype",
        default="auto",
        help="engine dtype (as CAPTION_DTYPE), or several, comma-separated; the naive path is fp32",
    )
    parser.add_argument("--request", choices=tuple(REQUESTS), default="best")
    parser.add_argument("--out", type=Path, help="default bench/results/throughput.json")
    parser.add_argument("--rounds", type=int, default=2, help="--target ray: turns each")
    parser.add_argument(
        "--max-wait-ms", type=float, default=10.0, help="--target ray: both's CAPTION_MAX_WAIT_MS"
    )
    parser.add_argument(
        "--target",
        choices=("engine", "ray"),
        default="engine",
        help="engine: against the naive loop; ray: Ray Serve against the own worker (HTTP)",
    )
    args = parser.parse_args(argv)

    if min(args.images, args.naive_images, args.concurrency, args.tokens, args.rounds) < 1:
        parser.error("--images, --naive-images, --concurrency, --tokens, --rounds: at least 1")
    if args.target == "ray":
        from bench.serve_overhead import run

        args.out = args.out or Path("bench/results/serve-overhead.json")
        return run(args)
    args.out = args.out or Path("bench/results/throughput.json")
    dtypes = [name.strip() for name in args.dtype.split(",") if name.strip()]
    try:  # before the long naive phase, not after it
        for name in dtypes:
            resolve_dtype(name, resolve_device(args.device))
    except ModelLoadError as exc:
        parser.error(str(exc))
    cpu = detect()
    print(f"CPU: {cpu.describe()} (matrix unit {cpu.matrix_unit})", flush=True)
    images = pictures(max(args.images, args.naive_images), seed=11)
    print(f"loading {args.model} (naive: float32)", flush=True)
    baseline = load_captioner(args.model, args.device, "float32")
    # On a thread that ends before the engine starts: a thread that has run torch's parallel
    # work keeps OpenMP helper threads, and with more of those than cores every thread's become
    # slower (see `load_captioner`). A seed script has no second thread; neither phase should
    # pay for the other's.
    with ThreadPoolExecutor(max_workers=1) as alone:
        naive = alone.submit(
            naive_loop, baseline, images[: args.naive_images], args.tokens, args.request
        )
        times = naive.result()
    naive_figures = {"images_per_s": len(times) / sum(times), "single_request_s": min(times)}
    asked = REQUESTS[args.request]
    options = CaptionOptions(
        num_beams=asked["num_beams"],
        num_return_sequences=asked.get("num_return_sequences", 1),
        min_new_tokens=args.tokens,
        max_new_tokens=args.tokens,
    )
    engines: dict[str, dict[str, object]] = {}
    for name in dtypes:
        print(f"loading {args.model} for the engine ({name})", flush=True)
        captioner = load_captioner(args.model, args.device, name)
        fmt = captioner.plan.encoder_for(options)
        print(f"engine ({name}: {fmt} encoder for {args.request}): {args.images} images, "
              f"{args.concurrency} at once", flush=True)  # fmt: skip
        serving = engine_run(captioner, images[: args.images], options, args.concurrency)
        measured = asyncio.run(serving)
        engines[name] = {
            **measured,
            "encoder_format": fmt,
            "plan": captioner.plan.describe(),
            "ratio": measured["images_per_s"] / naive_figures["images_per_s"],
            "single_request_vs_naive": measured["single_request_s"]
            / naive_figures["single_request_s"],
        }
        del captioner
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if torch.cuda.is_available():
        peak_mb = torch.cuda.max_memory_allocated() / 2**20
    first = engines[dtypes[0]]
    figures_out = {
        "model": args.model,
        "device": baseline.info.device,
        "cpu": cpu.describe(),
        "request": args.request,
        "engine_dtype": first["encoder_format"],
        "machine": f"{platform.machine()}, {torch.get_num_threads()} torch threads",
        "naive": naive_figures,
        "engine": first,
        "engines": engines,
        "single_request_vs_naive": first["single_request_vs_naive"],
        "peak_memory_mb": peak_mb,
        "ratio": first["ratio"],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures_out, indent=2), encoding="utf-8")
    print(json.dumps(figures_out, indent=2))
    for name, engine in engines.items():
        print(f"{name} ({engine['encoder_format']} encoder): ratio {engine['ratio']:.2f}")
    print(f"ratio {first['ratio']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
