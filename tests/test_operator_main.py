"""Operator controls through a real `main.py` against the loopback Bot API: a stranger, a person
over their limit and an admin each get what the README promises, across a restart; /healthz and
/metrics are read over HTTP; start-up output is short and JSON logs are JSON."""

from __future__ import annotations

import asyncio
import itertools
import json
import signal
import sqlite3
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.adapters.telegram.fake_bot_api import FakeBotAPI
from tests.pictures import draw_picture
from tests.ports import free_port
from tests.test_cli import ROOT, bot_environment

FRIEND, STRANGER, ADMIN, LATER_BLOCKED = 1001, 2002, 3003, 1004
_ids = itertools.count(100)


def _jpeg() -> bytes:
    import io

    buffer = io.BytesIO()
    draw_picture([("red", "circle")]).save(buffer, format="JPEG")
    return buffer.getvalue()


class Bot:
    def __init__(self, tmp_path: Path, api: FakeBotAPI, model: Path, **env: str):
        self.port = free_port()
        self.env = bot_environment(
            tmp_path,
            api,
            model,
            ALLOWED_USERS=f"telegram:{FRIEND}, telegram:{LATER_BLOCKED}",
            ADMINS=f"telegram:{ADMIN}",
            USER_PICTURES_PER_HOUR="1",
            METRICS_PORT=str(self.port),
            **env,
        )
        self.tmp_path, self.api = tmp_path, api
        self.process: asyncio.subprocess.Process | None = None
        self.runs = 0

    async def start(self) -> None:
        since = time.monotonic()
        self.runs += 1
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, str(ROOT / "main.py"), cwd=self.tmp_path, env=self.env,
                stdout=out, stderr=err,
            )  # fmt: skip
        for _ in range(1200):
            # Ready once it polls Telegram and serves /healthz (which starts just after).
            if any(c.method == "getUpdates" and c.at >= since for c in self.api.calls):
                try:
                    self.get("/healthz")
                    return
                except urllib.error.URLError:
                    pass
            assert self.process.returncode is None, self.log()
            await asyncio.sleep(0.1)
        raise AssertionError(f"the bot did not start: {self.log()}")

    async def stop(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.process.wait(), 60)

    @property
    def out(self) -> Path:
        return self.tmp_path / f"out-{self.runs}.log"

    @property
    def err(self) -> Path:
        return self.tmp_path / f"err-{self.runs}.log"

    def log(self) -> str:
        return self.out.read_text(errors="replace") + self.err.read_text(errors="replace")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()


def _message(user: int, **content: Any) -> dict[str, Any]:
    return {
        "message_id": next(_ids), "date": int(time.time()),
        "chat": {"id": user, "type": "private", "first_name": "P"},
        "from": {"id": user, "is_bot": False, "first_name": "P"}, **content,
    }  # fmt: skip


async def _say(api: FakeBotAPI, user: int, text: str = "", photo: bool = False) -> list[str]:
    """What the bot answered (waits for one answer; [] if none comes within a few seconds)."""
    before = len(api.sent())
    content: dict[str, Any] = {"text": text} if text else {}
    if photo:
        content["photo"] = [{"file_id": "pic", "file_unique_id": "pic", "width": 64,
                             "height": 64, "file_size": len(api.files["pic"])}]  # fmt: skip
    api.push("message", _message(user, **content))
    deadline = time.monotonic() + (60 if photo or text else 5)
    while time.monotonic() < deadline:
        new = [p for p in api.sent()[before:] if int(p["chat_id"]) == user]
        if new:
            await asyncio.sleep(0.3)  # a reply may come in several messages
            return [p["text"] for p in api.sent()[before:] if int(p["chat_id"]) == user]
        await asyncio.sleep(0.05)
    return []


async def _silence(api: FakeBotAPI, user: int, photo: bool = True) -> None:
    before = len(api.sent())
    content: dict[str, Any] = {"photo": [{"file_id": "pic", "file_unique_id": "pic",
                                          "width": 64, "height": 64}]} if photo else {}  # fmt: skip
    api.push("message", _message(user, **content))
    await asyncio.sleep(3)
    assert [p for p in api.sent()[before:] if int(p["chat_id"]) == user] == []


def _stored_chats(tmp_path: Path) -> set[str]:
    with sqlite3.connect(tmp_path / "cli.db") as db:
        return {row[0] for row in db.execute("SELECT external_id FROM chats")}


@pytest.fixture
async def api() -> Any:
    api = await FakeBotAPI().start()
    api.files["pic"] = _jpeg()
    yield api
    await api.stop()


async def test_stranger_over_limit_person_and_admin(tmp_path, api, tiny_model_path):
    bot = Bot(tmp_path, api, tiny_model_path)
    await bot.start()
    try:
        # Start-up: one line per platform, one for the model, no library chatter.
        log = bot.log()
        assert "alembic" not in log.lower() and "Context impl" not in log, log
        assert "Telegram: serving @captionist_bot" in log
        assert f"loaded {tiny_model_path} on cpu (float32" in log

        # A stranger: one short refusal, then silence; nothing of theirs stored.
        [refusal] = await _say(api, STRANGER, photo=True)
        assert "private" in refusal
        await _silence(api, STRANGER)

        # A friend with a limit of one picture per hour.
        [caption] = await _say(api, FRIEND, photo=True)
        assert "circle" in caption
        [over] = await _say(api, FRIEND, photo=True)
        assert "limit of 1 pictures per hour" in over and "UTC" in over
        [over_again] = await _say(api, FRIEND, text="again")  # follow-ups count too
        assert "limit of 1 pictures per hour" in over_again

        # The admin: never limited, sees /stats and admin commands, blocks someone.
        for _ in range(2):
            [caption] = await _say(api, ADMIN, photo=True)
            assert "circle" in caption
        [stats] = await _say(api, ADMIN, text="/stats")
        assert "3 picture(s) from 2 people" in stats, stats
        assert "p50" in stats and "p95" in stats and "Queue:" in stats
        assert f"Model: {tiny_model_path} on cpu (int8)" in stats  # auto on a CPU
        [help_text] = await _say(api, ADMIN, text="/help")
        assert "/block" in help_text and "/stats" in help_text
        [friend_help] = await _say(api, FRIEND, text="/help")
        assert "/block" not in friend_help and "/privacy" in friend_help
        [unknown] = await _say(api, FRIEND, text="/stats")
        assert unknown == "I don't know /stats. Try /help."
        [blocked] = await _say(api, ADMIN, text=f"/block telegram:{LATER_BLOCKED}")
        assert blocked == f"Blocked telegram:{LATER_BLOCKED}: I won't answer it any more."
        [refused] = await _say(api, LATER_BLOCKED, photo=True)
        assert "blocked" in refused

        # Health and metrics over HTTP.
        status, body = bot.get("/healthz")
        assert status == 200, body
        assert json.loads(body)["platforms"] == {"telegram": "connected"}
        assert "matrix unit" in json.loads(body)["formats"]["reason"]  # CAPTION_DTYPE=auto
        status, metrics = bot.get("/metrics")
        assert status == 200
        assert 'captionist_events_received_total{kind="picture",platform="telegram"}' in metrics
        assert 'captionist_refusals_total{reason="not_allowed"} 2.0' in metrics
        assert 'captionist_refusals_total{reason="blocked"} 1.0' in metrics
        assert 'captionist_limit_hits_total{kind="pictures",period="hour"} 2.0' in metrics
        assert 'captionist_reply_seconds_count{platform="telegram"}' in metrics
        assert "captionist_batch_size_count" in metrics
        assert 'captionist_queue_depth{queue="inbox"}' in metrics
        assert api.token not in bot.log()
    finally:
        assert await bot.stop() == 0, bot.log()
    assert str(STRANGER) not in _stored_chats(tmp_path)
    assert str(LATER_BLOCKED) not in _stored_chats(tmp_path)

    # After a restart the counts and the block still hold.
    await bot.start()
    try:
        [over] = await _say(api, FRIEND, photo=True)
        assert "limit of 1 pictures per hour" in over
        [refused] = await _say(api, LATER_BLOCKED, text="hello")
        assert "blocked" in refused
        [unblocked] = await _say(api, ADMIN, text=f"/unblock telegram:{LATER_BLOCKED}")
        assert unblocked == f"Unblocked telegram:{LATER_BLOCKED}."
        [caption] = await _say(api, LATER_BLOCKED, photo=True)
        assert "circle" in caption
    finally:
        assert await bot.stop() == 0, bot.log()


async def test_json_logs_and_an_unhealthy_platform(tmp_path, api, tiny_model_path):
    bot = Bot(tmp_path, api, tiny_model_path, LOG_FORMAT="json")
    await bot.start()
    try:
        api.fail_get_updates = True
        status, body = 0, ""
        for _ in range(100):
            status, body = bot.get("/healthz")
            if status == 503:
                break
            await asyncio.sleep(0.1)
        assert status == 503, body
        assert json.loads(body)["problems"] == ["platform:telegram"]
    finally:
        assert await bot.stop() == 0
    lines = bot.err.read_text().splitlines()
    assert lines and all(json.loads(line)["level"] for line in lines)
    messages = [json.loads(line)["message"] for line in lines]
    assert "Captionist is serving 1 platform(s); Ctrl+C stops it." in messages
    assert bot.out.read_text() == ""  # everything went to the log, as JSON
    assert api.token not in bot.log()
