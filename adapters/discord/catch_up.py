"""Messages posted while the bot was away, recovered from channel history.

Discord's gateway has no acknowledgement and replays nothing to a new session (RESUME works only
within one). A channel's history does keep the messages: from the last message the inbox
recorded in each channel the bot has seen (DM channels too), every message the adapter would
have taken live is recorded now, as long as it is no older than the window. The inbox keys
messages by id, so one already recorded live is not recorded twice.

A DM channel the bot had never seen before it went away cannot be found: Discord lists no DM
channels to a bot.

A process serving some of the bot's shards reads only the channels of its own guilds, and DMs
only if it serves shard 0 (where Discord sends them).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta

import discord

from adapters.discord.events import MESSAGE, message_event, needs_roles
from adapters.discord.shards import Shards
from bot.chat.intake import NewEvent

log = logging.getLogger(__name__)

HISTORY_LIMIT = 500  # messages read per channel at most: a busy channel's older ones are left

# Commits events (those already there are kept as they are); how many were new.
Commit = Callable[[list[NewEvent]], Awaitable[int]]


async def catch_up(
    client: discord.Client,
    last_seen: Mapping[str, str],
    window: timedelta,
    commit: Commit,
    taking: Callable[[], bool],
    shards: Shards | None = None,
) -> int:
    """Record what each channel in `last_seen` (chat key → newest recorded message's event id)
    received since then, within `window`; returns how many were not recorded yet."""
    me = client.user
    if me is None:
        return 0
    # Snowflakes are timestamps: the window's start is an id to read history after.
    window_start = discord.utils.time_snowflake(discord.utils.utcnow() - window)
    recorded = 0
    for chat, event_id in last_seen.items():
        if not taking():
            break  # stopping: the next start catches up from the same place
        channel = await _channel(client, int(chat), shards)
        if channel is None:
            continue
        after = discord.Object(id=max(int(event_id.removeprefix(MESSAGE)), window_start))
        events: list[NewEvent] = []
        roles: dict[int, list[str]] = {}
        try:
            async for message in channel.history(after=after, limit=HISTORY_LIMIT):
                event = message_event(message, me)
                if event is not None and needs_roles(message):
                    # Role rules must hold for these too: the member is fetched (once per
                    # author). Should that fail, reading stops here: a message whose author's
                    # roles are unknown is not taken (fail closed), and the next catch-up
                    # starts again from it.
                    event = message_event(message, me, await _roles(message, roles))
                if event is not None:
                    events.append(event)
        except discord.HTTPException as exc:
            # No Read Message History here (or no access any more): only live messages count.
            log.info("Discord: cannot read the history of channel %s: %s", chat, exc)
        if events:
            recorded += await commit(events)
    return recorded


async def _roles(message: discord.Message, known: dict[int, list[str]]) -> list[str]:
    """The author's role ids in the message's guild, fetched; none for one who left it."""
    author = message.author.id
    if author not in known:
        assert message.guild is not None
        try:
            member = await message.guild.fetch_member(author)
        except discord.NotFound:
            known[author] = []  # no longer a member: no role of theirs applies
        else:
            known[author] = [str(role.id) for role in member.roles]
    return known[author]


async def _channel(
    client: discord.Client, channel_id: int, shards: Shards | None
) -> discord.abc.Messageable | None:
    """The channel, from the cache or (a DM channel after a restart) from Discord; None for
    one another process's shards receive."""
    channel = client.get_channel(channel_id)
    if channel is None:
        # Our shards' guilds are all cached once READY: this is a DM channel, or a channel of
        # a guild on another process's shard.
        if shards is not None and not shards.has_direct_messages:
            return None
        try:
            channel = await client.fetch_channel(channel_id)
        except discord.HTTPException as exc:  # deleted, or the bot was removed
            log.info("Discord: channel %s is gone: %s", channel_id, exc)
            return None
    guild = getattr(channel, "guild", None)
    if shards is not None and guild is not None and not shards.has_guild(guild.id):
        return None
    return channel if isinstance(channel, discord.abc.Messageable) else None
