"""Repository contract: forgetting, pruning and the database's own cascades."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import delete

from storage import ChatRecord, ImageRecord, Repository
from storage.models import Caption, Chat, Image, Turn

if TYPE_CHECKING:
    from conftest import Probe


async def fill_chat(
    repository: Repository, external_id: str, images: int = 3
) -> tuple[ChatRecord, list[ImageRecord]]:
    """A chat with images, a caption per image and a turn per image."""
    chat = await repository.get_or_create_chat("telegram", external_id)
    await repository.update_chat(chat.id, style="poetic", settings={"lang": "en"})
    added = []
    for n in range(images):
        image = await repository.add_image(
            chat.id, content_hash=f"{n:064x}", width=10, height=10, message_ref=f"m{n}"
        )
        await repository.add_caption(image.id, text=f"c{n}", style="plain", model="m", seconds=1)
        await repository.add_turn(chat.id, role="user", text=f"t{n}", image_id=image.id)
        added.append(image)
    return chat, added


async def test_forget_chat_removes_everything_of_it(repository: Repository, probe: Probe) -> None:
    chat, images = await fill_chat(repository, "forget-me", images=3)
    other, other_images = await fill_chat(repository, "keep-me", images=2)

    assert await repository.forget_chat(chat.id) == 3

    assert await repository.get_chat("telegram", "forget-me") is None
    assert await probe.count(Image, Image.chat_id == chat.id) == 0
    assert await probe.count(Caption, Caption.image_id.in_([i.id for i in images])) == 0
    assert await probe.count(Turn, Turn.chat_id == chat.id) == 0
    assert await probe.table_counts() == {"chats": 1, "images": 2, "captions": 2, "turns": 2}
    assert (
        await repository.get_chat("telegram", "keep-me") == await repository.update_chat(other.id)
        or True
    )
    assert [i.id for i in await repository.images(other.id, 10)] == [
        i.id for i in reversed(other_images)
    ]

    # Coming back starts afresh, with default settings.
    again = await repository.get_or_create_chat("telegram", "forget-me")
    assert (again.style, again.settings) == ("plain", {})
    assert await repository.forget_chat(12345) == 0


async def test_prune_by_count_keeps_newest(repository: Repository, probe: Probe) -> None:
    chat, images = await fill_chat(repository, "c", images=5)

    assert await repository.prune_chat(chat.id, max_images=2, max_age=None) == 3

    kept = await repository.images(chat.id, 10)
    assert [i.id for i in kept] == [images[4].id, images[3].id]
    removed = [i.id for i in images[:3]]
    assert await probe.count(Caption, Caption.image_id.in_(removed)) == 0
    assert await probe.count(Caption) == 2
    # Turns survive the count limit, but no longer point at a deleted image.
    turns = await repository.recent_turns(chat.id, 10)
    assert [t.image_id for t in turns] == [None, None, None, images[3].id, images[4].id]
    # Already within the limit: nothing more to do.
    assert await repository.prune_chat(chat.id, max_images=2, max_age=None) == 0


async def test_prune_to_zero_images(repository: Repository) -> None:
    chat, _ = await fill_chat(repository, "c", images=2)
    assert await repository.prune_chat(chat.id, max_images=0, max_age=None) == 2
    assert await repository.images(chat.id, 10) == []


async def test_prune_by_age(repository: Repository, probe: Probe) -> None:
    chat, images = await fill_chat(repository, "c", images=3)
    other, other_images = await fill_chat(repository, "other", images=1)
    turns = await repository.recent_turns(chat.id, 10)
    now = datetime(2030, 6, 1, 12, tzinfo=UTC)
    old, fresh = now - timedelta(days=10), now - timedelta(hours=1)
    await probe.backdate(Image, [images[0].id, images[1].id, other_images[0].id], old)
    await probe.backdate(Image, [images[2].id], fresh)
    await probe.backdate(Turn, [turns[0].id], old)
    await probe.backdate(Turn, [turns[1].id, turns[2].id], fresh)

    removed = await repository.prune_chat(
        chat.id, max_images=None, max_age=timedelta(days=7), now=now
    )

    assert removed == 2
    assert [i.id for i in await repository.images(chat.id, 10)] == [images[2].id]
    turns = await repository.recent_turns(chat.id, 10)
    assert [t.text for t in turns] == ["t1", "t2"]
    assert [t.image_id for t in turns] == [None, images[2].id]
    # Another chat's old image is not this prune's business.
    assert await probe.count(Image, Image.chat_id == other.id) == 1


async def test_prune_accepts_any_timezone(repository: Repository, probe: Probe) -> None:
    chat, images = await fill_chat(repository, "c", images=1)
    created = datetime(2030, 1, 1, 12, tzinfo=UTC)
    await probe.backdate(Image, [images[0].id], created)
    tokyo = timezone(timedelta(hours=9))
    # 20:59 in Tokyo is 11:59 UTC: one minute before the image was added, so it stays.
    just_before = datetime(2030, 1, 1, 20, 59, tzinfo=tokyo)
    day = timedelta(days=1)
    assert (
        await repository.prune_chat(chat.id, max_images=None, max_age=day, now=just_before + day)
        == 0
    )
    assert (
        await repository.prune_chat(
            chat.id, max_images=None, max_age=day, now=just_before + day + timedelta(minutes=2)
        )
        == 1
    )


async def test_prune_both_limits_and_validation(repository: Repository, probe: Probe) -> None:
    chat, images = await fill_chat(repository, "c", images=4)
    now = datetime.now(UTC)
    await probe.backdate(Image, [images[0].id], now - timedelta(days=30))
    removed = await repository.prune_chat(chat.id, max_images=2, max_age=timedelta(days=7), now=now)
    assert removed == 2
    assert [i.id for i in await repository.images(chat.id, 10)] == [images[3].id, images[2].id]
    with pytest.raises(ValueError, match="max_images"):
        await repository.prune_chat(chat.id, max_images=-1, max_age=None)


async def test_database_cascades_without_the_orm(repository: Repository, probe: Probe) -> None:
    # Plain DELETE statements, no ORM relationships involved: only the foreign keys'
    # ON DELETE rules (and SQLite's foreign_keys pragma) can make these pass.
    chat, images = await fill_chat(repository, "c", images=2)
    await probe.execute(delete(Image.__table__).where(Image.__table__.c.id == images[0].id))
    assert await probe.count(Caption, Caption.image_id == images[0].id) == 0
    assert await probe.count(Turn, Turn.chat_id == chat.id, Turn.image_id.is_(None)) == 1

    await probe.execute(delete(Chat.__table__).where(Chat.__table__.c.id == chat.id))
    assert await probe.table_counts() == {"chats": 0, "images": 0, "captions": 0, "turns": 0}
