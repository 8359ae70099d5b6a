"""HTTP requests → the core's boundary types, plus the session cookie that names a chat.

Sessions are issued by the server only: the cookie is `token.signature`, an HMAC-SHA256 of the
token under the session key (WEB_SESSION_SECRET, or a key kept in `web-session.key` beside the
SQLite file). A value the client made up, or one signed under another key, starts a fresh
session: nobody can pick a session id and share it with a victim (session fixation).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets
import uuid
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from aiohttp import web
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.chat import texts
from bot.chat.intake import InboxRecord, NewEvent
from bot.chat.messages import ActionPress, Attachment, IncomingMessage
from bot.config import Settings

log = logging.getLogger(__name__)

PLATFORM = "web"
COOKIE = "captionist_session"
KEY_FILE = "web-session.key"
KEY_BYTES = 32
_KEY_CONTEXT = b"captionist web session"
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


def _signature(token: str, key: bytes) -> str:
    digest = hmac.new(key, token.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def session_token(request: web.Request, key: bytes) -> str | None:
    """The request's session cookie (`token.signature`) when we issued it under `key`; None
    for a missing, malformed, unsigned or forged one, which then starts a fresh session."""
    value = request.cookies.get(COOKIE, "")
    token, dot, signature = value.partition(".")
    if not (
        dot
        and 32 <= len(token) <= 64
        and all(c.isascii() and (c.isalnum() or c in "-_") for c in token)
        and signature.isascii()
    ):
        return None
    if hmac.compare_digest(signature.encode(), _signature(token, key).encode()):
        return value
    return None


def new_session_token(key: bytes) -> str:
    """A fresh session cookie value, signed under `key`."""
    token = secrets.token_urlsafe(32)
    return f"{token}.{_signature(token, key)}"


def chat_key(session: str) -> str:
    """The chat id stored for a session: a hash of its token part, so the database never holds
    the cookie itself."""
    return hashlib.sha256(session.partition(".")[0].encode()).hexdigest()[:32]


def session_key(settings: Settings) -> bytes:
    """The key that signs session cookies.

    WEB_SESSION_SECRET when set. Otherwise, with a SQLite file, a random key kept beside it in
    `web-session.key` (mode 0600), so that sessions outlive a restart. Otherwise (PostgreSQL,
    an in-memory database, a file that cannot be written) a key of this process only: sessions
    end when it stops and other instances do not accept them.
    """
    secret = settings.web_session_secret.get_secret_value() if settings.web_session_secret else ""
    if secret:
        return hmac.new(secret.encode(), _KEY_CONTEXT, hashlib.sha256).digest()
    database = _sqlite_file(settings.database_url)
    if database is None:
        log.warning(
            "WEB_SESSION_SECRET is unset and the database is not a SQLite file: web chat"
            " sessions are signed with a key of this process only (they end at a restart and"
            " other instances refuse them); set WEB_SESSION_SECRET"
        )
        return secrets.token_bytes(KEY_BYTES)
    if database == "":
        return secrets.token_bytes(KEY_BYTES)  # in memory: its chats end with the process too
    path = Path(database).parent / KEY_FILE
    try:
        return _stored_key(path)
    except OSError as exc:
        log.warning(
            "web chat: cannot keep the session key in %s (%s): sessions end at a restart;"
            " set WEB_SESSION_SECRET",
            path,
            exc,
        )
        return secrets.token_bytes(KEY_BYTES)


def _sqlite_file(url: str) -> str | None:
    """The SQLite database's file path; "" for an in-memory one; None for another database."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database.startswith("file:"):  # a SQLite URI (?uri=true)
        database, _, options = database[len("file:") :].partition("?")
        if "mode=memory" in options:
            return ""
    if parsed.query.get("mode") == "memory":
        return ""
    return "" if database in ("", ":memory:") else database


def _stored_key(path: Path) -> bytes:
    """The key in `path`, made there first (mode 0600) when there is none; a malformed one is
    replaced (which ends every session)."""
    try:
        return _read_key(path)
    except FileNotFoundError:
        _write_key(path, replace=False)
    except ValueError:
        log.warning("web chat: %s is not a session key; replacing it (sessions restart)", path)
        _write_key(path, replace=True)
    return _read_key(path)  # the one that won, when another process made it at the same time


def _read_key(path: Path) -> bytes:
    key = bytes.fromhex(path.read_text(encoding="ascii", errors="replace").strip())
    if len(key) != KEY_BYTES:
        raise ValueError(f"{path}: not a {KEY_BYTES}-byte key")
    return key


def _write_key(path: Path, *, replace: bool) -> None:
    """Write a new random key to `path` whole, or not at all: through a private temporary file,
    linked into place (the first process to get there wins) or, with `replace`, renamed."""
    text = secrets.token_bytes(KEY_BYTES).hex() + "\n"
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    _create(temporary, text)
    try:
        if replace:
            os.replace(temporary, path)
            return
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links: create it in place instead
            _create(path, text)
    finally:
        temporary.unlink(missing_ok=True)


def _create(path: Path, text: str) -> None:
    """Write a new file only its owner can read; nothing when it exists already."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())


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


def message_event(
    chat_id: str, fields: Mapping[str, object], message_id: str, accepted: str | None = None
) -> NewEvent | str:
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
    # The page sends navigator.language; a client without it has its Accept-Language.
    payload["language"] = _language(fields.get("language")) or accepted
    return NewEvent(PLATFORM, f"message:{message_id}", chat_id, payload, blob=blob)


def press_event(
    chat_id: str, body: object, event_id: str, accepted: str | None = None
) -> NewEvent | None:
    if not isinstance(body, dict) or not isinstance(body.get("payload"), str):
        return None
    payload = {
        "kind": "press",
        "payload": body["payload"],
        "language": _language(body.get("language")) or accepted,
    }
    return NewEvent(PLATFORM, f"press:{event_id}", chat_id, payload)


def accept_language(header: str | None) -> str | None:
    """The language a browser prefers most in its Accept-Language header ("de-DE,de;q=0.9"),
    where it names one."""
    best: tuple[float, str] | None = None
    for part in (header or "")[:500].split(","):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        found = _language(tag.strip())
        if found is not None and found != "*" and (best is None or weight > best[0]):
            best = (weight, found)
    return best[1] if best is not None else None


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
