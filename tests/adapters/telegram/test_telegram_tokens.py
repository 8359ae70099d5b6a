"""Two bots, one database: update ids count per bot, so a new token's updates are new events.

An operator who tries a test bot and then switches to the real bot's token on the same database
gets updates numbered from where the real bot's count stands, which may be ids the test bot
already used. Keyed by the update id alone, those were taken for redeliveries and dropped.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from adapters.lifecycle import Platforms
from adapters.telegram import TelegramAdapter
from bot.captioning.engine import BatchCaptioner
from bot.config import Settings
from bot.core import Core
from storage import create_engine, downgrade
from storage.models import InboxEvent
from tests.adapters.telegram.fake_bot_api import FakeBotAPI
from tests.adapters.telegram.updates import PRIVATE, message
from tests.pictures import draw_picture, png_bytes

CIRCLE_SQUARE = png_bytes(draw_picture([("red", "circle"), ("blue", "square")]))
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param(
            "postgres",
            id="postgres",
            marks=pytest.mark.skipif(not POSTGRES_URL, reason="set TEST_POSTGRES_URL"),
        ),
    ]
)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """One database both bots use: a SQLite file, or the throwaway PostgreSQL emptied."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}"
    assert POSTGRES_URL is not None
    await downgrade(POSTGRES_URL, "base")
    return POSTGRES_URL


@contextlib.asynccontextmanager
async def serving_bot(
    database_url: str, token: str, captioner: BatchCaptioner
) -> AsyncIterator[FakeBotAPI]:
    """test_telegram's serving(), with the bot's token and the database given: the fake Bot API
    it answers. Each call has a fresh one, whose update ids start from 1 again."""
    api = await FakeBotAPI(token=token).start()
    api.files["photo-1"] = CIRCLE_SQUARE
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        telegram_bot_token=SecretStr(token),
        telegram_api_url=api.api_url,
        telegram_file_url=api.file_url,
    )
    platforms = Platforms(await Core.start(settings, captioner))
    adapter = TelegramAdapter(settings, platforms.core.intake)
    await platforms.add(adapter)
    await platforms.serve()
    try:
        yield api
    finally:
        await platforms.stop()
        await api.stop()


async def _telegram_keys(database_url: str) -> list[str]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            keys = await connection.scalars(
                select(InboxEvent.event_id)
                .where(InboxEvent.platform == "telegram")
                .order_by(InboxEvent.id)
            )
            return list(keys)
    finally:
        await engine.dispose()


async def _caption(api: FakeBotAPI) -> tuple[int, dict[str, Any], dict[str, Any]]:
    """Send a private photo: its update id, the message, and the reply."""
    photo = message(PRIVATE, photo=("photo-1", len(CIRCLE_SQUARE)))
    update_id = api.push("message", photo)
    [sent] = await api.wait_for("sendMessage", 1)
    return update_id, photo, sent


async def test_another_bot_s_updates_with_the_same_ids_are_answered(
    database_url: str, tiny_captioner: BatchCaptioner
) -> None:
    async with serving_bot(database_url, "111:test", tiny_captioner) as test_bot:
        first, _, sent = await _caption(test_bot)
        assert sent["text"] == "a red circle and a blue square"

    async with serving_bot(database_url, "222:real", tiny_captioner) as real_bot:
        # The real bot's update ids count on their own: the same id the test bot's photo had,
        # and no redelivery of it.
        update_id, photo, sent = await _caption(real_bot)
        assert update_id == first
        assert sent["text"] == "a red circle and a blue square"
        assert sent["reply_parameters"]["message_id"] == photo["message_id"]

    assert await _telegram_keys(database_url) == [f"111:{first}", f"222:{first}"]
