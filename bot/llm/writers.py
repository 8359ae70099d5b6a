"""The LLM's restyler and answerer: each asks the endpoint, and answers with its fallback (the
templates, the rules) at once when the endpoint fails, stalls or is backing off."""

from __future__ import annotations

import base64
import logging

from bot.chat.restyling import PictureSource, Restyler, StyleRequest
from bot.chat.understanding.answering import Answerer, Question, Talk
from bot.llm import prompts
from bot.llm.client import LLMClient
from bot.llm.safety import clean_reply

log = logging.getLogger(__name__)

STYLE_LIMIT = 600  # characters: a caption, even a poem
ANSWER_LIMIT = 900


async def _picture(client: LLMClient, source: PictureSource | None) -> str | None:
    """The picture as a data URL, for a vision model only."""
    if not client.vision or source is None:
        return None
    try:
        data = await source()
    except Exception:
        log.warning("could not read the picture for the LLM; sending the captions only")
        return None
    return f"data:image/jpeg;base64,{base64.b64encode(data).decode()}" if data else None


class LLMRestyler:
    def __init__(
        self,
        client: LLMClient,
        fallback: Restyler,
        *,
        allow_links: bool = False,
        translate: bool = False,
    ):
        self.client = client
        self.fallback = fallback
        self.allow_links = allow_links  # LLM_ALLOW_LINKS: the model's links reach the chat
        # LLM_TRANSLATE_CAPTIONS: the plain caption in the person's language too; otherwise it
        # stays English like the captioner's, and only the styles are written in theirs.
        self.translate = translate

    async def restyle(self, request: StyleRequest) -> str:
        if not self.client.resting:
            picture = await _picture(self.client, request.picture)
            plain = request.style.name == "plain" and not self.translate
            messages = prompts.style_prompt(
                request.style.name,
                request.given.captions,
                None if plain else request.language,
                picture,
            )
            written = await self.client.complete(messages)
            text = clean_reply(written or "", STYLE_LIMIT, allow_links=self.allow_links)
            if text:
                return text
        return await self.fallback.restyle(request)


class LLMAnswerer:
    costly_talk = True

    def __init__(self, client: LLMClient, fallback: Answerer, *, allow_links: bool = False):
        self.client = client
        self.fallback = fallback
        self.allow_links = allow_links

    async def answer(self, question: Question) -> str:
        if not self.client.resting:
            picture = await _picture(self.client, question.evidence.picture)
            messages = prompts.answer_prompt(
                question.text,
                question.evidence.captions,
                question.prefix_answer,
                question.language,
                picture,
            )
            text = self._clean(await self.client.complete(messages))
            if text:
                return text
        return await self.fallback.answer(question)

    async def talk(self, talk: Talk) -> str:
        if not self.client.resting:
            evidence = talk.evidence
            picture = await _picture(self.client, evidence.picture if evidence else None)
            captions = evidence.captions if evidence else None
            messages = prompts.talk_prompt(talk.text, captions, talk.turns, talk.language, picture)
            text = self._clean(await self.client.complete(messages))
            if text:
                return text
        return await self.fallback.talk(talk)

    def _clean(self, written: str | None) -> str:
        return clean_reply(written or "", ANSWER_LIMIT, allow_links=self.allow_links)
