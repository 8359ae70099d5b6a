"""Ray Serve's overhead against the own caption worker, in one run: the same model, settings,
pictures and load (`--concurrency` requests at once over HTTP) on `main.py worker` and on
`main.py worker --ray --replicas 1` given the same CPUs, both started first and then measured in
turns (`--rounds`). `python -m bench.throughput --target ray` runs it.

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


class Target:
    """One caption service under test, and what its rounds saw."""

    def __init__(self, name: str, url: str, token: str) -> None:
        self.name, self.url = name, url
        self.headers = {"Authorization": f"Bearer {token}"}
        self.elapsed = 0.0
        self.seen: list[tuple[float, dict[str, Any]]] = []

    async def warm(self, jpegs: list[bytes], options: dict[str, Any], concurrency: int) -> None:
        """At the shape it then serves, as bench.throughput warms the engine."""
        async with aiohttp.ClientSession(headers=self.headers) as http:
            await asyncio.gather(
                *(_caption(http, self.url, p, options) for p in jpegs[-concurrency:])
            )
        print(f"  {self.name}: warmed up on {concurrency} at once", flush=True)

    async def round(self, jpegs: list[bytes], options: dict[str, Any], concurrency: int) -> None:
        """Every picture, `concurrency` at a time."""
        gate = asyncio.Semaphore(concurrency)
        timeout = aiohttp.ClientTimeout(total=3600)
        async with aiohttp.ClientSession(headers=self.headers, timeout=timeout) as http:

            async def one(picture: bytes) -> None:
                async with gate:
                    self.seen.append(await _caption(http, self.url, picture, options))

            started = time.perf_counter()
            await asyncio.gather(*(one(p) for p in jpegs))
            self.elapsed += time.perf_counter() - started
        rate = len(jpegs) / (time.perf_counter() - started)
        print(f"  {self.name}: {len(jpegs)} images, {rate:.2f} images/s", flush=True)

    def figures(self) -> dict[str, float]:
        latencies = [latency for latency, _ in self.seen]
        timings = [body["timings"] for _, body in self.seen]
        handled = [t["total_seconds"] for t in timings]
        return {
            "images_per_s": len(self.seen) / self.elapsed,
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
    interpreter = Path(words[0]).name.startswith("python")
    scripts = [w for w in words[1:] if w.endswith(".py")] if interpreter else []
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
        "rounds": args.rounds,
        "max_wait_ms": args.max_wait_ms,
    }
    with tempfile.TemporaryDirectory(prefix="serve-overhead-") as folder:
        tmp = Path(folder)
        # The same settings for both: one engine using every core, batches of `concurrency`.
        env = cli_environment(
            tmp, CAPTION_WORKER_TOKEN=token, CAPTION_THREADS=str(cores),
            CAPTION_MAX_BATCH=str(args.concurrency), CAPTION_REPLICA_CPUS=str(cores),
            CAPTION_MAX_WAIT_MS=str(args.max_wait_ms), OCR="off",
            # A busy machine slows both alike; a chat's 60 s limit would end the run instead.
            CAPTION_TIMEOUT_S="3600",
        )  # fmt: skip
        own = WorkerProcess(ROOT, env, tmp / "worker.log", model, tmp)
        served = ServeProcess(ROOT, env, tmp / "serve.log", model, "--replicas", "1")
        try:
            print(f"starting the own worker and Ray Serve (one replica) on {args.model}")
            await own.start(timeout_s=600)
            await served.start(timeout_s=600)
            targets = [Target("own worker", own.url, token), Target("Ray Serve", served.url, token)]
            for target in targets:
                await target.warm(jpegs, options, args.concurrency)
            # Taken in turns, so that both meet the same drift in the machine's speed; the one
            # not measured sits idle meanwhile.
            for number in range(1, args.rounds + 1):
                print(f"round {number} of {args.rounds}", flush=True)
                for target in targets:
                    await target.round(jpegs, options, args.concurrency)
            figures["own_worker"], figures["ray_serve"] = (t.figures() for t in targets)
            assert own.process is not None and served.process is not None
            figures["own_worker_memory_mb"] = _memory(own.process.pid)
            figures["ray_serve_memory_mb"] = _memory(served.process.pid)
            await served.stop()
        finally:
            await own.kill()
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
