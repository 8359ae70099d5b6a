"""A dependency that fails for a while is waited out: the database's disk filling up while a
picture is captioned gets no "something went wrong", and the caption goes out once, when there is
room again (a real SQLite file on a small real filesystem, the real core and tiny model)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.chat.outages import is_outage
from bot.chat.platform import Unavailable
from bot.config import Settings
from tests.bot.captioning.gated import Gated, wait_until_running
from tests.bot.chat_driver import FakeChat
from tests.bot.conftest import Restartable
from tests.pictures import draw_picture
from tests.small_disk import fill, mount, unmount

CIRCLE = draw_picture([("red", "circle")])


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    why = mount(disk)
    if why is not None:
        pytest.skip(why)
    try:
        yield disk
    finally:
        unmount(disk)


async def test_a_full_disk_is_waited_out_and_the_caption_goes_out_once(
    small_disk: Path, tiny_captioner, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO)
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{small_disk / 'c.db'}")
    gated = Gated(tiny_captioner, open_gate=False)
    core = Restartable(settings, gated)
    await core.start()
    try:
        chat = FakeChat(core)
        asked = asyncio.create_task(chat.say(images=[CIRCLE]))
        await wait_until_running(gated)
        # The event is in the inbox and the model is at work: now the disk fills up, so the
        # picture and its caption cannot be stored.
        filler = fill(small_disk)
        gated.gate.set()
        await asyncio.sleep(2.0)
        assert not asked.done()  # waiting, not answering "something went wrong"
        assert core.core is not None and core.core.dispatcher.unavailable == ["the database"]
        filler.unlink()
        _, replies = await asyncio.wait_for(asked, 60)
        assert [r.text for r in replies] == ["a red circle"]
        assert chat.core.repository is not None
        record = await chat.core.repository.get_chat("fake", chat.chat_id)
        assert record is not None and len(await chat.core.repository.images(record.id)) == 1
        _, [again] = await chat.say("/history")  # the chat goes on as if nothing happened
        assert "a red circle" in again.text
        assert core.core.dispatcher.unavailable == []
        registry = core.core.operator.metrics.registry
        database = {"dependency": "the database"}
        counted = registry.get_sample_value("captionist_outages_total", database)
        assert counted == 1  # one outage, however many failed tries
    finally:
        gated.gate.set()
        await core.stop()
    said = [r.getMessage() for r in caplog.records]
    assert not [m for m in said if "something went wrong" in m.lower()]
    assert sum("the database unavailable" in m for m in said) == 1, said
    assert sum("the database is back" in m for m in said) == 1, said
    assert not [r for r in caplog.records if r.exc_info and r.levelno >= logging.ERROR]


def test_outages_are_told_apart_from_bugs():
    import sqlite3

    from sqlalchemy import exc

    full = exc.OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))
    unique = exc.IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed"))
    assert is_outage(full) and is_outage(ConnectionRefusedError())
    assert is_outage(Unavailable("Telegram: Bad Gateway"))
    assert not is_outage(unique) and not is_outage(KeyError("x")) and not is_outage(ValueError())
