"""The Telegram adapter: updates committed to the inbox, then handled from it, one at a time per
chat; replies sent through a PTB bot with AIORateLimiter.

PTB's Updater is not used: it confirms an update to Telegram as soon as it has queued it,
whatever becomes of it. `intake.Poller` and `intake.WebhookServer` confirm only what is committed.
Messages are sent without a parse mode, so model or user text can never inject markup.
"""

from __future__ import annotations

import contextlib
import logging

from telegram import BotCommand, CallbackQuery, Message, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import AIORateLimiter, Application

from adapters.telegram.events import OFFICIAL_DOWNLOAD_LIMIT, PLATFORM, chat_key, incoming
from adapters.telegram.intake import ALLOWED_UPDATES, Poller, WebhookServer
from adapters.telegram.render import chunks, keyboard, reply_parameters
from adapters.typing_indicator import TYPING_DELAY_S, Typing
from bot.chat import commands, texts
from bot.chat.conversation import Conversation
from bot.chat.dispatcher import Delivered, Dispatcher
from bot.chat.leasing import ensure_held
from bot.chat.messages import ActionPress, Reply
from bot.config import Settings
from storage import InboxRecord

log = logging.getLogger(__name__)

OFFICIAL_API = "https://api.telegram.org/bot"
TYPING_EVERY_S = 4.0  # Telegram shows the action for about five seconds


class TelegramAdapter:
    platform = PLATFORM

    def __init__(self, settings: Settings, conversation: Conversation, dispatcher: Dispatcher):
        if settings.telegram_bot_token is None:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")
        self.settings = settings
        self.conversation = conversation
        self.dispatcher = dispatcher
        self.official = settings.telegram_api_url == OFFICIAL_API
        builder = (
            Application.builder()
            .token(settings.telegram_bot_token.get_secret_value())
            .base_url(settings.telegram_api_url)
            .base_file_url(settings.telegram_file_url)
            .rate_limiter(AIORateLimiter(max_retries=3))
            .local_mode(settings.telegram_local_mode)
            .updater(None)
        )
        self.application = builder.build()
        self.typing_delay_s = TYPING_DELAY_S  # how long a reply may take before "typing…" shows
        self.intake: Poller | WebhookServer
        if settings.telegram_webhook_url:
            secret = settings.telegram_webhook_secret
            self.intake = WebhookServer(
                dispatcher.inbox,
                dispatcher.wake,
                host=settings.telegram_webhook_listen,
                port=settings.telegram_webhook_port,
                secret=secret.get_secret_value() if secret else None,
            )
        else:
            self.intake = Poller(self.application.bot, dispatcher.inbox, dispatcher.wake)
        dispatcher.register(PLATFORM, self.handle_events)

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        app = self.application
        await app.initialize()
        await app.bot.set_my_commands(
            [BotCommand(c.name, texts.text(c.description)) for c in commands.listed()]
        )
        await self.intake.start()
        if isinstance(self.intake, WebhookServer):
            secret = self.settings.telegram_webhook_secret
            await app.bot.set_webhook(
                url=self.settings.telegram_webhook_url or "",
                secret_token=secret.get_secret_value() if secret else None,
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

    # -- handling from the inbox ----------------------------------------------------------------

    async def handle_events(self, events: list[InboxRecord]) -> Delivered:
        """Answer one update, or an album's updates together; says what was sent."""
        bot = self.application.bot
        updates = [Update.de_json(dict(e.payload), bot) for e in events]
        query = updates[0].callback_query
        if query is not None:
            return await self._on_button(query)
        messages = sorted(
            (m for m in (u.message for u in updates) if m is not None and _for_us(m)),
            key=lambda m: m.message_id,
        )
        if not messages:
            return Delivered()
        return await self._handle(messages[0], messages)

    async def _handle(self, first: Message, parts: list[Message]) -> Delivered:
        bot = self.application.bot
        attachments = tuple(a for m in parts for a in incoming(bot, m).attachments)
        # In an album only one part carries the caption (and so the mention).
        texted = next((m for m in parts if m.caption or m.text), first)
        event = incoming(bot, texted, attachments)
        if not event.addressed and event.is_group and not event.attachments:
            return Delivered()
        if self.official and any(
            a.size is not None and a.size > OFFICIAL_DOWNLOAD_LIMIT for a in attachments
        ):
            if not event.addressed:
                return Delivered()
            too_big = texts.text("telegram.too_big")
            return await self._send(first, [Reply(too_big, reply_to=event.message_id)])
        async with self._typing(first) as typing:
            replies = await self.conversation.handle(event, on_answering=typing.start)
        return await self._send(first, replies)

    async def _on_button(self, query: CallbackQuery) -> Delivered:
        if query.message is None or not isinstance(query.message, Message):
            return Delivered()
        with contextlib.suppress(TelegramError):
            await query.answer()  # stop the button's spinner at once; work takes a while
        message = query.message
        press = ActionPress(
            platform=PLATFORM,
            chat_id=chat_key(message),
            user_id=str(query.from_user.id),
            payload=query.data or "",
            language=query.from_user.language_code,
        )
        async with self._typing(message) as typing:
            replies = await self.conversation.press(press, on_answering=typing.start)
        return await self._send(message, replies)

    # -- output ---------------------------------------------------------------------------------

    def _typing(self, message: Message) -> Typing:
        bot = self.application.bot

        async def send() -> object:
            return await bot.send_chat_action(
                message.chat_id, ChatAction.TYPING, message_thread_id=_thread(message)
            )

        return Typing(send, every=TYPING_EVERY_S, delay=self.typing_delay_s)

    async def _send(self, message: Message, replies: list[Reply]) -> Delivered:
        """Send the replies in order; what was sent."""
        bot = self.application.bot
        sent_ids: list[str] = []
        captions: dict[int, str] = {}
        for reply in replies:
            parts = chunks(reply.text)
            for index, text in enumerate(parts):
                last = index == len(parts) - 1
                # Several instances: the chat may have gone to another one while this reply was
                # made; it answers, this one must not.
                ensure_held()
                try:
                    sent = await bot.send_message(
                        message.chat_id,
                        text,
                        message_thread_id=_thread(message),
                        reply_parameters=reply_parameters(reply) if index == 0 else None,
                        reply_markup=keyboard(reply) if last else None,
                    )
                except (BadRequest, Forbidden) as exc:
                    # The chat cannot take this message (blocked, deleted, refused): trying the
                    # event again would not change that.
                    log.warning("Telegram: chat %s refused a reply: %s", message.chat_id, exc)
                    return Delivered(tuple(sent_ids), captions)
                except TelegramError as exc:
                    if not sent_ids:
                        # Nothing went out: the event stays unfinished and the dispatcher tries
                        # it again.
                        raise
                    # Part of the answer went out: trying again would answer twice.
                    log.warning("Telegram: the rest of a reply to chat %s failed: %s",
                                message.chat_id, exc)  # fmt: skip
                    return Delivered(tuple(sent_ids), captions)
                sent_ids.append(str(sent.message_id))
                if last:
                    captions.update(dict.fromkeys(reply.caption_ids, str(sent.message_id)))
        return Delivered(tuple(sent_ids), captions)


def _for_us(message: Message) -> bool:
    """Messages of people; not other bots', nor inline results sent via a bot, nor stickers."""
    sender = message.from_user
    if sender is not None and sender.is_bot:
        return False
    return message.via_bot is None and message.sticker is None


def _thread(message: Message) -> int | None:
    return message.message_thread_id if message.is_topic_message else None
