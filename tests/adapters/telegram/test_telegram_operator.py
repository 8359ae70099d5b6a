"""Operator controls through the real Telegram adapter (PTB against the fake Bot API): an
allow-listed forum, a group and a private chat that are not, and a button pressed by a
stranger."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.adapters.telegram.test_telegram import Harness, serving
from tests.adapters.telegram.updates import FORUM, GROUP, PRIVATE, USER, button, message

PRIVATE_TEXT = "Sorry, this bot is private: it only answers the people it was set up for."


@pytest.fixture
async def telegram(tmp_path: Path, tiny_captioner) -> AsyncIterator[Harness]:
    async with serving(tmp_path, tiny_captioner, allowed_chats=f"telegram:{FORUM['id']}") as h:
        yield h


async def test_an_allowed_forum_s_topics_are_served_and_other_chats_refused(telegram):
    # A topic is its own chat ("-100666:55"), and the forum's id lets it in.
    topic = message(FORUM, photo=("photo-1", 100), caption="@captionist_bot", thread_id=55)
    [caption] = await telegram.reply_to(topic)
    assert caption["text"] == "a red circle and a blue square"
    assert int(caption["message_thread_id"]) == 55

    # A group that is not listed: silence unless spoken to, then one refusal, replying.
    await telegram.quiet(message(GROUP, photo=("photo-1", 100)))
    asked = message(GROUP, photo=("photo-1", 100), caption="@captionist_bot")
    [refusal] = await telegram.reply_to(asked)
    assert refusal["text"] == PRIVATE_TEXT
    assert refusal["reply_parameters"]["message_id"] == asked["message_id"]
    await telegram.quiet(message(GROUP, text="@captionist_bot hello?"))  # once an hour

    # A private chat is a chat of its own: not listed either.
    [refusal] = await telegram.reply_to(message(PRIVATE, text="hi"))
    assert refusal["text"] == PRIVATE_TEXT

    # A button (here under a group's message) is refused every time it is pressed.
    for _ in range(2):
        [refusal] = await telegram.reply_to(button(GROUP, 5, "cap:again:1:"), "callback_query")
        assert refusal["text"] == PRIVATE_TEXT


async def test_a_follow_up_tried_again_after_a_failed_send_is_counted_once(
    tmp_path: Path, tiny_captioner
):
    async with serving(tmp_path, tiny_captioner, user_pictures_per_hour=2) as telegram:
        api = telegram.api
        await telegram.reply_to(message(PRIVATE, photo=("photo-1", 100)))
        # "again" runs the model; its first send fails and the event is tried again.
        api.bad_gateway = 1
        [again] = await telegram.reply_to(message(PRIVATE, text="again"))
        assert [c.method for c in api.calls].count("502") == 1
        assert "circle" in again["text"]
        # Two of two used, not three: the next picture is refused with the limit named.
        [refused] = await telegram.reply_to(message(PRIVATE, photo=("photo-1", 100)))
        assert "2 pictures per hour" in refused["text"]


async def test_a_refused_person_gets_no_other_reply_not_even_too_big(telegram):
    # Telegram's own "too big to download" is a reply like any other: behind the gate.
    huge = message(GROUP, document=("photo-1", 25 * 1024 * 1024, "big.png", "image/png"),
                   caption="@captionist_bot")  # fmt: skip
    [refusal] = await telegram.reply_to(huge)
    assert refusal["text"] == PRIVATE_TEXT
    await telegram.quiet(
        message(
            GROUP,
            document=("photo-1", 25 * 1024 * 1024, "b.png", "image/png"),
            caption="@captionist_bot",
        )
    )
    assert "20 MB" not in " ".join(p["text"] for p in telegram.api.sent())


async def test_limits_are_checked_before_any_picture_is_downloaded(tmp_path, tiny_captioner):
    async with serving(tmp_path, tiny_captioner, user_pictures_per_hour=2) as telegram:
        api = telegram.api
        album = [
            message(PRIVATE, photo=(f"photo-{n % 2 + 1}", 100), media_group_id="a1")
            for n in range(3)
        ]
        for part in album[:-1]:
            api.push("message", part)
        [refused] = await telegram.reply_to(album[-1])
        # An album counts each picture: three of a limit of two is refused whole, and none of
        # them was fetched from Telegram.
        assert "2 pictures per hour" in refused["text"]
        assert api.sent("getFile") == []


async def test_group_wide_forget_and_auto_are_for_the_group_s_admins(tmp_path, tiny_captioner):
    async with serving(tmp_path, tiny_captioner) as telegram:
        await telegram.reply_to(message(GROUP, photo=("photo-1", 100), caption="@captionist_bot"))
        for command in ("/forget@captionist_bot", "/auto@captionist_bot on"):
            [refused] = await telegram.reply_to(message(GROUP, text=command))
            assert refused["text"].startswith("Only this group's admins can use /")
        chat = await telegram.core.repository.get_chat("telegram", str(GROUP["id"]))
        assert chat is not None and not chat.auto_caption
        assert len(await telegram.core.repository.images(chat.id)) == 1  # nothing was wiped
        # The group's owner may; in a private chat everyone is their own admin.
        telegram.api.owners.add((int(str(GROUP["id"])), int(str(USER["id"]))))
        [done] = await telegram.reply_to(message(GROUP, text="/forget@captionist_bot"))
        assert "deleted" in done["text"].lower() or "forgot" in done["text"].lower(), done
        assert await telegram.core.repository.get_chat("telegram", str(GROUP["id"])) is None
        await telegram.reply_to(message(PRIVATE, photo=("photo-1", 100)))
        [mine] = await telegram.reply_to(message(PRIVATE, text="/forget"))
        assert not mine["text"].startswith("Only")
