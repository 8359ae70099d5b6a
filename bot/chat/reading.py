"""What a chat says about the text in a picture: a short "It says: …" under its caption, and the
whole text when asked ("what does it say?", /read). The text was read once, when the picture
arrived (bot.captioning.text_reading), and is kept with it."""

from __future__ import annotations

from typing import Any

from bot.captioning.reading.types import ReadText
from bot.chat import texts

SAY_CHARS = 300  # under a caption; the rest is a /read away


def _read(stored: dict[str, Any] | ReadText | None) -> ReadText | None:
    if stored is None or isinstance(stored, ReadText):
        return stored
    try:
        return ReadText.from_dict(stored)
    except (KeyError, TypeError, ValueError):
        return None


def it_says(found: dict[str, Any] | ReadText | None) -> str | None:
    """The line under a caption when the picture holds legible text; None otherwise."""
    read = _read(found)
    if read is None or not read.legible:
        return None
    text = read.text
    if len(text) <= SAY_CHARS:
        return texts.text("read.it_says", text=text)
    cut = text[:SAY_CHARS]
    # At a word's end, keeping the lines as they were.
    cut = cut[: max(cut.rfind(" "), cut.rfind("\n"))] if " " in cut or "\n" in cut else cut
    cut = cut.rstrip()
    return texts.text("read.it_says_more", text=cut, more=f"{len(text) - len(cut):,}")


def read_out(found: dict[str, Any] | None) -> str:
    """The whole text of a picture, for "what does it say?" and /read (a platform splits a long
    one over several messages)."""
    if found is None:
        return texts.text("read.not_read")
    read = _read(found)
    if read is None or not read.legible:
        return texts.text("read.none")
    return texts.text("read.whole", text=read.text)


def stored_text(read: ReadText | None) -> dict[str, Any] | None:
    return read.to_dict() if read is not None else None


def alt_text(caption: str | None, found: dict[str, Any] | None) -> str:
    """One paste-ready alt text: what the picture shows, then the text it contains."""
    if not caption:
        return read_out(found)
    shown = caption.strip().rstrip(".")
    shown = shown[:1].upper() + shown[1:]
    read = _read(found)
    if read is None or not read.legible:
        return texts.text("read.alt_plain", caption=shown)
    return texts.text("read.alt", caption=shown, text=" / ".join(read.text.splitlines()))
