"""HTTP requests → the core's boundary types, plus the session cookie that names a chat."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web

from bot.chat import texts
from bot.chat.intake import InboxRecord, NewEvent
from bot.chat.messages import ActionPress, Attachment, IncomingMessage

PLATFORM = "web"
COOKIE = "captionist_session"
# Same-site requests a page of ours makes; "none" is a user typing the URL or a bookmark.
ALLOWED_FETCH_SITES = ("same-origin", "none")


def new_message_id() -> str:
    return uuid.uuid4().hex[:16]


def client_message_id(value: object) -> str | None:
    """The id the page chose for a message, so that sending it again is the same message."""
    if (
        isinstance(value, str)
        and 16 <= len(value) <= 64
        and all(c in "0123456789abcdef" for c in value)
    ):
        return value
    return None


def session_token(request: web.Request) -> str | None:
    token = request.cookies.get(COOKIE, "")
    # Only tokens we could have minted: anything else starts a fresh session.
    if 20 <= len(token) <= 64 and all(c.isalnum() or c in "-_" for c in token):
        return token
    return None


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def chat_key(token: str) -> str:
    """The chat id stored for a session: a hash, so the database never holds the cookie itself."""
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def is_cross_origin(request: web.Request) -> bool:
    """A browser told us the request comes from another site (CSRF): refuse it.

    Clients that send neither header (curl, scripts) are not browsers acting for someone else.
    """
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site not in ALLOWED_FETCH_SITES:
        return True
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    return origin != f"{request.scheme}://{request.host}"


def _bytes_fetcher(data: bytes) -> Callable[[], Awaitable[bytes]]:
    async def fetch() -> bytes:
        return data

    return fetch


def message_event(chat_id: str, fields: Mapping[str, object], message_id: str) -> NewEvent | str:
    """The inbox entry a chat form post makes; a reason string for a malformed one."""
    text = fields.get("text", "")
    if not isinstance(text, str):
        return texts.text("web.text_not_text")
    payload: dict[str, Any] = {"kind": "message", "text": text.strip()}
    blob = None
    upload = fields.get("image")
    if isinstance(upload, web.FileField):
        data = upload.file.read()
        if data:
            blob = data
            payload["file"] = {"name": upload.filename or None, "mime": upload.content_type or None}
    elif upload not in (None, ""):
        return texts.text("web.image_not_file")
    reply_to = fields.get("reply_to")
    payload["reply_to"] = reply_to if isinstance(reply_to, str) and reply_to else None
    payload["language"] = _language(fields.get("language"))
    return NewEvent(PLATFORM, f"message:{message_id}", chat_id, payload, blob=blob)


def press_event(chat_id: str, body: object, event_id: str) -> NewEvent | None:
    if not isinstance(body, dict) or not isinstance(body.get("payload"), str):
        return None
    payload = {
        "kind": "press",
        "payload": body["payload"],
        "language": _language(body.get("language")),
    }
    return NewEvent(PLATFORM, f"press:{event_id}", chat_id, payload)


def _language(value: object) -> str | None:
    """The browser's language tag (navigator.language), when it looks like one."""
    tag = value if isinstance(value, str) else ""
    if 2 <= len(tag) <= 35 and all(c.isascii() and (c.isalnum() or c == "-") for c in tag):
        return tag
    return None


def message_id_of(event: InboxRecord) -> str:
    return event.event_id.partition(":")[2]


def from_event(event: InboxRecord) -> IncomingMessage | ActionPress:
    """The core's view of a stored web event."""
    payload: Mapping[str, Any] = event.payload
    if payload.get("kind") == "press":
        return ActionPress(
            platform=PLATFORM, chat_id=event.chat_key, user_id=event.chat_key,
            payload=str(payload.get("payload", "")), language=payload.get("language"),
        )  # fmt: skip
    attachments: tuple[Attachment, ...] = ()
    if event.blob:
        file = payload.get("file") or {}
        attachments = (
            Attachment(
                fetch=_bytes_fetcher(event.blob),
                name=file.get("name"),
                mime=file.get("mime"),
                size=len(event.blob),
            ),
        )
    return IncomingMessage(
        platform=PLATFORM,
        chat_id=event.chat_key,
        user_id=event.chat_key,
        message_id=message_id_of(event),
        text=str(payload.get("text", "")),
        attachments=attachments,
        reply_to=payload.get("reply_to"),
        addressed=True,
        is_group=False,
        language=payload.get("language"),
    )
