"""Nothing lost: a real `main.py` against the loopback Bot API, stopped and killed mid-load."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.adapters.telegram.fake_bot_api import FakeBotAPI
from tests.pictures import draw_picture
from tests.test_cli import ROOT, bot_environment

CHATS = 6
PHOTOS_PER_CHAT = 8


def _jpeg(colour: str, shape: str) -> bytes:
    import io

    buffer = io.BytesIO()
    draw_picture([(colour, shape)]).save(buffer, format="JPEG")
    return buffer.getvalue()


class Bot:
    """`python main.py` serving Telegram through the fake Bot API."""

    def __init__(self, tmp_path: Path, api: FakeBotAPI, model: Path):
        self.env = bot_environment(tmp_path, api, model)
        self.tmp_path = tmp_path
        self.api = api
        self.process: asyncio.subprocess.Process | None = None
        self.logs: list[Path] = []

    async def start(self) -> None:
        since = time.monotonic()
        log = self.tmp_path / f"bot-{len(self.logs)}.log"
        self.logs.append(log)
        with log.open("wb") as out:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                str(ROOT / "main.py"),
                cwd=self.tmp_path,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        for _ in range(1200):  # ready once it polls
            if any(c.method == "getUpdates" and c.at >= since for c in self.api.calls):
                return
            assert self.process.returncode is None, self.log()
            await asyncio.sleep(0.1)
        raise AssertionError(f"the bot did not start: {self.log()}")

    async def stop(self, signum: int) -> tuple[float, int]:
        assert self.process is not None
        started = time.monotonic()
        self.process.send_signal(signum)
        try:
            code = await asyncio.wait_for(self.process.wait(), 60)
        except TimeoutError:
            self.process.kill()
            code = await self.process.wait()
        return time.monotonic() - started, code

    def log(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in self.logs)


def _push_photos(api: FakeBotAPI) -> list[tuple[int, int]]:
    """Photos for every chat, interleaved; (chat, message id) in the order they were sent."""
    sent = []
    message_ids = iter(range(100, 10_000))
    for round_ in range(PHOTOS_PER_CHAT):
        for chat in range(CHATS):
            chat_id = 5000 + chat
            message_id = next(message_ids)
            file_id = f"pic{(chat + round_) % len(api.files)}"
            api.push(
                "message",
                {
                    "message_id": message_id,
                    "date": int(time.time()),
                    "chat": {"id": chat_id, "type": "private", "first_name": "A"},
                    "from": {"id": chat_id, "is_bot": False, "first_name": "A"},
                    "photo": [{"file_id": file_id, "file_unique_id": file_id, "width": 640,
                               "height": 480, "file_size": len(api.files[file_id])}],
                },
            )  # fmt: skip
            sent.append((chat_id, message_id))
    return sent


def _answers(api: FakeBotAPI) -> dict[tuple[int, int], list[dict[str, Any]]]:
    answers: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for params in api.sent():
        reply = params.get("reply_parameters") or {}
        key = (int(params["chat_id"]), int(reply.get("message_id", -1)))
        answers.setdefault(key, []).append(params)
    return answers


async def _until_answered(api: FakeBotAPI, sent: list[tuple[int, int]], bot: Bot) -> None:
    for _ in range(1200):
        if all(key in _answers(api) for key in sent):
            return
        await asyncio.sleep(0.1)
    missing = [k for k in sent if k not in _answers(api)]
    raise AssertionError(f"{len(missing)} never answered: {missing[:5]}\n{bot.log()}")


def _in_order(api: FakeBotAPI, sent: list[tuple[int, int]]) -> bool:
    """Each chat's photos were answered in the order they were sent."""
    first_reply: dict[tuple[int, int], int] = {}
    for index, params in enumerate(api.sent()):
        reply = params.get("reply_parameters") or {}
        first_reply.setdefault((int(params["chat_id"]), int(reply.get("message_id", -1))), index)
    for chat in {c for c, _ in sent}:
        order = [first_reply[key] for key in sent if key[0] == chat]
        if order != sorted(order):
            return False
    return True


@pytest.fixture
async def api() -> Any:
    api = await FakeBotAPI().start()
    for number, (colour, shape) in enumerate(
        [("red", "circle"), ("blue", "square"), ("green", "triangle"), ("yellow", "circle")]
    ):
        api.files[f"pic{number}"] = _jpeg(colour, shape)
    yield api
    await api.stop()


async def _wait_for_replies(api: FakeBotAPI, count: int) -> None:
    for _ in range(600):
        if len(api.sent()) >= count:
            return
        await asyncio.sleep(0.02)


async def test_a_crash_mid_load_loses_nothing(tmp_path, api, tiny_model_path):
    bot = Bot(tmp_path, api, tiny_model_path)
    await bot.start()
    sent = _push_photos(api)
    await _wait_for_replies(api, 3)
    # Telegram has been told about these updates (the bot asked for newer ones); most are
    # not answered yet.
    _, code = await bot.stop(signal.SIGKILL)
    assert code == -signal.SIGKILL
    answered_before = len(_answers(api))
    assert answered_before < len(sent), "the crash came too late to prove anything"
    await bot.start()
    try:
        await _until_answered(api, sent, bot)
    finally:
        await bot.stop(signal.SIGTERM)
    assert _in_order(api, sent)
    assert "Sorry" not in " ".join(p["text"] for p in api.sent())


async def test_a_restart_keeps_each_chats_order_and_answers_once(tmp_path, api, tiny_model_path):
    bot = Bot(tmp_path, api, tiny_model_path)
    await bot.start()
    sent = _push_photos(api)
    await _wait_for_replies(api, 3)
    seconds, code = await bot.stop(signal.SIGTERM)
    assert code == 0, bot.log()
    assert seconds < 5
    await bot.start()
    try:
        await _until_answered(api, sent, bot)
    finally:
        await bot.stop(signal.SIGTERM)
    answers = _answers(api)
    assert [k for k in sent if len(answers[k]) != 1] == []
    assert _in_order(api, sent)
    texts = " ".join(p["text"] for p in api.sent())
    assert "restarting" not in texts and "Sorry" not in texts
