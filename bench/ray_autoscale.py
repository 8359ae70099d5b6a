"""Serve's autoscaling, shown: the caption service between 1 and 2 replicas, driven by load, then
left idle. Prints and writes (bench/results/ray-autoscale.json) a timeline of replicas and answers
per second, and the moments it scaled up and back down.

    python -m bench.ray_autoscale [--model tests/fixtures/tiny-captioner] [--clients 32]

The application is the one `main.py worker --ray --min-replicas 1 --max-replicas 2` deploys, with
the production target (one full batch, CAPTION_MAX_BATCH, ongoing per replica) but Serve's delays
shortened so that the demonstration takes a minute rather than ten: up after 2 s over target,
down after 10 s under it, averaged over 12 s (Serve wants more than its 10 s metrics interval).
`--clients` callers each send their next picture as soon as the last is answered: twice the
target, enough for two replicas. Each replica has one CPU and one model thread.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import platform
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
import ray
from ray import serve

from adapters.ray_serve.app import (
    APP_NAME,
    DEPLOYMENT_NAME,
    ReplicaConfig,
    Resources,
    Scaling,
    application,
)
from bench.serve_overhead import _jpegs
from bot.config import Settings
from tests.ports import free_port

ROOT = Path(__file__).resolve().parent.parent


def _replicas() -> dict[str, int]:
    state = serve.status().applications.get(APP_NAME)
    deployment = state.deployments.get(DEPLOYMENT_NAME) if state else None
    return {str(k).lower(): v for k, v in (deployment.replica_states if deployment else {}).items()}


async def demonstrate(args: argparse.Namespace) -> dict[str, Any]:
    model = args.model if ":" in args.model else str(ROOT / args.model)
    settings = Settings(_env_file=None, caption_model=model, caption_threads=1, ocr_engine="off")
    config = ReplicaConfig.from_settings(settings)
    target = config.engine.max_batch
    scaling = Scaling(1, 2, target, upscale_delay_s=2, downscale_delay_s=10, look_back_period_s=12)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    ray.init(address="local", include_dashboard=False, logging_level=logging.WARNING)
    quiet = {"log_level": "WARNING", "enable_access_log": False}
    serve.start(http_options={"host": "127.0.0.1", "port": port}, logging_config=quiet)
    try:
        serve.run(
            application(config, scaling, Resources(num_cpus=1, num_gpus=0)),
            name=APP_NAME, route_prefix="/", logging_config=quiet,
        )  # fmt: skip
        print(f"deployed on {url}: 1 to 2 replicas, target {target} ongoing each", flush=True)
        return await _drive(url, args, target)
    finally:
        serve.shutdown()
        ray.shutdown()


async def _drive(url: str, args: argparse.Namespace, target: int) -> dict[str, Any]:
    pictures = _jpegs(64)
    answered = 0
    loaded = asyncio.Event()  # set: the callers stop

    async def caller(http: aiohttp.ClientSession, number: int) -> None:
        nonlocal answered
        turn = number
        while not loaded.is_set():
            form = aiohttp.FormData()
            form.add_field("image", pictures[turn % len(pictures)], filename="p.jpg")
            form.add_field("use_cache", "false")
            async with http.post(f"{url}/v1/captions", data=form) as response:
                assert response.status == 200, await response.text()
            answered += 1
            turn += args.clients

    timeline: list[dict[str, Any]] = []
    began = time.monotonic()
    events: dict[str, float] = {}

    def note(event: str) -> None:
        if event not in events:
            events[event] = round(time.monotonic() - began, 1)
            print(f"  {events[event]:6.1f} s  {event}", flush=True)

    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=600)) as http:
        callers = [asyncio.create_task(caller(http, n)) for n in range(args.clients)]
        note(f"load: {args.clients} callers")
        last = 0
        while True:
            await asyncio.sleep(1.0)
            replicas = await asyncio.to_thread(_replicas)
            now = round(time.monotonic() - began, 1)
            timeline.append({"t": now, "replicas": replicas, "answers_per_s": answered - last})
            last = answered
            running, starting = replicas.get("running", 0), replicas.get("starting", 0)
            if starting and "second replica starting" not in events:
                note("second replica starting")
            if running == 2 and "2 replicas running" not in events:
                note("2 replicas running")
            held = now - events.get("2 replicas running", now)
            if held >= args.hold_s and not loaded.is_set():
                loaded.set()
                await asyncio.gather(*callers)
                note("idle: callers stopped")
            if loaded.is_set() and running == 1 and not starting:
                note("back to 1 replica")
                break
            if now > args.limit_s:
                raise RuntimeError(f"no scaling within {args.limit_s:.0f} s: {timeline[-5:]}")
    return {"events": events, "timeline": timeline, "target_ongoing": target}


def _summary(result: dict[str, Any]) -> dict[str, Any]:
    events, timeline = result["events"], result["timeline"]
    up, both, idle = (
        events["second replica starting"],
        events["2 replicas running"],
        events["idle: callers stopped"],
    )

    def rate(start: float, end: float) -> float:
        window = [s["answers_per_s"] for s in timeline if start < s["t"] <= end]
        return round(sum(window) / max(len(window), 1), 1)

    return {
        "scale_up_decided_s": up,
        "second_replica_running_s": both,
        "second_replica_load_s": round(both - up, 1),
        "back_to_one_after_idle_s": round(events["back to 1 replica"] - idle, 1),
        "answers_per_s_one_replica": rate(0, up),
        "answers_per_s_two_replicas": rate(both, idle),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="tests/fixtures/tiny-captioner")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--hold-s", type=float, default=10.0, help="load kept on 2 replicas")
    parser.add_argument("--limit-s", type=float, default=300.0)
    parser.add_argument("--out", type=Path, default=Path("bench/results/ray-autoscale.json"))
    args = parser.parse_args(argv)
    if args.clients < 1:
        parser.error("--clients must be at least 1")
    result = asyncio.run(demonstrate(args))
    result["summary"] = _summary(result)
    result["model"] = args.model
    result["machine"] = platform.machine()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result["summary"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
