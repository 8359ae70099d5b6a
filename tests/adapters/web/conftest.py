"""A real web adapter on a free loopback port, on a Core with the tiny model and a temp SQLite."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from adapters.lifecycle import Platforms
from adapters.web import WebAdapter
from bot.config import Settings
from bot.core import Core


def web_settings(tmp_path: Path, **extra: Any) -> Settings:
    return Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'web.db'}",
        web_host="127.0.0.1",
        web_port=0,
        **extra,
    )


async def serve_web(settings: Settings, captioner) -> Platforms:
    platforms = Platforms(await Core.start(settings, captioner))
    core = platforms.core
    await platforms.add(WebAdapter(settings, core.intake, core.conversation))
    await platforms.serve()
    return platforms


@pytest.fixture
async def web_chat(tmp_path: Path, tiny_captioner) -> AsyncIterator[WebAdapter]:
    settings = web_settings(tmp_path, image_max_bytes=300_000)
    platforms = await serve_web(settings, tiny_captioner)
    try:
        yield platforms.started[0]  # type: ignore[misc]
    finally:
        await platforms.stop()


@pytest.fixture
async def restarted_web_chat(
    tmp_path: Path, tiny_captioner, web_chat: WebAdapter
) -> AsyncIterator[Callable[[], Awaitable[WebAdapter]]]:
    """Stops `web_chat`'s server and serves a new core on the same database: a restart."""
    started: list[Platforms] = []

    async def restart() -> WebAdapter:
        await web_chat.stop()
        settings = web_settings(tmp_path, image_max_bytes=300_000)
        platforms = await serve_web(settings, tiny_captioner)
        started.append(platforms)
        return platforms.started[0]  # type: ignore[return-value]

    yield restart
    for platforms in started:
        await platforms.stop()
