"""The Discord adapter: a discord.py client run under our own lifecycle beside other platforms.

Every message is sent with no allowed mentions, so model or user text can never ping anyone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import discord
from discord import app_commands

from adapters.discord import commands
from adapters.discord.events import PLATFORM, chat_key, incoming
from adapters.discord.render import NO_MENTIONS, chunks, view
from adapters.discord.views import CaptionButton
from adapters.typing_indicator import TYPING_DELAY_S, Typing
from bot.chat import texts
from bot.chat.conversation import Conversation
from bot.chat.messages import ActionPress, IncomingMessage, Reply
from bot.config import Settings

log = logging.getLogger(__name__)

TYPING_EVERY_S = 5.0  # Discord shows "typing…" for ten seconds; discord.py renews it every five
# Sends one part of a reply: (text, is the first part, buttons) → the sent message.
Sender = Callable[[str, bool, "discord.ui.View | None"], Awaitable[discord.Message]]


def intents(message_content: bool = True) -> discord.Intents:
    # Message content is privileged: without it Discord still shows the bot the messages that
    # mention it and DMs, and slash commands need no content at all.
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.guild_messages = True
    wanted.dm_messages = True
    wanted.message_content = message_content
    return wanted


class CaptionBot(discord.Client):
    """The discord.py client; it hands every event to its adapter."""

    def __init__(self, adapter: DiscordAdapter, message_content: bool = True):
        super().__init__(intents=intents(message_content), allowed_mentions=NO_MENTIONS)
        self.adapter = adapter
        self.tree: app_commands.CommandTree[CaptionBot] = app_commands.CommandTree(self)
        commands.register(self.tree, adapter.answer)
        self.tree.error(adapter.on_command_error)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(CaptionButton)
        guild_id = self.adapter.settings.discord_guild_id
        if guild_id is not None:
            # A guild's commands appear at once; global ones can take a while to propagate.
            guild = discord.Object(guild_id)
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)
        else:
            await self.tree.sync()

    async def on_ready(self) -> None:
        log.info("Discord: serving as %s", self.user)

    async def on_message(self, message: discord.Message) -> None:
        await self.adapter.on_message(message)

    async def on_caption_button(self, interaction: discord.Interaction, payload: str) -> None:
        await self.adapter.on_button(interaction, payload)


class DiscordAdapter:
    def __init__(
        self, settings: Settings, conversation: Conversation, message_content: bool = True
    ):
        if settings.discord_bot_token is None:
            raise ValueError("DISCORD_BOT_TOKEN is not set")
        self.settings = settings
        self.conversation = conversation
        self.bot = CaptionBot(self, message_content)
        self._task: asyncio.Task[None] | None = None
        self.typing_delay_s = TYPING_DELAY_S  # how long a reply may take before "typing…" shows

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        """Log in, sync the commands and connect; returns once the gateway is ready.

        Without the Message Content intent enabled in the developer portal, connect again
        without it: mentions, DMs and commands still work. A bad token raises here.
        """
        try:
            await self._connect()
        except discord.PrivilegedIntentsRequired:
            log.warning(
                "Discord: the Message Content intent is not enabled for this bot; serving "
                "mentions, DMs and slash commands only (auto-captioning cannot see images)"
            )
            await self.stop()
            self.bot = CaptionBot(self, message_content=False)
            await self._connect()

    async def _connect(self) -> None:
        assert self.settings.discord_bot_token is not None
        token = self.settings.discord_bot_token.get_secret_value()
        self._task = asyncio.create_task(self.bot.start(token))
        # Tasks start in order: `start` has made the client's ready event (in `login`'s
        # synchronous first step) before `wait_until_ready` looks for it.
        ready = asyncio.create_task(self.bot.wait_until_ready())
        await asyncio.wait({self._task, ready}, return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():
            ready.cancel()
            self._task.result()  # the connection ended before it was ready: raise why
            raise ConnectionError("Discord closed the connection during start-up")

    async def stop(self) -> None:
        if not self.bot.is_closed():
            await self.bot.close()
        if self._task is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await self._task

    # -- handlers -------------------------------------------------------------------------------

    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if me is None or message.author.bot or message.author.id == me.id:
            return  # other bots (and our own messages) are never an audience
        event = incoming(message, me)
        if event is None:
            return
        typing = Typing(message.channel.typing, every=TYPING_EVERY_S, delay=self.typing_delay_s)
        async with typing:
            replies = await self.conversation.handle(event, on_answering=typing.start)
        await self._send(message, replies)

    async def answer(self, interaction: discord.Interaction, event: IncomingMessage) -> None:
        """A command: acknowledge at once (captions can take longer than Discord's 3 s)."""
        await interaction.response.defer(thinking=True)
        replies = await self.conversation.handle(event)
        await self._follow_up(interaction, replies)

    async def on_button(self, interaction: discord.Interaction, payload: str) -> None:
        await interaction.response.defer(thinking=True)
        press = ActionPress(
            platform=PLATFORM,
            chat_id=chat_key(interaction.channel_id or interaction.user.id),
            user_id=str(interaction.user.id),
            payload=payload,
        )
        replies = await self.conversation.press(press)
        await self._follow_up(interaction, replies)

    async def on_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        log.error("Discord command failed", exc_info=error)
        text = texts.text("chat.failed")
        with contextlib.suppress(discord.HTTPException):
            if interaction.response.is_done():
                await interaction.followup.send(text, allowed_mentions=NO_MENTIONS)
            else:
                await interaction.response.send_message(text, allowed_mentions=NO_MENTIONS)

    # -- output ---------------------------------------------------------------------------------

    async def _send(self, message: discord.Message, replies: list[Reply]) -> None:
        async def send(text: str, first: bool, buttons: discord.ui.View | None) -> discord.Message:
            # discord.py's overloads of send leave out the None its implementation takes (and
            # defaults to) for reference and view.
            return await message.channel.send(
                text,
                # The picture may be deleted by the time the caption is ready; answer anyway.
                reference=message.to_reference(fail_if_not_exists=False) if first else None,  # type: ignore[arg-type]
                mention_author=False,
                allowed_mentions=NO_MENTIONS,
                view=buttons,  # type: ignore[arg-type]
            )

        await self._deliver(replies, send)

    async def _follow_up(self, interaction: discord.Interaction, replies: list[Reply]) -> None:
        async def send(text: str, first: bool, buttons: discord.ui.View | None) -> discord.Message:
            if buttons is None:
                return await interaction.followup.send(
                    text, allowed_mentions=NO_MENTIONS, wait=True
                )
            return await interaction.followup.send(
                text, allowed_mentions=NO_MENTIONS, wait=True, view=buttons
            )

        await self._deliver(replies, send)

    async def _deliver(self, replies: list[Reply], send: Sender) -> None:
        """Each reply in parts under Discord's limit, buttons on the last part, which is the
        message the core is told about (replies to it then target its picture)."""
        for reply in replies:
            parts = chunks(reply.text)
            for index, text in enumerate(parts):
                last = index == len(parts) - 1
                try:
                    sent = await send(text, index == 0, view(reply) if last else None)
                except discord.HTTPException as exc:  # a failed send must not end the adapter
                    log.warning("Discord: sending a reply failed: %s", exc)
                    break
                if last:
                    await self.conversation.sent(reply, str(sent.id))
