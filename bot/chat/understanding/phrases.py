"""What people write in the catalogue's other languages: "nochmal", "de novo", "ще раз", "was
steht da?", "mach es lustiger", "danke". English has its own patterns (intents, small_talk);
these are the word lists of bot.chat.locales, matched on words, not letters.

A whole-message request (another caption, read it out, alt text) is recognised in every language:
a person's app language says little about what they type. A style word or small talk only in the
person's own language and English, where a word of one language is not another's request.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from bot.chat.locales import LANGUAGES

_WORD = re.compile(r"\w+")


def words(text: str) -> tuple[str, ...]:
    """The words of `text`, lowercased; apostrophes and hyphens split words ("альт-текст")."""
    return tuple(_WORD.findall(text.lower().replace("’", "'")))


def _joined(text: str) -> tuple[str, ...]:
    # The same words with apostrophes and hyphens dropped instead ("альттекст", "unaltra").
    return words(re.sub(r"['\-]", "", text.lower().replace("’", "'")))


def _phrases(items: Iterable[str]) -> frozenset[tuple[str, ...]]:
    return frozenset(found for item in items for found in (words(item), _joined(item)) if found)


@functools.cache
def _whole(kind: str) -> frozenset[tuple[str, ...]]:
    return _phrases(p for module in LANGUAGES.values() for p in getattr(module, kind))


@functools.cache
def _polite() -> frozenset[tuple[str, ...]]:
    return _phrases(p for module in LANGUAGES.values() for p in module.POLITE)


def _without_polite(said: tuple[str, ...]) -> tuple[str, ...]:
    polite = _polite()
    longest = max((len(p) for p in polite), default=0)
    out: list[str] = []
    index = 0
    while index < len(said):
        for size in range(min(longest, len(said) - index), 0, -1):
            if said[index : index + size] in polite:
                index += size
                break
        else:
            out.append(said[index])
            index += 1
    return tuple(out)


def whole_request(text: str) -> str | None:
    """ "again", "read" or "alt" when the whole message asks for it in a catalogue language."""
    for said in {words(text), _joined(text)}:
        for candidate in (said, _without_polite(said)):
            if not candidate:
                continue
            for kind in ("AGAIN", "READ", "ALT"):
                if candidate in _whole(kind):
                    return kind.lower()
    return None


def _contains(said: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(said[i : i + size] == phrase for i in range(len(said) - size + 1))


@functools.cache
def _styles(locale: str) -> dict[str, frozenset[tuple[str, ...]]]:
    module = LANGUAGES.get(locale)
    if module is None:
        return {}
    return {name: _phrases(found) for name, found in module.STYLES.items()}


def style_in(text: str, locale: str) -> str | None:
    """The style a message in `locale`'s language asks for ("mach es lustiger": funny)."""
    said = words(text)
    for name, phrases in _styles(locale).items():
        if any(_contains(said, phrase) for phrase in phrases):
            return name
    return None


@functools.cache
def _talk(locale: str) -> dict[str, frozenset[tuple[str, ...]]]:
    module = LANGUAGES.get(locale)
    if module is None:
        return {}
    return {kind: _phrases(found) for kind, found in module.TALK.items()}


MAX_TALK_WORDS = 8  # as small_talk: longer messages are about something else


def talk_in(text: str, locale: str) -> str | None:
    """ "thanks", "hello" or "bye" when a short message in `locale`'s language starts with it."""
    said = words(text)
    if not said or len(said) > MAX_TALK_WORDS:
        return None
    # Longest first: "buenas noches" (bye) before "buenas" (hello).
    found = [
        (len(phrase), kind)
        for kind, phrases in _talk(locale).items()
        for phrase in phrases
        if said[: len(phrase)] == phrase
    ]
    return max(found)[1] if found else None
