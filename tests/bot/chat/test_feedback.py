"""👍/👎 under captions and the corrections people send, through the real core (pipeline, SQLite
through alembic, the tiny model): stored once per person and caption, acknowledged quietly,
the better caption taken from the next message, a reply, "no, it's …" or /correct, then used for
that picture; /forget and retention; `feedback export` and `stats`."""

from __future__ import annotations

import asyncio
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image

from bot.chat import texts
from bot.chat.feedback import clean_correction, stated_correction
from bot.chat.messages import ACTION_DOWN, ACTION_UP, Reply
from bot.cli.feedback import export, references, stats_table
from bot.config import Settings
from storage.models import utcnow
from tests.bot.chat_driver import FakeChat
from tests.bot.conftest import Restartable
from tests.pictures import draw_picture

CIRCLE = [("red", "circle")]


def rating(reply: Reply, kind: str) -> str:
    [action] = [a for a in reply.actions if a.kind == kind]
    return action.payload


async def test_a_caption_has_thumbs_and_a_press_is_kept_once_and_quietly(core):
    chat = FakeChat(core)
    _, [caption] = await chat.say(images=[draw_picture(CIRCLE)])
    labels = [a.label for a in caption.actions]
    assert labels[-2:] == ["👍", "👎"]
    [thanks] = await chat.press(rating(caption, ACTION_UP))
    assert thanks.quiet and thanks.text == texts.text("feedback.thanks_up")
    [twice] = await chat.press(rating(caption, ACTION_UP))  # kept once: see below
    assert twice.quiet
    [ask] = await chat.press(rating(caption, ACTION_DOWN))  # a change of mind
    assert ask.quiet and ask.text == texts.text("feedback.ask")
    conversation = core.conversation
    chat_row = await conversation.repository.get_chat("fake", "chat-1")
    assert chat_row is not None
    [word] = await conversation.repository.feedback.of_chat(chat_row.id)
    assert (word.rating, word.caption, word.user_id) == (-1, caption.text, "user-1")
    assert word.awaiting_correction
    # Nothing was said in the chat: the history holds the picture and its caption only.
    history = await conversation.history("fake", "chat-1", 20)
    assert [e.text for e in history if e.role == "bot"] == [caption.text]


async def test_after_thumbs_down_the_next_message_is_the_better_caption(core):
    chat = FakeChat(core)
    _, [caption] = await chat.say(images=[draw_picture(CIRCLE)])
    await chat.press(rating(caption, ACTION_DOWN))
    _, [thanks] = await chat.say("A big red ball.")
    assert thanks.text == texts.text("feedback.thanks_correction", correction="a big red ball")
    # Later answers about that picture start from the correction.
    _, [alt] = await chat.say("/alt")
    assert alt.text.startswith("A big red ball")
    # The one after is an ordinary message again.
    _, [talk] = await chat.say("hello")
    assert talk.text == texts.text("talk.hello")


@pytest.mark.parametrize(
    "said",
    [
        "no, it's a red ball",
        "Nope – it is a red ball",
        "actually: a red ball",
        "Actually, it's a red ball",
    ],
)
async def test_stated_corrections(core, said):
    chat = FakeChat(core, chat_id=f"stated-{hash(said)}")
    await chat.say(images=[draw_picture(CIRCLE)])
    _, [thanks] = await chat.say(said)
    assert thanks.text == texts.text("feedback.thanks_correction", correction="a red ball")


async def test_a_reply_to_the_caption_and_the_correct_command(core):
    chat = FakeChat(core)
    _, [caption] = await chat.say(images=[draw_picture(CIRCLE)])
    _, [thanks] = await chat.say("a red ball on white", reply_to=chat.sent_id(caption))
    assert "a red ball on white" in thanks.text
    _, [usage] = await chat.say("/correct")
    assert usage.text == texts.text("feedback.correct_usage")
    _, [done] = await chat.say("/correct a red disc")
    assert "a red disc" in done.text
    _, [bad] = await chat.say("/correct ???")
    assert bad.text == texts.text("feedback.unusable", limit=200)
    # Questions and requests keep their meaning: a reply "make it funny" restyles.
    _, [funny] = await chat.say("make it funny", reply_to=chat.sent_id(caption))
    assert "red circle" in funny.text


async def test_two_people_correcting_at_once_each_keep_their_own(core):
    anna = FakeChat(core, chat_id="group", is_group=True, user_id="anna")
    ben = FakeChat(core, chat_id="group", is_group=True, user_id="ben")
    _, [caption] = await anna.say(images=[draw_picture(CIRCLE)])
    await asyncio.gather(
        anna.press(rating(caption, ACTION_DOWN)), ben.press(rating(caption, ACTION_DOWN))
    )
    _, [for_ben] = await ben.say("a red coin")
    _, [for_anna] = await anna.say("a red plate")
    assert "a red coin" in for_ben.text and "a red plate" in for_anna.text
    chat_row = await core.conversation.repository.get_chat("fake", "group")
    words = await core.conversation.repository.feedback.of_chat(chat_row.id)
    assert {(w.user_id, w.correction) for w in words} == {
        ("anna", "a red plate"),
        ("ben", "a red coin"),
    }


async def test_a_stale_thumbs_down_and_one_after_forget(core):
    chat = FakeChat(core)
    _, [caption] = await chat.say(images=[draw_picture(CIRCLE)])
    await chat.press(rating(caption, ACTION_DOWN))
    _, [forgot] = await chat.say("/forget")
    assert forgot.text.startswith("Done.")
    # The correction after /forget is an ordinary message: nothing is kept of it.
    _, [after] = await chat.say("a red ball")
    assert after.text == texts.text("chat.chat")
    # A button under a caption that is gone.
    [gone] = await chat.press(rating(caption, ACTION_UP))
    assert gone.text == texts.text("chat.image_gone")


async def test_feedback_can_be_turned_off(tmp_path: Path, tiny_captioner):
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'off.db'}",
        feedback_enabled=False,
    )
    built = Restartable(settings, tiny_captioner)
    await built.start()
    try:
        chat = FakeChat(built)
        _, [caption] = await chat.say(images=[draw_picture(CIRCLE)])
        assert "👍" not in [a.label for a in caption.actions]
        _, [off] = await chat.say("/correct a red ball")
        assert off.text == texts.text("feedback.off")
        _, [privacy] = await chat.say("/privacy")
        assert "rate or correct" not in privacy.text
    finally:
        await built.stop()


async def test_privacy_and_stats_say_it(core):
    chat = FakeChat(core)
    _, [privacy] = await chat.say("/privacy")
    assert texts.text("privacy.feedback", days="90") in privacy.text


def test_corrections_are_cleaned_and_bounded():
    assert clean_correction("  “A red star.”  ") == "a red star"
    assert clean_correction("NASA rocket") == "NASA rocket"
    assert clean_correction("a\u0000red\nstar") == "a red star"
    assert clean_correction("!!!") is None
    assert clean_correction("x" * 201) is None
    assert stated_correction("no, it's a cat on a sofa") == "a cat on a sofa"
    assert stated_correction("no thanks") is None


async def test_export_writes_what_train_reads(core, tmp_path: Path):
    chat = FakeChat(core)
    _, [first] = await chat.say(images=[draw_picture(CIRCLE)])
    await chat.press(rating(first, ACTION_DOWN))
    await chat.say("a red star")
    _, [second] = await chat.say(images=[draw_picture([("blue", "square")])])
    await chat.press(rating(second, ACTION_UP))
    _, [third] = await chat.say(images=[draw_picture([("green", "triangle")])])
    await chat.press(rating(third, ACTION_DOWN))  # no correction: no reference
    repository = core.conversation.repository
    rows = await repository.feedback.for_export()
    assert len(rows) == 3
    log = io.StringIO()
    counts = export(rows, tmp_path / "out", None, log)
    lines = [json.loads(x) for x in (tmp_path / "out" / "captions.jsonl").read_text().splitlines()]
    assert [x["captions"] for x in lines] == [["a red star"], ["a blue square"]]
    for line in lines:
        with Image.open(tmp_path / "out" / line["image"]) as picture:
            assert max(picture.size) <= 384
    assert counts["pictures"]["written"] == 2
    assert "by rating: 👎 1, corrections 1, 👍 1" in log.getvalue()  # of what was written
    # The training data reader takes it as it is.
    from bot.training.data import load_pairs

    pairs = load_pairs(tmp_path / "out")
    assert sorted(p.captions for p in pairs) == [("a blue square",), ("a red star",)]
    # Only what someone liked (or corrected).
    export(rows, tmp_path / "liked", 1, io.StringIO())
    liked = (tmp_path / "liked" / "captions.jsonl").read_text().splitlines()
    assert len(liked) == 2
    # After the export's day, nothing.
    later = await repository.feedback.for_export(utcnow() + timedelta(days=1))
    assert later == []
    table = stats_table(await repository.feedback.stats())
    assert "33%" in table  # one 👍 and two 👎 of the tiny model's captions, one corrected


def test_references_put_corrections_first():
    from datetime import UTC, datetime

    from storage.feedback import FeedbackRecord

    def word(
        caption_id: int, rating: int | None, correction: str | None, user: str
    ) -> FeedbackRecord:
        at = datetime(2026, 12, 6, tzinfo=UTC)
        return FeedbackRecord(1, 1, 1, caption_id, f"caption {caption_id}", "m", "fake", user,
                              rating, correction, False, at, at)  # fmt: skip

    words = (word(1, -1, "a star", "a"), word(1, 1, None, "b"), word(2, 1, None, "c"))
    assert references(words) == ["a star", "caption 2"]  # caption 1 was said to be wrong
