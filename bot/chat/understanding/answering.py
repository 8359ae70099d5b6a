"""Who answers questions about a picture and free chat: the rules (always there), or an LLM when
one is configured (bot.llm). The conversation gets one injected and never calls the rules
directly.

Both get the same evidence: what the captioner said of the picture. The rules only ever repeat
the model's words, checked against the question (bot.chat.understanding.checks).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.chat import texts
from bot.chat.restyling import PictureSource
from bot.chat.styles import STYLES, StyleInput
from bot.chat.understanding.checks import checked_answer
from bot.chat.understanding.phrases import talk_in
from bot.chat.understanding.questions import QuestionPlan, looks_english
from bot.chat.understanding.small_talk import needs_llm, small_talk


@dataclass(frozen=True)
class Evidence:
    """What the captioner produced for one picture."""

    captions: tuple[str, ...]  # its candidates, best first
    picture: PictureSource | None = None  # for a writer that looks at pictures (LLM_VISION)
    # The caption the person was last shown of this picture (the model's words): an answer
    # must never contradict it, so it is checked against this one first.
    shown: str | None = None


@dataclass(frozen=True)
class Question:
    text: str  # as the person asked it
    plan: QuestionPlan
    evidence: Evidence
    # The captioner's sentence continuing `plan.prefix` (None without a prefix): its answer.
    prefix_answer: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Talk:
    """A message the rules map to nothing about a picture: small talk, a request, a remark."""

    text: str
    evidence: Evidence | None = None  # the chat's current picture, if it has one
    turns: tuple[tuple[str, str], ...] = ()  # (role "user"/"bot", text), oldest first
    language: str | None = None


class Answerer(Protocol):
    # Whether `talk` is costly (a language model's call): then it counts against a person's
    # limits like the model's work does.
    costly_talk: bool

    async def answer(self, question: Question) -> str: ...

    async def talk(self, talk: Talk) -> str: ...


def _english_or_unknown(question: str) -> bool:
    """Whether the rules' answer to a question they could not plan fits: the person speaks
    English, or the question reads like English."""
    return texts.current_locale() == texts.DEFAULT_LOCALE or looks_english(question)


class RuleAnswerer:
    """The captioner's own words, checked; small talk from the catalogue."""

    costly_talk = False

    async def answer(self, question: Question) -> str:
        plan, captions = question.plan, question.evidence.captions
        shown = question.evidence.shown
        if not plan.understood and not _english_or_unknown(question.text):
            # The rules plan English questions only: in another language, say so honestly.
            return texts.text("question.english_only")
        if not plan.understood:
            detailed = STYLES["detailed"].rewrite(StyleInput(captions, 0))
            return texts.text("chat.understood_nothing", text=detailed)
        seen = (shown or captions[0]).rstrip(".")  # what the person was told it shows
        if not plan.prefix:
            return texts.text("chat.i_see", text=seen)
        answer = checked_answer(plan, question.prefix_answer or "", captions, shown)
        if answer is not None:
            return answer
        if plan.kind:  # a colour, a count, a side: say what is known instead of guessing
            return texts.text("chat.cannot_tell_but", text=seen)
        return texts.text("chat.cannot_tell")

    async def talk(self, talk: Talk) -> str:
        kind = small_talk(talk.text) or talk_in(talk.text, texts.current_locale())
        if kind is not None:
            return texts.text(
                {
                    "thanks": "talk.thanks", "who": "talk.who", "how_are_you": "talk.how_are_you",
                    "bye": "talk.bye", "hello": "talk.hello", "praise": "talk.praise",
                }[kind]
            )  # fmt: skip
        if needs_llm(talk.text):
            return texts.text("chat.needs_llm")
        return texts.text("chat.chat")
