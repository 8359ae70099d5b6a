"""What the bot does with one stored picture: caption it in a style, find a new caption, answer a
question about it. Every text comes from the model on that picture; the conversation stores the
result together with the turns, in one transaction."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import unicodedata
from dataclasses import dataclass
from typing import Protocol

from bot.captioning.engine import CaptionResult
from bot.captioning.intake import IntakeImage
from bot.captioning.options import CaptionOptions
from bot.captioning.pictures import read_image
from bot.chat import texts
from bot.chat.restyling import PictureSource, Restyler, StyleRequest, TemplateRestyler
from bot.chat.styles import STYLES, Style, StyleInput
from bot.chat.understanding.answering import Answerer, Evidence, Question, RuleAnswerer
from bot.chat.understanding.questions import plan_question
from storage import NewCaption, Repository
from storage.records import ImageRecord

log = logging.getLogger(__name__)


def again_options(style: Style, base: CaptionOptions, seed: int, attempt: int) -> CaptionOptions:
    """What "again" asks the model for on its `attempt`-th round: eight sampled candidates, hotter
    each round."""
    return style.caption_options(base, seed).with_changes(
        do_sample=True,
        num_beams=1,
        seed=seed,
        temperature=0.9 + 0.3 * attempt,
        top_p=0.95,
        num_return_sequences=8,
        length_penalty=1.0,
    )


class Captions(Protocol):
    """What the conversation needs of a captioning engine (local or remote)."""

    @property
    def model_name(self) -> str: ...

    async def caption(
        self,
        image: IntakeImage,
        options: CaptionOptions | None = None,
        *,
        use_cache: bool = True,
        read_text: bool = False,
    ) -> CaptionResult: ...


# A picture's styled caption, the engine's result it came from, and the options it ran with.
Captioned = tuple[str, CaptionResult, CaptionOptions]


@dataclass(frozen=True)
class Outcome:
    text: str
    caption: NewCaption | None = None  # the caption to store; None when there is nothing new


def draft(
    text: str,
    result: CaptionResult,
    style: Style,
    options: CaptionOptions,
    kind: str = "caption",
    question: str | None = None,
) -> NewCaption:
    """What to store of a caption the model made."""
    return NewCaption(
        text=text,
        model_text=result.text,
        style=style.name,
        model=result.model,
        seconds=result.seconds,
        options=options.to_dict(),
        kind=kind,
        question=question,
    )


def stable_seed(*parts: object) -> int:
    """A seed that is the same for the same inputs in every process (unlike hash())."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") & (2**62 - 1)


def normalise(text: str) -> str:
    return " ".join(text.lower().strip().rstrip(".!").split())


def stored_picture(record: ImageRecord) -> PictureSource:
    """The stored thumbnail (a JPEG), for a writer that looks at pictures."""

    async def read() -> bytes | None:
        return record.thumbnail

    return read


def readable(caption: str) -> bool:
    """Text a person can read: some letter or digit, and no replacement or control characters
    (what a model with random or broken weights writes)."""
    if not caption.strip() or "\ufffd" in caption:
        return False
    kinds = [unicodedata.category(c) for c in caption if c not in "\n\t"]
    if any(kind in ("Cc", "Cs", "Co", "Cn") for kind in kinds):
        return False
    return any(kind[0] in "LN" for kind in kinds)


def fresh_picture(image: IntakeImage) -> PictureSource:
    async def encode() -> bytes | None:
        return await asyncio.to_thread(image.thumbnail_bytes)

    return encode


class ImageWork:
    def __init__(
        self,
        repository: Repository,
        engine: Captions,
        again_tries: int = 3,
        restyler: Restyler | None = None,
        answerer: Answerer | None = None,
    ):
        self.repository = repository
        self.engine = engine
        self.again_tries = again_tries
        self.restyler = restyler or TemplateRestyler()
        self.answerer = answerer or RuleAnswerer()
        self.base = CaptionOptions()

    @staticmethod
    async def picture(record: ImageRecord) -> IntakeImage | None:
        """The stored copy of a picture, or None when it is gone."""
        if not record.thumbnail:
            return None
        return await read_image(record.thumbnail)

    async def _styled(
        self,
        image: IntakeImage,
        style: Style,
        seed: int,
        language: str | None = None,
        picture: PictureSource | None = None,
        read_text: bool = False,
    ) -> Captioned:
        options = style.caption_options(self.base, seed)
        result = await self.engine.caption(image, options, read_text=read_text)
        said = tuple(c for c in result.captions if readable(c))
        if not said:  # never shown raw: a browser draws U+FFFD and control characters as boxes
            log.warning("the model produced no readable caption: %r", result.captions[:1])
            return texts.text("caption.unreadable"), result, options
        request = StyleRequest(style, StyleInput(said, seed), language, picture)
        return await self.restyler.restyle(request), result, options

    async def caption(
        self, image: IntakeImage, style: Style, language: str | None = None
    ) -> Captioned:
        """Caption a picture not stored yet (its record is written by the caller), and read the
        text in it while the full picture is at hand (the stored copy is too small for that)."""
        seed = stable_seed(image.content_hash, style.name)
        return await self._styled(image, style, seed, language, fresh_picture(image), True)

    async def restyle(
        self, record: ImageRecord, style: Style, language: str | None = None
    ) -> Outcome:
        image = await self.picture(record)
        if image is None:
            return Outcome(texts.text("chat.image_gone"))
        seed = stable_seed(record.content_hash, style.name)
        text, result, options = await self._styled(
            image, style, seed, language, stored_picture(record)
        )
        return Outcome(text, draft(text, result, style, options))

    async def again(
        self, record: ImageRecord, style: Style, language: str | None = None
    ) -> Outcome:
        """A caption unlike every earlier one of this picture: sampling with fresh seeds, rising
        temperature, duplicates rejected; after `again_tries` rounds it says it found nothing."""
        image = await self.picture(record)
        if image is None:
            return Outcome(texts.text("chat.image_gone"))
        earlier = await self.repository.captions_for_image(record.id)
        seen = {normalise(c.text) for c in earlier if c.kind == "caption"}
        seen |= {normalise(c.model_text) for c in earlier if c.kind == "caption" and c.model_text}
        for attempt in range(self.again_tries):
            seed = stable_seed(record.content_hash, "again", len(earlier), attempt)
            options = again_options(style, self.base, seed, attempt)
            result = await self.engine.caption(image, options, use_cache=False)
            for candidate in dict.fromkeys(result.captions):
                if not readable(candidate) or normalise(candidate) in seen:
                    continue
                others = tuple(c for c in result.captions if c != candidate)
                given = StyleInput((candidate, *others), seed)
                request = StyleRequest(style, given, language, stored_picture(record))
                text = await self.restyler.restyle(request)
                if normalise(text) in seen:
                    continue
                chosen = CaptionResult((candidate, *others), result.model, result.seconds)
                return Outcome(text, draft(text, chosen, style, options))
        return Outcome(texts.text("chat.nothing_new"))

    async def shown(self, record: ImageRecord) -> str | None:
        """What this picture shows as far as the chat knows: the better caption someone gave
        (bot.chat.feedback), else the model's words of the caption last shown."""
        corrected = await self.repository.feedback.correction(record.id)
        if corrected is not None:
            return corrected
        stored = await self.repository.captions_for_image(record.id)
        said = [c for c in stored if c.kind == "caption"]
        return (said[-1].model_text or said[-1].text) if said else None

    async def answer(
        self, record: ImageRecord, question: str, language: str | None = None
    ) -> Outcome:
        """Answer from the model's words on this picture: its sentence continuing a prefix made
        from the question, and its candidate captions as the evidence to check it against."""
        image = await self.picture(record)
        if image is None:
            return Outcome(texts.text("chat.image_gone"))
        plan = plan_question(question)
        plain, detailed = STYLES["plain"], STYLES["detailed"]
        prefix_answer = None
        if not plan.understood:
            options = detailed.caption_options(
                self.base, stable_seed(record.content_hash, detailed.name)
            )
            result = evidence = await self.engine.caption(image, options)
        elif not plan.prefix:
            options = plain.caption_options(self.base, 0)
            result = evidence = await self.engine.caption(image, options)
        else:
            options = self.base.with_changes(prefix=plan.prefix)
            # The evidence costs what the plain caption does: four beams, all four kept.
            evidence_options = plain.caption_options(self.base, 0).with_changes(
                num_return_sequences=4
            )
            result, evidence = await asyncio.gather(
                self.engine.caption(image, options), self.engine.caption(image, evidence_options)
            )
            prefix_answer = result.text
        said = tuple(c for c in evidence.captions if readable(c))
        if not said:
            return Outcome(texts.text("caption.unreadable"))
        given = Evidence(said, stored_picture(record), await self.shown(record))
        if prefix_answer is not None and not readable(prefix_answer):
            prefix_answer = ""  # checked as no answer: the bot says it can't tell
        reply = await self.answerer.answer(Question(question, plan, given, prefix_answer, language))
        return Outcome(reply, draft(reply, result, plain, options, "answer", question))
