"""Operator controls through the real Discord adapter on simcord: allow-lists naming a role or a
guild, refusals, and an admin blocking a role."""

from __future__ import annotations

import pytest

from tests.adapters.discord.conftest import discord_settings
from tests.adapters.discord.test_discord import CIRCLE_SQUARE, CIRCLE_SQUARE_CAPTION, answers

pytestmark = pytest.mark.simcord(settle_timeout=60)

PRIVATE = "Sorry, this bot is private: it only answers the people it was set up for."
BLOCKED = "Sorry, this bot's operator has blocked this chat or account."


async def _serve_with(world, tmp_path, **settings) -> None:
    """Restart the bot with operator settings naming ids the world only now has."""
    world.serving.settings = discord_settings(tmp_path, **settings)
    await world.serving.restart()


async def test_a_role_lets_its_members_in_and_others_hear_why_once(world, tmp_path):
    members = world.env.guild.create_role("members")
    carol = world.env.guild.add_member(world.env.create_user("carol"), roles=[members])
    await _serve_with(world, tmp_path, allowed_users=f"discord:{members.id}")
    picture = {"attachments": [("s.png", CIRCLE_SQUARE)]}
    reply = await world.reply_to(carol, world.mention, **picture)
    assert reply.content == CIRCLE_SQUARE_CAPTION
    refusal = await world.reply_to(world.bob, world.mention, **picture)
    assert refusal.content == PRIVATE
    await world.quiet(world.bob, world.mention, **picture)  # at most once an hour
    await world.quiet(world.bob, "just chatting")  # not spoken to: never an answer
    # A slash command or a button waits for an answer: refused every time.
    for _ in range(2):
        [answer] = answers(world.env, await world.bob.slash(world.channel, "again"))
        assert answer.content == PRIVATE
    [answer] = answers(world.env, await world.bob.click(reply, label="🔁 Again"))
    assert answer.content == PRIVATE
    records = await world.serving.core.repository.images(
        (await world.serving.core.repository.get_chat("discord", str(world.channel.id))).id
    )
    assert len(records) == 1  # carol's picture only: nothing of bob's was stored


async def test_a_guild_allows_its_channels_and_a_dm_is_refused(world, tmp_path):
    await _serve_with(world, tmp_path, allowed_chats=f"discord:{world.env.guild.id}")
    reply = await world.reply_to(world.alice, world.mention, attachments=[("s.png", CIRCLE_SQUARE)])
    assert reply.content == CIRCLE_SQUARE_CAPTION
    dana = world.env.create_user("dana")
    await dana.send_dm("hello")
    assert dana.dm_channel.last_message.content == PRIVATE


async def test_an_admin_blocks_a_role_at_once(world, tmp_path):
    members = world.env.guild.create_role("members")
    carol = world.env.guild.add_member(world.env.create_user("carol"), roles=[members])
    await _serve_with(world, tmp_path, admins=f"discord:{world.alice.id}")
    done = await world.reply_to(world.alice, f"{world.mention} /block discord:{members.id}")
    assert done.content == f"Blocked discord:{members.id}: I won't answer it any more."
    refused = await world.reply_to(carol, world.mention, attachments=[("s.png", CIRCLE_SQUARE)])
    assert refused.content == BLOCKED
    reply = await world.reply_to(world.bob, world.mention, attachments=[("s.png", CIRCLE_SQUARE)])
    assert reply.content == CIRCLE_SQUARE_CAPTION
    stats = await world.reply_to(world.alice, f"{world.mention} /stats")
    assert "1 picture(s) from 1 people" in stats.content and "Blocked ids: 1" in stats.content
    not_admin = await world.reply_to(world.bob, f"{world.mention} /stats")
    assert not_admin.content == "I don't know /stats. Try /help."


async def test_a_blocked_role_holds_for_messages_read_back_from_history(world, tmp_path):
    members = world.env.guild.create_role("members")
    carol = world.env.guild.add_member(world.env.create_user("carol"), roles=[members])
    await _serve_with(world, tmp_path, admins=f"discord:{world.alice.id}")
    await world.reply_to(world.alice, f"{world.mention} /block discord:{members.id}")
    serving = world.serving
    await serving.adapter.stop_intake()  # going down: what is posted now is read from history
    picture = {"attachments": [("s.png", CIRCLE_SQUARE)]}
    asked = await world.quiet(carol, world.mention, **picture)
    await serving.restart()
    await serving.drained()
    answers_to_carol = [
        m for m in world.channel.history()
        if m.reference is not None and m.reference.message_id == asked.id
    ]  # fmt: skip
    assert [m.content for m in answers_to_carol] == [BLOCKED]
