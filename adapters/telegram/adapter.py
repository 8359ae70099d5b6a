"""The Telegram adapter: updates committed to the inbox (`intake`), decoded for the core, and
replies sent through a PTB bot with AIORateLimiter, one part at a time.

PTB's Updater is not used: it confirms an update to Telegram as soon as it has queued it,
whatever becomes of it. `intake.Poller` and `intake.WebhookServer` confirm only what is committed.
Messages are sent without a parse mode, so model or user text can never inject markup.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from telegram import Bot, BotCommand, Message, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter, Application

from adapters.telegram.events import (
    OFFICIAL_DOWNLOAD_LIMIT,
    PLATFORM,
    bot_id_of,
    chat_key,
    incoming,
)
from adapters.telegram.intake import (
    ALLOWED_UPDATES,
    Poller,
    WebhookServer,
    derived_webhook_secret,
    topic_of,
)
from adapters.telegram.render import MAX_TEXT, keyboard, reply_parameters
from bot.chat import commands, texts
from bot.chat.intake import InboxRecord, Intake
from bot.chat.messages import ActionPress, is_rating
from bot.chat.platform import Event, Part, Refused, TypingSignal, Unavailable
from bot.chat.typing import TYPING_DELAY_S
from bot.config import Settings

log = logging.getLogger(__name__)

OFFICIAL_API = "https://api.telegram.org/bot"
TYPING_EVERY_S = 4.0  # Telegram shows the action for about five seconds


class TelegramAdapter:
    name = PLATFORM
    max_text = MAX_TEXT

    def __init__(self, settings: Settings, intake: Intake) -> None:
        if settings.telegram_bot_token is None:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")
        self.settings = settings
        token = settings.telegram_bot_token.get_secret_value()
        self.official = settings.telegram_api_url == OFFICIAL_API
        builder = (
            Application.builder()
            .token(token)
            .base_url(settings.telegram_api_url)
            .base_file_url(settings.telegram_file_url)
            .rate_limiter(AIORateLimiter(max_retries=3))
            .local_mode(settings.telegram_local_mode)
            .updater(None)
        )
        self.application = builder.build()
        self.typing_delay_s = TYPING_DELAY_S  # how long a reply may take before "typing…" shows
        # Update ids count per bot: events are keyed by the bot's id too, so that another bot's
        # token on the same database never meets its own old ids.
        bot_id = bot_id_of(token)
        self.intake: Poller | WebhookServer
        if settings.telegram_webhook_url:
            # Always a secret: the setting's, or one derived from the token (the same on every
            # instance sharing it); an update posted without it is refused.
            configured = settings.telegram_webhook_secret
            self.intake = WebhookServer(
                intake,
                bot_id,
                host=settings.telegram_webhook_listen,
                port=settings.telegram_webhook_port,
                secret=(
                    configured.get_secret_value() if configured else derived_webhook_secret(token)
                ),
            )
        else:
            self.intake = Poller(self.application.bot, intake, bot_id)

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        app = self.application
        await app.initialize()
        await set_menus(app.bot)
        await self.intake.start()
        if isinstance(self.intake, WebhookServer):
            if not self.settings.telegram_webhook_secret:
                log.info(
                    "Telegram: TELEGRAM_WEBHOOK_SECRET is unset; the webhook's secret is "
                    "derived from the bot token"
                )
            await app.bot.set_webhook(
                url=self.settings.telegram_webhook_url or "",
                secret_token=self.intake.secret,
                allowed_updates=ALLOWED_UPDATES,
            )
        log.info("Telegram: serving @%s", app.bot.username)

    @property
    def connected(self) -> bool:
        """Taking updates: polling works, or the webhook's server listens (health checks)."""
        if isinstance(self.intake, Poller):
            return self.intake.connected
        return self.intake.listening

    async def stop_intake(self) -> None:
        """Take no more updates; what Telegram has not been told we have, it sends again."""
        await self.intake.stop()

    async def stop(self) -> None:
        await self.stop_intake()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()

    # -- the platform, for the core -------------------------------------------------------------

    async def decode(self, records: Sequence[InboxRecord]) -> Event | None:
        """One update, or an album's updates as one message."""
        bot = self.application.bot
        updates = [Update.de_json(dict(r.payload), bot) for r in records]
        query = updates[0].callback_query
        if query is not None:
            if not is_rating(query.data):
                with contextlib.suppress(TelegramError):
                    await query.answer()  # stop the button's spinner at once; work takes a while
            # A rating is answered with its acknowledgement (`send`, a moment later).
            if query.message is None or not isinstance(query.message, Message):
                return None  # under a message too old for Telegram to show us: nothing to do
            return ActionPress(
                platform=PLATFORM,
                chat_id=chat_key(query.message),
                user_id=str(query.from_user.id),
                payload=query.data or "",
                language=query.from_user.language_code,
            )
        messages = sorted(
            (m for m in (u.message for u in updates) if m is not None and _for_us(m)),
            key=lambda m: m.message_id,
        )
        if not messages:
            return None
        attachments = tuple(a for m in messages for a in incoming(bot, m).attachments)
        # In an album only one part carries the caption (and so the mention).
        texted = next((m for m in messages if m.caption or m.text), messages[0])
        event = incoming(bot, texted, attachments)
        if self.official and any(
            a.size is not None and a.size > OFFICIAL_DOWNLOAD_LIMIT for a in attachments
        ):
            return replace(event, refusal="telegram.too_big")
        return event

    async def send(self, record: InboxRecord, part: Part) -> str:
        query = (record.payload.get("callback_query") or {}).get("id")
        if part.reply.quiet and query:
            # Shown to the presser for a moment, never a chat message. A query gone stale (the
            # bot was away) cannot be answered any more; the press itself is kept all the same.
            try:
                await self.application.bot.answer_callback_query(query, text=part.text[:200])
            except TelegramError as exc:
                log.info("Telegram: could not answer a button press (%s)", exc)
            return f"callback:{query}"
        chat_id, thread = _where(record.payload)
        try:
            sent = await self.application.bot.send_message(
                chat_id,
                part.text,
                message_thread_id=thread,
                reply_parameters=reply_parameters(part.reply) if part.first else None,
                reply_markup=keyboard(part.reply) if part.last else None,
            )
        except (BadRequest, Forbidden) as exc:
            # The chat cannot take this message (blocked, deleted, refused).
            raise Refused(str(exc)) from exc
        except (NetworkError, RetryAfter) as exc:
            # Telegram or the way to it is down, or still limiting us past the rate limiter's
            # own retries: waited out.
            raise Unavailable(str(exc)) from exc
        return str(sent.message_id)

    def typing(self, record: InboxRecord) -> TypingSignal:
        chat_id, thread = _where(record.payload)
        bot = self.application.bot

        async def send() -> object:
            return await bot.send_chat_action(chat_id, ChatAction.TYPING, message_thread_id=thread)

        return TypingSignal(send, TYPING_EVERY_S, self.typing_delay_s)


def _for_us(message: Message) -> bool:
    """Messages of people; not other bots', nor inline results sent via a bot, nor stickers."""
    sender = message.from_user
    if sender is not None and sender.is_bot:
        return False
    return message.via_bot is None and message.sticker is None


def _where(update: Mapping[str, Any]) -> tuple[int, int | None]:
    """The chat an update is answered in, and its forum topic, from the stored update."""
    message = update.get("message") or (update.get("callback_query") or {}).get("message") or {}
    return int(message["chat"]["id"]), topic_of(message)


async def set_menus(bot: Bot) -> None:
    """The command menu in English for everyone, and in each catalogue language for people whose
    app speaks it (Telegram picks by the two-letter code: "pt" for pt-br)."""
    for locale in texts.CATALOGUE:
        menu = [
            BotCommand(c.name, texts.text(c.description, locale=locale)) for c in commands.listed()
        ]
        if locale == texts.DEFAULT_LOCALE:
            await bot.set_my_commands(menu)
        else:
            await bot.set_my_commands(menu, language_code=locale.split("-", 1)[0])
