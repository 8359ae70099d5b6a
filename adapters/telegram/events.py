"""Telegram updates → the core's incoming types. Nothing here decides what a message means."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Bot, Message, MessageEntity

from bot.chat.messages import Attachment, IncomingMessage

PLATFORM = "telegram"
# The official Bot API serves bots files up to 20 MB; a local Bot API server lifts that.
OFFICIAL_DOWNLOAD_LIMIT = 20 * 1024 * 1024


def bot_id_of(token: str) -> str:
    """The bot's id, which its token starts with ("123456:ABC…")."""
    return token.split(":", 1)[0]


def chat_key(message: Message) -> str:
    """Forum topics are separate conversations: the thread id is part of the chat."""
    if message.is_topic_message and message.message_thread_id:
        return f"{message.chat_id}:{message.message_thread_id}"
    return str(message.chat_id)


def _fetcher(bot: Bot, file_id: str) -> Callable[[], Awaitable[bytes]]:
    async def fetch() -> bytes:
        file = await bot.get_file(file_id)
        return bytes(await file.download_as_bytearray())

    return fetch


def image_attachments(bot: Bot, message: Message) -> tuple[Attachment, ...]:
    if message.photo:
        largest = message.photo[-1]
        return (
            Attachment(
                fetch=_fetcher(bot, largest.file_id),
                name="photo.jpg",
                mime="image/jpeg",
                size=largest.file_size,
                file_ref=largest.file_id,
            ),
        )
    document = message.document
    if document is not None:
        return (
            Attachment(
                fetch=_fetcher(bot, document.file_id),
                name=document.file_name,
                mime=document.mime_type or "application/octet-stream",
                size=document.file_size,
                file_ref=document.file_id,
            ),
        )
    return ()


def _mentions(message: Message, username: str, bot_id: int) -> bool:
    entities = message.parse_entities() if message.text else message.parse_caption_entities()
    for entity, text in entities.items():
        if entity.type == MessageEntity.MENTION and text[1:].lower() == username.lower():
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id:
            return True
        if entity.type == MessageEntity.BOT_COMMAND and "@" in text:
            return text.split("@", 1)[1].lower() == username.lower()
    return False


def _is_command_for_us(text: str, username: str) -> bool:
    if not text.startswith("/"):
        return False
    head = text.split(maxsplit=1)[0]
    return "@" not in head or head.split("@", 1)[1].lower() == username.lower()


def addressed(message: Message, username: str, bot_id: int) -> bool:
    """Privacy-mode etiquette: in groups act only when spoken to."""
    if message.chat.type == "private":
        return True
    reply = message.reply_to_message
    if reply is not None and reply.from_user is not None and reply.from_user.id == bot_id:
        return True
    text = message.text or message.caption or ""
    return _mentions(message, username, bot_id) or _is_command_for_us(text, username)


ADMIN_STATUSES = ("creator", "administrator")


def _admin_check(bot: Bot, message: Message) -> Callable[[], Awaitable[bool]]:
    """Whether the message's author administers its group: asked of Telegram only when a
    group-wide command needs it."""

    async def check() -> bool:
        if message.sender_chat is not None and message.sender_chat.id == message.chat_id:
            return True  # an anonymous admin, posting as the group itself
        if message.from_user is None:
            return False
        member = await bot.get_chat_member(message.chat_id, message.from_user.id)
        return member.status in ADMIN_STATUSES

    return check


def incoming(
    bot: Bot, message: Message, attachments: tuple[Attachment, ...] | None = None
) -> IncomingMessage:
    username = bot.username or ""
    reply_to = message.reply_to_message
    # A reply inside a forum topic points at the topic's first message when it is no real reply.
    if reply_to is not None and reply_to.message_id == message.message_thread_id:
        reply_to = None
    return IncomingMessage(
        platform=PLATFORM,
        chat_id=chat_key(message),
        user_id=str(message.from_user.id if message.from_user else message.chat_id),
        message_id=str(message.message_id),
        text=message.text or message.caption or "",
        attachments=attachments if attachments is not None else image_attachments(bot, message),
        reply_to=str(reply_to.message_id) if reply_to is not None else None,
        addressed=addressed(message, username, bot.id),
        is_group=message.chat.type != "private",
        language=message.from_user.language_code if message.from_user else None,
        may_manage=_admin_check(bot, message),
    )
