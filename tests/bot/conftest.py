"""The conversation core on the real tiny model and real SQLite built by the migrations."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.chat.conversation import Conversation
from bot.config import Settings
from bot.core import Core


class Restartable:
    """A core as `main.py` builds it; `restart()` builds a fresh one on the same database."""

    def __init__(self, settings: Settings, captioner):
        self.settings = settings
        self.captioner = captioner
        self.core: Core | None = None

    @property
    def conversation(self) -> Conversation:
        assert self.core is not None
        return self.core.conversation

    async def start(self) -> Conversation:
        """Start the core and its dispatcher (platforms, such as the chat driver's, are served
        as they come)."""
        self.core = await Core.start(self.settings, self.captioner)
        await self.core.dispatcher.start()
        return self.core.conversation

    async def stop(self) -> None:
        if self.core is not None:
            await self.core.stop()
            self.core = None

    async def restart(self) -> Conversation:
        await self.stop()
        return await self.start()


@pytest.fixture
async def core(tmp_path: Path, tiny_captioner) -> AsyncIterator[Restartable]:
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}")
    built = Restartable(settings, tiny_captioner)
    await built.start()
    yield built
    await built.stop()
