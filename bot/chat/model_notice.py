"""What a chat is told about a model that cannot really caption photos: the bundled demo model
(chosen, or fallen back to) and random weights. Said in /help, the web chat's banner, and a note
on each chat's first caption, so that nonsense is never mistaken for a real caption."""

from __future__ import annotations

from typing import Any

from bot.chat import texts


def notice_key(captioner: Any) -> str | None:
    """The catalogue key of what to say about `captioner`'s model, or None for a real one."""
    info = getattr(captioner, "info", None)
    if info is None:
        return None
    if getattr(info, "meaningless", False):
        return "model.random"
    if getattr(info, "fallback_reason", None):
        return "model.demo_fallback"
    if getattr(info, "demo", False):
        return "model.demo"
    return None


def notice_text(key: str | None, locale: str | None = None) -> str | None:
    if key == "model.random":
        return texts.text("model.random", locale=locale)
    if key == "model.demo_fallback":
        return texts.text("model.demo_fallback", locale=locale)
    if key == "model.demo":
        return texts.text("model.demo", locale=locale)
    return None
