"""Small talk and requests only a language model can serve, recognised without one.

"thanks", "hello", "who are you?" deserve a short friendly answer rather than "I can only talk
about pictures"; "translate it" deserves to hear that it needs an LLM, and how one is enabled.
"""

from __future__ import annotations

import re

_MAX_WORDS = 8  # longer messages are about something else, even if they start with "hi"

_SMALL_TALK: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("thanks", r"\b(?:thanks|thank you|thank u|thx|ty|cheers|much appreciated)\b"),
        ("who", r"^(?:who are you|what are you|what is your name|what's your name|"
                r"what can you do|are you a bot|are you human|are you real)\b"),
        ("how_are_you", r"^(?:how are you|how's it going|how are things|how do you do)\b"),
        ("bye", r"^(?:bye|goodbye|good bye|see you|see ya|good night|ciao)\b"),
        ("hello", r"^(?:hi|hello|hey|hiya|howdy|yo|hallo|good (?:morning|afternoon|evening))\b"),
        ("praise", r"^(?:good bot|nice|great|cool|awesome|amazing|wow|love it|well done|lol)\b"),
    )
)  # fmt: skip

_NEEDS_LLM = re.compile(
    r"\b(?:translate|translation|in (?:french|german|spanish|italian|portuguese|russian|chinese|"
    r"japanese|arabic|dutch|polish|ukrainian|turkish|hindi|korean)|summari[sz]e|summary|"
    r"write (?:me )?(?:a|an) (?:story|essay|song|letter|post|tweet)|tell me a story|explain|"
    r"what do you think|your opinion|rewrite|paraphrase)\b"
)


def small_talk(text: str) -> str | None:
    """The kind of small talk `text` is ("thanks", "hello", "who", ...), or None."""
    lowered = " ".join(re.findall(r"[\w']+", text.lower()))
    if not lowered or len(lowered.split()) > _MAX_WORDS:
        return None
    for kind, pattern in _SMALL_TALK:
        if pattern.search(lowered):
            return kind
    return None


def needs_llm(text: str) -> bool:
    """Whether `text` asks for something only a language model can write (translating, ...)."""
    return bool(_NEEDS_LLM.search(" ".join(re.findall(r"[\w']+", text.lower()))))
