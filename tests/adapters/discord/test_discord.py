"""The real Discord adapter and core against simcord's offline Discord (discord.py's own parsers,
cache, command tree and views), captioning with the real tiny model."""

from __future__ import annotations

import asyncio
from typing import Any, NoReturn

import discord
import pytest
import simcord

from adapters.discord import DiscordAdapter
from adapters.discord.render import MAX_TEXT
from adapters.lifecycle import Platforms
from bot.chat import commands, texts
from bot.chat.messages import ActionPress, split_text
from bot.chat.typing import TYPING_DELAY_S
from bot.core import Core
from tests.bot.captioning.gated import wait_until_running
from tests.pictures import draw_picture, png_bytes

CIRCLE_SQUARE = png_bytes(draw_picture([("red", "circle"), ("blue", "square")]))
TRIANGLE = png_bytes(draw_picture([("green", "triangle")]))
CIRCLE_SQUARE_CAPTION = "a red circle and a blue square"
# What discord.AllowedMentions.none() puts on the wire (a reply adds replied_user: false).
NO_PINGS: tuple[dict[str, object], ...] = ({"parse": []}, {"parse": [], "replied_user": False})
DEFERRED_WITH_THINKING = 5  # the interaction callback type of `response.defer(thinking=True)`

# A caption on a busy CPU can take seconds; simcord's default wait for the bot is 5 s.
pytestmark = pytest.mark.simcord(settle_timeout=60)


def labels(message: discord.Message) -> list[str | None]:
    found: list[str | None] = []
    for row in message.components:
        assert isinstance(row, discord.ActionRow), row
        for c in row.children:
            assert isinstance(c, discord.Button), c
            found.append(c.label)
    return found


def bot_posts(env) -> list[dict[str, Any]]:
    """The JSON of every message the bot created or followed up with."""
    return [
        r.json
        for r in env.http_requests
        if r.method == "POST" and (r.path.endswith("/messages") or "/webhooks/" in r.path)
    ]


def answers(env, result: simcord.InteractionResult) -> list[simcord.ResponseMessage]:
    """What the user sees after a command or a click: the "thinking…" message, which the first
    follow-up fills in, then any further follow-ups. Asserts the interaction was deferred."""
    callbacks = [r.json for r in env.http_requests if r.path.endswith("/callback")]
    assert callbacks and callbacks[-1]["type"] == DEFERRED_WITH_THINKING, callbacks
    assert result.acknowledged and result.response is not None
    return [result.response, *result.followups]


async def test_mention_with_an_image_is_captioned(world):
    reply = await world.reply_to(
        world.alice, world.mention, attachments=[("shapes.png", CIRCLE_SQUARE)]
    )
    assert reply.content == CIRCLE_SQUARE_CAPTION
    assert "🔁 Again" in labels(reply) and "😄 Funny" in labels(reply)
    assert not reply.mentions  # the reply references alice's message without pinging her


def typings(env: simcord.Env) -> list[simcord.HttpLogEntry]:
    return [r for r in env.http_requests if r.path.endswith("/typing")]


async def test_no_typing_for_what_is_ignored_or_answered_at_once(world, adapter):
    adapter.typing_delay_s = 0  # even at once: what the core ignores never shows "typing…"
    await world.quiet(world.bob, "look", attachments=[("shapes.png", CIRCLE_SQUARE)])
    assert typings(world.env) == []
    adapter.typing_delay_s = TYPING_DELAY_S
    helped = await world.reply_to(world.alice, f"{world.mention} /help")
    assert helped.content == commands.help_text()
    assert typings(world.env) == []


@pytest.mark.parametrize("captioner", ["gated"], indirect=True)
async def test_typing_while_a_caption_is_on_its_way(world, adapter, captioner):
    # simcord's clock stands still while the bot works: "typing…" shows without the delay here.
    adapter.typing_delay_s = 0
    sending = asyncio.create_task(
        world.alice.send(world.channel, world.mention, attachments=[("s.png", CIRCLE_SQUARE)])
    )
    await wait_until_running(captioner)
    for _ in range(500):
        if typings(world.env):
            break
        await asyncio.sleep(0.01)
    assert [r.path for r in typings(world.env)] == [f"/channels/{world.channel.id}/typing"]
    captioner.gate.set()
    await sending
    assert world.channel.last_message.content == CIRCLE_SQUARE_CAPTION
    assert len(typings(world.env)) == 1  # stopped once the caption was ready


async def test_two_images_get_one_reply_with_numbered_lines(world):
    files = [("one.png", CIRCLE_SQUARE), ("two.png", TRIANGLE)]
    reply = await world.reply_to(world.alice, world.mention, attachments=files)
    assert reply.content.splitlines()[:2] == [
        f"1. {CIRCLE_SQUARE_CAPTION}",
        "2. a green triangle",
    ]


async def test_a_mention_in_reply_to_someone_s_picture_captions_that_picture(world):
    await world.quiet(world.bob, "look", attachments=[("shapes.png", CIRCLE_SQUARE)])
    picture = world.channel.last_message
    reply = await world.reply_to(world.alice, f"{world.mention}", reply_to=picture)
    assert reply.content == CIRCLE_SQUARE_CAPTION


async def test_follow_ups_that_mention_or_reply_to_the_bot(world):
    caption = await world.reply_to(
        world.alice, world.mention, attachments=[("shapes.png", CIRCLE_SQUARE)]
    )
    funny = await world.reply_to(world.alice, "make it funny", reply_to=caption)
    assert "red circle" in funny.content and funny.content != caption.content
    again = await world.reply_to(world.alice, f"{world.mention} again")
    assert "red" in again.content and again.content not in (caption.content, funny.content)
    await world.quiet(world.bob, "again")  # not addressed to the bot


async def test_auto_on_captions_every_picture_in_the_channel(world):
    await world.quiet(world.bob, "", attachments=[("shapes.png", TRIANGLE)])
    # /auto changes the whole channel: a member who may manage its messages turns it on.
    [refused] = answers(world.env, await world.alice.slash(world.channel, "auto", state="on"))
    assert refused.content.startswith("Only this group's admins can use /auto")
    mods = world.env.guild.create_role(
        "mods", permissions=discord.Permissions(manage_messages=True)
    )
    mod = world.env.guild.add_member(world.env.create_user("mod"), roles=[mods])
    [answer] = answers(world.env, await mod.slash(world.channel, "auto", state="on"))
    assert "Auto-captioning is on" in answer.content
    reply = await world.reply_to(world.bob, "", attachments=[("shapes.png", TRIANGLE)])
    assert reply.content == "a green triangle"


async def test_forget_in_a_channel_is_for_those_who_manage_its_messages(world):
    await world.reply_to(world.alice, world.mention, attachments=[("shapes.png", TRIANGLE)])
    refused = await world.reply_to(world.bob, f"{world.mention} /forget")
    assert refused.content.startswith("Only this group's admins can use /forget")
    chat = await world.serving.core.repository.get_chat("discord", str(world.channel.id))
    assert chat is not None and len(await world.serving.core.repository.images(chat.id)) == 1
    mods = world.env.guild.create_role(
        "mods", permissions=discord.Permissions(manage_messages=True)
    )
    mod = world.env.guild.add_member(world.env.create_user("mod"), roles=[mods])
    done = await world.reply_to(mod, f"{world.mention} /forget")
    assert done.content.startswith("Done. I deleted everything")


async def test_a_picture_in_a_dm_is_captioned(world):
    dana = world.env.create_user("dana")
    dm = dana.dm_channel
    files = world.env.backend.store_attachments(dm.id, [("shapes.png", CIRCLE_SQUARE)])
    await dana.send_dm("", attachments=files)
    reply = dm.last_message
    assert reply.author.id == world.bot_id
    assert reply.content == CIRCLE_SQUARE_CAPTION


async def test_slash_caption_with_an_attachment_and_a_style(world):
    result = await world.alice.slash(world.channel, "caption", image=("s.png", CIRCLE_SQUARE))
    [plain] = answers(world.env, result)
    assert plain.content == CIRCLE_SQUARE_CAPTION
    assert "🔁 Again" in labels(plain.message)
    styled = await world.alice.slash(
        world.channel, "caption", image=("s.png", CIRCLE_SQUARE), style="hashtags"
    )
    [tags] = answers(world.env, styled)
    assert tags.content.startswith("#") and "circle" in tags.content.lower()


async def test_context_menu_captions_the_message_s_image(world):
    await world.quiet(world.bob, "my drawing", attachments=[("t.png", TRIANGLE)])
    picture = world.channel.last_message
    result = await world.alice.context_menu(world.channel, "Caption image", picture)
    assert [a.content for a in answers(world.env, result)] == ["a green triangle"]
    # The caption belongs to bob's message: a reply to it is about that picture.
    answer = await world.reply_to(world.alice, f"{world.mention} make it funny", reply_to=picture)
    assert "green triangle" in answer.content


async def test_style_command_then_the_again_button(world):
    caption = await world.reply_to(
        world.alice, world.mention, attachments=[("shapes.png", CIRCLE_SQUARE)]
    )
    styled = await world.alice.slash(world.channel, "style", name="funny")
    [funny] = answers(world.env, styled)
    assert "red circle" in funny.content and funny.content != caption.content
    clicked = await world.alice.click(funny.message, label="🔁 Again")
    [again] = answers(world.env, clicked)
    assert "red" in again.content
    assert again.content not in (caption.content, funny.content)


async def test_a_click_says_who_clicked(world, adapter, monkeypatch):
    presses: list[ActionPress] = []
    decode = adapter.decode

    async def recording(records):
        event = await decode(records)
        if isinstance(event, ActionPress):
            presses.append(event)
        return event

    monkeypatch.setattr(adapter, "decode", recording)
    caption = await world.reply_to(
        world.alice, world.mention, attachments=[("shapes.png", TRIANGLE)]
    )
    answers(world.env, await world.bob.click(caption, label="✂️ Short"))
    assert [(p.chat_id, p.user_id) for p in presses] == [(str(world.channel.id), str(world.bob.id))]


async def test_style_suggestions_come_from_the_registry(world):
    choices = await world.alice.autocomplete(world.channel, "style", "name", "fu")
    assert [c["value"] for c in choices] == ["funny"]


async def test_a_button_still_works_after_a_restart(world):
    caption = await world.reply_to(
        world.alice, world.mention, attachments=[("shapes.png", CIRCLE_SQUARE)]
    )
    await world.serving.restart()  # a new core and client, the same sqlite file
    clicked = await world.bob.click(caption, label="#️⃣ Hashtags")
    [tags] = answers(world.env, clicked)
    assert tags.content.startswith("#") and "circle" in tags.content.lower()


async def test_a_non_image_attachment_gets_a_clear_answer(world):
    reply = await world.reply_to(world.alice, world.mention, attachments=[("a.txt", b"hello")])
    assert "doesn't look like an image" in reply.content


@pytest.mark.settings(image_max_bytes=1024 * 1024)
async def test_an_oversize_attachment_is_refused_without_download(world):
    downloads: list[str] = []
    http = world.env.bot.http
    original = http.get_from_cdn

    async def counting(url: str) -> bytes:
        downloads.append(url)
        return await original(url)

    http.get_from_cdn = counting  # spy at discord.py's HTTP boundary
    big = CIRCLE_SQUARE + b"\0" * (1024 * 1024)
    reply = await world.reply_to(world.alice, world.mention, attachments=[("big.png", big)])
    assert reply.content == "That picture is too big (the limit is 1 MB)."
    assert downloads == []
    await world.reply_to(world.alice, world.mention, attachments=[("s.png", CIRCLE_SQUARE)])
    assert len(downloads) == 1  # the spy does see a normal download


def pings(env, message) -> tuple[list[int], list[int], bool]:
    """Whom Discord notified for `message` (users, roles, everyone), not what its text shows."""
    stored = env.backend.get_message(message.channel.id, message.id)
    return stored.ping_user_ids, stored.ping_role_ids, stored.mention_everyone


async def test_everyone_in_echoed_text_pings_nobody(world):
    mods = world.env.guild.create_role("mods", mentionable=True)
    result = await world.alice.slash(world.channel, "style", name="@everyone")
    [unknown] = answers(world.env, result)
    assert 'I don\'t know the style "@everyone"' in unknown.content
    assert pings(world.env, unknown.message) == ([], [], False)
    text = f"{world.mention} /style {mods.mention}@here{world.alice.mention}"
    reply = await world.reply_to(world.alice, text)
    assert mods.mention in reply.content and "@here" in reply.content
    assert pings(world.env, reply) == ([], [], False)  # not even alice, whom it replies to
    posts = bot_posts(world.env)
    assert len(posts) == 2
    assert all(p["allowed_mentions"] in NO_PINGS for p in posts), posts


async def test_messages_from_other_bots_are_ignored(world):
    other = world.env.guild.add_member(world.env.create_user("otherbot", bot=True))
    await world.quiet(other, world.mention, attachments=[("s.png", CIRCLE_SQUARE)])
    await world.quiet(other, f"{world.mention} /help")


def test_long_replies_are_split_at_line_breaks():
    text = "\n".join(f"{n}. " + "x" * 90 for n in range(60))
    parts = split_text(text, MAX_TEXT)
    assert len(parts) > 1 and all(len(p) <= MAX_TEXT for p in parts)
    assert "\n".join(parts) == text


@pytest.mark.simcord(approved_intents=discord.Intents.default(), settle_timeout=60)
@pytest.mark.parametrize("message_content", [False], indirect=True)
async def test_without_the_message_content_intent_mentions_and_commands_still_work(world):
    # The bot the adapter falls back to when the portal has not enabled Message Content.
    assert not world.env.bot.intents.message_content
    reply = await world.reply_to(world.alice, world.mention, attachments=[("s.png", TRIANGLE)])
    assert reply.content == "a green triangle"
    result = await world.alice.slash(world.channel, "style", name="funny")
    assert "green triangle" in answers(world.env, result)[0].content


@pytest.mark.simcord(approved_intents=discord.Intents.default(), settle_timeout=60)
async def test_a_bot_whose_portal_refuses_message_content_connects_without_it(world, adapter):
    # Discord closes the connection that asks for Message Content; the adapter connects again
    # without it, and mentions still work.
    assert not adapter.bot.intents.message_content and world.env.bot is adapter.bot
    reply = await world.reply_to(world.alice, world.mention, attachments=[("s.png", TRIANGLE)])
    assert reply.content == "a green triangle"


async def test_start_reports_a_refused_token(settings, tiny_captioner):
    core = await Core.start(settings, tiny_captioner)
    adapter = DiscordAdapter(settings, core.intake)

    async def refuse(token: str) -> NoReturn:  # Discord's answer to a bad token, at the HTTP seam
        raise discord.LoginFailure("Improper token has been passed.")

    # This one client's login goes to the stand-in, as a bad token's would fail.
    adapter.bot.http.static_login = refuse  # type: ignore[method-assign]
    platforms = Platforms(core)
    with pytest.raises(discord.LoginFailure):
        await platforms.add(adapter)
    assert adapter.bot.is_closed()  # stopped again by `add`
    await platforms.stop()


async def test_the_slash_commands_are_the_core_s_registry(world):
    synced = {
        c["name"]: c
        for c in world.env.backend.visible_commands(
            user_id=world.alice.id, channel_id=world.channel.id
        )
    }
    assert set(synced) == {c.name for c in commands.listed()} | {"caption"}
    for command in commands.listed():
        assert synced[command.name]["description"] == texts.text(command.description)
    # Arguments come from the registry too: a free one is suggested, a fixed one offered.
    [name] = synced["style"]["options"]
    assert (name["name"], name["required"], name["autocomplete"]) == ("name", False, True)
    assert name["description"] == texts.text("command.style.name")
    [state] = synced["auto"]["options"]
    assert (state["name"], state["required"]) == ("state", True)
    assert state["choices"] == [{"name": "on", "value": "on"}, {"name": "off", "value": "off"}]
    assert synced["again"]["options"] == synced["help"]["options"] == []
    style = next(o for o in synced["caption"]["options"] if o["name"] == "style")
    argument = commands.COMMANDS["style"].argument
    assert argument is not None
    assert [c["value"] for c in style["choices"]] == list(argument.choices)
    assert style["choices"][1]["name"] == "funny: the caption with a joke around it"


async def test_slash_commands_and_menus_are_described_in_each_catalogue_language(world):
    synced = {
        c["name"]: c
        for c in world.env.backend.visible_commands(
            user_id=world.alice.id, channel_id=world.channel.id
        )
    }
    spanish = texts.CATALOGUE["es"]
    # A person whose client is set to Spanish (es-ES, or Latin American es-419) sees Spanish.
    for command in commands.listed():
        described = synced[command.name]["description_localizations"]
        assert described["es-ES"] == spanish[command.description][:100]
        assert described["es-419"] == described["es-ES"]
        assert described["pt-BR"] == texts.CATALOGUE["pt-br"][command.description][:100]
        assert "en-US" not in described  # English is the default everyone else sees
    [name] = synced["style"]["options"]
    assert name["description_localizations"]["de"] == texts.CATALOGUE["de"]["command.style.name"]
    caption = synced["caption"]
    assert caption["description_localizations"]["fr"] == texts.CATALOGUE["fr"]["discord.caption"]
    # Apps-menu entries are names, translated as such.
    [put] = [
        r for r in world.env.http_requests if r.method == "PUT" and r.path.endswith("commands")
    ]
    menus = {
        c["name"]: c for c in put.json if c.get("type") == discord.AppCommandType.message.value
    }
    for key in ("discord.context_menu", "discord.alt_menu"):
        entry = menus[texts.ENGLISH[key]]
        assert entry["name_localizations"]["uk"] == texts.CATALOGUE["uk"][key]


async def test_thumbs_are_answered_only_to_the_presser(world):
    caption = await world.reply_to(
        world.alice, world.mention, attachments=[("shapes.png", CIRCLE_SQUARE)]
    )
    assert labels(caption)[-2:] == ["👍", "👎"]
    clicked = await world.bob.click(caption, label="👎")
    [ask] = answers(world.env, clicked)
    assert ask.content == texts.text("feedback.ask")
    callback = [r.json for r in world.env.http_requests if r.path.endswith("/callback")][-1]
    assert callback["data"]["flags"] & 64  # ephemeral: only bob sees it
    # Bob's next message in the channel is his better caption.
    thanks = await world.reply_to(world.bob, f"{world.mention} a red ball and a blue box")
    assert "a red ball and a blue box" in thanks.content
