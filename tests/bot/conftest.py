"""The conversation core on the real tiny model and real SQLite built by the migrations."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.conversation import Conversation, ConversationLimits
from bot.engine import CaptionEngine
from storage import Repository, create_engine, create_sessionmaker, upgrade


class Core:
    """A core as `main.py` builds it; `restart()` builds a fresh one on the same database."""

    def __init__(self, url: str, captioner, limits: ConversationLimits | None = None):
        self.url = url
        self.captioner = captioner
        self.limits = limits
        self.engine = None
        self.db = None
        self.conversation: Conversation | None = None

    async def start(self) -> Conversation:
        self.db = create_engine(self.url)
        await upgrade(self.db)
        self.engine = CaptionEngine(self.captioner)
        await self.engine.start()
        repository = Repository(create_sessionmaker(self.db))
        self.conversation = Conversation(repository, self.engine, self.limits)
        return self.conversation

    async def stop(self) -> None:
        if self.engine is not None:
            await self.engine.stop()
        if self.db is not None:
            await self.db.dispose()

    async def restart(self) -> Conversation:
        await self.stop()
        return await self.start()


@pytest.fixture
async def core(tmp_path: Path, tiny_captioner) -> AsyncIterator[Core]:
    built = Core(f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}", tiny_captioner)
    await built.start()
    yield built
    await built.stop()
