"""Slash commands and the "Caption image" context menu, each turned into a core message.

The commands only translate: `/style funny` becomes the text "/style funny", `/caption` a message
carrying the uploaded file; the core decides what either means.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import discord
from discord import app_commands

from adapters.discord.events import attachments, from_interaction
from bot.chat.messages import IncomingMessage
from bot.chat.styles import STYLES

Answer = Callable[[discord.Interaction, IncomingMessage], Awaitable[None]]

CONTEXT_MENU = "Caption image"
MAX_CHOICES = 25  # Discord's limit for choices and autocomplete suggestions


def _style_choices() -> list[app_commands.Choice[str]]:
    return [
        app_commands.Choice(name=f"{s.name}: {s.description}"[:100], value=s.name)
        for s in list(STYLES.values())[:MAX_CHOICES]
    ]


async def _suggest_styles(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    typed = current.strip().lower()
    return [c for c in _style_choices() if c.value.startswith(typed)]


def register(tree: app_commands.CommandTree[discord.Client], answer: Answer) -> None:
    """Add every command to `tree`; `answer` defers, asks the core and sends its replies."""

    def command(text: str) -> Callable[[discord.Interaction], Awaitable[None]]:
        async def run(interaction: discord.Interaction) -> None:
            await answer(interaction, from_interaction(interaction, text))

        return run

    @tree.command(name="caption", description="Caption an image")
    @app_commands.describe(image="the picture to caption", style="how to write the caption")
    @app_commands.choices(style=_style_choices())
    async def caption(
        interaction: discord.Interaction,
        image: discord.Attachment,
        style: app_commands.Choice[str] | None = None,
    ) -> None:
        # A style named next to a picture is the style to caption it in.
        text = style.value if style is not None else ""
        await answer(interaction, from_interaction(interaction, text, attachments([image])))

    # Suggestions rather than fixed choices: anything typed still reaches the core, which
    # explains unknown names.
    @tree.command(name="style", description="Change the caption style, or list the styles")
    @app_commands.describe(name="a style: funny, poetic, short, ...")
    @app_commands.autocomplete(name=_suggest_styles)
    async def style(interaction: discord.Interaction, name: str | None = None) -> None:
        text = f"/style {name}" if name else "/style"
        await answer(interaction, from_interaction(interaction, text))

    @tree.command(name="auto", description="Caption every picture posted in this channel")
    @app_commands.describe(state="on or off")
    @app_commands.choices(state=[app_commands.Choice(name=s, value=s) for s in ("on", "off")])
    async def auto(interaction: discord.Interaction, state: app_commands.Choice[str]) -> None:
        await answer(interaction, from_interaction(interaction, f"/auto {state.value}"))

    for name, description in (
        ("again", "Another caption for the current picture"),
        ("history", "Captions of the current picture"),
        ("forget", "Delete everything stored for this channel"),
        ("help", "What I can do"),
    ):
        tree.command(name=name, description=description)(command(f"/{name}"))

    @app_commands.context_menu(name=CONTEXT_MENU)
    async def caption_message(interaction: discord.Interaction, message: discord.Message) -> None:
        # The message id makes later replies to that picture target it.
        event = from_interaction(
            interaction, "", attachments(message.attachments), message_id=message.id
        )
        await answer(interaction, event)

    tree.add_command(caption_message)
