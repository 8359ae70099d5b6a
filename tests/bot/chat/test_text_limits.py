"""One limit on what a person writes, with a picture or without, refused at the conversation's
entry: nothing stored, nothing downloaded, the same clear reply on every platform."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from bot.chat import texts
from bot.chat.messages import Attachment
from bot.chat.understanding.intents import MAX_TEXT
from tests.bot.chat_driver import FakeChat, FakePlatform
from tests.pictures import draw_picture

FIRST = [("red", "circle"), ("blue", "square")]
HUGE = "x" * 5_000_000
TOO_LONG = texts.text("chat.too_long", limit=f"{MAX_TEXT:,}")


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every picture the core fetches from the platform."""
    fetched: list[int] = []
    attachment = FakePlatform._attachment

    def counted(self: FakePlatform, ref: str, number: int) -> Attachment:
        made = attachment(self, ref, number)
        fetch: Callable[[], Awaitable[bytes]] = made.fetch

        async def counting() -> bytes:
            fetched.append(number)
            return await fetch()

        return Attachment(counting, made.name, made.mime, made.size, made.file_ref)

    monkeypatch.setattr(FakePlatform, "_attachment", counted)
    return fetched


async def _stored(chat: FakeChat) -> tuple[int, list[str], int]:
    """The chat's id, every turn's text stored for it, and how many pictures it keeps."""
    repository = chat.core.repository
    record = await repository.get_chat(chat.platform, chat.chat_id)
    assert record is not None
    turns = await repository.recent_turns(record.id, 1000)
    return record.id, [t.text for t in turns], len(await repository.images(record.id, 1000))


def test_the_reply_names_the_limit_and_pictures():
    assert "2,000 characters" in TOO_LONG and "picture" in TOO_LONG


async def test_a_picture_with_a_huge_text_gets_the_reply_and_nothing_is_stored(
    core, downloads: list[int]
):
    chat = FakeChat(core)
    _, [caption] = await chat.say(images=[draw_picture(FIRST)])
    assert caption.actions
    before = await _stored(chat)
    downloads.clear()

    message_id, [reply] = await chat.say(HUGE, images=[draw_picture(FIRST)])
    assert reply.text == TOO_LONG and reply.reply_to == message_id and not reply.actions
    assert downloads == []  # the picture was never fetched
    assert await _stored(chat) == before  # no turn, no picture
    _, turns, _ = before
    assert max(len(t) for t in turns) < MAX_TEXT

    history = await chat.core.conversation.history(chat.platform, chat.chat_id, 50)
    assert all(len(entry.text) < 10_000 for entry in history)


async def test_a_huge_text_alone_gets_the_reply_and_nothing_is_stored(core):
    chat = FakeChat(core)
    _, [reply] = await chat.say(HUGE)
    assert reply.text == TOO_LONG
    # A chat that only ever sent that was never even created.
    assert await chat.core.repository.get_chat(chat.platform, chat.chat_id) is None

    await chat.say(images=[draw_picture(FIRST)])
    before = await _stored(chat)
    for text in (HUGE, "what is on the left? " * 200, "/style " + "funny " * 400):
        _, [reply] = await chat.say(text)
        assert reply.text == TOO_LONG
    assert await _stored(chat) == before


async def test_exactly_the_limit_passes_and_one_more_does_not(core, downloads: list[int]):
    chat = FakeChat(core)
    at_limit = "a" * MAX_TEXT
    _, [caption] = await chat.say(at_limit, images=[draw_picture(FIRST)])
    assert caption.text == "a red circle and a blue square" and caption.actions
    assert downloads == [0]
    _, turns, pictures = await _stored(chat)
    assert at_limit in turns and pictures == 1

    _, [talk] = await chat.say("b" * MAX_TEXT)
    assert talk.text != TOO_LONG

    downloads.clear()
    _, [refused] = await chat.say("a" * (MAX_TEXT + 1), images=[draw_picture(FIRST)])
    assert refused.text == TOO_LONG and downloads == []
    _, [refused] = await chat.say("b" * (MAX_TEXT + 1))
    assert refused.text == TOO_LONG
    _, after, pictures = await _stored(chat)
    assert pictures == 1 and all(len(t) <= MAX_TEXT for t in after)


async def test_a_groups_unaddressed_huge_picture_text_is_not_answered(core, downloads):
    chat = FakeChat(core, chat_id="group-1", is_group=True)
    _, replies = await chat.say(HUGE, images=[draw_picture(FIRST)], addressed=False)
    assert replies == [] and downloads == []
    assert await chat.core.repository.get_chat(chat.platform, chat.chat_id) is None
    _, [reply] = await chat.say(HUGE, images=[draw_picture(FIRST)], addressed=True)
    assert reply.text == TOO_LONG and downloads == []
