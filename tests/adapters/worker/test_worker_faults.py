"""Caption workers as real `main.py worker` processes, one frozen and then killed while requests
are on it: every picture is captioned once, by the worker that is left, and nobody is told
captioning failed; a worker started again is used again."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.config import Settings
from tests.bot.chat_driver import FakeChat
from tests.bot.conftest import Restartable
from tests.pictures import draw_picture
from tests.test_cli import ROOT, cli_environment
from tests.worker_process import WorkerProcess

TOKEN = "worker-secret"
PICTURES = [
    draw_picture([("red", "circle")]),
    draw_picture([("blue", "square")]),
    draw_picture([("green", "triangle")]),
    draw_picture([("yellow", "circle")]),
]
CAPTIONS = ["a red circle", "a blue square", "a green triangle", "a yellow circle"]


@pytest.fixture
async def workers(tmp_path: Path, tiny_model_path: Path) -> AsyncIterator[list[WorkerProcess]]:
    env = cli_environment(tmp_path, CAPTION_WORKER_TOKEN=TOKEN)
    started = [
        WorkerProcess(ROOT, env, tmp_path / f"worker-{n}.log", str(tiny_model_path), tmp_path)
        for n in range(2)
    ]
    try:
        await asyncio.gather(*(w.start() for w in started))
        yield started
    finally:
        for worker in started:
            await worker.kill()


async def test_a_worker_killed_mid_request_loses_nothing_and_one_started_again_is_used(
    workers: list[WorkerProcess], tmp_path: Path
):
    first, second = workers
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        caption_worker_urls=f"{first.url},{second.url}",
        caption_worker_token=SecretStr(TOKEN),
    )
    core = Restartable(settings, None)
    await core.start()
    chats = [FakeChat(core, chat_id=f"chat-{n}") for n in range(len(PICTURES))]
    try:
        # Frozen, the first worker takes requests and answers none: they are on it, in flight.
        await first.signal(signal.SIGSTOP)
        asked = [
            asyncio.create_task(chat.say(images=[picture]))
            for chat, picture in zip(chats, PICTURES, strict=True)
        ]
        # The second worker's share is answered (seconds, on a busy machine); the first's waits.
        for _ in range(600):
            if any(task.done() for task in asked):
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)
        waiting = [task for task in asked if not task.done()]
        assert 0 < len(waiting) < len(asked)  # round-robin: some went to each worker
        await first.signal(signal.SIGKILL)
        answers = await asyncio.wait_for(asyncio.gather(*asked), 60)
        assert [[r.text for r in replies] for _, replies in answers] == [[c] for c in CAPTIONS]

        # The first worker comes back and the second goes: the chat carries on, on the first.
        await first.start()
        await second.signal(signal.SIGKILL)
        _, again = await asyncio.wait_for(chats[0].say(images=[PICTURES[1]]), 60)
        assert [r.text for r in again] == ["a blue square"]
        assert core.core is not None and core.core.dispatcher.unavailable == []
    finally:
        await core.stop()
