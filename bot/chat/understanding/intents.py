"""What a text message asks for: a command, a style, another caption, a question, or chat."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.chat.styles import style_from_phrase
from bot.chat.understanding.phrases import style_in, talk_in, whole_request
from bot.chat.understanding.questions import is_question
from bot.chat.understanding.small_talk import small_talk

# The most a person may write in one message, with a picture or without, on every platform: the
# conversation refuses anything longer at its entry, before it is stored, downloaded or sent to an
# LLM (`too_long`).
MAX_TEXT = 2000

_AGAIN = re.compile(
    r"^(?:please\s+)?(?:(?:try|do it|one more time|once more|go)\s+)?"
    r"(?:again|another(?: one)?|one more|retry|redo|regenerate|new one|"
    r"(?:a\s+)?(?:new|different|another) (?:caption|one|try))"
    r"(?:\s+please)?[.!]*$"
)


# "what does it say?", "read it", "what's written on the sign?", "transcribe this": the text in
# the picture, read out whole.
_READ = re.compile(
    r"^(?:(?:can|could|would) you\s+|please\s+)?"
    r"(?:what(?:'s| is| does)?\s+(?:it|this|that|the \w+(?: \w+)?)\s+says?"
    r"|what(?:'s| is)\s+written(?:\s+(?:on|in) (?:it|this|that|the \w+(?: \w+)?))?"
    r"|what(?:'s| is| does)?\s+the text(?: say)?"
    r"|read(?: out)?\s+(?:it|this|that|the text|the \w+(?: \w+)?)(?: (?:to me|out|aloud))?"
    r"|transcribe(?:\s+(?:it|this|that|the text))?"
    r"|ocr(?:\s+(?:it|this))?)"
    r"(?:\s+(?:for me|please))?\s*[?.!]*$"
)


_ALT = re.compile(
    r"^(?:(?:give me|write|make)\s+)?(?:an?\s+)?alt(?:[- ]?text)?(?:\s+for (?:it|this|that))?"
    r"(?:\s+please)?\s*[?.!]*$|^describe (?:it |this )?for alt[- ]?text\s*[?.!]*$"
)


@dataclass(frozen=True)
class Intent:
    kind: str  # command, style, again, question, read, empty, too_long, chat
    name: str = ""  # command or style name
    argument: str = ""  # command arguments, or the question


def _strip_mention(text: str) -> str:
    # Leading "@captionbot," or "captionist:" addresses the bot; it is not part of the request.
    return re.sub(r"^@\w+[,:]?\s*", "", text).strip()


def too_long(text: str) -> bool:
    """Whether `text`, as the person sent it (what would be stored), is over MAX_TEXT."""
    return len(text) > MAX_TEXT


def parse(text: str, locale: str | None = None) -> Intent:
    """What `text` asks for; `locale` (the person's catalogue language) adds its style words and
    small talk to English's. Requests for another caption, the text or alt text are understood
    in every catalogue language."""
    text = _strip_mention(" ".join(text.split()))
    if not text:
        return Intent("empty")
    if len(text) > MAX_TEXT:
        return Intent("too_long")
    if text.startswith("/"):
        head, _, rest = text[1:].partition(" ")
        name = head.split("@", 1)[0].lower()  # /style@captionbot in groups
        return Intent("command", name=name, argument=rest.strip())
    lowered = text.lower().replace("’", "'")
    if _AGAIN.match(lowered):
        return Intent("again")
    if _READ.match(lowered):
        return Intent("read")
    if _ALT.match(lowered):
        return Intent("alt")
    request = whole_request(lowered)
    if request is not None:
        return Intent(request)
    # The person's own language first: its phrase is the more specific ("für instagram").
    wanted = style_in(lowered, locale) if locale else None
    if wanted is None:
        style = style_from_phrase(lowered)
        wanted = style.name if style is not None else None
    if wanted is not None and not _asks_about_picture(lowered):
        return Intent("style", name=wanted)
    if small_talk(lowered) is not None or (locale is not None and talk_in(lowered, locale)):
        # "who are you?" is not about the picture, and is answered even before there is one.
        return Intent("chat", argument=text)
    if is_question(lowered):
        return Intent("question", argument=text)
    return Intent("chat", argument=text)


def _asks_about_picture(text: str) -> bool:
    # "what is the funny man holding?" is a question even though it says "funny".
    return bool(re.match(r"^(?:what|where|who|which|how many|why|when)\b", text))
