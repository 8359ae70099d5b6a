"""Slash commands and the "Caption image" and "Describe for alt text" context menus, each turned
into a core message.

The core's commands come from its registry (bot.chat.commands): name, description and argument
of each, an argument's values as fixed choices or, when free, as suggestions. They only translate:
`/style funny` becomes the text "/style funny". `/caption` and the context menu are Discord's own
ways to hand over a picture: a message carrying the file, which the core captions.

Each use is handed to `answer` as the text the core gets and the files handed over; `answer`
acknowledges it at once and records it, and the core's replies follow from the inbox.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import Any, Protocol

import discord
from discord import app_commands

from adapters.discord.translation import MAX_MENU_NAME, MAX_NAME, catalogue, localized
from bot.chat import commands, texts


class Answer(Protocol):
    async def __call__(
        self,
        interaction: discord.Interaction,
        text: str,
        files: Sequence[discord.Attachment] = (),
        message_id: int | None = None,
        about: int | None = None,
    ) -> None: ...


ALT_TEXT = "alt text"  # what "Describe for alt text" asks the core, as a person would
MAX_CHOICES = 25  # Discord's limit for choices and autocomplete suggestions


def _choices(argument: commands.Argument) -> list[app_commands.Choice[str]]:
    return [
        app_commands.Choice(name=_label(argument, value), value=value)
        for value in argument.choices[:MAX_CHOICES]
    ]


def _label(argument: commands.Argument, value: str) -> app_commands.locale_str:
    return localized(lambda locale: argument.choice_label(value, locale))


def _typed_choices(argument: commands.Argument, locale: str) -> list[app_commands.Choice[str]]:
    # Autocomplete answers one person: in their client's language, plain strings.
    return [
        app_commands.Choice(name=argument.choice_label(value, locale)[:MAX_NAME], value=value)
        for value in argument.choices[:MAX_CHOICES]
    ]


Suggester = Callable[
    [discord.Interaction, str], Coroutine[Any, Any, list[app_commands.Choice[str]]]
]


def _suggester(argument: commands.Argument) -> Suggester:
    async def suggest(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        typed = current.strip().lower()
        locale = texts.locale_of(str(interaction.locale)) or texts.DEFAULT_LOCALE
        return [c for c in _typed_choices(argument, locale) if c.value.startswith(typed)]

    return suggest


def _slash(command: commands.Command, answer: Answer) -> app_commands.Command[Any, ..., None]:
    """The registry's `command` as a slash command; its argument becomes the option `value`,
    shown to users under the argument's name."""
    name, argument = command.name, command.argument

    async def bare(interaction: discord.Interaction) -> None:
        await answer(interaction, f"/{name}")

    async def required(interaction: discord.Interaction, value: str) -> None:
        await answer(interaction, f"/{name} {value}")

    async def optional(interaction: discord.Interaction, value: str | None = None) -> None:
        await answer(interaction, f"/{name} {value}" if value else f"/{name}")

    callback: Callable[..., Coroutine[Any, Any, None]] = bare
    if argument is not None:
        callback = required if argument.required else optional
        callback = app_commands.rename(value=argument.name)(callback)
        callback = app_commands.describe(value=catalogue(argument.description))(callback)
        if argument.free:
            # Suggestions rather than fixed choices: anything typed still reaches the core,
            # which explains unknown values.
            callback = app_commands.autocomplete(value=_suggester(argument))(callback)
        else:
            callback = app_commands.choices(value=_choices(argument))(callback)
    return app_commands.Command(
        name=name, description=catalogue(command.description), callback=callback
    )


def register(tree: app_commands.CommandTree[discord.Client], answer: Answer) -> None:
    """Add every command to `tree`; `answer` takes each use."""
    for command in commands.listed():
        tree.add_command(_slash(command, answer))

    style = commands.COMMANDS["style"].argument
    assert style is not None

    @tree.command(name="caption", description=catalogue("discord.caption"))
    @app_commands.describe(
        image=catalogue("discord.caption.image"), style=catalogue("discord.caption.style")
    )
    @app_commands.choices(style=_choices(style))
    async def caption(
        interaction: discord.Interaction,
        image: discord.Attachment,
        style: app_commands.Choice[str] | None = None,
    ) -> None:
        # A style named next to a picture is the style to caption it in.
        text = style.value if style is not None else ""
        await answer(interaction, text, [image])

    @app_commands.context_menu(name=catalogue("discord.context_menu", MAX_MENU_NAME))
    async def caption_message(interaction: discord.Interaction, message: discord.Message) -> None:
        # The message id makes later replies to that picture target it.
        await answer(interaction, "", message.attachments, message_id=message.id)

    tree.add_command(caption_message)

    @app_commands.context_menu(name=catalogue("discord.alt_menu", MAX_MENU_NAME))
    async def alt_text(interaction: discord.Interaction, message: discord.Message) -> None:
        # The core's "alt text" intent: with the message's picture, one paste-ready alt text.
        # On a message without one (the bot's caption, say) it is about the picture that
        # message answers, else the channel's latest.
        if message.attachments:
            await answer(interaction, ALT_TEXT, message.attachments, message_id=message.id)
        else:
            await answer(interaction, ALT_TEXT, about=message.id)

    tree.add_command(alt_text)
