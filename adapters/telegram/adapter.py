"""The Telegram adapter: a PTB Application run under our own lifecycle beside other platforms.

Messages are sent without a parse mode, so model or user text can never inject markup.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import BotCommand, CallbackQuery, Message, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from adapters.telegram.events import OFFICIAL_DOWNLOAD_LIMIT, PLATFORM, chat_key, incoming
from adapters.telegram.render import chunks, keyboard, reply_parameters
from adapters.typing_indicator import TYPING_DELAY_S, Typing
from bot.chat import commands, texts
from bot.chat.conversation import Conversation
from bot.chat.messages import ActionPress, Reply
from bot.config import Settings

log = logging.getLogger(__name__)

OFFICIAL_API = "https://api.telegram.org/bot"
ALBUM_WAIT_S = 0.8  # Telegram delivers an album as separate updates within a moment
TYPING_EVERY_S = 4.0  # Telegram shows the action for about five seconds


class TelegramAdapter:
    def __init__(self, settings: Settings, conversation: Conversation):
        if settings.telegram_bot_token is None:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")
        self.settings = settings
        self.conversation = conversation
        self.official = settings.telegram_api_url == OFFICIAL_API
        builder = (
            Application.builder()
            .token(settings.telegram_bot_token.get_secret_value())
            .base_url(settings.telegram_api_url)
            .base_file_url(settings.telegram_file_url)
            .rate_limiter(AIORateLimiter(max_retries=3))
            .local_mode(settings.telegram_local_mode)
            .concurrent_updates(True)  # the core keeps each chat in order
        )
        self.application = builder.build()
        self.application.add_handler(
            MessageHandler(
                filters.UpdateType.MESSAGE & ~filters.VIA_BOT & ~filters.Sticker.ALL,
                self._on_message,
            )
        )
        self.application.add_handler(CallbackQueryHandler(self._on_button))
        self.application.add_error_handler(self._on_error)
        self._albums: dict[str, list[Message]] = {}
        self._album_tasks: dict[str, asyncio.Task[None]] = {}
        self.typing_delay_s = TYPING_DELAY_S  # how long a reply may take before "typing…" shows

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        app = self.application
        await app.initialize()
        await app.bot.set_my_commands(
            [BotCommand(c.name, texts.text(c.description)) for c in commands.listed()]
        )
        await app.start()
        assert app.updater is not None  # the builder makes one unless told not to
        if self.settings.telegram_webhook_url:
            secret = self.settings.telegram_webhook_secret
            await app.updater.start_webhook(
                listen=self.settings.telegram_webhook_listen,
                port=self.settings.telegram_webhook_port,
                url_path="telegram",
                webhook_url=self.settings.telegram_webhook_url,
                secret_token=secret.get_secret_value() if secret else None,
                allowed_updates=["message", "callback_query"],
            )
        else:
            await app.updater.start_polling(allowed_updates=["message", "callback_query"])
        log.info("Telegram: serving @%s", app.bot.username)

    async def stop(self) -> None:
        app = self.application
        for task in self._album_tasks.values():
            task.cancel()
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()

    # -- handlers -------------------------------------------------------------------------------

    async def _on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        if message is None or (message.from_user is not None and message.from_user.is_bot):
            return
        if message.media_group_id:
            self._collect_album(message)
            return
        await self._handle(message, [message])

    def _collect_album(self, message: Message) -> None:
        group = str(message.media_group_id)
        self._albums.setdefault(group, []).append(message)
        previous = self._album_tasks.get(group)
        if previous is not None:
            previous.cancel()
        self._album_tasks[group] = asyncio.create_task(self._flush_album(group))

    async def _flush_album(self, group: str) -> None:
        await asyncio.sleep(ALBUM_WAIT_S)
        self._album_tasks.pop(group, None)
        parts = sorted(self._albums.pop(group, []), key=lambda m: m.message_id)
        if parts:
            await self._handle(parts[0], parts)

    async def _handle(self, first: Message, parts: list[Message]) -> None:
        bot = self.application.bot
        attachments = tuple(a for m in parts for a in incoming(bot, m).attachments)
        # In an album only one part carries the caption (and so the mention).
        texted = next((m for m in parts if m.caption or m.text), first)
        event = incoming(bot, texted, attachments)
        if not event.addressed and event.is_group and not event.attachments:
            return
        if self.official and any(
            a.size is not None and a.size > OFFICIAL_DOWNLOAD_LIMIT for a in attachments
        ):
            if event.addressed:
                too_big = texts.text("telegram.too_big")
                await self._send(first, [Reply(too_big, reply_to=event.message_id)])
            return
        async with self._typing(first) as typing:
            replies = await self.conversation.handle(event, on_answering=typing.start)
        await self._send(first, replies)

    async def _on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query: CallbackQuery | None = update.callback_query
        if query is None or query.message is None or not isinstance(query.message, Message):
            return
        with contextlib.suppress(TelegramError):
            await query.answer()  # stop the button's spinner at once; work takes a while
        message = query.message
        press = ActionPress(
            platform=PLATFORM,
            chat_id=chat_key(message),
            user_id=str(query.from_user.id),
            payload=query.data or "",
        )
        async with self._typing(message) as typing:
            replies = await self.conversation.press(press, on_answering=typing.start)
        await self._send(message, replies)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("Telegram handler failed", exc_info=context.error)

    # -- output ---------------------------------------------------------------------------------

    def _typing(self, message: Message) -> Typing:
        bot = self.application.bot

        async def send() -> object:
            return await bot.send_chat_action(
                message.chat_id, ChatAction.TYPING, message_thread_id=_thread(message)
            )

        return Typing(send, every=TYPING_EVERY_S, delay=self.typing_delay_s)

    async def _send(self, message: Message, replies: list[Reply]) -> None:
        bot = self.application.bot
        for reply in replies:
            parts = chunks(reply.text)
            for index, text in enumerate(parts):
                last = index == len(parts) - 1
                try:
                    sent = await bot.send_message(
                        message.chat_id,
                        text,
                        message_thread_id=_thread(message),
                        reply_parameters=reply_parameters(reply) if index == 0 else None,
                        reply_markup=keyboard(reply) if last else None,
                    )
                except Exception as exc:  # a failed send must never take the adapter down
                    log.warning("Telegram: sending to chat %s failed: %r", message.chat_id, exc)
                    break
                if last:
                    await self.conversation.sent(reply, str(sent.message_id))


def _thread(message: Message) -> int | None:
    return message.message_thread_id if message.is_topic_message else None
