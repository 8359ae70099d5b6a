"""Whole dialogues through an in-memory adapter, on the tiny model and real SQLite."""

from __future__ import annotations

import asyncio

from PIL import Image

from bot.chat.messages import Action
from bot.chat.styles import STYLES
from tests.bot.chat_driver import FakeChat
from tests.pictures import draw_picture

FIRST = [("red", "circle"), ("blue", "square")]
SECOND = [("green", "triangle"), ("yellow", "square")]


async def test_a_whole_dialogue_survives_a_restart(core):
    chat = FakeChat(core)

    photo_id, [caption] = await chat.say(images=[draw_picture(FIRST)])
    assert caption.text == "a red circle and a blue square"
    assert caption.reply_to == photo_id
    assert {a.kind for a in caption.actions} == {"again", "style", "up", "down"}

    _, [funny] = await chat.say("/style funny")
    assert funny.text != caption.text
    assert "red circle" in funny.text and "blue square" in funny.text

    seen = {caption.text, funny.text}
    for _ in range(3):
        _, [again] = await chat.say("again")
        assert again.text not in seen, again.text
        assert "red" in again.text and "blue" in again.text
        seen.add(again.text)

    _, [answer] = await chat.say("what is on the left?")
    assert answer.text.lower().startswith("on the left is a red circle")

    _, [second] = await chat.say(images=[draw_picture(SECOND)])
    assert "green triangle" in second.text and "yellow square" in second.text

    # A reply to the first photo talks about the first photo, not the latest one.
    _, [about_first] = await chat.say("what is on the left?", reply_to=photo_id)
    assert "red circle" in about_first.text
    # ...and so does a reply to the bot's caption of it.
    _, [via_caption] = await chat.say("/history", reply_to=chat.sent_id(caption))
    assert "a red circle and a blue square" in via_caption.text

    await core.restart()

    _, [history] = await chat.say("/history", reply_to=photo_id)
    for text in seen:
        assert text.splitlines()[0] in history.text
    assert "Q: what is on the left?" in history.text

    _, [forgot] = await chat.say("/forget")
    assert "deleted everything" in forgot.text and "2 picture" in forgot.text
    _, [empty] = await chat.say("/history", reply_to=photo_id)
    assert empty.text == "No captions yet. Send me a photo!"
    _, [hint] = await chat.say("again")
    assert "Send me a photo first" in hint.text


async def test_every_style_is_grounded_distinct_and_deterministic(core):
    chat = FakeChat(core)
    await chat.say(images=[draw_picture(FIRST)])
    texts = {}
    for name in STYLES:
        _, [reply] = await chat.say(f"/style {name}")
        _, [repeat] = await chat.say(f"/style {name}")
        # Same picture, same style, same seed; only the first says the style is now the chat's.
        note = "" if name == "plain" else "\n"  # plain is the chat's style already
        assert reply.text.startswith(repeat.text + note)
        assert not note or "from now on" in reply.text
        texts[name] = repeat.text
    assert len(set(texts.values())) == len(STYLES)
    assert texts["hashtags"] == "#red #circle #blue #square"
    assert texts["emoji"] == "a red circle 🔴 and a blue square 🟦"  # symbols as the words say
    assert texts["formal"].startswith(("The image depicts", "This photograph shows"))
    assert len(texts["short"]) < len(texts["plain"])
    for name, text in texts.items():
        lowered = text.lower()
        assert "red" in lowered and ("circle" in lowered or "🔴" in text), name


async def test_natural_phrasings_restyle_and_stick(core):
    chat = FakeChat(core)
    await chat.say(images=[draw_picture(FIRST)])
    _, [shorter] = await chat.say("shorter please")
    # Said once, as the style becomes the chat's: later captions in it are no surprise.
    assert shorter.text == (
        "Red circle & blue square.\n✂️ Short from now on in this chat: /style plain to go back."
    )
    _, [tags] = await chat.say("as hashtags")
    assert tags.text.startswith("#red")
    _, [next_photo] = await chat.say(images=[draw_picture([("yellow", "triangle")])])
    assert next_photo.text == "#yellow #triangle"  # the chat's style from then on


async def test_style_list_and_unknown_style(core):
    chat = FakeChat(core)
    _, [listing] = await chat.say("/style")
    for name in STYLES:
        assert f"• {name}:" in listing.text
    _, [unknown] = await chat.say("/style sarcastic")
    assert 'I don\'t know the style "sarcastic"' in unknown.text and "• funny:" in unknown.text
    _, [set_first] = await chat.say("/style poetic")
    assert set_first.text.startswith("Style set to poetic")


async def test_an_album_gets_one_reply_with_a_caption_each(core):
    chat = FakeChat(core)
    pictures: list[Image.Image | bytes] = [
        draw_picture(FIRST),
        draw_picture([("green", "circle")]),
        b"not an image",
    ]
    _, [reply] = await chat.say(images=pictures)
    lines = reply.text.splitlines()
    assert lines[0] == "1. a red circle and a blue square"
    assert lines[1] == "2. a green circle"
    assert lines[2].startswith("3. ") and "image" in lines[2]
    assert len(reply.caption_ids) == 2


async def test_buttons_work_and_survive_a_restart(core):
    chat = FakeChat(core)
    _, [caption] = await chat.say(images=[draw_picture(FIRST)])
    again = next(a for a in caption.actions if a.kind == "again")
    funny = next(a for a in caption.actions if a.value == "funny")
    await core.restart()
    [restyled] = await chat.press(funny.payload)
    assert "red circle" in restyled.text and restyled.text != caption.text
    [fresh] = await chat.press(again.payload)
    assert fresh.text not in (caption.text, restyled.text)
    [stale] = await chat.press(Action("again", "x", 999999).payload)
    assert "don't have that picture" in stale.text
    [junk] = await chat.press("something-else")
    assert "doesn't work any more" in junk.text


async def test_again_says_so_when_nothing_new_is_left(core):
    chat = FakeChat(core)
    await chat.say(images=[draw_picture([("blue", "circle")])])
    answers = [(await chat.say("another one"))[1][0].text for _ in range(8)]
    assert "couldn't come up with a caption" in answers[-1]
    new = [a for a in answers if "couldn't" not in a]
    assert len(new) == len(set(new)) >= 1


async def test_questions_are_answered_from_the_model_or_honestly_not(core):
    chat = FakeChat(core)
    await chat.say(images=[draw_picture(FIRST)])
    _, [what] = await chat.say("what is in the picture?")
    assert what.text == "I can see a red circle and a blue square."
    _, [why] = await chat.say("why is the circle red?")
    assert why.text.startswith("I can only describe what I see")
    assert "red circle" in why.text


async def test_group_etiquette_and_auto_captioning(core):
    chat = FakeChat(core, chat_id="group-1", is_group=True)
    _, ignored = await chat.say(images=[draw_picture(FIRST)], addressed=False)
    assert ignored == []
    _, ignored_text = await chat.say("again", addressed=False)
    assert ignored_text == []
    _, [usage] = await chat.say("/auto maybe")
    assert "Use /auto on or /auto off" in usage.text
    _, [refused] = await chat.say("/auto on")  # it changes the whole group: for its admins
    assert refused.text.startswith("Only this group's admins")
    chat.manages = True
    _, [on] = await chat.say("/auto on")
    assert "on" in on.text
    _, [auto] = await chat.say(images=[draw_picture(SECOND)], addressed=False)
    assert auto.text == "a green triangle and a yellow square"
    private = FakeChat(core, chat_id="dm-1")
    _, [dm] = await private.say("/auto on")
    assert "private chat" in dm.text


async def test_bad_input_gets_friendly_replies_and_keeps_context(core):
    chat = FakeChat(core)
    await chat.say(images=[draw_picture(FIRST)])
    for text, expected in [
        ("", "Send me a photo first"),
        ("x" * 5000, "too long"),
        ("/frobnicate now", "I don't know /frobnicate"),
        ("my cat sleeps all day", "caption bot"),
        ("hello there", "Hello!"),
    ]:
        _, [reply] = await chat.say(text)
        assert expected in reply.text, text
    _, [bad] = await chat.say(images=[b"%PDF-1.4 not a picture"])
    assert "image" in bad.text.lower() and "Traceback" not in bad.text
    _, [history] = await chat.say("/history")
    assert "a red circle and a blue square" in history.text  # nothing stored was lost


async def test_one_chat_in_order_and_chats_in_parallel(core):
    first = FakeChat(core, chat_id="a")
    second = FakeChat(core, chat_id="b")
    await asyncio.gather(
        first.say(images=[draw_picture(FIRST)]), second.say(images=[draw_picture(SECOND)])
    )
    (_, [a]), (_, [b]) = await asyncio.gather(first.say("/history"), second.say("/history"))
    assert "red circle" in a.text and "green triangle" in b.text


async def test_stored_pictures_per_chat_are_bounded(tmp_path, tiny_captioner):
    from bot.config import Settings
    from tests.bot.conftest import Restartable

    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bounded.db'}",
        chat_max_images=2,
    )
    core = Restartable(settings, tiny_captioner)
    await core.start()
    chat = FakeChat(core)
    try:
        for colour in ("red", "green", "blue"):
            await chat.say(images=[draw_picture([(colour, "circle")])])
        assert core.core is not None
        repository = core.core.repository
        record = await repository.get_chat("fake", chat.chat_id)
        assert record is not None
        kept = await repository.images(record.id)
        assert len(kept) == 2
        _, [history] = await chat.say("/history")
        assert "a blue circle" in history.text
    finally:
        await core.stop()


async def test_a_photo_and_a_follow_up_each_cost_one_write_transaction(core):
    from sqlalchemy import event

    from storage.database import WRITE

    writes: list[str] = []

    def count(connection) -> None:
        if connection.get_execution_options().get(WRITE):
            writes.append("write")

    engine = core.core.database.sync_engine
    chat = FakeChat(core)
    await chat.say(images=[draw_picture(SECOND)])  # the chat's creation is a write of its own
    for _ in range(1000):  # until the chat's worker has finished with the inbox
        if not core.core.dispatcher.busy_chats:
            break
        await asyncio.sleep(0.01)
    event.listen(engine, "begin", count)
    try:
        await core.conversation.handle(chat_message(chat, images=[draw_picture(FIRST)]))
        assert len(writes) == 1
        await core.conversation.handle(chat_message(chat, text="/style funny"))
        assert len(writes) == 2
    finally:
        event.remove(engine, "begin", count)


def chat_message(chat: FakeChat, text: str = "", images=()):
    from bot.chat.messages import IncomingMessage
    from tests.bot.chat_driver import attachment

    return IncomingMessage(
        platform=chat.platform, chat_id=chat.chat_id, user_id=chat.user_id,
        message_id=str(len(chat.sent) + 5000), text=text,
        attachments=tuple(attachment(i, n) for n, i in enumerate(images)),
    )  # fmt: skip
