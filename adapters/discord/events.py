"""Discord events → inbox entries → the core's incoming types. Nothing here decides what a
message means.

An entry holds what answering needs after a restart: ids, the text, who asked, whether it was
addressed to us, the attachments' URLs and metadata (downloaded only when the core uses them)
and, for an interaction, the token its follow-ups are sent with.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any

import discord

from bot.chat.intake import NewEvent
from bot.chat.messages import ActionPress, Attachment, IncomingMessage

PLATFORM = "discord"
MESSAGE = "message:"  # the prefix of a message's event id; an interaction's is "interaction:"
# Discord keeps an interaction's token, and so its follow-ups, for 15 minutes.
TOKEN_LIFETIME = timedelta(minutes=15)

# Downloads an attachment by its URL.
Fetch = Callable[[str], Awaitable[bytes]]


def chat_key(channel_id: int | str) -> str:
    """A channel (or a DM channel, or a thread) is one conversation."""
    return str(channel_id)


def _files(attachments: Iterable[discord.Attachment]) -> list[dict[str, Any]]:
    # Type and size come from Discord's metadata, so the core can refuse before downloading.
    return [
        {
            "url": file.url,
            "filename": file.filename,
            "content_type": file.content_type,
            "size": file.size,
        }
        for file in attachments
    ]


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


def _id(value: int | None) -> str | None:
    return str(value) if value is not None else None


def needs_roles(message: discord.Message) -> bool:
    """A guild message whose author came without their roles (history carries users, not
    members): allow-lists and blocks by role could not judge it."""
    return message.guild is not None and not isinstance(message.author, discord.Member)


def _manages(message: discord.Message) -> bool:
    """Whether the author may manage messages in the channel (group-wide commands need it)."""
    channel, author = message.channel, message.author
    if not isinstance(author, discord.Member) or not hasattr(channel, "permissions_for"):
        return False  # a DM has no managers; history's authors come without permissions
    return bool(channel.permissions_for(author).manage_messages)


def _role_ids(author: discord.abc.User) -> list[str]:
    """The author's roles in the guild (allow-lists and blocks may name a role); none in DMs."""
    if not isinstance(author, discord.Member):
        return []
    return [str(role.id) for role in author.roles]


def message_event(
    message: discord.Message, me: discord.abc.User, role_ids: list[str] | None = None
) -> NewEvent | None:
    """The inbox entry for a channel or DM message; None when it is not for us to pass on.
    `role_ids`: the author's roles when the message does not carry them (read from history)."""
    if message.author.bot or message.author.id == me.id:
        return None  # other bots (and our own messages) are never an audience
    is_group = message.guild is not None
    mentioned = mentions_user(message, me.id)
    referenced = _referenced(message)
    replies_to_us = referenced is not None and referenced.author.id == me.id
    files = _files(message.attachments)
    if not files and mentioned and referenced is not None and not replies_to_us:
        # "@bot" in a reply to someone's picture asks about that picture: caption its images.
        files = _files(referenced.attachments)
    addressed = not is_group or mentioned or replies_to_us
    if is_group and not addressed and not files:
        return None  # group chatter the core would ignore anyway
    payload = {
        "kind": "message",
        "message_id": str(message.id),
        "channel_id": str(message.channel.id),
        "guild_id": _id(message.guild.id if message.guild is not None else None),
        "user_id": str(message.author.id),
        "role_ids": _role_ids(message.author) if role_ids is None else role_ids,
        "manages": _manages(message),
        "text": strip_mention(message.content, me.id),
        "reply_to": _id(message.reference.message_id if message.reference else None),
        "addressed": addressed,
        "is_group": is_group,
        "files": files,
        # Messages carry no user locale; a server's preferred one is the best guess there is.
        "locale": str(message.guild.preferred_locale) if message.guild is not None else None,
    }
    return NewEvent(PLATFORM, f"{MESSAGE}{message.id}", chat_key(message.channel.id), payload)


def interaction_event(
    interaction: discord.Interaction,
    *,
    text: str = "",
    files: Sequence[discord.Attachment] = (),
    message_id: int | None = None,
    about: int | None = None,
    press: str | None = None,
) -> NewEvent:
    """The inbox entry for a command (`text`, `files`) or a button click (`press`); its token
    lets the answer be sent as the interaction's follow-up, even after a restart."""
    channel_id = interaction.channel_id or interaction.user.id
    payload = {
        "kind": "press" if press is not None else "command",
        "interaction_id": str(interaction.id),
        "application_id": str(interaction.application_id),
        "token": interaction.token,
        "channel_id": str(channel_id),
        "guild_id": _id(interaction.guild_id),
        "user_id": str(interaction.user.id),
        "role_ids": _role_ids(interaction.user),
        "manages": bool(interaction.permissions.manage_messages),
        # A context-menu use names the message it was used on: later replies to that picture
        # then target it.
        "message_id": str(message_id if message_id is not None else interaction.id),
        # A context menu used on a message without a picture: that message's picture is meant.
        "reply_to": _id(about),
        "text": text,
        "files": _files(files),
        "press": press,
        "locale": str(interaction.locale),  # the user's own client language
    }
    return NewEvent(PLATFORM, f"interaction:{interaction.id}", chat_key(channel_id), payload)


def _attachments(files: Iterable[Mapping[str, Any]], fetch: Fetch) -> tuple[Attachment, ...]:
    def fetcher(url: str) -> Callable[[], Awaitable[bytes]]:
        async def download() -> bytes:
            return await fetch(url)

        return download

    return tuple(
        Attachment(
            fetch=fetcher(file["url"]),
            name=file.get("filename"),
            mime=file.get("content_type"),
            size=file.get("size"),
            file_ref=file["url"],
        )
        for file in files
    )


def incoming(chat: str, payload: Mapping[str, Any], fetch: Fetch) -> IncomingMessage:
    """The core's view of a stored message or command (commands are always addressed to us)."""
    command = payload["kind"] == "command"
    return IncomingMessage(
        platform=PLATFORM,
        chat_id=chat,
        user_id=payload["user_id"],
        message_id=payload["message_id"],
        text=payload.get("text") or "",
        attachments=_attachments(payload.get("files") or (), fetch),
        reply_to=payload.get("reply_to"),
        addressed=True if command else bool(payload["addressed"]),
        is_group=payload["guild_id"] is not None,
        language=payload.get("locale"),
        guild_id=payload["guild_id"],
        role_ids=tuple(payload.get("role_ids") or ()),
        awaits_answer=command,
        may_manage=_stored_answer(bool(payload.get("manages"))),
    )


def _stored_answer(value: bool) -> Callable[[], Awaitable[bool]]:
    async def answer() -> bool:
        return value

    return answer


def press(chat: str, payload: Mapping[str, Any]) -> ActionPress:
    return ActionPress(
        platform=PLATFORM,
        chat_id=chat,
        user_id=payload["user_id"],
        payload=payload["press"],
        language=payload.get("locale"),
        guild_id=payload["guild_id"],
        role_ids=tuple(payload.get("role_ids") or ()),
    )


def token_expired(payload: Mapping[str, Any]) -> bool:
    """Whether the interaction's follow-ups can no longer be sent (its id says when it began)."""
    began = discord.utils.snowflake_time(int(payload["interaction_id"]))
    return discord.utils.utcnow() >= began + TOKEN_LIFETIME
