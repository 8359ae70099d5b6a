"""The web chat adapter: an aiohttp server run under our own lifecycle beside other platforms.

Routes: `/` (the page), `/static/*`, `POST /api/messages`, `POST /api/actions`,
`GET /api/history`, `GET /api/images/{id}`. A session cookie names the chat; the server issues
it, signed (see `events`). Requests whose Host header is not ours (loopback, WEB_HOST,
WEB_PUBLIC_HOSTS) are DNS-rebinding pages: they get 421 before anything else happens.

A message is committed to the inbox before it is captioned, under an id the page chose: when the
answer does not come back (a restart), the page sends the same message again, which is answered
once, and finds the answer in the history when it is ready.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from aiohttp import web
from aiohttp.typedefs import Handler

from adapters.status import MISDIRECTED, MISDIRECTED_TEXT, AllowedHosts, misdirected
from adapters.web import events
from adapters.web.render import Outbox, history_json, image_type, notice_json, refused_upload
from bot.captioning.intake import format_mb
from bot.chat import texts
from bot.chat.history import HistoryEntry
from bot.chat.intake import InboxRecord, Intake, NewEvent
from bot.chat.outages import describe, is_outage
from bot.chat.platform import Event, Part
from bot.config import Settings

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
FORM_MARGIN = 64 * 1024  # multipart boundaries and the text field on top of the image
HISTORY_TURNS = 100
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# Request storage for the session token; RequestKey arrived in aiohttp 3.12, a string before.
SESSION_KEY = web.RequestKey("session", str) if hasattr(web, "RequestKey") else "session"


# How soon the page sends a message again that could not be stored (an outage).
RETRY_AFTER_S = 2
# The page has no message size limit; a reply is never this long.
MAX_TEXT = 65536


async def _locked_down(request: web.Request, response: web.StreamResponse) -> None:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


class Chats(Protocol):
    """What the page reads back of a chat (the conversation answers it)."""

    async def history(self, platform: str, chat_id: str, limit: int) -> list[HistoryEntry]: ...

    async def picture(self, platform: str, chat_id: str, image_id: int) -> bytes | None: ...

    # Also read, when there: `model_notice` (str | None), what the page's banner says of the
    # model (the conversation's; a demo model only knows coloured shapes).


class WebAdapter:
    name = events.PLATFORM
    max_text = MAX_TEXT

    def __init__(self, settings: Settings, intake: Intake, chats: Chats) -> None:
        self.settings = settings
        self.events = intake
        self.chats = chats
        # The replies "sent" to requests still waiting for them, by inbox event id.
        self._outbox: dict[str, Outbox] = {}
        self._stopping = asyncio.Event()
        self._accepting = True
        self.max_upload = settings.image_max_bytes + FORM_MARGIN
        self.allowed_hosts = AllowedHosts.of(settings.web_host, settings.web_public_hosts)
        self._refused_hosts: set[str] = set()
        self._session_key = events.session_key(settings)
        self.app = web.Application(
            client_max_size=self.max_upload,
            middlewares=[self._guard],
        )
        # On every response, refusals and aiohttp's own 404s included.
        self.app.on_response_prepare.append(_locked_down)
        self.app.add_routes(
            [
                web.get("/", self._index),
                web.post("/api/messages", self._messages),
                web.post("/api/actions", self._actions),
                web.get("/api/history", self._history),
                web.get("/api/images/{image_id:\\d+}", self._image),
                web.static("/static", STATIC),
            ]
        )
        self._runner: web.AppRunner | None = None
        self.url = f"http://{settings.web_host}:{settings.web_port}"

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen; raises OSError when the address is taken."""
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.web_host, self.settings.web_port)
        try:
            await site.start()
        except OSError:
            await self.stop()
            raise
        # Port 0 picks a free port: report the real one.
        port = self._runner.addresses[0][1]
        self.url = f"http://{self.settings.web_host}:{port}"
        log.info("web chat: serving %s", self.url)

    @property
    def connected(self) -> bool:
        """The chat's page is served (health checks)."""
        return self._runner is not None

    async def stop_intake(self) -> None:
        """Take no new messages: the page sends them again to the next process. Requests still
        waiting are told their message is kept (the page then finds the answer in the history),
        so that none holds the stop up."""
        self._accepting = False
        self._stopping.set()

    async def stop(self) -> None:
        await self.stop_intake()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- middleware -----------------------------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        # What the server itself says (a refused upload, a bad form) in the browser's language;
        # the bot's replies come in the person's, from the pipeline.
        browser = events.accept_language(request.headers.get("Accept-Language"))
        with texts.speaking(texts.locale_of(browser) or self.settings.default_language):
            return await self._guarded(request, handler)

    async def _guarded(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if misdirected(request, self.allowed_hosts, self._refused_hosts):
            if request.path.startswith("/api/"):
                return _error(MISDIRECTED, MISDIRECTED_TEXT)
            return web.Response(status=MISDIRECTED, text=MISDIRECTED_TEXT)
        if request.method == "POST" and events.is_cross_origin(request):
            return _error(403, texts.text("web.cross_site"))
        token = events.session_token(request, self._session_key)
        fresh = token is None
        request[SESSION_KEY] = token or events.new_session_token(self._session_key)
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            if not request.path.startswith("/api/"):
                raise
            response = _error(exc.status, exc.reason)
        if fresh:
            response.set_cookie(
                events.COOKIE,
                request[SESSION_KEY],
                max_age=int(self.settings.chat_max_age_days * 86400),
                httponly=True,
                samesite="Strict",
                path="/",
            )
        return response

    def _chat_id(self, request: web.Request) -> str:
        return events.chat_key(request[SESSION_KEY])

    # -- handlers -------------------------------------------------------------------------------

    async def _index(self, request: web.Request) -> web.StreamResponse:
        return web.FileResponse(STATIC / "index.html")

    async def _messages(self, request: web.Request) -> web.Response:
        limit_mb = format_mb(self.settings.image_max_bytes)  # as every refusal rounds it
        too_big = texts.text("chat.picture_too_big", limit_mb=limit_mb)
        if request.content_length is not None and request.content_length > self.max_upload:
            return _error(413, too_big)
        try:
            fields = await request.post()
        except web.HTTPRequestEntityTooLarge:
            return _error(413, too_big)
        except ValueError:
            return _error(400, texts.text("web.not_a_form"))
        message_id = events.client_message_id(fields.get("id")) or events.new_message_id()
        accepted = events.accept_language(request.headers.get("Accept-Language"))
        event = events.message_event(self._chat_id(request), fields, message_id, accepted)
        if isinstance(event, str):
            return _error(400, event)
        return await self._submit(event, message_id)

    async def _actions(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
        except (ValueError, json.JSONDecodeError):
            return _error(400, texts.text("web.button_not_json"))
        press_id = events.client_message_id(body.get("id") if isinstance(body, dict) else None)
        event = events.press_event(
            self._chat_id(request), body, press_id or events.new_message_id(),
            events.accept_language(request.headers.get("Accept-Language")),
        )  # fmt: skip
        if event is None:
            return _error(400, texts.text("web.button_no_payload"))
        return await self._submit(event, None)

    async def _submit(self, event: NewEvent, message_id: str | None) -> web.Response:
        """Commit the event, then answer with its replies once they are sent."""
        if not self._accepting:
            return _error(503, texts.text("web.restarting"))
        try:
            accepted = await self.events.accept([event], watch=True)
        except Exception as exc:
            if not is_outage(exc):
                raise
            # The database cannot take it now: the page sends it again after Retry-After.
            log.warning("web chat: a message could not be stored now (%s)", describe(exc))
            response = _error(503, texts.text("web.unavailable"))
            response.headers["Retry-After"] = str(RETRY_AFTER_S)
            return response
        kept = web.json_response({"message_id": message_id, "kept": True}, status=202)
        if not accepted.new:
            # Sent again after a restart: it is kept, and answered once; the page finds the
            # answer in the history.
            return kept
        done = accepted.done[event.event_id]
        # Made before the first await: nothing can be sent for the event before it exists.
        outbox = Outbox()
        self._outbox[event.event_id] = outbox
        stopping: asyncio.Future[bool] = asyncio.ensure_future(self._stopping.wait())
        try:
            await asyncio.wait(
                {done, stopping},
                timeout=self.settings.caption_timeout_s,
                return_when=asyncio.FIRST_COMPLETED,
            )
        finally:
            stopping.cancel()
            del self._outbox[event.event_id]
            if not done.done():
                done.cancel()  # nobody waits any more: the dispatcher forgets it now
        if done.cancelled() or not done.result():
            return kept  # still under way, given up, or the bot is stopping: it is kept
        refused = await self._refused(event, message_id, outbox)
        return web.json_response(outbox.answer(message_id, refused))

    async def _refused(self, event: NewEvent, message_id: str | None, outbox: Outbox) -> bool:
        """Whether the message's file was refused. A file no caption answered may still be a
        stored picture (kept for a later caption): only the history tells, read for those
        alone. When it cannot be read now, the answer goes as it is, unmarked."""
        if event.blob is None or outbox.captioned:
            return False
        try:
            entries = await self.chats.history(event.platform, event.chat_key, HISTORY_TURNS)
        except Exception as exc:
            if not is_outage(exc):
                raise
            log.warning("web chat: cannot tell whether an upload was refused (%s)", describe(exc))
            return False
        return refused_upload(entries, message_id)

    # -- the platform, for the core -------------------------------------------------------------

    async def decode(self, records: Sequence[InboxRecord]) -> Event | None:
        return events.from_event(records[0])

    async def send(self, record: InboxRecord, part: Part) -> str:
        """A reply "sent" to the page: kept for the request waiting for it (none after a
        restart: the page then finds it in the history)."""
        reply_id = events.new_message_id()
        outbox = self._outbox.get(record.event_id)
        if outbox is not None:
            outbox.add(part.reply, reply_id, part.text)
        return reply_id

    def typing(self, record: InboxRecord) -> None:
        return None  # the page shows its own "…" until the answer comes

    async def _history(self, request: web.Request) -> web.Response:
        entries = await self.chats.history(events.PLATFORM, self._chat_id(request), HISTORY_TURNS)
        body = {"turns": history_json(entries), "notice": notice_json(self.chats)}
        return web.json_response(body)

    async def _image(self, request: web.Request) -> web.Response:
        image_id = int(request.match_info["image_id"])
        picture = await self.chats.picture(events.PLATFORM, self._chat_id(request), image_id)
        # Another chat's picture is as absent as a deleted one.
        if picture is None:
            return _error(404, texts.text("web.no_such_picture"))
        return web.Response(
            body=picture,
            content_type=image_type(picture),
            headers={"Cache-Control": "private, max-age=3600"},
        )
