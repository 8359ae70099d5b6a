"""A chat's history as the core gives it back: turns, pictures, the buttons and message ids each
caption was sent with, read from storage by a fresh core."""

from __future__ import annotations

from bot.chat import texts
from bot.chat.history import HistoryEntry
from bot.chat.messages import Reply
from tests.bot.chat_driver import FakeChat
from tests.pictures import draw_picture

FIRST = [("red", "circle"), ("blue", "square")]
SECOND = [("green", "triangle"), ("yellow", "square")]


def bot_entries(history: list[HistoryEntry]) -> list[HistoryEntry]:
    return [entry for entry in history if entry.role == "bot"]


async def test_history_after_a_restart_has_each_caption_with_its_buttons_and_id(core):
    chat = FakeChat(core)
    photo_id, [caption] = await chat.say(images=[draw_picture(FIRST)])
    _, [funny] = await chat.say("/style funny")
    _, [plain] = await chat.say("/style plain")
    # Same picture, same style: the same words as `funny`, sent as another message.
    _, [funny_again] = await chat.say("/style funny")
    assert funny_again.text == funny.text
    _, [answer] = await chat.say("what is on the left?")
    album_id, [album] = await chat.say(images=[draw_picture(SECOND), draw_picture(FIRST)])
    sent = [caption, funny, plain, funny_again, answer, album]

    chat.core.conversation = await core.restart()
    history = await chat.core.conversation.history("fake", "chat-1", limit=100)

    assert [e.text for e in bot_entries(history)] == [r.text for r in sent]
    for entry, reply in zip(bot_entries(history)[:-1], sent[:-1], strict=True):
        assert entry.actions == reply.actions and entry.actions
        assert entry.message_id == chat.sent_id(reply)
    # The album's reply came without buttons, and comes back without them.
    assert bot_entries(history)[-1].actions == ()

    first, *_ = history
    assert (first.role, first.text, first.message_id) == ("user", "", photo_id)
    assert first.image_id is not None
    assert [e.text for e in history if e.role == "user"][1:5] == [
        "/style funny",
        "/style plain",
        "/style funny",
        "what is on the left?",
    ]
    # A picture is shown once, with the message that carried it.
    pictures = [e for e in history if e.image_id is not None]
    assert [e.message_id for e in pictures] == [photo_id, album_id]

    # The rebuilt buttons work, and a reply to the first caption's id is about the first picture.
    again = next(a for a in bot_entries(history)[0].actions if a.kind == "again")
    [fresh] = await chat.press(again.payload)
    assert "red circle" in fresh.text and fresh.actions
    _, [about_first] = await chat.say("/history", reply_to=bot_entries(history)[0].message_id)
    assert caption.text in about_first.text and "green" not in about_first.text


async def test_pictures_are_served_to_their_own_chat_only(core):
    mine = FakeChat(core, chat_id="mine")
    theirs = FakeChat(core, chat_id="theirs")
    await mine.say(images=[draw_picture(FIRST)])
    [entry, *_] = await mine.core.conversation.history("fake", "mine", limit=10)
    assert entry.image_id is not None

    thumbnail = await core.conversation.picture("fake", "mine", entry.image_id)
    assert thumbnail is not None and len(thumbnail) > 100
    assert await core.conversation.picture("fake", "theirs", entry.image_id) is None
    assert await core.conversation.picture("fake", "nobody", entry.image_id) is None
    assert await core.conversation.picture("fake", "mine", entry.image_id + 1) is None
    assert await theirs.core.conversation.history("fake", "theirs", limit=10) == []

    # After /forget the picture and its history are gone.
    await mine.say("/forget")
    assert await core.conversation.picture("fake", "mine", entry.image_id) is None
    assert await core.conversation.history("fake", "mine", limit=10) == []


async def test_a_reply_that_stored_no_caption_comes_back_without_buttons(core):
    chat = FakeChat(core)
    await chat.say(images=[draw_picture([("blue", "circle")])])
    reply: Reply | None = None
    for _ in range(8):
        _, [reply] = await chat.say("again")
        if reply.text == texts.text("chat.nothing_new"):
            break
    assert reply is not None
    assert reply.text == texts.text("chat.nothing_new") and not reply.actions

    history = bot_entries(await core.conversation.history("fake", "chat-1", limit=100))
    assert history[-1] == HistoryEntry("bot", texts.text("chat.nothing_new"))
    # Every caption before it still has its own buttons and id.
    assert all(entry.actions and entry.message_id for entry in history[:-1])
    assert len({entry.message_id for entry in history[:-1]}) == len(history) - 1
