"""The command registry drives what /help says and how commands are dispatched."""

from __future__ import annotations

import pytest

from bot.chat import commands, texts
from tests.bot.chat_driver import FakeChat
from tests.pictures import draw_picture


async def test_help_lists_the_registry_s_commands_as_before(core):
    chat = FakeChat(core)
    _, [help_reply] = await chat.say("/help")
    line = (
        "Commands: /style [name] · /again · /read · /alt · /history · /forget · "
        "/auto on|off (groups) · /correct caption · /language [code] · /privacy · /help"
    )
    assert help_reply.text.endswith(line)
    assert help_reply.text.startswith("I caption pictures.")
    assert line == "Commands: " + " · ".join(c.usage() for c in commands.listed())
    _, [start] = await chat.say("/start")
    assert start.text == "Hi! " + help_reply.text


async def test_a_registered_command_is_dispatched_and_listed(core, monkeypatch):
    heard: list[str] = []

    async def ping(call: commands.Call) -> commands.Answer:
        heard.append(call.argument)
        return "pong"

    argument = commands.Argument("loudness", "command.auto.state", ("soft", "loud"))
    monkeypatch.setitem(
        commands.COMMANDS, "ping", commands.Command("ping", "command.help", ping, argument)
    )
    chat = FakeChat(core)
    message_id, [pong] = await chat.say("/ping  loud ")
    assert (pong.text, pong.reply_to, heard) == ("pong", message_id, ["loud"])
    _, [help_reply] = await chat.say("/help")
    assert help_reply.text.endswith("· /help · /ping [soft|loud]")


@pytest.mark.parametrize("text", ["/frobnicate now", "/FROBNICATE"])
async def test_unknown_commands_are_named_back(core, text):
    chat = FakeChat(core)
    _, [reply] = await chat.say(text)
    assert reply.text == "I don't know /frobnicate. Try /help."


def test_every_listed_command_has_a_menu_line():
    for command in commands.listed():
        description = texts.text(command.description)
        assert 3 <= len(description) <= 100, command.name  # what Telegram and Discord accept
        assert command.name.isascii() and command.name.islower()


async def test_forget_counts_what_it_deleted_in_words(core):
    talk_only = FakeChat(core, chat_id="talk")
    await talk_only.say("/style funny")  # a chat with a setting and no picture
    _, [none] = await talk_only.say("/forget")
    assert "there were no pictures" in none.text and "0 picture" not in none.text
    one = FakeChat(core, chat_id="one")
    await one.say(images=[draw_picture([("red", "circle")])])
    _, [single] = await one.say("/forget")
    assert "one picture with its captions" in single.text and "(s)" not in single.text


async def test_every_style_button_has_its_icon_plain_too(core):
    chat = FakeChat(core)
    await chat.say(images=[draw_picture([("red", "circle")])])
    _, [funny] = await chat.say("/style funny")
    labels = [a.label for a in funny.actions]
    assert "📝 Plain" in labels  # the way back, with an icon like the others
    assert all(not label.split()[0].isascii() for label in labels), labels
