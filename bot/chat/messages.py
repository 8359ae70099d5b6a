"""Boundary types between adapters and the core: what arrives, and what the core answers.

Adapters build `IncomingMessage` / `ActionPress` from platform events and render `Reply` natively;
they never decide what a message means.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Attachment:
    """A file on a message; `fetch` downloads it only when the core decides to use it."""

    fetch: Callable[[], Awaitable[bytes]] = field(compare=False, repr=False)
    name: str | None = None
    mime: str | None = None
    size: int | None = None  # bytes, when the platform says so before downloading
    file_ref: str | None = None  # the platform's durable reference (Telegram file_id, ...)

    @property
    def looks_like_image(self) -> bool:
        if self.mime:
            return self.mime.startswith("image/")
        name = (self.name or "").lower()
        return name.endswith((".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff"))


@dataclass(frozen=True)
class IncomingMessage:
    platform: str  # "telegram", "discord", "web", ...
    chat_id: str
    user_id: str
    message_id: str
    text: str = ""
    attachments: tuple[Attachment, ...] = ()
    reply_to: str | None = None  # id of the message this one replies to
    addressed: bool = True  # mentions the bot, replies to it, or is in a private chat
    is_group: bool = False
    # The person's language tag ("fr", "pt-BR") when the platform tells: an LLM answers in it.
    language: str | None = None
    # Where allow-lists and blocks may name the author too: the server (Discord guild) and the
    # author's roles there.
    guild_id: str | None = None
    role_ids: tuple[str, ...] = ()
    # The platform shows the user a pending state until an answer comes (a Discord slash
    # command): a refusal is then given every time, not at most once an hour.
    awaits_answer: bool = False
    # The platform's own refusal of this message, said instead of handling it (Telegram's "too
    # big to download"): its catalogue key, written in the person's language. It passes the
    # operator's gate like any reply.
    refusal: str | None = None
    # Whether the author may manage this group (its admins: Telegram's administrators, Discord's
    # Manage Messages), asked only by group-wide commands such as /forget; None: nobody may.
    may_manage: Callable[[], Awaitable[bool]] | None = field(default=None, compare=False)

    @property
    def images(self) -> tuple[Attachment, ...]:
        return tuple(a for a in self.attachments if a.looks_like_image)


ACTION_AGAIN = "again"
ACTION_STYLE = "style"
# 👍 and 👎 on one caption: the value is the caption's id.
ACTION_UP = "up"
ACTION_DOWN = "down"
ACTIONS = (ACTION_AGAIN, ACTION_STYLE, ACTION_UP, ACTION_DOWN)
# What a button's payload may be: Discord's custom ids hold 100 characters (Telegram's callback
# data 64 bytes), and image ids are the database's 32-bit integer keys.
MAX_PAYLOAD = 100
MAX_IMAGE_ID = 2**31 - 1


@dataclass(frozen=True)
class Action:
    """An abstract button. `payload` fits Telegram's 64-byte callback data and Discord custom ids,
    and names the image it acts on, so a button still works after a restart."""

    kind: str  # one of ACTIONS
    label: str
    image_id: int
    value: str = ""  # the style name for ACTION_STYLE, the caption's id for a rating

    @property
    def payload(self) -> str:
        return f"cap:{self.kind}:{self.image_id}:{self.value}"

    @staticmethod
    def parse(payload: str) -> tuple[str, int, str] | None:
        """(kind, image_id, value) of a payload this core made; None for anything else, never an
        exception: a platform hands on whatever a client sent. What it accepts is exactly what
        `payload` makes: an id in ASCII digits without leading zeros, within the database's
        integer key, and no more than a platform's button data can hold."""
        if len(payload) > MAX_PAYLOAD:
            return None
        parts = payload.split(":", 3)
        if len(parts) != 4 or parts[0] != "cap" or parts[1] not in ACTIONS:
            return None
        image_id = _key(parts[2])
        if image_id is None:
            return None
        if parts[1] in (ACTION_UP, ACTION_DOWN) and _key(parts[3]) is None:
            return None  # a rating names its caption
        return parts[1], image_id, parts[3]


def is_rating(payload: str | None) -> bool:
    """A 👍 or 👎 press: platforms acknowledge it to the presser alone (bot.chat.feedback)."""
    parsed = Action.parse(payload or "")
    return parsed is not None and parsed[0] in (ACTION_UP, ACTION_DOWN)


def _key(digits: str) -> int | None:
    """A database key written as `payload` writes it, else None."""
    # str.isdigit() is true of "²" and "٣", which int() refuses or reads as another number.
    if not 0 < len(digits) <= len(str(MAX_IMAGE_ID)) or digits.strip("0123456789"):
        return None
    if (digits.startswith("0") and digits != "0") or int(digits) > MAX_IMAGE_ID:
        return None
    return int(digits)


@dataclass(frozen=True)
class ActionPress:
    """A user pressed one of the core's buttons."""

    platform: str
    chat_id: str
    user_id: str  # who pressed: in a group, not necessarily who sent the picture
    payload: str
    language: str | None = None  # as IncomingMessage.language
    guild_id: str | None = None  # as on IncomingMessage
    role_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reply:
    text: str
    reply_to: str | None = None  # message id to reply to
    actions: tuple[Action, ...] = ()
    # Captions this reply carries: the sent message's id is recorded with them when the event is
    # marked done, so that a later reply to that message targets the right image.
    caption_ids: tuple[int, ...] = ()
    # An acknowledgement of a button only the presser sees, never a chat message: Telegram's
    # callback answer, Discord's ephemeral reply, the web page's passing note.
    quiet: bool = False


def split_text(text: str, limit: int) -> list[str]:
    """Parts of at most `limit` characters, cut at line breaks where possible; never an empty
    part, since chat platforms refuse empty messages."""
    parts: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > 0 else limit
        parts.append(text[:cut])
        text = text[cut:].lstrip("\n")
    parts.append(text or "…")
    return parts
