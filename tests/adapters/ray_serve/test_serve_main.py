"""A real `main.py` bot on the loopback Bot API, captioning on `main.py worker --ray --replicas 2`:
one replica process is SIGKILLed half-way with requests on it, and every photo is still answered,
once and correctly, with no error reply; Serve puts a new replica in its place, and SIGTERM stops
the deployment and the Ray instance the command started."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest

from bench.load_figures import ERROR_MARKS
from tests.adapters.telegram.fake_bot_api import FakeBotAPI
from tests.serve_process import ServeProcess, alive
from tests.test_cli import ROOT, cli_environment
from tests.test_durability import CHATS, Bot, _answers, _push_photos, _until_answered
from tests.test_durability import api as api  # a fixture, used by name

pytest.importorskip("ray.serve", reason="Ray Serve is an extra: pip install '.[ray]'")

TOKEN = "serve-secret"
# tests.test_durability's pictures: pic0..pic3.
CAPTIONS = {"pic0": "a red circle", "pic1": "a blue square", "pic2": "a green triangle",
            "pic3": "a yellow circle"}  # fmt: skip


async def test_a_replica_killed_mid_load_loses_no_picture_and_is_replaced(
    tmp_path: Path, api: FakeBotAPI, tiny_model_path: Path
):
    # Each batch waits half a second for company, so that every caption request spends that long
    # on its replica: the tiny model alone answers in milliseconds, and a kill would find none.
    env = cli_environment(tmp_path, CAPTION_WORKER_TOKEN=TOKEN, CAPTION_MAX_WAIT_MS="500")
    service = ServeProcess(ROOT, env, tmp_path / "serve.log", str(tiny_model_path),
                           "--replicas", "2")  # fmt: skip
    bot = Bot(tmp_path, api, tiny_model_path)
    bot.env.update(CAPTION_WORKER_URLS=service.url, CAPTION_WORKER_TOKEN=TOKEN)
    try:
        await service.start()
        said = service.output()
        assert "Ray: a Ray instance started here" in said
        assert "deploying" in said and "on 2 replicas" in said and "replicas: 2 running" in said
        assert f"on {service.url} (bearer token required)" in said
        assert TOKEN not in said
        replicas = service.replicas()
        assert len(replicas) == 2, said
        ray_processes = service.ray_processes()

        await bot.start()
        sent = _push_photos(api)
        for _ in range(1200):  # half-way
            if len(_answers(api)) >= len(sent) // 2:
                break
            await asyncio.sleep(0.05)
        victim = replicas[0]
        seen = len(service.output())
        os.kill(victim, signal.SIGKILL)
        answered_at_kill = len(_answers(api))
        await _until_answered(api, sent, bot)
        assert answered_at_kill < len(sent), "the kill came too late to prove anything"

        answers = _answers(api)
        twice = [key for key in sent if len(answers[key]) != 1]
        assert twice == [], f"answered other than once: {twice}\n{bot.log()}"
        wrong = [
            (key, answers[key][0].get("text"))
            for key, caption in zip(sent, _expected(sent), strict=True)
            if caption not in str(answers[key][0].get("text", ""))
        ]
        assert wrong == [], wrong
        texts = [str(p.get("text", "")).lower() for p in api.sent()]
        assert not [t for t in texts if any(mark in t for mark in ERROR_MARKS)], texts
        # Requests were on the replica when it died: the bot asked again after a 500, or Serve's
        # router itself sent a request it had not yet handed over to the other replica.
        rerouted = "will not be considered for future requests" in service.output()[seen:]
        assert "asking it again" in bot.log() or rerouted, (bot.log(), service.output())

        # Serve replaces the dead replica.
        await service.wait_for("replicas: 2 running", 120, after=seen)
        assert not alive(victim) and len(service.replicas()) == 2

        _, code = await bot.stop(signal.SIGTERM)
        assert code == 0, bot.log()
        assert await service.stop() == 0, service.output()[-3000:]
        assert "caption service stopped" in service.output()
        for _ in range(100):  # the Ray instance it started goes with it
            if not any(alive(pid) for pid in ray_processes):
                break
            await asyncio.sleep(0.1)
        assert [pid for pid in ray_processes if alive(pid)] == []
    finally:
        if bot.process is not None and bot.process.returncode is None:
            await bot.stop(signal.SIGKILL)
        await service.kill()


def _expected(sent: list[tuple[int, int]]) -> list[str]:
    """The caption of each photo `_push_photos` sent: round by round, chat by chat, chat c in
    round r showing pic((c + r) % 4)."""
    return [CAPTIONS[f"pic{(i % CHATS + i // CHATS) % len(CAPTIONS)}"] for i in range(len(sent))]
