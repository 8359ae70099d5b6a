"""The conversation core: what every message means and what to answer. Adapters only translate.

Messages of one chat are handled in order (a lock per chat); different chats run in parallel.
Everything a chat has said and been told lives in storage, so a new core on the same database
carries on where the last one stopped.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.captioning.errors import CaptionError, UserFacingError
from bot.captioning.intake import DEFAULT_LIMITS, IntakeError, IntakeImage, IntakeLimits
from bot.captioning.pictures import encode_thumbnail, read_image
from bot.chat import commands, texts
from bot.chat.history import HistoryEntry, chat_history, chat_picture
from bot.chat.image_work import Captioned, Captions, ImageWork
from bot.chat.messages import (
    ACTION_AGAIN,
    ACTION_STYLE,
    Action,
    ActionPress,
    Attachment,
    IncomingMessage,
    Reply,
)
from bot.chat.styles import BUTTON_STYLES, DEFAULT_STYLE, STYLES, Style, get_style
from bot.chat.understanding.intents import Intent, parse
from storage import Repository
from storage.records import CaptionRecord, ChatRecord, ImageRecord

log = logging.getLogger(__name__)

# Called once the core has decided to answer, before its slow work: an adapter shows "typing…".
OnAnswering = Callable[[], None]


@dataclass(frozen=True)
class ConversationLimits:
    max_images_per_chat: int = 50
    max_age: timedelta | None = timedelta(days=30)
    thumbnail_side: int = 384  # the model sees 224 px; this keeps regeneration faithful
    again_tries: int = 3
    intake: IntakeLimits = DEFAULT_LIMITS


class Conversation:
    def __init__(
        self,
        repository: Repository,
        engine: Captions,
        limits: ConversationLimits | None = None,
    ):
        self.repository = repository
        self.limits = limits or ConversationLimits()
        self.work = ImageWork(repository, engine, self.limits.again_tries)
        self._locks: weakref.WeakValueDictionary[tuple[str, str], asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )
        self._commands = commands.Context(
            self.repository, self._target, self._chat_style, self._about_image
        )

    def _lock(self, platform: str, chat_id: str) -> asyncio.Lock:
        lock = self._locks.get((platform, chat_id))
        if lock is None:
            lock = asyncio.Lock()
            self._locks[(platform, chat_id)] = lock
        return lock

    # -- entry points for adapters --------------------------------------------------------------

    async def handle(
        self, message: IncomingMessage, on_answering: OnAnswering | None = None
    ) -> list[Reply]:
        """The replies to `message` (none when it is not for the bot); `on_answering` is called
        once it is clear that there will be one."""
        async with self._lock(message.platform, message.chat_id):
            try:
                replies = await self._handle(message, _guarded(on_answering))
            except UserFacingError as exc:
                log.warning("captioning failed in %s chat: %s", message.platform, exc)
                replies = [Reply(texts.error_text(exc), reply_to=message.message_id)]
            except Exception:
                log.exception("could not handle a %s message", message.platform)
                replies = [Reply(texts.text("chat.failed"), reply_to=message.message_id)]
        return replies

    async def press(
        self, press: ActionPress, on_answering: OnAnswering | None = None
    ) -> list[Reply]:
        parsed = Action.parse(press.payload)
        if parsed is None:
            return [Reply(texts.text("chat.button_expired"))]
        kind, image_id, value = parsed
        _guarded(on_answering)()
        async with self._lock(press.platform, press.chat_id):
            try:
                return await self._press(press, kind, image_id, value)
            except UserFacingError as exc:
                return [Reply(texts.error_text(exc))]
            except Exception:
                log.exception("could not handle a %s button", press.platform)
                return [Reply(texts.text("chat.failed"))]

    async def sent(self, reply: Reply, message_id: str) -> None:
        """The adapter sent `reply` as `message_id`: replies to it now target its picture."""
        if reply.caption_ids:
            await self.repository.set_caption_message_ref(reply.caption_ids, str(message_id))

    async def history(self, platform: str, chat_id: str, limit: int) -> list[HistoryEntry]:
        """The chat's last turns to show again, captions with the buttons they came with."""
        return await chat_history(self.repository, platform, chat_id, limit, self._actions)

    async def picture(self, platform: str, chat_id: str, image_id: int) -> bytes | None:
        """The stored copy of a picture of this chat only."""
        return await chat_picture(self.repository, platform, chat_id, image_id)

    # -- dispatch -------------------------------------------------------------------------------

    async def _handle(self, message: IncomingMessage, on_answering: OnAnswering) -> list[Reply]:
        chat = await self.repository.get_chat(message.platform, message.chat_id)
        auto = chat is not None and chat.auto_caption
        if message.is_group and not message.addressed and not (auto and message.images):
            return []  # group etiquette: speak when spoken to
        on_answering()
        intent = parse(message.text)
        if message.images:
            return await self._new_images(message, intent)
        if message.attachments and intent.kind in ("empty", "chat"):
            return [Reply(texts.text("chat.not_an_image"), reply_to=message.message_id)]
        if intent.kind == "command":
            return await commands.run(self._commands, message, chat, intent)
        if intent.kind in ("style", "again", "question"):
            return await self._about_image(message, chat, intent)
        text = texts.text(
            {"too_long": "chat.too_long", "empty": "chat.no_image"}.get(intent.kind, "chat.chat")
        )
        return [Reply(text, reply_to=message.message_id)]

    async def _target(self, chat: ChatRecord | None, reply_to: str | None) -> ImageRecord | None:
        """The picture a message is about: the one it replies to, else the chat's latest."""
        if chat is None:
            return None
        if reply_to is not None:
            found = await self.repository.find_image_by_message(chat.id, reply_to)
            if found is not None:
                return found
        return await self.repository.latest_image(chat.id)

    def _chat_style(self, chat: ChatRecord | None) -> Style:
        return STYLES.get(chat.style if chat else DEFAULT_STYLE, STYLES[DEFAULT_STYLE])

    async def _about_image(
        self, message: IncomingMessage, chat: ChatRecord | None, intent: Intent
    ) -> list[Reply]:
        image = await self._target(chat, message.reply_to)
        if chat is None or image is None:
            return [Reply(texts.text("chat.no_image"), reply_to=message.message_id)]
        await self.repository.add_turn(
            chat.id, role="user", text=message.text, image_id=image.id,
            message_ref=message.message_id,
        )  # fmt: skip
        if intent.kind == "style":
            style = STYLES[intent.name]
            chat = await self.repository.update_chat(chat.id, style=style.name)
            outcome = await self.work.restyle(image, style)
        elif intent.kind == "again":
            outcome = await self.work.again(image, self._chat_style(chat))
        else:
            outcome = await self.work.answer(image, intent.argument)
        return [await self._reply(chat, image, outcome.text, outcome.caption, message.message_id)]

    async def _reply(
        self,
        chat: ChatRecord,
        image: ImageRecord,
        text: str,
        caption: CaptionRecord | None,
        reply_to: str | None,
    ) -> Reply:
        await self.repository.add_turn(chat.id, role="bot", text=text, image_id=image.id)
        if caption is None:
            return Reply(text, reply_to=reply_to)
        return Reply(
            text,
            reply_to=reply_to,
            actions=self._actions(image.id, chat.style),
            caption_ids=(caption.id,),
        )

    @staticmethod
    def _actions(image_id: int, current_style: str) -> tuple[Action, ...]:
        actions = [Action(ACTION_AGAIN, texts.text("chat.again_button"), image_id)]
        names = [n for n in BUTTON_STYLES if n != current_style]
        if current_style != DEFAULT_STYLE:
            names.insert(0, DEFAULT_STYLE)
        actions += [
            Action(ACTION_STYLE, texts.text(STYLES[n].label_key), image_id, n) for n in names[:4]
        ]
        return tuple(actions)

    async def _press(self, press: ActionPress, kind: str, image_id: int, value: str) -> list[Reply]:
        chat = await self.repository.get_chat(press.platform, press.chat_id)
        image = await self.repository.get_image(image_id)
        if chat is None or image is None or image.chat_id != chat.id:
            return [Reply(texts.text("chat.image_gone"))]
        # What the user pressed, as the button read, for the history a web page shows again.
        if kind == ACTION_AGAIN:
            label = texts.text("chat.again_button")
        else:
            label = texts.text(STYLES.get(value, STYLES["plain"]).label_key)
        await self.repository.add_turn(chat.id, role="user", text=label, image_id=image.id)
        if kind == ACTION_STYLE:
            style = get_style(value)
            if style is None:
                return [Reply(texts.text("chat.button_expired"))]
            chat = await self.repository.update_chat(chat.id, style=style.name)
            outcome = await self.work.restyle(image, style)
        else:
            outcome = await self.work.again(image, self._chat_style(chat))
        return [await self._reply(chat, image, outcome.text, outcome.caption, image.message_ref)]

    # -- new pictures ---------------------------------------------------------------------------

    async def _read(self, attachment: Attachment) -> IntakeImage | str:
        """The picture, or what to tell the user about it."""
        limit = self.limits.intake.max_bytes
        if attachment.size is not None and attachment.size > limit:
            return texts.text("chat.picture_too_big", limit_mb=limit // (1024 * 1024))
        try:
            data = await attachment.fetch()
        except Exception:
            log.warning("downloading an attachment failed", exc_info=True)
            return texts.text("chat.download_failed")
        try:
            return await read_image(data, self.limits.intake)
        except IntakeError as exc:
            return texts.error_text(exc)

    async def _new_images(self, message: IncomingMessage, intent: Intent) -> list[Reply]:
        pictures = await asyncio.gather(*(self._read(a) for a in message.images))
        readable = [p for p in pictures if isinstance(p, IntakeImage)]
        if not readable:
            return [Reply(str(pictures[0]), reply_to=message.message_id)]
        chat = await self.repository.get_or_create_chat(message.platform, message.chat_id)
        if intent.kind == "style":
            chat = await self.repository.update_chat(chat.id, style=intent.name)
        style = self._chat_style(chat)
        # One gather: the engine batches an album's pictures into one generate call.
        results = await asyncio.gather(
            *(self.work.caption(p, style) for p in readable), return_exceptions=True
        )
        captioned: list[Captioned | CaptionError] = []
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, CaptionError):
                raise result
            captioned.append(result)
        lines: list[str] = []
        caption_ids: list[int] = []
        records: list[ImageRecord] = []
        failure: CaptionError | None = None
        outcomes = iter(captioned)
        for number, picture in enumerate(pictures, start=1):
            if not isinstance(picture, IntakeImage):
                lines.append(f"{number}. {picture}")
                continue
            outcome = next(outcomes)
            # Stored even when captioning failed (no worker answered, busy, too slow): the
            # picture stays in the chat, and "again" captions it later.
            record = await self.repository.add_image(
                chat.id,
                content_hash=picture.content_hash,
                width=picture.width,
                height=picture.height,
                mime=picture.mime,
                file_ref=message.images[number - 1].file_ref,
                message_ref=message.message_id,
                thumbnail=await encode_thumbnail(picture, self.limits.thumbnail_side),
            )
            records.append(record)
            if isinstance(outcome, CaptionError):
                log.warning("captioning failed in %s chat: %s", message.platform, outcome)
                failure = outcome
                if len(pictures) > 1:
                    lines.append(f"{number}. {texts.error_text(outcome)}")
                continue
            text, caption, options = outcome
            stored = await self.work.store_caption(record, text, caption, style, options)
            caption_ids.append(stored.id)
            lines.append(f"{number}. {text}" if len(pictures) > 1 else text)
        await self.repository.add_turn(
            chat.id, role="user", text=message.text or "[picture]", image_id=records[-1].id,
            message_ref=message.message_id,
        )  # fmt: skip
        await self.repository.prune_chat(
            chat.id, max_images=self.limits.max_images_per_chat, max_age=self.limits.max_age
        )
        if failure is not None and not caption_ids:
            text = f"{texts.error_text(failure)} {texts.text('chat.kept_for_later')}"
            return [Reply(text, reply_to=message.message_id)]
        if len(pictures) > 1:
            lines.append(texts.text("chat.album_hint"))
        text = "\n".join(lines)
        await self.repository.add_turn(chat.id, role="bot", text=text, image_id=records[-1].id)
        actions = self._actions(records[0].id, chat.style) if len(pictures) == 1 else ()
        replies = [Reply(text, message.message_id, actions, tuple(caption_ids))]
        if intent.kind == "question":
            answered = await self.work.answer(records[0], intent.argument)
            replies.append(
                await self._reply(
                    chat, records[0], answered.text, answered.caption, message.message_id
                )
            )
        return replies


def _guarded(on_answering: OnAnswering | None) -> OnAnswering:
    """The adapter's callback, made safe: a failing "typing…" must never cost the reply."""

    def call() -> None:
        if on_answering is None:
            return
        try:
            on_answering()
        except Exception:
            log.warning("the adapter's on_answering callback failed", exc_info=True)

    return call
