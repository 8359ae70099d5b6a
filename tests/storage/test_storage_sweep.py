"""Repository contract: the sweep prunes every chat, idle ones too, exactly as a chat that sends
a picture is pruned (`exchanges.prune`), and several sweeps at once remove each row once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import NewCaption, Repository, Turns, create_sessionmaker, exchanges
from storage.exchanges import Swept
from storage.models import Caption, Chat, Image, Turn
from tests.storage.test_storage_retention import add_picture

if TYPE_CHECKING:
    from tests.storage.conftest import Probe

DAY = timedelta(days=1)
MAX_AGE = timedelta(days=30)
MAX_IMAGES = 3

# Each chat: the ages in days of its pictures (each with its caption and the user's turn, as old
# as the picture), then of its text-only exchanges (a user's and a bot's turn).
SCENARIO: dict[str, tuple[list[float], list[float]]] = {
    "idle": ([66, 66, 40], [66]),  # nothing younger than the limit: all of it goes
    "mixed": ([66, 31, 29, 2, 1], [45, 3]),  # past both limits: the 29-day picture stays
    "over": ([5, 4, 3, 2, 1], []),  # young, but more pictures than the limit
    "fresh": ([2, 1], [1]),  # within the limits: untouched
    "quiet": ([], [66, 40, 10]),  # turns only
}


async def build(repository: Repository, probe: Probe, prefix: str, now: datetime) -> list[int]:
    """The scenario's chats, their ids in SCENARIO's order."""
    ids = []
    for name, (pictures, exchanges_) in SCENARIO.items():
        chat = await repository.get_or_create_chat("telegram", prefix + name)
        ids.append(chat.id)
        images = []
        for n, age in enumerate(pictures):
            images.append(await add_picture(repository, chat.id, n))
            [turn] = await repository.recent_turns(chat.id, 1)
            await probe.backdate(Image, [images[-1].id], now - age * DAY)
            await probe.backdate(Turn, [turn.id], now - age * DAY)
        for n, age in enumerate(exchanges_):
            await repository.record_pictures(chat.id, [], Turns(user=f"say{n}", bot=f"reply{n}"))
            turns = await repository.recent_turns(chat.id, 2)
            await probe.backdate(Turn, [t.id for t in turns], now - age * DAY)
        if name == "mixed":
            # A fresh question about the oldest picture: its turns outlive the picture, its
            # answer does not.
            answer = NewCaption(
                text="a circle", style="plain", model="m", seconds=1, kind="answer", question="?"
            )
            await repository.record_exchange(
                chat.id, images[0].id, Turns(user="what is it?", bot="a circle"), answer
            )
    return ids


async def contents(engine: AsyncEngine, chat_id: int) -> dict[str, Any]:
    """What the chat holds, by content rather than by id (two chats built alike compare equal)."""
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(Image.id, Image.content_hash).where(Image.chat_id == chat_id)
        )
        images = {image_id: content_hash for image_id, content_hash in rows}
        captions = (
            await connection.execute(
                select(Caption.image_id, Caption.kind, Caption.text)
                .join(Image, Caption.image_id == Image.id)
                .where(Image.chat_id == chat_id)
            )
        ).all()
        turns = (
            await connection.execute(
                select(Turn.role, Turn.text, Turn.image_id)
                .where(Turn.chat_id == chat_id)
                .order_by(Turn.id)
            )
        ).all()
    return {
        "images": sorted(images.values()),
        "captions": sorted((images[i], kind, text) for i, kind, text in captions),
        "turns": [(role, text, images[i] if i is not None else None) for role, text, i in turns],
    }


async def pruned_chat_by_chat(engine: AsyncEngine, chat_ids: list[int], now: datetime) -> None:
    """What the chats' own pruning leaves, each as if it had just sent a picture."""
    async with create_sessionmaker(engine).begin() as session:
        for chat_id in chat_ids:
            await exchanges.prune(session, chat_id, max_images=MAX_IMAGES, max_age=MAX_AGE, now=now)


def picture(n: int) -> str:
    return f"{n:064x}"


async def test_the_sweep_removes_what_each_chats_pruning_would(
    repository: Repository, probe: Probe, engine: AsyncEngine
) -> None:
    now = datetime.now(UTC)
    pruned = await build(repository, probe, "pruned-", now)
    await pruned_chat_by_chat(engine, pruned, now)
    swept = await build(repository, probe, "swept-", now)
    before = await probe.table_counts()

    result = await repository.sweep(MAX_IMAGES, MAX_AGE, now=now)

    for name, a, b in zip(SCENARIO, pruned, swept, strict=True):
        assert await contents(engine, b) == await contents(engine, a), name
    after = await probe.table_counts()
    # The chats pruned already had nothing more to lose: all that went was the swept ones'.
    assert result == Swept(
        images=before["images"] - after["images"], turns=before["turns"] - after["turns"]
    )
    assert after["chats"] == before["chats"]  # a chat's settings stay, however quiet it is

    # Not vacuous: what the limits take and what they keep.
    idle, mixed, over, fresh, quiet = [await contents(engine, b) for b in swept]
    assert idle == {"images": [], "captions": [], "turns": []}
    assert mixed["images"] == [picture(2), picture(3), picture(4)]
    assert [t[1] for t in mixed["turns"]] == ["t2", "t3", "t4", "say1", "reply1",
                                              "what is it?", "a circle"]  # fmt: skip
    # The young turns about the removed picture keep their words, not the picture.
    assert mixed["turns"][-2:] == [("user", "what is it?", None), ("bot", "a circle", None)]
    assert "answer" not in {kind for _, kind, _ in mixed["captions"]}
    assert over["images"] == [picture(2), picture(3), picture(4)]
    assert [(t[1], t[2]) for t in over["turns"]] == [
        ("t0", None), ("t1", None), ("t2", picture(2)), ("t3", picture(3)), ("t4", picture(4))
    ]  # fmt: skip
    assert fresh["images"] == [picture(0), picture(1)] and len(fresh["turns"]) == 4
    assert len(fresh["captions"]) == 2
    assert [t[1] for t in quiet["turns"]] == ["say2", "reply2"]

    # Swept again: nothing is left to go.
    again = await repository.sweep(MAX_IMAGES, MAX_AGE, now=now)
    assert again == Swept() and not again
    assert await probe.table_counts() == after


async def test_sweeps_at_once_remove_each_row_once(
    repository: Repository, probe: Probe, engine: AsyncEngine
) -> None:
    # Two repositories on one database, as two instances on one PostgreSQL; batches of two rows
    # so that they take turns.
    other = Repository(create_sessionmaker(engine))
    now = datetime.now(UTC)
    pruned = await build(repository, probe, "pruned-", now)
    await pruned_chat_by_chat(engine, pruned, now)
    swept = await build(repository, probe, "swept-", now)
    before = await probe.table_counts()

    results = await asyncio.gather(
        repository.sweep(MAX_IMAGES, MAX_AGE, now=now, batch=2),
        other.sweep(MAX_IMAGES, MAX_AGE, now=now, batch=2),
    )

    for name, a, b in zip(SCENARIO, pruned, swept, strict=True):
        assert await contents(engine, b) == await contents(engine, a), name
    after = await probe.table_counts()
    assert sum(r.images for r in results) == before["images"] - after["images"]
    assert sum(r.turns for r in results) == before["turns"] - after["turns"]


async def test_the_sweep_keeps_whatever_is_within_the_limits(
    repository: Repository, probe: Probe
) -> None:
    chat = await repository.get_or_create_chat("telegram", "c")
    for n in range(3):
        await add_picture(repository, chat.id, n)
    old = datetime.now(UTC) - 66 * DAY
    await probe.backdate(Image, [i.id for i in await repository.images(chat.id)], old)
    counts = await probe.table_counts()

    # No limits, or limits nothing is past: nothing goes.
    assert await repository.sweep(None, None) == Swept()
    assert await repository.sweep(3, timedelta(days=100)) == Swept()
    assert await probe.table_counts() == counts
    # The image limit alone: the newest stay, whatever their age.
    assert await repository.sweep(2, None) == Swept(images=1)
    assert [i.content_hash for i in await repository.images(chat.id)] == [picture(2), picture(1)]
    # The age limit reaches the turns (the pictures' own turns are not backdated here).
    assert await repository.sweep(None, MAX_AGE) == Swept(images=2)
    assert len(await repository.recent_turns(chat.id)) == 3
    assert await probe.count(Chat) == 1

    with pytest.raises(ValueError, match="max_images"):
        await repository.sweep(-1, MAX_AGE)
    with pytest.raises(ValueError, match="batch"):
        await repository.sweep(1, MAX_AGE, batch=0)


async def test_a_picture_another_transaction_holds_is_left_for_the_next_sweep(
    repository: Repository, probe: Probe, engine: AsyncEngine
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time: nobody holds a row while the sweep runs")
    chat = await repository.get_or_create_chat("telegram", "c")
    held, free = [await add_picture(repository, chat.id, n) for n in range(2)]
    await probe.backdate(Image, [held.id, free.id], datetime.now(UTC) - 66 * DAY)

    async with engine.connect() as connection:
        # A reply about the picture being stored: its caption's foreign key holds the image.
        await connection.execute(
            insert(Caption).values(
                image_id=held.id, kind="answer", text="a", style="plain", options={},
                model="m", seconds=1.0,
            )
        )  # fmt: skip
        # Not waited for (SKIP LOCKED): the sweep takes the rest and returns.
        first = await asyncio.wait_for(repository.sweep(None, MAX_AGE), timeout=10)
        assert first.images == 1
        assert [i.id for i in await repository.images(chat.id)] == [held.id]
        await connection.commit()

    assert (await repository.sweep(None, MAX_AGE)).images == 1
    assert await repository.images(chat.id) == []
