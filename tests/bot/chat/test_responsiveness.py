"""Other chats stay answered while one picture is decoded, and the core says early when it will
answer (adapters show "typing…" from that), on the tiny model and real SQLite."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.chat import commands
from bot.config import Settings
from tests.bot.captioning.gated import Gated, wait_until_running
from tests.bot.chat_driver import FakeChat
from tests.bot.conftest import Restartable
from tests.heartbeat import Heartbeat, big_picture, decode_seconds
from tests.pictures import draw_picture

FIRST = [("red", "circle"), ("blue", "square")]


async def test_a_big_picture_in_one_chat_does_not_stall_another(tmp_path, tiny_captioner):
    big = big_picture()
    decode_s = decode_seconds(big)
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'b.db'}")
    core = Restartable(settings, tiny_captioner)
    await core.start()
    photos = FakeChat(core, chat_id="photos")
    other = FakeChat(core, chat_id="other")
    try:
        async with Heartbeat() as beat:
            picture = asyncio.create_task(photos.say(images=[big]))
            _, [help_reply] = await other.say("/help")
            _, [captioned] = await picture
        # Using the stored copy (the thumbnail made off the loop) again keeps the loop free too.
        async with Heartbeat() as later:
            _, [styled] = await photos.say("/style funny")
    finally:
        await core.stop()
    assert help_reply.text == commands.help_text()
    # Read at working size: the model captions it like any other picture.
    assert "red circle" in captioned.text
    assert "red circle" in styled.text
    # Decoding and the thumbnail ran on threads: the loop never stood still for anything like
    # one decode (with the decode on the loop, the longest gap would be the decode itself).
    assert beat.ticks > 10
    assert beat.longest_gap < decode_s / 2, (beat.longest_gap, decode_s)
    assert later.longest_gap < decode_s / 2, (later.longest_gap, decode_s)


@pytest.fixture
async def gated_core(tmp_path: Path, tiny_captioner) -> AsyncIterator[tuple[Restartable, Gated]]:
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'g.db'}")
    gated = Gated(tiny_captioner, open_gate=False)
    built = Restartable(settings, gated)
    await built.start()
    try:
        yield built, gated
    finally:
        gated.gate.set()
        await built.stop()


async def test_the_core_says_it_will_answer_before_captioning(gated_core):
    core, gated = gated_core
    chat = FakeChat(core, chat_id="group-2", is_group=True)
    calls: list[str] = []

    _, ignored = await chat.say(
        images=[draw_picture(FIRST)], addressed=False, on_answering=lambda: calls.append("x")
    )
    assert ignored == [] and calls == []  # not spoken to: no reply, so no "typing…" either

    asked = asyncio.create_task(
        chat.say(images=[draw_picture(FIRST)], on_answering=lambda: calls.append("photo"))
    )
    await wait_until_running(gated)
    assert calls == ["photo"]  # told before the slow part, while the model still works
    gated.gate.set()
    _, [caption] = await asked
    assert caption.text == "a red circle and a blue square"

    funny = next(a for a in caption.actions if a.value == "funny")
    [styled] = await chat.press(funny.payload, on_answering=lambda: calls.append("button"))
    _, [usage] = await chat.say("/help", on_answering=lambda: calls.append("help"))
    assert "red circle" in styled.text and usage.text == commands.help_text()
    # /help is answered at once: its reply goes out before any "typing…" would show.
    assert calls == ["photo", "button"]


async def test_a_failing_on_answering_does_not_cost_the_reply(core):
    def broken() -> None:
        raise RuntimeError("the platform refused the typing indicator")

    chat = FakeChat(core)
    _, [caption] = await chat.say(images=[draw_picture(FIRST)], on_answering=broken)
    assert caption.text == "a red circle and a blue square"
