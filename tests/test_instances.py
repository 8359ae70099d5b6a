"""Two real `main.py` on one PostgreSQL behind a webhook load balancer, one killed mid-load:
nothing is lost or answered twice, and every chat keeps its order."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from adapters.telegram.intake import derived_webhook_secret
from storage import downgrade
from tests.adapters.telegram.fake_bot_api import FakeBotAPI
from tests.adapters.telegram.webhook_balancer import Balancer
from tests.ports import free_port
from tests.test_cli import ROOT, bot_environment
from tests.test_durability import _answers, _in_order, _jpeg

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
needs_postgres = pytest.mark.skipif(
    not POSTGRES_URL, reason="several instances need PostgreSQL: set TEST_POSTGRES_URL"
)
CHATS = 5  # odd: round-robin sends each chat's photo and its follow-up to different bots
ROUNDS = 6  # each: a photo, then a follow-up about it, per chat


class Instance:
    def __init__(self, tmp_path: Path, api: FakeBotAPI, model: Path, name: str):
        self.port = free_port()
        self.env = bot_environment(
            tmp_path,
            api,
            model,
            TELEGRAM_WEBHOOK_URL="https://bot.example.invalid/telegram",
            TELEGRAM_WEBHOOK_PORT=str(self.port),
        )
        self.env["DATABASE_URL"] = str(POSTGRES_URL)
        self.log = tmp_path / f"{name}.log"
        self.tmp_path = tmp_path
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/telegram"

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, str(ROOT / "main.py")],
                cwd=self.tmp_path, env=self.env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


async def _ready(api: FakeBotAPI, instances: list[Instance]) -> None:
    for _ in range(1800):
        if len(api.sent("setWebhook")) >= len(instances):
            return
        for instance in instances:
            assert instance.process is not None
            assert instance.process.poll() is None, instance.output()
        await asyncio.sleep(0.1)
    raise AssertionError("the bots did not start:\n" + "\n".join(i.output() for i in instances))


def _updates(api: FakeBotAPI) -> list[tuple[dict[str, Any], tuple[int, int]]]:
    """Per round, each chat's photo then a question about it: (update, (chat, message id))."""
    out = []
    message_ids = iter(range(100, 10_000))
    for round_ in range(ROUNDS):
        for kind in ("photo", "follow-up"):
            for chat in range(CHATS):
                chat_id, message_id = 7000 + chat, next(message_ids)
                payload: dict[str, Any] = {
                    "message_id": message_id, "date": int(time.time()),
                    "chat": {"id": chat_id, "type": "private", "first_name": "A"},
                    "from": {"id": chat_id, "is_bot": False, "first_name": "A"},
                }  # fmt: skip
                if kind == "photo":
                    file_id = f"pic{(chat + round_) % len(api.files)}"
                    payload["photo"] = [{"file_id": file_id, "file_unique_id": file_id,
                                         "width": 640, "height": 480,
                                         "file_size": len(api.files[file_id])}]  # fmt: skip
                else:
                    payload["text"] = "what is on the left?"
                out.append((api.update(api.push("message", payload)), (chat_id, message_id)))
    return out


async def _quiet(api: FakeBotAPI, for_s: float = 3.0) -> None:
    """Until no reply has gone out for `for_s`: every chat waits for a picture."""
    while True:
        count = len(api.sent())
        await asyncio.sleep(for_s)
        if len(api.sent()) == count:
            return


@needs_postgres
async def test_two_instances_one_killed_answer_everything_once_in_order(tmp_path, tiny_model_path):
    assert POSTGRES_URL is not None
    await downgrade(POSTGRES_URL, "base")  # a throwaway database: start from nothing
    api = await FakeBotAPI().start()
    for number, (colour, shape) in enumerate(
        [("red", "circle"), ("blue", "square"), ("green", "triangle"), ("yellow", "circle")]
    ):
        api.files[f"pic{number}"] = _jpeg(colour, shape)
    instances = [Instance(tmp_path, api, tiny_model_path, n) for n in ("a", "b")]
    for instance in instances:  # at the same moment: they migrate one after the other
        instance.start()
    updates = _updates(api)
    sent = [key for _, key in updates]
    try:
        await _ready(api, instances)
        secret = derived_webhook_secret(api.token)
        async with Balancer([i.url for i in instances], secret) as balancer:
            half = len(updates) // 2
            for update, _ in updates[:half]:
                await balancer.deliver(update)
            # Kill one while it holds chats: between replies (a reply sent and not yet marked
            # done is the one thing a crash can repeat), with its chats waiting for pictures.
            api.downloads_open.clear()
            await _quiet(api)
            victim = instances[0]
            assert victim.process is not None
            victim.process.send_signal(signal.SIGKILL)
            victim.process.wait()
            killed_at = time.monotonic()
            api.downloads_open.set()
            for update, _ in updates[half:]:
                await balancer.deliver(update)
            # Every chat's updates went to both bots: each chat had to be handed between them.
            by_chat: dict[int, set[int]] = {}
            for (_, (chat_id, _)), bot in zip(updates, balancer.delivered_to, strict=True):
                by_chat.setdefault(chat_id, set()).add(bot)
            assert all(bots == {0, 1} for bots in by_chat.values()), by_chat
            for _ in range(1200):
                if all(key in _answers(api) for key in sent):
                    break
                await asyncio.sleep(0.1)
            taken_over_s = time.monotonic() - killed_at
            await asyncio.sleep(1.0)  # a late duplicate would show now
    finally:
        for instance in instances:
            if instance.process is not None and instance.process.poll() is None:
                instance.process.send_signal(signal.SIGTERM)
                instance.process.wait(60)
        await api.stop()
    answers = _answers(api)
    logs = "\n".join(i.output() for i in instances)
    assert [k for k in sent if k not in answers] == [], logs
    assert [k for k in sent if len(answers[k]) != 1] == [], logs
    assert _in_order(api, sent)
    texts = " ".join(p["text"] for p in api.sent())
    assert "Sorry" not in texts and "restarting" not in texts
    assert taken_over_s < 60, logs


def test_a_second_instance_on_one_sqlite_file_is_refused(tmp_path):
    from storage import AnotherInstance, hold_sqlite_file
    from tests.test_cli import run_cli

    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    first = hold_sqlite_file(url)  # the instance already serving this file
    assert first is not None
    with pytest.raises(AnotherInstance):
        hold_sqlite_file(url)
    result = run_cli(tmp_path=tmp_path, WEB_ENABLED="true", WEB_PORT="0")
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "several instances need PostgreSQL" in errors[0]
    first.close()  # as when that process ends, however it ends
    again = hold_sqlite_file(url)
    assert again is not None
    again.close()
