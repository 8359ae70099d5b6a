"""What the bot does with one stored picture: caption it in a style, find a new caption, answer a
question about it. Every text comes from the model on that picture; the conversation stores the
result together with the turns, in one transaction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol

from bot.captioning.engine import CaptionResult
from bot.captioning.intake import IntakeImage
from bot.captioning.options import CaptionOptions
from bot.captioning.pictures import read_image
from bot.chat import texts
from bot.chat.styles import STYLES, Style, StyleInput, sentence
from bot.chat.understanding.questions import plan_question
from storage import NewCaption, Repository
from storage.records import ImageRecord


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


class ImageWork:
    def __init__(self, repository: Repository, engine: Captions, again_tries: int = 3):
        self.repository = repository
        self.engine = engine
        self.again_tries = again_tries
        self.base = CaptionOptions()

    @staticmethod
    async def picture(record: ImageRecord) -> IntakeImage | None:
        """The stored copy of a picture, or None when it is gone."""
        if not record.thumbnail:
            return None
        return await read_image(record.thumbnail)

    async def _styled(
        self, image: IntakeImage, style: Style, seed: int, options: CaptionOptions | None = None
    ) -> Captioned:
        options = options or style.caption_options(self.base, seed)
        result = await self.engine.caption(image, options)
        return style.rewrite(StyleInput(result.captions, seed)), result, options

    async def caption(self, image: IntakeImage, style: Style) -> Captioned:
        """Caption a picture not stored yet (its record is written by the caller)."""
        return await self._styled(image, style, stable_seed(image.content_hash, style.name))

    async def restyle(self, record: ImageRecord, style: Style) -> Outcome:
        image = await self.picture(record)
        if image is None:
            return Outcome(texts.text("chat.image_gone"))
        seed = stable_seed(record.content_hash, style.name)
        text, result, options = await self._styled(image, style, seed)
        return Outcome(text, draft(text, result, style, options))

    async def again(self, record: ImageRecord, style: Style) -> Outcome:
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
                if not candidate or normalise(candidate) in seen:
                    continue
                others = tuple(c for c in result.captions if c != candidate)
                text = style.rewrite(StyleInput((candidate, *others), seed))
                if normalise(text) in seen:
                    continue
                chosen = CaptionResult((candidate, *others), result.model, result.seconds)
                return Outcome(text, draft(text, chosen, style, options))
        return Outcome(texts.text("chat.nothing_new"))

    async def answer(self, record: ImageRecord, question: str) -> Outcome:
        """Continue a prefix made from the question; the answer is the model's sentence."""
        image = await self.picture(record)
        if image is None:
            return Outcome(texts.text("chat.image_gone"))
        plan = plan_question(question)
        plain = STYLES["plain"]
        if not plan.understood:
            detailed = STYLES["detailed"]
            seed = stable_seed(record.content_hash, detailed.name)
            text, result, options = await self._styled(image, detailed, seed)
            reply = texts.text("chat.understood_nothing", text=text)
        elif not plan.prefix:
            text, result, options = await self._styled(image, plain, 0)
            reply = texts.text("chat.i_see", text=text.rstrip("."))
        else:
            options = self.base.with_changes(prefix=plan.prefix)
            result = await self.engine.caption(image, options)
            continuation = result.text[len(plan.prefix) :].strip()
            if not result.text.lower().startswith(plan.prefix.lower()) or not continuation:
                return Outcome(texts.text("chat.cannot_tell"))
            reply = sentence(result.text)
        return Outcome(reply, draft(reply, result, plain, options, "answer", question))
