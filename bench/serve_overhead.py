"""Ray Serve's overhead against the own caption worker, in one run: the same model, settings,
pictures and load (`--concurrency` requests at once over HTTP), first on `main.py worker`, then
on `main.py worker --ray --replicas 1` given the same CPUs. `python -m bench.throughput --target
ray` runs it.

Besides throughput it says where a request's time goes: the replica's own figures (its whole
handling, the batch's model time, the wait for a batch) against what the client saw, so that
what Serve adds (proxy, routing) shows apart from what batching does. And what each process
holds in memory at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import platform
import secrets
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

from bench.throughput import percentile, pictures
from tests.serve_process import ServeProcess, descendants
from tests.test_cli import ROOT, cli_environment
from tests.worker_process import WorkerProcess


def _jpegs(count: int) -> list[bytes]:
    """What a bot sends: JPEG at quality 95 (bot/captioning/remote.py)."""
    out = []
    for picture in pictures(count, seed=11):
        buffer = io.BytesIO()
        picture.image.convert("RGB").save(buffer, format="JPEG", quality=95)
        out.append(buffer.getvalue())
    return out


async def _caption(
    http: aiohttp.ClientSession, url: str, picture: bytes, options: dict[str, Any]
) -> tuple[float, dict[str, Any]]:
    form = aiohttp.FormData()
    form.add_field("image", picture, filename="p.jpg", content_type="image/jpeg")
    form.add_field("options", json.dumps(options))
    form.add_field("use_cache", "false")
    began = time.perf_counter()
    async with http.post(f"{url}/v1/captions", data=form) as response:
        body = await response.json(content_type=None)
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}: {body}")
    return time.perf_counter() - began, body


async def drive(
    url: str, token: str, jpegs: list[bytes], options: dict[str, Any], concurrency: int, name: str
) -> dict[str, float]:
    headers = {"Authorization": f"Bearer {token}"}
    timeout = aiohttp.ClientTimeout(total=3600)
    async with aiohttp.ClientSession(headers=headers, timeout=timeout) as http:
        # Warmed at the shape it then serves, as bench.throughput warms the engine.
        await asyncio.gather(*(_caption(http, url, p, options) for p in jpegs[-concurrency:]))
        print(f"  {name}: warmed up on {concurrency} at once", flush=True)
        gate = asyncio.Semaphore(concurrency)
        seen: list[tuple[float, dict[str, Any]]] = []

        async def one(picture: bytes) -> None:
            async with gate:
                seen.append(await _caption(http, url, picture, options))
                if len(seen) % concurrency == 0 or len(seen) == len(jpegs):
                    print(f"  {name}: {len(seen)}/{len(jpegs)} images", flush=True)

        started = time.perf_counter()
        await asyncio.gather(*(one(p) for p in jpegs))
        elapsed = time.perf_counter() - started
    latencies = [latency for latency, _ in seen]
    timings = [body["timings"] for _, body in seen]
    handled = [t["total_seconds"] for t in timings]
    return {
        "images_per_s": len(jpegs) / elapsed,
        "p50_s": statistics.median(latencies),
        "p95_s": percentile(latencies, 0.95),
        "mean_batch_size": statistics.mean(t["batch_size"] for t in timings),
        # Per request: in the worker's handler; of that, waiting for a batch and in the model.
        "handled_s": statistics.mean(handled),
        "queued_s": statistics.mean(t["queued_seconds"] for t in timings),
        "model_s": statistics.mean(t["model_seconds"] for t in timings),
        # What the client waited beyond the handler: HTTP, and on Serve the proxy and routing.
        "outside_handler_s": statistics.mean(
            latency - inside for latency, inside in zip(latencies, handled, strict=True)
        ),
    }


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _role(command: str) -> str:
    """A process's part: Ray's title for its workers, else the program or the script it runs."""
    words = command.split() or ["?"]
    if words[0].startswith("ray::"):
        return words[0]
    scripts = [w for w in words[1:] if w.endswith(".py")] if "python" in words[0] else []
    return Path(scripts[0] if scripts else words[0]).name


def _memory(root: int) -> dict[str, float]:
    """Resident memory in MB by process role: the command itself and each process below it."""
    rss = {"main.py": _rss_mb(root)}
    for pid, command in descendants(root).items():
        rss[_role(command)] = rss.get(_role(command), 0.0) + _rss_mb(pid)
    return {name: round(mb) for name, mb in sorted(rss.items())}


async def compare(args: argparse.Namespace) -> dict[str, Any]:
    cores = os.cpu_count() or 1
    token = secrets.token_hex(16)
    options = {"num_beams": 4, "min_new_tokens": args.tokens, "max_new_tokens": args.tokens}
    jpegs = _jpegs(args.images)
    # The processes run in a folder of their own: a model folder named from here is made absolute.
    model = args.model if ":" in args.model else str(ROOT / args.model)
    figures: dict[str, Any] = {
        "model": args.model,
        "machine": f"{platform.machine()}, {cores} cores",
        "concurrency": args.concurrency,
        "images": args.images,
        "tokens": args.tokens,
    }
    with tempfile.TemporaryDirectory(prefix="serve-overhead-") as folder:
        tmp = Path(folder)
        # The same settings for both: one engine using every core, batches of `concurrency`.
        env = cli_environment(
            tmp, CAPTION_WORKER_TOKEN=token, CAPTION_THREADS=str(cores),
            CAPTION_MAX_BATCH=str(args.concurrency), CAPTION_REPLICA_CPUS=str(cores),
            OCR="off",
        )  # fmt: skip
        print(f"own worker: {args.model}, {args.images} images, {args.concurrency} at once")
        own = WorkerProcess(ROOT, env, tmp / "worker.log", model, tmp)
        await own.start(timeout_s=600)
        try:
            figures["own_worker"] = await drive(
                own.url, token, jpegs, options, args.concurrency, "own worker"
            )
            assert own.process is not None
            figures["own_worker_memory_mb"] = _memory(own.process.pid)
        finally:
            await own.kill()
        print("Ray Serve, one replica with the same CPUs", flush=True)
        served = ServeProcess(ROOT, env, tmp / "serve.log", model, "--replicas", "1")
        await served.start(timeout_s=600)
        try:
            figures["ray_serve"] = await drive(
                served.url, token, jpegs, options, args.concurrency, "Ray Serve"
            )
            assert served.process is not None
            figures["ray_serve_memory_mb"] = _memory(served.process.pid)
            await served.stop()
        finally:
            await served.kill()
    ratio = figures["ray_serve"]["images_per_s"] / figures["own_worker"]["images_per_s"]
    figures["ratio"] = ratio
    return figures


def run(args: argparse.Namespace) -> int:
    figures = asyncio.run(compare(args))
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(json.dumps(figures, indent=2))
    print(f"Ray Serve / own worker throughput: {figures['ratio']:.3f}")
    return 0
