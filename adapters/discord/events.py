"""Discord events → the core's incoming types. Nothing here decides what a message means."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable

import discord

from bot.chat.messages import Attachment, IncomingMessage

PLATFORM = "discord"


def chat_key(channel_id: int) -> str:
    """A channel (or a DM channel, or a thread) is one conversation."""
    return str(channel_id)


def _fetcher(attachment: discord.Attachment) -> Callable[[], Awaitable[bytes]]:
    async def fetch() -> bytes:
        return await attachment.read()

    return fetch


def attachments(files: Iterable[discord.Attachment]) -> tuple[Attachment, ...]:
    """Type and size come from Discord's metadata, so the core can refuse before downloading."""
    return tuple(
        Attachment(
            fetch=_fetcher(file),
            name=file.filename,
            mime=file.content_type,
            size=file.size,
            file_ref=file.url,
        )
        for file in files
    )


def mentions_user(message: discord.Message, user_id: int) -> bool:
    # `mentioned_in` would count @everyone as a mention of the bot; only a direct one counts.
    return user_id in message.raw_mentions


def strip_mention(text: str, user_id: int) -> str:
    return re.sub(rf"<@!?{user_id}>", " ", text).strip()


def _referenced(message: discord.Message) -> discord.Message | None:
    reference = message.reference
    if reference is None or not isinstance(reference.resolved, discord.Message):
        return None
    return reference.resolved


def incoming(message: discord.Message, me: discord.abc.User) -> IncomingMessage | None:
    """The core's view of a channel or DM message; None when it is not for us to pass on."""
    is_group = message.guild is not None
    mentioned = mentions_user(message, me.id)
    referenced = _referenced(message)
    replies_to_us = referenced is not None and referenced.author.id == me.id
    files = attachments(message.attachments)
    if not files and mentioned and referenced is not None and not replies_to_us:
        # "@bot" in a reply to someone's picture asks about that picture: caption its images.
        files = attachments(referenced.attachments)
    addressed = not is_group or mentioned or replies_to_us
    if is_group and not addressed and not files:
        return None  # group chatter the core would ignore anyway
    return IncomingMessage(
        platform=PLATFORM,
        chat_id=chat_key(message.channel.id),
        user_id=str(message.author.id),
        message_id=str(message.id),
        text=strip_mention(message.content, me.id),
        attachments=files,
        reply_to=str(message.reference.message_id)
        if message.reference is not None and message.reference.message_id is not None
        else None,
        addressed=addressed,
        is_group=is_group,
    )


def from_interaction(
    interaction: discord.Interaction,
    text: str = "",
    files: tuple[Attachment, ...] = (),
    message_id: int | None = None,
) -> IncomingMessage:
    """A slash or context-menu command: always addressed to us."""
    channel_id = interaction.channel_id or interaction.user.id
    return IncomingMessage(
        platform=PLATFORM,
        chat_id=chat_key(channel_id),
        user_id=str(interaction.user.id),
        message_id=str(message_id if message_id is not None else interaction.id),
        text=text,
        attachments=files,
        addressed=True,
        is_group=interaction.guild_id is not None,
    )
