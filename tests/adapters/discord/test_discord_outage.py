"""Discord while the database cannot store anything (a real full disk under the SQLite file):
a mention posted meanwhile is held by the adapter and answered once there is room again, with
no error reply."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from discord import Message
from pydantic import SecretStr

from bot.config import Settings
from tests.adapters.discord.test_discord import CIRCLE_SQUARE, CIRCLE_SQUARE_CAPTION
from tests.bot.chat.test_outages import small_disk as small_disk  # a fixture, used by name
from tests.small_disk import fill

pytestmark = pytest.mark.simcord(settle_timeout=60)


@pytest.fixture
def settings(small_disk: Path) -> Settings:
    """The conftest's settings, with the database on a small disk of its own."""
    return Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{small_disk / 'discord.db'}",
        discord_bot_token=SecretStr("x"),
    )


async def test_a_mention_posted_while_the_disk_is_full_is_answered_once_it_is_not(
    world, small_disk: Path
):
    await world.reply_to(world.alice, f"{world.mention} /help")  # the chat works
    filler = fill(small_disk)
    asked = await world.quiet(world.alice, world.mention, attachments=[("s.png", CIRCLE_SQUARE)])
    filler.unlink()
    answers: list[Message] = []
    for _ in range(300):  # the held event is committed once the database takes it
        answers = [m for m in world.channel.history()
                   if m.reference is not None and m.reference.message_id == asked.id]  # fmt: skip
        if answers:
            break
        await asyncio.sleep(0.1)
        await world.env.settle()
    assert [m.content for m in answers] == [CIRCLE_SQUARE_CAPTION]
