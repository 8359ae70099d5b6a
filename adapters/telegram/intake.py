"""Telegram updates into the inbox before Telegram is told they arrived.

Polling: `getUpdates(offset=N)` confirms every update below N, so the offset moves on only after
the batch is committed. A crash between the commit and the next call makes Telegram send the
batch again, and the inbox stores each update once. Webhook: Telegram redelivers until it gets a
2xx, so the route answers 200 only after the commit, and only to a request that carries the
webhook's secret: without it anyone who reaches the port could post an update in any user's name
(an admin's, say). An update is keyed by the bot's id and its update id: update ids count per
bot, so another bot's token on the same database is never taken for a redelivery.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
from collections.abc import Mapping
from typing import Any

from aiohttp import web
from telegram import Bot
from telegram.error import Forbidden, InvalidToken, NetworkError, TelegramError

from adapters.telegram.events import PLATFORM
from bot.chat.intake import Intake, NewEvent
from bot.chat.outages import Outage, is_outage

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]
POLL_TIMEOUT_S = 10  # long polling: Telegram answers at once when there is something
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Changing the label changes every derived secret: instances of two versions sharing a token
# would refuse each other's webhook until it is set again.
DERIVED_SECRET_LABEL = b"captionist telegram webhook secret"


def derived_webhook_secret(token: str) -> str:
    """The webhook secret when TELEGRAM_WEBHOOK_SECRET is unset: HMAC-SHA256 keyed by the bot
    token over a fixed label, in hex (64 characters, within Telegram's secret_token alphabet
    A-Z a-z 0-9 _ - and its 256-character limit). Every instance with the token agrees on it
    with no setting; without the token it cannot be guessed, and it does not reveal the token."""
    return hmac.new(token.encode(), DERIVED_SECRET_LABEL, hashlib.sha256).hexdigest()


def topic_of(message: Mapping[str, Any]) -> int | None:
    """The forum topic a raw message is in (a reply there goes to the same topic)."""
    thread = message.get("message_thread_id")
    return thread if message.get("is_topic_message") and thread else None


def chat_key_of(message: Mapping[str, Any]) -> str:
    """The conversation a raw message belongs to; forum topics are separate conversations (as
    `events.chat_key` says of a parsed message)."""
    chat_id, topic = message["chat"]["id"], topic_of(message)
    return f"{chat_id}:{topic}" if topic is not None else str(chat_id)


def inbox_event(update: Mapping[str, Any], bot_id: str) -> NewEvent | None:
    """The inbox entry for a raw update to bot `bot_id`; None for one with no chat to answer in."""
    message = update.get("message")
    if message is None:
        query = update.get("callback_query") or {}
        message = query.get("message")
        group = None
    else:
        group = message.get("media_group_id")
    if not isinstance(message, Mapping) or "chat" not in message:
        return None
    chat = chat_key_of(message)
    return NewEvent(
        platform=PLATFORM,
        event_id=f"{bot_id}:{update['update_id']}",
        chat_key=chat,
        payload=dict(update),
        group_key=f"album:{group}" if group else None,
    )


async def commit(intake: Intake, bot_id: str, updates: list[Mapping[str, Any]]) -> None:
    """Commit updates in order (their chats are woken then)."""
    events = [e for e in (inbox_event(u, bot_id) for u in updates) if e is not None]
    await intake.accept(events)


class Poller:
    """Long polling that confirms an offset only after its updates are committed."""

    def __init__(
        self, bot: Bot, intake: Intake, bot_id: str, timeout: int = POLL_TIMEOUT_S
    ) -> None:
        self.bot = bot
        self.events = intake
        self.bot_id = bot_id
        self.storing = Outage("the database (Telegram updates)")
        self.timeout = timeout
        self.offset: int | None = None
        self._task: asyncio.Task[None] | None = None
        self.failing = False  # the last getUpdates failed (health checks)

    async def start(self) -> None:
        # Polling and a webhook exclude each other: Telegram refuses getUpdates while one is set.
        await self.bot.delete_webhook()
        self._task = asyncio.create_task(self._run(), name="telegram-poller")

    @property
    def connected(self) -> bool:
        return self._task is not None and not self._task.done() and not self.failing

    async def stop(self) -> None:
        """Stop asking; updates fetched but not committed are not confirmed and come again."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        delay = 1.0
        while True:
            try:
                updates = await self.bot.get_updates(
                    offset=self.offset,
                    timeout=self.timeout,
                    allowed_updates=ALLOWED_UPDATES,
                    read_timeout=self.timeout + 10,
                )
            except (InvalidToken, Forbidden) as exc:
                self.failing = True
                log.error("Telegram: polling stopped: %s", exc)
                return
            except (NetworkError, TelegramError) as exc:
                self.failing = True
                log.warning("Telegram: getUpdates failed (%s); trying again in %.0fs", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)
                continue
            delay = 1.0
            self.failing = False
            if not updates:
                continue
            try:
                await commit(self.events, self.bot_id, [u.to_dict() for u in updates])
            except Exception as exc:
                # Not confirmed: the same updates come back with the next getUpdates, once the
                # database takes them again (waited out with back-off, logged once a minute).
                if is_outage(exc):
                    await asyncio.sleep(self.storing.failed(exc))
                else:
                    log.exception("Telegram: could not store %d update(s); again", len(updates))
                    await asyncio.sleep(delay)
                continue
            self.storing.ok()
            self.offset = updates[-1].update_id + 1


class WebhookServer:
    """Telegram's webhook on our own route: 200 only once the update is committed; 403 to any
    request without `secret` in its secret-token header (there is no unchecked mode)."""

    def __init__(
        self,
        intake: Intake,
        bot_id: str,
        *,
        host: str,
        port: int,
        secret: str,
        path: str = "/telegram",
    ) -> None:
        if not secret:
            raise ValueError("a webhook needs a secret")
        self.events = intake
        self.bot_id = bot_id
        self.host = host
        self.port = port
        self.secret = secret
        self.path = path
        self._runner: web.AppRunner | None = None
        self.storing = Outage("the database (Telegram webhook)")

    async def start(self) -> None:
        app = web.Application(client_max_size=1024 * 1024)
        app.router.add_post(self.path, self._receive)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        try:
            await site.start()
        except OSError:
            await self.stop()
            raise
        self.port = self._runner.addresses[0][1]

    @property
    def listening(self) -> bool:
        return self._runner is not None

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            return web.Response(status=403)
        try:
            update = await request.json()
            if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
                raise ValueError("not an update")
        except ValueError:
            return web.Response(status=400)
        try:
            await commit(self.events, self.bot_id, [update])
        except Exception as exc:
            # Not 200: Telegram sends it again later.
            if is_outage(exc):
                self.storing.failed(exc)
                return web.Response(status=503)
            log.exception("Telegram: could not store update %s; Telegram will send it again",
                          update.get("update_id"))  # fmt: skip
            return web.Response(status=500)
        self.storing.ok()
        return web.Response(status=200)
