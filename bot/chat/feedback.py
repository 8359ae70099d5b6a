"""People's word on captions: 👍/👎 on each caption, and the better caption they give.

A press is kept once per person and caption (pressing again changes it) and acknowledged quietly.
After 👎 the bot asks for a better caption; that person's next message in the chat is taken as
it, and so are a reply to the caption ("a cat on a sofa"), "no, it's a cat on a sofa",
"actually: …" and `/correct a cat on a sofa`. A correction is cleaned and bounded like any text,
kept as a reference caption for that picture (`feedback export` hands it to `train`), and what
the bot says of that picture afterwards starts from it. The operator's gate runs before any of
this, so nothing is taken from someone it refuses.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.chat import texts
from bot.chat.messages import ACTION_UP, ActionPress, IncomingMessage, Reply
from bot.chat.understanding.intents import Intent
from bot.chat.understanding.small_talk import small_talk
from storage import Repository, Turns
from storage.feedback import DOWN, UP, Rated
from storage.models import utcnow
from storage.records import CaptionRecord, ChatRecord, ImageRecord

# How long after 👎 a person's next message is taken as the better caption.
CORRECTION_WAIT = timedelta(minutes=15)
MAX_CORRECTION = 200  # characters: a caption, not an essay

_LEAD = r"(?:(?:it'?s|it is|that'?s|that is|this is|it shows|they'?re|they are)\s+)"
_STATED = (
    re.compile(rf"^(?:no|nope|wrong|not quite)\s*[,.!:;–—-]*\s*{_LEAD}(?P<text>.+)$", re.I),
    re.compile(rf"^actually\s*[,.!:;–—-]*\s*{_LEAD}?(?P<text>.+)$", re.I),
)


def stated_correction(text: str) -> str | None:
    """The caption in "no, it's a cat on a sofa" or "actually: a cat on a sofa", else None."""
    said = " ".join(text.replace("’", "'").split())
    for pattern in _STATED:
        found = pattern.match(said)
        if found:
            return found.group("text")
    return None


def clean_correction(text: str) -> str | None:
    """A correction as a reference caption: one line of printable text without surrounding
    quotes or a closing full stop, sentence case lowered as the model writes ("A red star." →
    "a red star"); None when nothing usable is left or it is too long."""
    printable = "".join(
        c if unicodedata.category(c)[0] not in "C" else " "
        for c in unicodedata.normalize("NFC", text)
    )
    said = " ".join(printable.split()).strip("\"'“”„«»‘’` ")
    said = said.rstrip(".!").strip()
    if not said or len(said) > MAX_CORRECTION or not any(c.isalpha() for c in said):
        return None
    first = said.split()[0]
    if first[0].isupper() and (len(first) == 1 or first[1:].islower()):
        said = said[0].lower() + said[1:]  # "A red star" as the model writes it; "NASA" stays
    return said


def _rated(chat: ChatRecord, caption: CaptionRecord) -> Rated:
    return Rated(chat.id, caption.image_id, caption.id, caption.text, caption.model)


class Feedback:
    def __init__(self, repository: Repository, enabled: bool = True) -> None:
        self.repository = repository
        self.enabled = enabled
        # Told "up", "down" or "correction" as each is stored (the ratings metric).
        self.counted: Callable[[str], None] = lambda kind: None

    async def press(
        self, press: ActionPress, chat: ChatRecord, image: ImageRecord, kind: str, value: str
    ) -> list[Reply]:
        """👍 or 👎 on a caption of `image` (its id in `value`)."""
        caption = await self._caption(image, int(value))
        if not self.enabled or caption is None:
            return [Reply(texts.text("chat.button_expired"), quiet=True)]
        rating = UP if kind == ACTION_UP else DOWN
        await self.repository.feedback.rate(
            _rated(chat, caption), press.platform, press.user_id, rating
        )
        self.counted("up" if rating == UP else "down")
        if rating == UP:
            return [Reply(texts.text("feedback.thanks_up"), quiet=True)]
        return [Reply(texts.text("feedback.ask"), quiet=True)]

    async def take(
        self,
        message: IncomingMessage,
        chat: ChatRecord,
        intent: Intent,
        target: Callable[[ChatRecord | None, str | None], Awaitable[ImageRecord | None]],
    ) -> list[Reply] | None:
        """The replies when `message` gives a better caption; None when it is something else.
        `target` finds the picture a message is about (the one it replies to, else the latest),
        looked up only for a stated correction: other chat messages cost no query for it."""
        # Requests, commands and questions keep their meaning; only plain words can be a caption.
        if not self.enabled or message.images or intent.kind != "chat":
            return None
        stated = stated_correction(message.text)
        if stated is not None:
            image = await target(chat, message.reply_to)
            if image is not None:
                return [await self._correct(message, chat, image, None, stated)]
        since = utcnow() - CORRECTION_WAIT
        waiting = await self.repository.feedback.awaiting(
            chat.id, message.platform, message.user_id, since
        )
        if waiting is not None:
            image = await self.repository.get_image(waiting.image_id)
            caption = await self._caption(image, waiting.caption_id) if image else None
            if image is not None:
                return [await self._correct(message, chat, image, caption, message.text)]
        if message.reply_to is None or small_talk(message.text):
            return None
        # A reply to the bot's caption that is neither a request nor a question: the better
        # caption for it.
        replied = await self._caption_sent_as(chat, message.reply_to)
        if replied is None:
            return None
        image = await self.repository.get_image(replied.image_id)
        if image is None:
            return None
        return [await self._correct(message, chat, image, replied, message.text)]

    async def command(
        self,
        message: IncomingMessage,
        chat: ChatRecord | None,
        image: ImageRecord | None,
        said: str,
    ) -> str | list[Reply]:
        """`/correct a cat on a sofa`, about `image`."""
        if not self.enabled:
            return texts.text("feedback.off")
        if not said:
            return texts.text("feedback.correct_usage")
        if chat is None or image is None:
            return texts.text("chat.no_image")
        return [await self._correct(message, chat, image, None, said)]

    async def _correct(
        self,
        message: IncomingMessage,
        chat: ChatRecord,
        image: ImageRecord,
        caption: CaptionRecord | None,
        said: str,
    ) -> Reply:
        correction = clean_correction(said)
        if correction is None:
            text = texts.text("feedback.unusable", limit=MAX_CORRECTION)
            return Reply(text, reply_to=message.message_id)
        caption = caption or await self._shown(image)
        if caption is None:
            return Reply(texts.text("chat.no_image"), reply_to=message.message_id)
        await self.repository.feedback.correct(
            _rated(chat, caption), message.platform, message.user_id, correction
        )
        self.counted("correction")
        thanks = texts.text("feedback.thanks_correction", correction=correction)
        turns = Turns(message.text, thanks, message.message_id)
        await self.repository.record_exchange(chat.id, image.id, turns, None)
        return Reply(thanks, reply_to=message.message_id)

    async def _caption(self, image: ImageRecord, caption_id: int) -> CaptionRecord | None:
        for caption in await self.repository.captions_for_image(image.id):
            if caption.id == caption_id and caption.kind == "caption":
                return caption
        return None

    async def _shown(self, image: ImageRecord) -> CaptionRecord | None:
        said = [
            c for c in await self.repository.captions_for_image(image.id) if c.kind == "caption"
        ]
        return said[-1] if said else None

    async def _caption_sent_as(self, chat: ChatRecord, message_ref: str) -> CaptionRecord | None:
        image = await self.repository.find_image_by_message(chat.id, message_ref)
        if image is None:
            return None
        for caption in reversed(await self.repository.captions_for_image(image.id)):
            if caption.message_ref == message_ref and caption.kind == "caption":
                return caption
        return None
