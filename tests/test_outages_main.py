"""A real `main.py` on a real PostgreSQL that is stopped mid-load and started again a few seconds
later: every photo is answered once and in order, nobody is told something went wrong, and the log
says once that the database went and once that it came back."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.load_figures import ERROR_MARKS
from tests.adapters.telegram.fake_bot_api import FakeBotAPI
from tests.postgres_server import ThrowawayPostgres, missing
from tests.test_durability import Bot, _answers, _in_order, _push_photos, _until_answered
from tests.test_durability import api as api  # a fixture, used by name


@pytest.fixture
def postgres() -> Iterator[ThrowawayPostgres]:
    why = missing()
    if why is not None:
        pytest.skip(why)
    server = ThrowawayPostgres().create()
    try:
        yield server
    finally:
        server.remove()


async def test_a_postgresql_restart_mid_load_is_waited_out(
    tmp_path: Path, api: FakeBotAPI, tiny_model_path: Path, postgres: ThrowawayPostgres
):
    bot = Bot(tmp_path, api, tiny_model_path)
    bot.env["DATABASE_URL"] = postgres.url
    await bot.start()
    sent = _push_photos(api)
    for _ in range(600):  # the server goes while photos are being answered
        if len(api.sent()) >= 6:
            break
        await asyncio.sleep(0.05)
    postgres.stop("fast")
    await asyncio.sleep(3.0)
    during = len(api.sent())
    postgres.start()
    await _until_answered(api, sent, bot)
    assert len(api.sent()) > during  # answering went on after the server came back
    await asyncio.sleep(1.0)  # a late second answer would show now
    _, code = await bot.stop(signal.SIGTERM)
    assert code == 0, bot.log()

    answers = _answers(api)
    twice = {key: [a.get("text") for a in answers[key]] for key in sent if len(answers[key]) > 1}
    assert not twice, f"answered twice: {twice}\n{bot.log()}"
    assert _in_order(api, sent)
    texts = [str(p.get("text", "")).lower() for p in api.sent()]
    assert not [t for t in texts if any(mark in t for mark in ERROR_MARKS)], texts
    log = bot.log()
    assert log.count("the database unavailable") == 1, log
    assert log.count("the database is back") == 1, log
    assert "Traceback" not in log, log
