"""The LLM's instructions: every prompt carries the captioner's own words for the picture, and,
unless the LLM sees the picture itself, tells it to stay with them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.llm.client import Message

# What each style asks the LLM to write; a style not named here is asked for by its name.
STYLE_BRIEFS = {
    "plain": "a plain, natural one-sentence caption",
    "funny": "a funny caption: one or two sentences with a light, friendly joke about what is "
    "shown",
    "poetic": "a short poem of three or four lines about what is shown",
    "formal": "one sober, complete, formal sentence describing the picture",
    "short": "the shortest caption that still says what is shown: at most six words",
    "detailed": "a detailed description in two or three sentences, using everything the "
    "descriptions agree on",
    "hashtags": "only hashtags: three to eight lowercase hashtags about what is shown",
    "emoji": "a one-sentence caption with fitting emoji",
    # The Gradio app this bot grows from asked its LLM for exactly this.
    "catchy": "a catchy social-media caption: one short, punchy line, then a line of three to "
    "five relevant hashtags",
}

_BLIND = (
    "You cannot see the picture. An image-captioning model looked at it and its descriptions are "
    "below: they are all you know. Stay with what they report. Never invent objects, people, "
    "animals, colours, text, places or actions they do not mention; if they disagree, prefer the "
    "first. If they do not tell, say so briefly."
)
_SIGHTED = (
    "The picture is attached. An image-captioning model's descriptions of it are below as hints. "
    "Describe only what is really in the picture."
)
_PLAIN_TEXT = (
    "Write plain text only: no markdown, no HTML, no links, no @mentions, no quotation marks "
    "around your answer, and no preamble such as 'Sure' or 'Here is'."
)

# What one prompt may carry, so that none passes PROMPT_BUDGET characters whatever is stored: the
# person's message (the chat refuses more than 2,000 characters already), each of at most
# MAX_CAPTIONS descriptions, and the chat's last turns, each cut to TURN_CHARS and together at
# most TURNS_CHARS, the oldest dropped first.
MESSAGE_CHARS = 2000
CAPTION_CHARS = 600  # an LLM's caption is at most 600 (bot.llm.writers.STYLE_LIMIT)
MAX_CAPTIONS = 8
TURN_CHARS = 1000  # an LLM's answer is at most 900 (bot.llm.writers.ANSWER_LIMIT)
TURNS_CHARS = 4000
PROMPT_BUDGET = 12_000

_LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,2}$")


def language_code(value: str | None) -> str | None:
    """A language tag fit to quote in a prompt ("fr", "pt-BR"); None for anything else (the web
    page sends what the browser says, and a prompt must not carry arbitrary text from it)."""
    return value if value and _LANGUAGE_CODE.match(value) else None


def _language(language: str | None, *, writes: bool) -> str:
    code = language_code(language)
    if writes:
        hint = f" (their app is set to the language tagged '{code}')" if code else ""
        return f"Reply in the language the person writes in{hint}."
    if code:
        return f"Write in the language tagged '{code}' (the person's app language)."
    return "Write in English."


def _system(vision: bool, language: str | None, *, writes: bool) -> Message:
    about = _SIGHTED if vision else _BLIND
    intro = "You write the replies of Captionist, a chat bot that captions pictures."
    text = f"{intro} {about} {_PLAIN_TEXT} {_language(language, writes=writes)}"
    return {"role": "system", "content": text}


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def context_turns(turns: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The newest of `turns` (oldest first, as stored) that fit TURNS_CHARS, each cut to
    TURN_CHARS: the oldest are dropped first, and what is kept runs on to the newest unbroken."""
    kept: list[tuple[str, str]] = []
    room = TURNS_CHARS
    for role, text in reversed(turns):
        text = _clip(text, TURN_CHARS)
        if len(text) > room:
            break
        room -= len(text)
        kept.append((role, text))
    return kept[::-1]


def _evidence(captions: Sequence[str]) -> str:
    unique = dict.fromkeys(_clip(c, CAPTION_CHARS) for c in captions if c)
    lines = [f"{n}. {c}" for n, c in enumerate(list(unique)[:MAX_CAPTIONS], 1)]
    return "The captioning model's descriptions, best first:\n" + "\n".join(lines)


def _with_picture(text: str, picture: str | None) -> Message:
    if picture is None:
        return {"role": "user", "content": text}
    return {
        "role": "user",
        "content": [
            {"type": "text", "text": text},
            {"type": "image_url", "image_url": {"url": picture}},
        ],
    }


def style_prompt(
    style: str, captions: Sequence[str], language: str | None, picture: str | None = None
) -> list[Message]:
    """Write the caption in `style` from the captioner's candidates. `picture`: a data URL."""
    brief = STYLE_BRIEFS.get(style, f"a caption in the style '{style}'")
    text = f"{_evidence(captions)}\n\nWrite {brief}. Reply with the caption only."
    return [_system(picture is not None, language, writes=False), _with_picture(text, picture)]


def answer_prompt(
    question: str,
    captions: Sequence[str],
    prefix_answer: str | None,
    language: str | None,
    picture: str | None = None,
) -> list[Message]:
    """Answer a question about the picture from the captioner's words."""
    parts = [_evidence(captions)]
    if prefix_answer:
        said = _clip(prefix_answer, CAPTION_CHARS)
        parts.append(
            f'Asked to finish the answer, the captioning model wrote: "{said}" (it is often '
            "wrong; trust it only where the descriptions agree)."
        )
    parts.append(f"The person asks about the picture: {_clip(question, MESSAGE_CHARS)}")
    parts.append("Answer in one or two short sentences.")
    return [
        _system(picture is not None, language, writes=True),
        _with_picture("\n\n".join(parts), picture),
    ]


def talk_prompt(
    message: str,
    captions: Sequence[str] | None,
    turns: Sequence[tuple[str, str]],
    language: str | None,
    picture: str | None = None,
) -> list[Message]:
    """Answer a chat message (small talk, a request about the current picture) with the chat's
    last turns as context (as many of the newest as fit the budget)."""
    if captions:
        about = (
            f"The chat's current picture.\n{_evidence(captions)}\n\nThe person's messages follow; "
            "answer briefly (at most a few sentences) and kindly, about this picture when they ask "
            "about it. You can translate, rephrase or comment on the descriptions, but only "
            "report what they say."
        )
    else:
        about = (
            "The person has not sent a picture yet. Answer briefly and kindly, and invite them to "
            "send a photo when it fits."
        )
    messages = [_system(picture is not None, language, writes=True)]
    messages.append(_with_picture(about, picture))
    messages.append({"role": "assistant", "content": "Understood."})
    for role, text in context_turns(turns):
        messages.append({"role": "assistant" if role == "bot" else "user", "content": text})
    messages.append({"role": "user", "content": _clip(message, MESSAGE_CHARS)})
    return messages
