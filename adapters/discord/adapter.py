"""The Discord adapter: a discord.py client run under our own lifecycle beside other platforms.

Messages and interactions are committed to the inbox on receipt (an interaction is deferred
first: Discord wants an acknowledgement within 3 s), then handled from it one at a time per
channel. Replies are sent by ids alone (channel, message, interaction token), so an event
recorded before a restart is answered after it. The gateway replays nothing after a restart:
on READY, channel history brings back what was posted meanwhile (see `catch_up`).

Every message is sent with no allowed mentions, so model or user text can never ping anyone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import aiohttp
import discord
from discord import app_commands

from adapters.discord import commands, events
from adapters.discord.catch_up import catch_up
from adapters.discord.events import MESSAGE, PLATFORM
from adapters.discord.render import MAX_TEXT, NO_MENTIONS, view
from adapters.discord.shards import Shards, parse_shards
from adapters.discord.translation import CatalogueTranslator
from adapters.discord.views import CaptionButton
from bot.chat import texts
from bot.chat.intake import InboxRecord, Intake, NewEvent
from bot.chat.messages import is_rating
from bot.chat.outages import Outage, is_outage
from bot.chat.platform import Event, Part, Refused, TypingSignal, Unavailable
from bot.chat.typing import TYPING_DELAY_S
from bot.config import Settings

log = logging.getLogger(__name__)

# Events held in memory while the database cannot take them.
HELD_LIMIT = 1000
TYPING_EVERY_S = 5.0  # Discord shows "typing…" for ten seconds; discord.py renews it every five


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

    def __init__(self, adapter: DiscordAdapter, message_content: bool = True, **options: Any):
        super().__init__(intents=intents(message_content), allowed_mentions=NO_MENTIONS, **options)
        self.adapter = adapter
        self.tree: app_commands.CommandTree[CaptionBot] = app_commands.CommandTree(self)
        commands.register(self.tree, adapter.answer)
        self.tree.error(adapter.on_command_error)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(CaptionButton)
        await self.tree.set_translator(CatalogueTranslator())
        shards = self.adapter.shards
        if shards is not None and not shards.has_direct_messages:
            return  # the process serving shard 0 syncs the commands, once for all
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
        await self.adapter.catch_up()

    async def on_message(self, message: discord.Message) -> None:
        await self.adapter.on_message(message)

    async def on_caption_button(self, interaction: discord.Interaction, payload: str) -> None:
        await self.adapter.on_button(interaction, payload)


class ShardedCaptionBot(CaptionBot, discord.AutoShardedClient):
    """The client of one process of several: it connects only its own shards."""


class DiscordAdapter:
    name = PLATFORM
    max_text = MAX_TEXT

    def __init__(self, settings: Settings, intake: Intake, message_content: bool = True) -> None:
        if settings.discord_bot_token is None:
            raise ValueError("DISCORD_BOT_TOKEN is not set")
        self.settings = settings
        self.events = intake
        self.shards: Shards | None = parse_shards(
            settings.discord_shard_count, settings.discord_shard_ids
        )
        self.bot = self._client(message_content)
        self._task: asyncio.Task[None] | None = None
        self.typing_delay_s = TYPING_DELAY_S  # how long a reply may take before "typing…" shows
        self._taking = True
        self._catching_up = False
        # Events the database could not take (an outage), committed once it can; past the bound
        # they are left to the catch-up from channel history at the next connection.
        self._held: list[NewEvent] = []
        self._storing = Outage("the database (Discord events)")
        self._flusher: asyncio.Task[None] | None = None

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
            await self._close()
            self.bot = self._client(message_content=False)
            await self._connect()

    def _client(self, message_content: bool) -> CaptionBot:
        if self.shards is None:
            return CaptionBot(self, message_content)
        return ShardedCaptionBot(
            self, message_content, shard_count=self.shards.count, shard_ids=list(self.shards.ids)
        )

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

    @property
    def connected(self) -> bool:
        """The gateway session is up (health checks)."""
        return self.bot.is_ready() and not self.bot.is_closed()

    async def stop_intake(self) -> None:
        """Take no more messages: those posted from now on are read from history on the next
        start. Interactions are still taken until the client closes: Discord keeps nothing of
        them, and one recorded now is answered after the restart (its token lasts 15 minutes)."""
        self._taking = False

    async def stop(self) -> None:
        self._taking = False
        flusher, self._flusher = self._flusher, None
        if flusher is not None:
            flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await flusher
        await self._close()

    async def _close(self) -> None:
        if not self.bot.is_closed():
            await self.bot.close()
        if self._task is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await self._task

    # -- intake: into the inbox -----------------------------------------------------------------

    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if not self._taking or me is None:
            return
        event = events.message_event(message, me)
        if event is not None:
            await self._commit([event])

    async def answer(
        self,
        interaction: discord.Interaction,
        text: str,
        files: Sequence[discord.Attachment] = (),
        message_id: int | None = None,
        about: int | None = None,
    ) -> None:
        """A command: acknowledge at once (captions can take longer than Discord's 3 s)."""
        await interaction.response.defer(thinking=True)
        event = events.interaction_event(
            interaction, text=text, files=files, message_id=message_id, about=about
        )
        await self._commit([event])

    async def on_button(self, interaction: discord.Interaction, payload: str) -> None:
        # A rating's acknowledgement is for the presser alone.
        await interaction.response.defer(thinking=True, ephemeral=is_rating(payload))
        await self._commit([events.interaction_event(interaction, press=payload)])

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

    async def catch_up(self) -> None:
        """Record what was posted while the bot was away. On every READY: a later one means
        Discord could not resume the session, and what happened in between was not replayed."""
        window = timedelta(minutes=self.settings.discord_catch_up_minutes)
        if not window or self._catching_up or not self._taking:
            return
        self._catching_up = True
        try:
            last_seen = await self.events.resume_points(PLATFORM, MESSAGE)
            recorded = await catch_up(
                self.bot, last_seen, window, self._commit, self._still_taking, self.shards
            )
            if recorded:
                log.info("Discord: %d message(s) posted while away, from history", recorded)
        except Exception:
            if self._taking:  # while stopping, the next start catches up from the same place
                log.exception("Discord: could not catch up from channel history")
        finally:
            self._catching_up = False

    def _still_taking(self) -> bool:
        return self._taking

    async def _commit(self, new: list[NewEvent]) -> int:
        """Commit (the chats are woken then); how many were not there yet. While the database
        cannot take them, they are held here (up to HELD_LIMIT) and committed once it can."""
        try:
            return len((await self.events.accept(new)).new)
        except Exception as exc:
            if not is_outage(exc):
                raise
            room = max(HELD_LIMIT - len(self._held), 0)
            self._held += new[:room]
            if len(new) > room:
                log.warning(
                    "Discord: %d event(s) past the %d held while the database is away; the"
                    " catch-up reads them back", len(new) - room, HELD_LIMIT,
                )  # fmt: skip
            delay = self._storing.failed(exc)
            if self._flusher is None or self._flusher.done():
                self._flusher = asyncio.create_task(self._flush(delay), name="discord-held")
            return 0

    async def _flush(self, delay: float) -> None:
        """Commit what was held, in order, once the database takes it."""
        while self._held:
            await asyncio.sleep(delay)
            batch = list(self._held)
            try:
                await self.events.accept(batch)
            except Exception as exc:
                if not is_outage(exc):
                    log.exception("Discord: could not store %d held event(s)", len(batch))
                    del self._held[: len(batch)]
                    return
                delay = self._storing.failed(exc)
                continue
            del self._held[: len(batch)]
            self._storing.ok()

    # -- the platform, for the core -------------------------------------------------------------

    async def decode(self, records: Sequence[InboxRecord]) -> Event | None:
        [record] = records  # Discord events are never grouped
        payload = record.payload
        kind = payload.get("kind")
        if kind in ("command", "press") and events.token_expired(payload):
            log.warning("Discord: interaction %s is too old to answer; skipped",
                        payload["interaction_id"])  # fmt: skip
            return None
        if kind == "press":
            return events.press(record.chat_key, payload)
        if kind in ("message", "command"):
            return events.incoming(record.chat_key, payload, self._download)
        log.warning("Discord: an inbox event of unknown kind %r is skipped", kind)
        return None

    async def send(self, record: InboxRecord, part: Part) -> str:
        """A message's answer goes to its channel (the first part replying to it); a command's
        or a button's to the interaction's follow-up webhook, from its ids alone: it outlives
        this process."""
        payload = record.payload
        extra: dict[str, Any] = {}
        buttons = view(part.reply) if part.last else None
        if buttons is not None:
            extra["view"] = buttons
        try:
            if payload["kind"] == "message":
                if part.first:
                    # The picture may be deleted by the time the caption is ready: answer anyway.
                    extra["reference"] = discord.MessageReference(
                        message_id=int(payload["message_id"]),
                        channel_id=int(payload["channel_id"]),
                        guild_id=_int(payload["guild_id"]),
                        fail_if_not_exists=False,
                    )
                sent = await self._channel(payload).send(
                    part.text, mention_author=False, allowed_mentions=NO_MENTIONS, **extra
                )
            else:
                followup = discord.Webhook.partial(
                    int(payload["application_id"]), payload["token"], client=self.bot
                )
                # A quiet reply (a rating's) stays with the presser: its interaction was deferred
                # as ephemeral (`on_button`), and the follow-up that ends "thinking…" inherits it.
                sent = await followup.send(
                    part.text, allowed_mentions=NO_MENTIONS, wait=True, **extra
                )
        except discord.HTTPException as exc:
            # Judged by status, not class: DiscordServerError is only what discord.py raises
            # after its own retries.
            if exc.status >= 500 or exc.status == 429:
                raise Unavailable(str(exc)) from exc  # Discord's own trouble: waited out
            # No access any more, the message or the interaction's token gone.
            raise Refused(str(exc)) from exc
        except (aiohttp.ClientError, OSError) as exc:
            raise Unavailable(str(exc)) from exc  # the way to Discord is down
        return str(sent.id)

    def typing(self, record: InboxRecord) -> TypingSignal | None:
        if record.payload.get("kind") != "message":
            return None  # an interaction shows "thinking…" since it was deferred
        channel = self._channel(record.payload)
        return TypingSignal(channel.typing, TYPING_EVERY_S, self.typing_delay_s)

    def _channel(self, payload: dict[str, Any]) -> discord.abc.Messageable:
        channel_id = int(payload["channel_id"])
        channel = self.bot.get_channel(channel_id)
        if isinstance(channel, discord.abc.Messageable):
            return channel
        # Not cached (a DM channel after a restart): sending needs only its id.
        return self.bot.get_partial_messageable(channel_id, guild_id=_int(payload["guild_id"]))

    async def _download(self, url: str) -> bytes:
        return await self.bot.http.get_from_cdn(url)


def _int(value: str | None) -> int | None:
    return int(value) if value is not None else None
