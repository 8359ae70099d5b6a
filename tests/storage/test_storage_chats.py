"""Repository contract: chats. Runs against every backend in conftest.BACKENDS."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from storage import ChatRecord, NotFoundError, Repository
from storage.models import Chat

if TYPE_CHECKING:
    from tests.storage.conftest import Probe


def assert_recent_utc(moment: datetime) -> None:
    assert moment.tzinfo is not None
    assert moment.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - moment) < timedelta(minutes=1)


async def test_new_chat_has_defaults(repository: Repository) -> None:
    chat = await repository.get_or_create_chat("telegram", "100")
    assert isinstance(chat, ChatRecord)
    assert (chat.platform, chat.external_id) == ("telegram", "100")
    assert chat.style == "plain"
    assert chat.auto_caption is False
    assert chat.settings == {}
    assert_recent_utc(chat.created_at)
    assert_recent_utc(chat.updated_at)


async def test_get_or_create_is_idempotent(repository: Repository, probe: Probe) -> None:
    first = await repository.get_or_create_chat("telegram", "100")
    second = await repository.get_or_create_chat("telegram", "100")
    assert second == first
    assert await probe.count(Chat) == 1


async def test_same_external_id_on_other_platform_is_another_chat(repository: Repository) -> None:
    telegram = await repository.get_or_create_chat("telegram", "100")
    discord = await repository.get_or_create_chat("discord", "100")
    assert telegram.id != discord.id


async def test_concurrent_get_or_create_makes_one_row(repository: Repository, probe: Probe) -> None:
    chats = await asyncio.gather(
        *(repository.get_or_create_chat("discord", "race") for _ in range(8))
    )
    assert len({chat.id for chat in chats}) == 1
    assert await probe.count(Chat) == 1


async def test_get_or_create_recovers_from_losing_the_insert_race(
    repository: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Replays the race deterministically: our read misses, someone else's insert wins.
    winner = await repository.get_or_create_chat("telegram", "race")
    real_get_chat = repository.get_chat
    reads = 0

    async def stale_first_read(platform: str, external_id: str) -> ChatRecord | None:
        nonlocal reads
        reads += 1
        return None if reads == 1 else await real_get_chat(platform, external_id)

    monkeypatch.setattr(repository, "get_chat", stale_first_read)
    assert await repository.get_or_create_chat("telegram", "race") == winner
    assert reads == 2


async def test_get_chat(repository: Repository) -> None:
    assert await repository.get_chat("web", "session-1") is None
    created = await repository.get_or_create_chat("web", "session-1")
    assert await repository.get_chat("web", "session-1") == created


async def test_update_chat(repository: Repository) -> None:
    chat = await repository.get_or_create_chat("telegram", "7")
    settings = {"language": "fr", "limits": {"images": 50}, "emoji": "📷"}

    updated = await repository.update_chat(
        chat.id, style="poetic", auto_caption=True, settings=settings
    )
    assert (updated.style, updated.auto_caption, updated.settings) == ("poetic", True, settings)
    assert updated.updated_at >= chat.updated_at
    assert updated.created_at == chat.created_at
    assert await repository.get_chat("telegram", "7") == updated

    # Omitted fields stay as they are; settings are replaced, not merged.
    again = await repository.update_chat(chat.id, settings={"language": "de"})
    assert (again.style, again.auto_caption, again.settings) == ("poetic", True, {"language": "de"})


async def test_update_missing_chat_raises(repository: Repository) -> None:
    with pytest.raises(NotFoundError):
        await repository.update_chat(12345, style="poetic")


async def test_records_are_frozen_copies(repository: Repository) -> None:
    chat = await repository.get_or_create_chat("telegram", "1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        chat.style = "poetic"  # type: ignore[misc]
    chat.settings["sneaky"] = True
    assert (await repository.get_chat("telegram", "1")).settings == {}  # type: ignore[union-attr]
