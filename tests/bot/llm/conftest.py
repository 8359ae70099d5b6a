"""A core as `main.py` builds it with LLM_BASE_URL set, on the tiny model, real SQLite and the
loopback OpenAI-compatible server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from tests.bot.conftest import Restartable
from tests.llm_server import FakeLLM


@pytest.fixture
async def llm() -> AsyncIterator[FakeLLM]:
    server = await FakeLLM().start()
    yield server
    await server.stop()


@pytest.fixture
async def llm_core(
    tmp_path: Path, tiny_captioner, llm: FakeLLM
) -> AsyncIterator[Callable[..., Any]]:
    """Starts a core pointed at the fake server; keyword arguments are more settings."""
    started: list[Restartable] = []

    async def start(**settings: Any) -> Restartable:
        values = {
            "database_url": f"sqlite+aiosqlite:///{tmp_path / f'llm{len(started)}.db'}",
            "llm_base_url": llm.base_url,
            "llm_model": "tiny-test-model",
            **settings,
        }
        built = Restartable(Settings(_env_file=None, **values), tiny_captioner)
        await built.start()
        started.append(built)
        return built

    yield start
    for built in started:
        await built.stop()
