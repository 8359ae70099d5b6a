"""A real web adapter on a free loopback port, on a Core with the tiny model and a temp SQLite."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from adapters.web import WebAdapter
from bot.config import Settings
from bot.core import Core


def web_settings(tmp_path: Path, **extra: object) -> Settings:
    return Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'web.db'}",
        web_host="127.0.0.1",
        web_port=0,
        **extra,
    )


@pytest.fixture
async def web_chat(tmp_path: Path, tiny_captioner) -> AsyncIterator[WebAdapter]:
    settings = web_settings(tmp_path, image_max_bytes=300_000)
    core = await Core.start(settings, tiny_captioner)
    adapter = WebAdapter(settings, core.conversation)
    await adapter.start()
    try:
        yield adapter
    finally:
        await adapter.stop()
        await core.stop()


@pytest.fixture
async def restarted_web_chat(
    tmp_path: Path, tiny_captioner, web_chat: WebAdapter
) -> AsyncIterator[Callable[[], Awaitable[WebAdapter]]]:
    """Stops `web_chat`'s server and serves a new core on the same database: a restart."""
    started: list[tuple[Core, WebAdapter]] = []

    async def restart() -> WebAdapter:
        await web_chat.stop()
        settings = web_settings(tmp_path, image_max_bytes=300_000)
        core = await Core.start(settings, tiny_captioner)
        adapter = WebAdapter(settings, core.conversation)
        await adapter.start()
        started.append((core, adapter))
        return adapter

    yield restart
    for core, adapter in started:
        await adapter.stop()
        await core.stop()
