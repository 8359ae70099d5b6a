"""Repository contract: images, captions and turns. Runs against every backend."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy.exc import IntegrityError

from storage import (
    CaptionRecord,
    ImageRecord,
    NewCaption,
    NewEvent,
    NewPicture,
    NotFoundError,
    Repository,
    Turns,
)
from storage.models import Image, Turn

if TYPE_CHECKING:
    from tests.storage.conftest import Probe

HASH = "ab" * 32
# Where the turns are not what a test looks at: the pictures and captions alone.
NO_TURNS = Turns(user=None, bot=None)
_event_ids = itertools.count(1)


def picture(n: int, **kw: Any) -> NewPicture:
    return NewPicture(content_hash=f"{n:064x}", width=640 + n, height=480, **kw)


def caption(
    text: str, *, style: str = "plain", model: str = "m", seconds: float = 1.0, **kw: Any
) -> NewCaption:
    return NewCaption(text=text, style=style, model=model, seconds=seconds, **kw)


async def add_image(repository: Repository, chat_id: int, n: int, **kw: Any) -> ImageRecord:
    stored = await repository.record_pictures(chat_id, [picture(n, **kw)], NO_TURNS)
    return stored.images[0]


async def add_caption(repository: Repository, image: ImageRecord, new: NewCaption) -> CaptionRecord:
    """A caption or answer made later for a stored picture (a question, "again", a style)."""
    stored = await repository.record_exchange(image.chat_id, image.id, NO_TURNS, new)
    made = stored.captions[0]
    assert made is not None
    return made


async def sent(repository: Repository, caption_refs: Mapping[int, str]) -> None:
    """An event handled and its replies sent: `caption_refs` says which message carried each
    caption, recorded with the event's done mark as the dispatcher does."""
    [event] = await repository.inbox.add([NewEvent("telegram", str(next(_event_ids)), "1")])
    messages = sorted(set(caption_refs.values()))
    await repository.inbox.finish([event.id], {"messages": messages}, caption_refs=caption_refs)


async def test_add_and_get_image(repository: Repository) -> None:
    chat = await repository.get_or_create_chat("telegram", "1")
    thumbnail = bytes(range(256)) * 4
    stored = await repository.record_pictures(
        chat.id,
        [
            NewPicture(
                content_hash=HASH,
                width=1024,
                height=768,
                mime="image/jpeg",
                file_ref="AgACAgIAAxkBAAIB",
                message_ref="42",
                thumbnail=thumbnail,
            )
        ],
        NO_TURNS,
    )
    (image,) = stored.images
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
    stored = await repository.record_pictures(
        chat.id, [NewPicture(content_hash=HASH, width=1, height=1)], NO_TURNS
    )
    (image,) = stored.images
    assert (image.mime, image.file_ref, image.message_ref, image.thumbnail) == (None,) * 4


async def test_add_image_to_missing_chat_raises(repository: Repository) -> None:
    with pytest.raises(NotFoundError):
        await repository.record_pictures(
            999, [NewPicture(content_hash=HASH, width=1, height=1)], NO_TURNS
        )


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
    stored = await repository.record_pictures(
        chat.id,
        [picture(1, message_ref="user-msg-1", caption=caption("A cat.", seconds=0.5))],
        NO_TURNS,
    )
    photo, made = stored.images[0], stored.captions[0]
    assert made is not None
    await add_image(repository, chat.id, 2, message_ref="user-msg-2")
    theirs = await add_image(repository, other.id, 3, message_ref="user-msg-1")
    await sent(repository, {made.id: "bot-reply-9"})

    assert (await repository.find_image_by_message(chat.id, "user-msg-1")) == photo
    assert (await repository.find_image_by_message(chat.id, "bot-reply-9")) == photo
    assert (await repository.find_image_by_message(other.id, "user-msg-1")) == theirs
    # Another chat's reply ids never leak across chats.
    assert await repository.find_image_by_message(other.id, "bot-reply-9") is None
    assert await repository.find_image_by_message(chat.id, "unknown") is None


async def test_captions_and_answers(repository: Repository) -> None:
    chat = await repository.get_or_create_chat("telegram", "1")
    new_caption = caption(
        "A dog on a beach.",
        model="blip-base",
        seconds=1.25,
        options={"max_new_tokens": 30, "beams": [1, 3]},
    )
    stored = await repository.record_pictures(chat.id, [picture(1, caption=new_caption)], NO_TURNS)
    image, first = stored.images[0], stored.captions[0]
    assert first is not None
    answer = await add_caption(
        repository,
        image,
        caption(
            "Brown.",
            kind="answer",
            question="What colour is the dog?",
            model="blip-vqa",
            seconds=0.5,
        ),
    )
    # The reply that carried the answer was message 77.
    await sent(repository, {answer.id: "77"})

    assert (first.kind, first.question, first.message_ref) == ("caption", None, None)
    assert first.options == {"max_new_tokens": 30, "beams": [1, 3]}
    assert (answer.kind, answer.question, answer.message_ref) == (
        "answer",
        "What colour is the dog?",
        None,
    )
    assert answer.options == {}
    assert answer.seconds == pytest.approx(0.5)
    assert await repository.captions_for_image(image.id) == [
        first,
        dataclasses.replace(answer, message_ref="77"),
    ]


async def test_sent_replies_record_their_captions_message(repository: Repository) -> None:
    chat = await repository.get_or_create_chat("telegram", "1")
    stored = await repository.record_pictures(
        chat.id, [picture(1, caption=caption("one"))], NO_TURNS
    )
    image, first = stored.images[0], stored.captions[0]
    assert first is not None
    captions = [first] + [
        await add_caption(repository, image, caption(t)) for t in ("two", "three")
    ]

    await sent(repository, {})
    refs = [c.message_ref for c in await repository.captions_for_image(image.id)]
    assert refs == [None, None, None]
    await sent(repository, {c.id: "500" for c in captions[:2]})
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
        await add_caption(repository, image, caption(text))
        for image, text in ((second, "two"), (first, "one"), (unasked, "three"), (theirs, "x"))
    ]
    wanted = [first.id, second.id, second.id, theirs.id]

    # Oldest first, whichever picture; another chat's picture matches nothing.
    assert await repository.captions_for_images(chat.id, wanted) == made[:2]
    assert await repository.captions_for_images(chat.id, []) == []
    assert await repository.image_message_refs(chat.id, wanted) == {first.id: "m1", second.id: None}
    assert await repository.image_message_refs(other.id, [theirs.id, first.id]) == {theirs.id: "m4"}
    assert await repository.image_message_refs(chat.id, []) == {}


async def test_caption_validation(repository: Repository, probe: Probe) -> None:
    chat = await repository.get_or_create_chat("telegram", "1")
    # No such picture: the database's foreign key refuses the caption.
    with pytest.raises(IntegrityError):
        await repository.record_exchange(chat.id, 999, NO_TURNS, caption("x"))
    with pytest.raises(ValueError, match="kind"):
        caption("x", kind="poem")
    assert await probe.table_counts() == {"chats": 1, "images": 0, "captions": 0, "turns": 0}


async def test_turns(repository: Repository, probe: Probe) -> None:
    chat = await repository.get_or_create_chat("telegram", "1")
    image = await add_image(repository, chat.id, 1)
    # Questions about the picture and their answers; the last one unanswered.
    for n in (0, 2):
        turns = Turns(user=f"turn {n}", bot=f"turn {n + 1}", user_message_ref=str(n))
        await repository.record_exchange(chat.id, image.id, turns, None)
    await repository.record_exchange(chat.id, image.id, Turns("turn 4", None, "4"), None)
    # Then a new picture, with the user's words.
    stored = await repository.record_pictures(chat.id, [picture(2)], Turns("look", None, "5"))
    looked_at = stored.images[0]

    recent = await repository.recent_turns(chat.id, limit=3)
    assert [t.text for t in recent] == ["turn 3", "turn 4", "look"]
    assert [t.role for t in recent] == ["bot", "user", "user"]
    assert [t.image_id for t in recent] == [image.id, image.id, looked_at.id]
    assert [t.message_ref for t in recent] == [None, "4", "5"]
    assert recent[0].created_at.utcoffset() == timedelta(0)
    assert len(await repository.recent_turns(chat.id, limit=50)) == 6
    assert await probe.count(Turn, Turn.chat_id == chat.id) == 6


async def test_turn_validation(repository: Repository, probe: Probe) -> None:
    # A turn's role is the Turns field it comes from (user or bot): no other can be asked for.
    chat = await repository.get_or_create_chat("telegram", "1")
    image = await add_image(repository, chat.id, 1)
    with pytest.raises(NotFoundError):
        await repository.record_exchange(999, image.id, Turns("hi", None), None)
    with pytest.raises(IntegrityError):
        await repository.record_exchange(chat.id, 999, Turns("hi", None), None)
    assert await probe.count(Turn) == 0
