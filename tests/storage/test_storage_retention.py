"""Repository contract: forgetting, pruning and the database's own cascades."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Table, delete

from storage import ChatRecord, ImageRecord, NewCaption, NewPicture, Repository, Turns, exchanges
from storage.models import Base, Caption, Chat, Image, Turn

if TYPE_CHECKING:
    from tests.storage.conftest import Probe


async def add_picture(
    repository: Repository,
    chat_id: int,
    n: int,
    *,
    max_images: int | None = None,
    max_age: timedelta | None = None,
) -> ImageRecord:
    """Picture ``n`` as a photo is recorded: with its caption and the user's turn, then the
    chat pruned to the given limits."""
    caption = NewCaption(text=f"c{n}", style="plain", model="m", seconds=1)
    picture = NewPicture(
        content_hash=f"{n:064x}", width=10, height=10, message_ref=f"m{n}", caption=caption
    )
    stored = await repository.record_pictures(
        chat_id, [picture], Turns(user=f"t{n}", bot=None), max_images=max_images, max_age=max_age
    )
    return stored.images[0]


async def fill_chat(
    repository: Repository, external_id: str, images: int = 3
) -> tuple[ChatRecord, list[ImageRecord]]:
    """A chat with images, a caption per image and a turn per image."""
    chat = await repository.get_or_create_chat("telegram", external_id)
    await repository.update_chat(chat.id, style="poetic", settings={"lang": "en"})
    added = [await add_picture(repository, chat.id, n) for n in range(images)]
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
    chat, images = await fill_chat(repository, "c", images=4)

    # The fifth picture, recorded with a limit of two, takes the three oldest with it.
    images.append(await add_picture(repository, chat.id, 4, max_images=2))

    kept = await repository.images(chat.id, 10)
    assert [i.id for i in kept] == [images[4].id, images[3].id]
    removed = [i.id for i in images[:3]]
    assert await probe.count(Caption, Caption.image_id.in_(removed)) == 0
    assert await probe.count(Caption) == 2
    # Turns survive the count limit, but no longer point at a deleted image.
    turns = await repository.recent_turns(chat.id, 10)
    assert [t.image_id for t in turns] == [None, None, None, images[3].id, images[4].id]
    # Within the limit: nothing more to do.
    sixth = await add_picture(repository, chat.id, 5, max_images=3)
    kept = await repository.images(chat.id, 10)
    assert [i.id for i in kept] == [sixth.id, images[4].id, images[3].id]


async def test_prune_to_zero_images(repository: Repository, probe: Probe) -> None:
    chat, _ = await fill_chat(repository, "c", images=1)
    # A limit of none leaves none, the picture just recorded included.
    await add_picture(repository, chat.id, 1, max_images=0)
    assert await repository.images(chat.id, 10) == []
    assert await probe.count(Image) == 0


async def test_prune_by_age(repository: Repository, probe: Probe) -> None:
    chat, images = await fill_chat(repository, "c", images=2)
    other, other_images = await fill_chat(repository, "other", images=1)
    turns = await repository.recent_turns(chat.id, 10)
    now = datetime.now(UTC)
    old, fresh = now - timedelta(days=10), now - timedelta(hours=1)
    await probe.backdate(Image, [images[0].id, images[1].id, other_images[0].id], old)
    await probe.backdate(Turn, [turns[0].id], old)
    await probe.backdate(Turn, [turns[1].id], fresh)

    # The next picture, recorded with a week's limit, takes the older ones with it.
    images.append(await add_picture(repository, chat.id, 2, max_age=timedelta(days=7)))

    assert [i.id for i in await repository.images(chat.id, 10)] == [images[2].id]
    turns = await repository.recent_turns(chat.id, 10)
    assert [t.text for t in turns] == ["t1", "t2"]
    assert [t.image_id for t in turns] == [None, images[2].id]
    # Another chat's old image is not this prune's business.
    assert await probe.count(Image, Image.chat_id == other.id) == 1


async def test_prune_accepts_any_timezone(
    repository: Repository, probe: Probe, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat, images = await fill_chat(repository, "c", images=1)
    # Noon UTC a few days ago: the pictures recorded below are stamped with the real time.
    created = (datetime.now(UTC) - timedelta(days=3)).replace(
        hour=12, minute=0, second=0, microsecond=0
    )
    await probe.backdate(Image, [images[0].id], created)
    tokyo = timezone(timedelta(hours=9))
    # 20:59 in Tokyo is 11:59 UTC: one minute before the image was added, so it stays.
    just_before = created.astimezone(tokyo) - timedelta(minutes=1)
    day = timedelta(days=1)
    now = just_before + day
    # The clock pruning reads, in Tokyo time.
    monkeypatch.setattr(exchanges, "utcnow", lambda: now)

    second = await add_picture(repository, chat.id, 1, max_age=day)
    assert [i.id for i in await repository.images(chat.id, 10)] == [second.id, images[0].id]

    now = just_before + day + timedelta(minutes=2)
    third = await add_picture(repository, chat.id, 2, max_age=day)
    assert [i.id for i in await repository.images(chat.id, 10)] == [third.id, second.id]


async def test_prune_both_limits_and_validation(repository: Repository, probe: Probe) -> None:
    chat, images = await fill_chat(repository, "c", images=3)
    await probe.backdate(Image, [images[0].id], datetime.now(UTC) - timedelta(days=30))

    # The oldest goes for its age, the next for the count.
    images.append(
        await add_picture(repository, chat.id, 3, max_images=2, max_age=timedelta(days=7))
    )

    kept = [images[3].id, images[2].id]
    assert [i.id for i in await repository.images(chat.id, 10)] == kept
    with pytest.raises(ValueError, match="max_images"):
        await add_picture(repository, chat.id, 4, max_images=-1)
    # Refused in the picture's own transaction: nothing of it is kept.
    assert [i.id for i in await repository.images(chat.id, 10)] == kept


def _table(model: type[Base]) -> Table:
    # Typed as a FromClause; a declarative model's own table is always a Table.
    table = model.__table__
    assert isinstance(table, Table), table
    return table


async def test_database_cascades_without_the_orm(repository: Repository, probe: Probe) -> None:
    # Plain DELETE statements, no ORM relationships involved: only the foreign keys'
    # ON DELETE rules (and SQLite's foreign_keys pragma) can make these pass.
    chat, images = await fill_chat(repository, "c", images=2)
    images_table = _table(Image)
    await probe.execute(delete(images_table).where(images_table.c.id == images[0].id))
    assert await probe.count(Caption, Caption.image_id == images[0].id) == 0
    assert await probe.count(Turn, Turn.chat_id == chat.id, Turn.image_id.is_(None)) == 1

    chats_table = _table(Chat)
    await probe.execute(delete(chats_table).where(chats_table.c.id == chat.id))
    assert await probe.table_counts() == {"chats": 0, "images": 0, "captions": 0, "turns": 0}


async def test_pictures_with_feedback_outlive_retention_for_their_keep_days(
    repository: Repository,
) -> None:
    from storage.feedback import DOWN, Rated

    chat, images = await fill_chat(repository, "rated", images=3)
    caption = (await repository.captions_for_image(images[1].id))[0]
    about = Rated(chat.id, images[1].id, caption.id, caption.text, caption.model)
    await repository.feedback.rate(about, "telegram", "7", DOWN)
    await repository.feedback.correct(about, "telegram", "7", "a red star")
    repository.keep_rated = timedelta(days=90)
    later = datetime.now(UTC) + timedelta(days=40)  # past the chat's 30 days, within 90
    swept = await repository.sweep(max_images=50, max_age=timedelta(days=30), now=later)
    assert swept.images == 2
    assert [i.id for i in await repository.images(chat.id)] == [images[1].id]
    # Over the chat's image limit, the rated picture stays too.
    await repository.sweep(max_images=0, max_age=None, now=later)
    assert [i.id for i in await repository.images(chat.id)] == [images[1].id]
    assert [w.image_id for w in await repository.feedback.of_chat(chat.id)] == [images[1].id]
    # Once its keep days are over, retention takes it, and its feedback with it.
    much_later = datetime.now(UTC) + timedelta(days=91)
    assert (
        await repository.sweep(max_images=50, max_age=timedelta(days=30), now=much_later)
    ).images == 1
    assert await repository.feedback.of_chat(chat.id) == []
    # /forget takes feedback with the chat.
    chat2, images2 = await fill_chat(repository, "rated-2", images=1)
    caption2 = (await repository.captions_for_image(images2[0].id))[0]
    about2 = Rated(chat2.id, images2[0].id, caption2.id, caption2.text, caption2.model)
    await repository.feedback.rate(about2, "telegram", "8", DOWN)
    await repository.forget_chat(chat2.id)
    assert await repository.feedback.of_chat(chat2.id) == []
