"""The conversation core: what every message means and what to answer. Adapters only translate.

Messages of one chat are handled in order (a lock per chat); different chats run in parallel.
Everything a chat has said and been told lives in storage, so a new core on the same database
carries on where the last one stopped.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import weakref
from dataclasses import replace

from bot.captioning.errors import UserFacingError
from bot.captioning.intake import IntakeImage, accepted_formats
from bot.captioning.pictures import encode_thumbnail
from bot.chat import commands, texts
from bot.chat.album import picture_rows, read_picture
from bot.chat.buttons import caption_actions, style_note
from bot.chat.feedback import Feedback
from bot.chat.handling import Turn
from bot.chat.history import HistoryEntry, chat_history, chat_picture
from bot.chat.image_work import Captioned, Captions, ImageWork, Outcome
from bot.chat.limits import ConversationLimits as ConversationLimits
from bot.chat.messages import (
    ACTION_AGAIN,
    ACTION_DOWN,
    ACTION_STYLE,
    ACTION_UP,
    Action,
    ActionPress,
    IncomingMessage,
    Reply,
)
from bot.chat.model_notice import notice_text
from bot.chat.outages import is_outage
from bot.chat.reading import alt_text, read_out
from bot.chat.replay import replayed, stored_answer
from bot.chat.restyling import Restyler
from bot.chat.styles import DEFAULT_STYLE, STYLES, Style, get_style
from bot.chat.talk import talk_reply
from bot.chat.understanding.answering import Answerer
from bot.chat.understanding.intents import MAX_TEXT, Intent, parse, too_long
from bot.operator.hooks import Controls, NoControls
from storage import LeaseLost, Repository, Turns
from storage.records import CaptionRecord, ChatRecord, ImageRecord

log = logging.getLogger(__name__)

NO_TURN = Turn()  # nothing counted, no "typing…", one instance


class Conversation:
    def __init__(
        self,
        repository: Repository,
        engine: Captions,
        limits: ConversationLimits | None = None,
        restyler: Restyler | None = None,
        answerer: Answerer | None = None,
        controls: Controls | None = None,
        notice: str | None = None,
        default_language: str = texts.DEFAULT_LOCALE,
    ) -> None:
        """`restyler` and `answerer` write styles and answers from the captioner's words: the
        templates and rules by default, an LLM's when one is configured (bot.core). `notice`:
        what to tell people about a model that cannot really caption (bot.chat.model_notice).
        `default_language`: for people who chose none and whose app's the catalogue lacks."""
        self.repository = repository
        self.notice = notice
        self.default_language = default_language
        self.limits = limits or ConversationLimits()
        # Operator controls: admins and their commands, /privacy; without them, none.
        self.controls = controls or NoControls(self.limits.privacy_facts())
        self.work = ImageWork(repository, engine, self.limits.again_tries, restyler, answerer)
        self.feedback = Feedback(repository, self.limits.feedback)
        # The buttons under a caption: again, styles, and 👍/👎 where feedback is on.
        self._actions = functools.partial(caption_actions, feedback=self.limits.feedback)
        self._locks: weakref.WeakValueDictionary[tuple[str, str], asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )
        self._commands = commands.Context(
            self.repository, self._target, self._chat_style, self._about_image, self.controls,
            notice, default_language, self.feedback,
        )  # fmt: skip

    async def locale_for(self, event: IncomingMessage | ActionPress) -> tuple[str, str | None]:
        """The catalogue locale to answer this person in: their /language choice, else their
        app's language, else DEFAULT_LANGUAGE (in a group, each person's own); and the tag an
        LLM writes to them in: their choice, else their app's exact tag."""
        chosen = texts.locale_of(
            await self.repository.people.language(event.platform, event.user_id)
        )
        if chosen is not None:
            return chosen, chosen
        locale = texts.locale_of(event.language) or self.default_language
        english = self.default_language == texts.DEFAULT_LOCALE
        return locale, event.language or (None if english else self.default_language)

    def _lock(self, platform: str, chat_id: str) -> asyncio.Lock:
        lock = self._locks.get((platform, chat_id))
        if lock is None:
            lock = asyncio.Lock()
            self._locks[(platform, chat_id)] = lock
        return lock

    # -- entry points for the pipeline ----------------------------------------------------------

    async def handle(self, message: IncomingMessage, turn: Turn = NO_TURN) -> list[Reply]:
        """The replies to `message` (none when it is not for the bot); `turn.on_answering` is
        called once it is clear that there will be one."""
        if too_long(message.text):
            # One limit on what a person writes, picture or not, every platform: refused before
            # anything is read, downloaded or stored (a group's chatter is not answered).
            log.info("refused a %s message of %d characters", message.platform, len(message.text))
            if message.is_group and not message.addressed:
                return []
            return [Reply(texts.text("chat.too_long", limit=f"{MAX_TEXT:,}"), message.message_id)]
        turn = turn.guarded()
        async with self._lock(message.platform, message.chat_id):
            try:
                replies = await self._handle(message, turn)
            except LeaseLost:
                raise  # another instance answers this chat now: nothing to say here
            except Exception as exc:
                if is_outage(exc):
                    raise  # the database or the workers are away: waited out, tried again
                if isinstance(exc, UserFacingError):
                    log.warning("captioning failed in %s chat: %s", message.platform, exc)
                    return [Reply(texts.error_text(exc), reply_to=message.message_id)]
                log.exception("could not handle a %s message", message.platform)
                replies = [Reply(texts.text("chat.failed"), reply_to=message.message_id)]
        return replies

    async def press(self, press: ActionPress, turn: Turn = NO_TURN) -> list[Reply]:
        parsed = Action.parse(press.payload)
        if parsed is None:
            log.info("ignored a %s button with unknown data %r", press.platform, press.payload[:80])
            return [Reply(texts.text("chat.button_expired"))]
        kind, image_id, value = parsed
        turn = turn.guarded()
        turn.on_answering()
        async with self._lock(press.platform, press.chat_id):
            try:
                return await self._press(press, kind, image_id, value, turn)
            except LeaseLost:
                raise
            except Exception as exc:
                if is_outage(exc):
                    raise  # waited out by the dispatcher, as for a message
                if isinstance(exc, UserFacingError):
                    return [Reply(texts.error_text(exc))]
                log.exception("could not handle a %s button", press.platform)
                return [Reply(texts.text("chat.failed"))]

    @property
    def model_notice(self) -> str | None:
        """What to say about the model, when it cannot really caption (the web chat's banner)."""
        return notice_text(self.notice)

    async def history(self, platform: str, chat_id: str, limit: int) -> list[HistoryEntry]:
        """The chat's last turns to show again, captions with the buttons they came with."""
        return await chat_history(self.repository, platform, chat_id, limit, self._actions)

    async def picture(self, platform: str, chat_id: str, image_id: int) -> bytes | None:
        """The stored copy of a picture of this chat only."""
        return await chat_picture(self.repository, platform, chat_id, image_id)

    # -- dispatch -------------------------------------------------------------------------------

    async def _handle(self, message: IncomingMessage, turn: Turn) -> list[Reply]:
        if message.is_group and not message.addressed and not message.images:
            return []  # group etiquette: speak when spoken to (no database work for chatter)
        stored: list[ImageRecord] = []
        if message.images:
            # A picture handled again (a failed send, a crash) finds what it stored: one read.
            chat, stored = await self.repository.chat_and_pictures(
                message.platform, message.chat_id, message.message_id
            )
        else:
            chat = await self.repository.get_chat(message.platform, message.chat_id)
        auto = chat is not None and chat.auto_caption
        if message.is_group and not message.addressed and not auto:
            return []
        turn.on_answering()
        intent = parse(message.text, texts.current_locale())
        if message.images:
            return await self._new_images(message, chat, stored, intent, turn)
        if message.attachments and intent.kind in ("empty", "chat"):
            refusal = texts.text("chat.not_an_image", formats=accepted_formats())
            return [Reply(refusal, reply_to=message.message_id)]
        if chat is not None and intent.kind == "chat" and self.feedback.enabled:
            corrected = await self.feedback.take(message, chat, intent, self._target)
            if corrected is not None:
                return corrected
        if intent.kind == "command":
            return await commands.run(self._commands, message, chat, intent, turn)
        if intent.kind in ("style", "again", "question", "read", "alt"):
            return await self._about_image(message, chat, intent, turn)
        if intent.kind == "chat":
            return [await self._talk(message, chat, turn)]
        return [Reply(texts.text("chat.no_image"), reply_to=message.message_id)]  # "empty"

    async def _talk(self, message: IncomingMessage, chat: ChatRecord | None, turn: Turn) -> Reply:
        return await talk_reply(self.repository, self.work, message, chat, turn, self._target)

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
        self, message: IncomingMessage, chat: ChatRecord | None, intent: Intent, turn: Turn
    ) -> list[Reply]:
        image = await self._target(chat, message.reply_to)
        if chat is None or image is None:
            return [Reply(texts.text("chat.no_image"), reply_to=message.message_id)]
        if intent.kind in ("read", "alt"):  # read when the picture came: no model work now
            said = Outcome(
                read_out(image.text) if intent.kind == "read"
                else alt_text(await self.work.shown(image), image.text)
            )  # fmt: skip
            turns = Turns(message.text, said.text, message.message_id)
            return [await self._record(chat, image, turns, said, message.message_id)]
        refused = await turn.spend(1)
        if refused is not None:
            return [Reply(refused, reply_to=message.message_id)]
        new_style: str | None = None
        if intent.kind == "style":
            new_style = STYLES[intent.name].name
            outcome = await self.work.restyle(image, STYLES[new_style], texts.writing_tag())
        elif intent.kind == "again":
            outcome = await self.work.again(image, self._chat_style(chat), texts.writing_tag())
        else:
            outcome = await self.work.answer(image, intent.argument, texts.writing_tag())
        turns = Turns(message.text, outcome.text, message.message_id)
        return [await self._record(chat, image, turns, outcome, message.message_id, new_style)]

    async def _record(
        self,
        chat: ChatRecord,
        image: ImageRecord,
        turns: Turns,
        outcome: Outcome,
        reply_to: str | None,
        new_style: str | None = None,
    ) -> Reply:
        """Store the exchange (turns, caption, style) at once; the reply that says it."""
        note = style_note(chat.style, new_style) if new_style and outcome.caption else None
        text = f"{outcome.text}\n{note}" if note else outcome.text
        turns = replace(turns, bot=text) if note else turns  # the history says it as it was said
        stored = await self.repository.record_exchange(
            chat.id, image.id, turns, outcome.caption, style=new_style
        )
        caption = stored.captions[0]
        if caption is None:
            return Reply(outcome.text, reply_to=reply_to)
        return Reply(
            text,
            reply_to=reply_to,
            actions=self._actions(image.id, stored.chat.style, _rateable(caption)),
            caption_ids=(caption.id,),
        )

    async def _press(
        self, press: ActionPress, kind: str, image_id: int, value: str, turn: Turn
    ) -> list[Reply]:
        chat = await self.repository.get_chat(press.platform, press.chat_id)
        image = await self.repository.get_image(image_id)
        if chat is None or image is None or image.chat_id != chat.id:
            return [Reply(texts.text("chat.image_gone"))]
        if kind in (ACTION_UP, ACTION_DOWN):
            return await self.feedback.press(press, chat, image, kind, value)
        # What the user pressed, as the button read, for the history a web page shows again.
        if kind == ACTION_AGAIN:
            label = texts.text("chat.again_button")
        else:
            label = texts.text(STYLES.get(value, STYLES["plain"]).label_key)
        new_style: str | None = None
        style = get_style(value) if kind == ACTION_STYLE else None
        if kind == ACTION_STYLE and style is None:
            return [Reply(texts.text("chat.button_expired"))]
        refused = await turn.spend(1)
        if refused is not None:
            return [Reply(refused)]
        if style is not None:
            new_style = style.name
            outcome = await self.work.restyle(image, style, texts.writing_tag())
        else:
            outcome = await self.work.again(image, self._chat_style(chat), texts.writing_tag())
        turns = Turns(label, outcome.text)
        return [await self._record(chat, image, turns, outcome, image.message_ref, new_style)]

    # -- new pictures ---------------------------------------------------------------------------

    async def _new_images(
        self,
        message: IncomingMessage,
        chat: ChatRecord | None,
        stored_before: list[ImageRecord],
        intent: Intent,
        turn: Turn,
    ) -> list[Reply]:
        again = (
            await replayed(self.repository, chat, message, stored_before, self._actions)
            if chat
            else None
        )
        if chat is not None and again is not None:
            replies, first = again
            if intent.kind == "question":
                answer = await stored_answer(
                    self.repository, chat, first, intent.argument, message, self._actions
                )
                if answer is not None:
                    return [*replies, answer]
            return await self._answer_with_picture(message, intent, chat, replies, first)
        # Several instances: if this chat's lease ran out meanwhile, another instance handles
        # the message; it must not be counted and stored twice.
        if not turn.still_ours():
            raise LeaseLost("the chat's lease ran out here; another instance answers it")
        # Counted before any work, each picture of an album: a person over their limit gets
        # nothing downloaded, captioned or stored.
        refused = await turn.spend(len(message.images))
        if refused is not None:
            return [Reply(refused, reply_to=message.message_id)]
        pictures = await asyncio.gather(
            *(read_picture(a, self.limits.intake) for a in message.images)
        )
        readable = [p for p in pictures if isinstance(p, IntakeImage)]
        if not readable:
            return [Reply(str(pictures[0]), reply_to=message.message_id)]
        # The model's notice goes with each chat's first caption (looked up only for such models).
        first_here = self.notice is not None and await self._target(chat, None) is None
        chat = chat or await self.repository.get_or_create_chat(message.platform, message.chat_id)
        new_style = intent.name if intent.kind == "style" else None
        style = STYLES[new_style] if new_style else self._chat_style(chat)
        # One gather: the engine batches an album's pictures into one generate call; thumbnails
        # are made on the picture threads meanwhile.
        side = self.limits.thumbnail_side
        results, thumbnails = await asyncio.gather(
            asyncio.gather(
                *(self.work.caption(p, style, texts.writing_tag()) for p in readable),
                return_exceptions=True,
            ),
            asyncio.gather(*(encode_thumbnail(p, side) for p in readable)),
        )
        captioned: list[Captioned | UserFacingError] = []
        for outcome in results:
            if isinstance(outcome, BaseException) and (
                not isinstance(outcome, UserFacingError) or is_outage(outcome)
            ):
                raise outcome  # a bug, or the workers away: nothing is stored yet
            captioned.append(outcome)
        lines, new, failure = picture_rows(message, pictures, captioned, thumbnails, style)
        any_caption = any(p.caption is not None for p in new)
        if len(pictures) > 1 and any_caption:
            lines.append(texts.text("chat.album_hint"))
        if first_here and any_caption:
            lines.append(notice_text(self.notice) or "")
        if any_caption and (note := style_note(chat.style, new_style or chat.style)):
            lines.append(note)
        text = "\n".join(lines)
        stored = await self.repository.record_pictures(
            chat.id,
            new,
            Turns(message.text or "[picture]", text if any_caption else None, message.message_id),
            style=new_style,
            max_images=self.limits.max_images_per_chat,
            max_age=self.limits.max_age,
        )
        if failure is not None and not any_caption:
            text = f"{texts.error_text(failure)} {texts.text('chat.kept_for_later')}"
            return [Reply(text, reply_to=message.message_id)]
        caption_ids = tuple(c.id for c in stored.captions if c is not None)
        first = stored.images[0]
        shown = stored.captions[0] if stored.captions else None
        actions = (
            self._actions(first.id, stored.chat.style, _rateable(shown))
            if len(pictures) == 1
            else ()
        )
        replies = [Reply(text, message.message_id, actions, caption_ids)]
        return await self._answer_with_picture(message, intent, stored.chat, replies, first)

    async def _answer_with_picture(
        self,
        message: IncomingMessage,
        intent: Intent,
        chat: ChatRecord,
        replies: list[Reply],
        first: ImageRecord,
    ) -> list[Reply]:
        """The caption replies, and the answer when the picture came with a question."""
        if intent.kind == "alt" and len(replies) == 1:
            # "alt text" with the picture (Discord's "Describe for alt text"): one paste-ready
            # text in place of the caption and its lines, on the same message.
            alt = alt_text(await self.work.shown(first), first.text)
            return [replace(replies[0], text=alt, actions=())]
        if intent.kind != "question":
            return replies
        try:
            answer = await self.work.answer(first, intent.argument, texts.writing_tag())
        except UserFacingError as exc:
            # The caption is stored already: it goes out, with why the answer did not.
            log.warning("answering failed in %s chat: %s", message.platform, exc)
            return [*replies, Reply(texts.error_text(exc), reply_to=message.message_id)]
        turns = Turns(None, answer.text)
        return [*replies, await self._record(chat, first, turns, answer, message.message_id)]


def _rateable(caption: CaptionRecord | None) -> int | None:
    """The id of a caption people may rate: captions, not answers."""
    return caption.id if caption is not None and caption.kind == "caption" else None
