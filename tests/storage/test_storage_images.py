"""Repository contract: images, captions and turns. Runs against every backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from storage import ImageRecord, NotFoundError, Repository
from storage.models import Image, Turn

if TYPE_CHECKING:
    from conftest import Probe

HASH = "ab" * 32


async def add_image(repository: Repository, chat_id: int, n: int, **kw: object) -> ImageRecord:
    return await repository.add_image(
        chat_id, content_hash=f"{n:064x}", width=640 + n, height=480, **kw
    )


async def test_add_and_get_image(repository: Repository) -> None:
    chat = await repository.get_or_create_chat("telegram", "1")
    thumbnail = bytes(range(256)) * 4
    image = await repository.add_image(
        chat.id,
        content_hash=HASH,
        width=1024,
        height=768,
        mime="image/jpeg",
        file_ref="AgACAgIAAxkBAAIB",
        message_ref="42",
        thumbnail=thumbnail,
    )
    assert image.chat_id == chat.id
    assert (image.width, image.height, image.mime) == (1024, 768, "image/jpeg")
    assert (image.file_ref, image.message_ref, image.thumbnail) == (
        "AgACAgIAAxkBAAIB",
        "42",
        thumbnail,
    )
    assert image.created_at.tzinfo is not None
    assert image.created_at.utcoffset() == timedelta(0)
    assert await repository.get_image(image.id) == image
    assert await repository.get_image(image.id + 1000) is None


async def test_image_optional_fields_default_to_none(repository: Repository) -> None:
    chat = await repository.get_or_create_chat("web", "s")
    image = await repository.add_image(chat.id, content_hash=HASH, width=1, height=1)
    assert (image.mime, image.file_ref, image.message_ref, image.thumbnail) == (None,) * 4


async def test_add_image_to_missing_chat_raises(repository: Repository) -> None:
    with pytest.raises(NotFoundError):
        await repository.add_image(999, content_hash=HASH, width=1, height=1)


async def test_images_newest_first_and_latest(repository: Repository, probe: Probe) -> None:
    chat = await repository.get_or_create_chat("telegram", "1")
    other = await repository.get_or_create_chat("telegram", "2")
    assert await repository.latest_image(chat.id) is None
    added = [await add_image(repository, chat.id, n) for n in range(4)]
    await add_image(repository, other.id, 99)
    # Distinct timestamps, so the order cannot come from ids alone.
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for offset, image in enumerate(added):
        await probe.backdate(Image, [image.id], start + timedelta(hours=offset))

    newest = await repository.images(chat.id, limit=3)
    assert [image.id for image in newest] == [added[3].id, added[2].id, added[1].id]
    assert newest[0].created_at == start + timedelta(hours=3)
    assert (await repository.latest_image(chat.id)).id == added[3].id  # type: ignore[union-attr]


async def test_find_image_by_message(repository: Repository) -> None:
    chat = await repository.get_or_create_chat("discord", "guild-1")
    other = await repository.get_or_create_chat("discord", "guild-2")
    photo = await add_image(repository, chat.id, 1, message_ref="user-msg-1")
    await add_image(repository, chat.id, 2, message_ref="user-msg-2")
    theirs = await add_image(repository, other.id, 3, message_ref="user-msg-1")
    caption = await repository.add_caption(
        photo.id, text="A cat.", style="plain", model="m", seconds=0.5
    )
    await repository.set_caption_message_ref([caption.id], "bot-reply-9")

    assert (await repository.find_image_by_message(chat.id, "user-msg-1")) == photo
    assert (await repository.find_image_by_message(chat.id, "bot-reply-9")) == photo
    assert (await repository.find_image_by_message(other.id, "user-msg-1")) == theirs
    # Another chat's reply ids never leak across chats.
    assert await repository.find_image_by_message(other.id, "bot-reply-9") is None
    assert await repository.find_image_by_message(chat.id, "unknown") is None


async def test_captions_and_answers(repository: Repository) -> None:
    chat = await repository.get_or_create_chat("telegram", "1")
    image = await add_image(repository, chat.id, 1)
    first = await repository.add_caption(
        image.id,
        text="A dog on a beach.",
        style="plain",
        model="blip-base",
        seconds=1.25,
        options={"max_new_tokens": 30, "beams": [1, 3]},
    )
    answer = await repository.add_caption(
        image.id,
        kind="answer",
        question="What colour is the dog?",
        text="Brown.",
        style="plain",
        model="blip-vqa",
        seconds=0.5,
        message_ref="77",
    )
    assert (first.kind, first.question, first.message_ref) == ("caption", None, None)
    assert first.options == {"max_new_tokens": 30, "beams": [1, 3]}
    assert (answer.kind, answer.question, answer.message_ref) == (
        "answer",
        "What colour is the dog?",
        "77",
    )
    assert answer.options == {}
    assert answer.seconds == pytest.approx(0.5)
    assert await repository.captions_for_image(image.id) == [first, answer]


async def test_set_caption_message_ref(repository: Repository) -> None:
    chat = await repository.get_or_create_chat("telegram", "1")
    image = await add_image(repository, chat.id, 1)
    captions = [
        await repository.add_caption(image.id, text=t, style="plain", model="m", seconds=1.0)
        for t in ("one", "two", "three")
    ]
    assert await repository.set_caption_message_ref([], "x") == 0
    assert await repository.set_caption_message_ref([c.id for c in captions[:2]], "500") == 2
    refs = [c.message_ref for c in await repository.captions_for_image(image.id)]
    assert refs == ["500", "500", None]


async def test_captions_and_message_refs_of_a_chats_images(repository: Repository) -> None:
    chat = await repository.get_or_create_chat("web", "a")
    other = await repository.get_or_create_chat("web", "b")
    first = await add_image(repository, chat.id, 1, message_ref="m1")
    second = await add_image(repository, chat.id, 2)
    unasked = await add_image(repository, chat.id, 3, message_ref="m3")
    theirs = await add_image(repository, other.id, 4, message_ref="m4")
    made = [
        await repository.add_caption(image.id, text=text, style="plain", model="m", seconds=1.0)
        for image, text in ((second, "two"), (first, "one"), (unasked, "three"), (theirs, "x"))
    ]
    wanted = [first.id, second.id, second.id, theirs.id]

    # Oldest first, whichever picture; another chat's picture matches nothing.
    assert await repository.captions_for_images(chat.id, wanted) == made[:2]
    assert await repository.captions_for_images(chat.id, []) == []
    assert await repository.image_message_refs(chat.id, wanted) == {first.id: "m1", second.id: None}
    assert await repository.image_message_refs(other.id, [theirs.id, first.id]) == {theirs.id: "m4"}
    assert await repository.image_message_refs(chat.id, []) == {}


async def test_caption_validation(repository: Repository) -> None:
    with pytest.raises(NotFoundError):
        await repository.add_caption(999, text="x", style="plain", model="m", seconds=1.0)
    with pytest.raises(ValueError, match="kind"):
        await repository.add_caption(1, kind="poem", text="x", style="p", model="m", seconds=1.0)


async def test_turns(repository: Repository, probe: Probe) -> None:
    chat = await repository.get_or_create_chat("telegram", "1")
    image = await add_image(repository, chat.id, 1)
    turns = [
        await repository.add_turn(
            chat.id, role="user" if n % 2 == 0 else "bot", text=f"turn {n}", message_ref=str(n)
        )
        for n in range(5)
    ]
    with_image = await repository.add_turn(chat.id, role="user", text="look", image_id=image.id)
    assert with_image.image_id == image.id
    assert turns[0].created_at.utcoffset() == timedelta(0)

    recent = await repository.recent_turns(chat.id, limit=3)
    assert [t.text for t in recent] == ["turn 3", "turn 4", "look"]
    assert [t.role for t in recent] == ["bot", "user", "user"]
    assert len(await repository.recent_turns(chat.id, limit=50)) == 6
    assert await probe.count(Turn, Turn.chat_id == chat.id) == 6


async def test_turn_validation(repository: Repository) -> None:
    chat = await repository.get_or_create_chat("telegram", "1")
    with pytest.raises(ValueError, match="role"):
        await repository.add_turn(chat.id, role="assistant", text="hi")
    with pytest.raises(NotFoundError):
        await repository.add_turn(999, role="user", text="hi")
    with pytest.raises(NotFoundError):
        await repository.add_turn(chat.id, role="user", text="hi", image_id=999)
