"""Nothing lost on Discord: what reaches the bot is recorded in the inbox before it is answered,
answered once, and answered after a restart; what was posted while the bot was away is read
back from channel history."""

from __future__ import annotations

import discord
import pytest

from tests.adapters.discord.test_discord import (
    CIRCLE_SQUARE,
    CIRCLE_SQUARE_CAPTION,
    DEFERRED_WITH_THINKING,
    TRIANGLE,
    answers,
    labels,
)

pytestmark = pytest.mark.simcord(settle_timeout=60)

TRIANGLE_CAPTION = "a green triangle"


def replies_to(world, channel, message) -> list[discord.Message]:
    """The bot's messages in `channel` that reply to `message` (a message, or its id)."""
    message_id = getattr(message, "id", message)
    return [
        m
        for m in channel.history()
        if m.author.id == world.bot_id
        and m.reference is not None
        and m.reference.message_id == message_id
    ]


async def inbox_counts(world) -> dict[str, int]:
    return await world.serving.core.repository.inbox.counts()


async def test_a_message_the_gateway_delivers_twice_is_answered_once(world):
    reply = await world.reply_to(world.alice, world.mention, attachments=[("t.png", TRIANGLE)])
    asked = reply.reference.message_id
    [create] = [
        payload
        for kind, name, payload in world.env.backend.transcript
        if kind == "GATEWAY" and name == "MESSAGE_CREATE" and payload["id"] == str(asked)
    ]
    # The same event again, as a resumed session may replay it.
    world.env.backend.emit("MESSAGE_CREATE", create)
    await world.env.settle()
    assert len(replies_to(world, world.channel, asked)) == 1
    assert await inbox_counts(world) == {"done": 1}


async def test_a_message_recorded_but_not_answered_is_answered_after_a_restart(world):
    serving = world.serving
    # From now on messages are recorded but not handled, as a crash mid-caption leaves them.
    await serving.core.dispatcher.stop(timeout=0)
    asked = await world.quiet(world.alice, world.mention, attachments=[("s.png", CIRCLE_SQUARE)])
    assert await inbox_counts(world) == {"pending": 1}
    await serving.restart()
    await serving.drained()
    [reply] = replies_to(world, world.channel, asked)
    assert reply.content == CIRCLE_SQUARE_CAPTION
    assert world.channel.last_message.id == reply.id
    assert await inbox_counts(world) == {"done": 1}


async def test_what_was_posted_while_the_bot_was_away_is_answered_after_a_restart(world):
    serving = world.serving
    dana = world.env.create_user("dana")
    dm = dana.dm_channel
    await dana.send_dm("hello")  # the bot has seen this DM channel and #general
    await world.reply_to(world.alice, f"{world.mention} /help")

    await serving.adapter.stop_intake()  # going down: messages from now on are not taken
    asked = await world.quiet(world.alice, world.mention, attachments=[("t.png", TRIANGLE)])
    chatter = await world.quiet(world.bob, "nice weather")  # not for the bot, then or now
    files = world.env.backend.store_attachments(dm.id, [("s.png", CIRCLE_SQUARE)])
    in_dm = await dana.send_dm("", attachments=files)
    assert dm.last_message.id == in_dm.id

    await serving.restart()
    await serving.drained()
    [reply] = replies_to(world, world.channel, asked)
    assert reply.content == TRIANGLE_CAPTION
    assert replies_to(world, world.channel, chatter) == []
    [dm_reply] = replies_to(world, dm, in_dm)
    assert dm_reply.content == CIRCLE_SQUARE_CAPTION
    # Read again on the next start, nothing is answered twice.
    await serving.restart()
    await serving.drained()
    assert len(replies_to(world, world.channel, asked)) == 1
    assert len(replies_to(world, dm, in_dm)) == 1


@pytest.mark.settings(discord_catch_up_minutes=30)
async def test_what_was_posted_before_the_catch_up_window_is_left(world):
    serving = world.serving
    await world.reply_to(world.alice, f"{world.mention} /help")
    await serving.adapter.stop_intake()
    old = await world.quiet(world.alice, world.mention, attachments=[("t.png", TRIANGLE)])
    await world.env.advance_time(31 * 60)
    recent = await world.quiet(world.alice, world.mention, attachments=[("t.png", TRIANGLE)])
    await serving.restart()
    await serving.drained()
    assert replies_to(world, world.channel, old) == []
    assert [r.content for r in replies_to(world, world.channel, recent)] == [TRIANGLE_CAPTION]


@pytest.mark.settings(discord_catch_up_minutes=0)
async def test_catching_up_can_be_turned_off(world):
    serving = world.serving
    await world.reply_to(world.alice, f"{world.mention} /help")
    await serving.adapter.stop_intake()
    asked = await world.quiet(world.alice, world.mention, attachments=[("t.png", TRIANGLE)])
    await serving.restart()
    await serving.drained()
    assert replies_to(world, world.channel, asked) == []
    history = [e for e in world.env.http_requests if e.path.endswith("/messages")]
    assert all(e.method == "POST" for e in history)  # no history was read


async def test_a_command_recorded_before_a_restart_is_answered_after_it(world):
    serving = world.serving
    await serving.core.dispatcher.stop(timeout=0)
    result = await world.alice.slash(world.channel, "caption", image=("s.png", CIRCLE_SQUARE))
    # Acknowledged at once ("thinking…"), answered after the restart with the token it left.
    assert result.deferred and result.response is not None and result.response.content == ""
    await serving.restart()
    await serving.drained()
    [answer] = answers(world.env, result)
    assert answer.content == CIRCLE_SQUARE_CAPTION
    assert "🔁 Again" in labels(answer.message)
    assert await inbox_counts(world) == {"done": 1}


async def test_a_command_whose_token_expired_is_given_up(world):
    serving = world.serving
    await serving.core.dispatcher.stop(timeout=0)
    result = await world.alice.slash(world.channel, "style", name="funny")
    await world.env.advance_time(16 * 60)  # Discord keeps a token for 15 minutes
    posts = len(world.env.http_requests)
    await serving.restart()
    await serving.drained()
    assert result.followups == [] and result.response.content == ""
    assert [e for e in world.env.http_requests[posts:] if "/webhooks/" in e.path] == []
    assert await inbox_counts(world) == {"done": 1}  # not tried again


async def test_a_click_while_stopping_is_answered_after_the_restart(world):
    serving = world.serving
    caption = await world.reply_to(
        world.alice, world.mention, attachments=[("s.png", CIRCLE_SQUARE)]
    )
    await serving.adapter.stop_intake()
    await serving.core.dispatcher.stop(timeout=0)
    # Discord keeps nothing of an interaction: one that comes while the bot stops is still
    # acknowledged and recorded.
    clicked = await world.bob.click(caption, label="#️⃣ Hashtags")
    callbacks = [e.json for e in world.env.http_requests if e.path.endswith("/callback")]
    assert callbacks[-1]["type"] == DEFERRED_WITH_THINKING
    await serving.restart()
    await serving.drained()
    [tags] = answers(world.env, clicked)
    assert tags.content.startswith("#") and "circle" in tags.content.lower()


async def test_a_follow_up_discord_refuses_is_not_tried_again(world):
    # As Discord answers for a token it no longer knows.
    world.env.inject_error("POST", "/webhooks/*", status=404, code=10015, message="Unknown Webhook")
    result = await world.alice.slash(world.channel, "style", name="funny")
    assert result.deferred and result.followups == [] and result.response.content == ""
    tries = [e for e in world.env.http_requests if e.method == "POST" and "/webhooks/" in e.path]
    assert len(tries) == 1
    assert await inbox_counts(world) == {"done": 1}


async def test_a_reply_discord_cut_short_is_finished_without_repeating_its_start(world):
    # A picture with a question is answered in two messages: the caption, then the answer.
    # Discord fails (503) just after the caption went out: the retry sends only the answer.
    serving = world.serving
    adapter = serving.adapter
    send = adapter.send
    sent_parts: list[str] = []

    async def send_then_discord_fails(record, part):
        message_id = await send(record, part)
        sent_parts.append(part.text)
        if len(sent_parts) == 1:
            # As env.inject_error does (which only the test's own code may call).
            world.env.backend.faults.append({
                "method": "POST", "path": "/channels/*/messages", "status": 503, "code": 0,
                "message": "Service Unavailable (injected by test)", "times": 1,
            })  # fmt: skip
        return message_id

    adapter.send = send_then_discord_fails
    asked = await world.alice.send(
        world.channel, f"{world.mention} what is on the left?",
        attachments=[("s.png", CIRCLE_SQUARE)],
    )  # fmt: skip
    await serving.drained()
    posts = [e.json["content"] for e in world.env.http_requests
             if e.method == "POST" and e.path.endswith("/messages")]  # fmt: skip
    # The caption once; the answer twice: refused with a 503, then sent.
    assert posts[0] == CIRCLE_SQUARE_CAPTION and posts.count(CIRCLE_SQUARE_CAPTION) == 1
    assert len(posts) == 3 and posts[1] == posts[2]
    replies = replies_to(world, world.channel, asked)
    assert len(replies) == 2 and replies[0].content == CIRCLE_SQUARE_CAPTION
    assert "red circle" in replies[1].content
    assert await inbox_counts(world) == {"done": 1}
