"""Who writes a style's caption from the captioner's words: the templates (always there), or an
LLM when one is configured (bot.llm). The conversation gets one injected and never calls the
templates directly."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from bot.chat.styles import Style, StyleInput

# The picture as a small JPEG, read only by a writer that looks at pictures (LLM_VISION).
PictureSource = Callable[[], Awaitable[bytes | None]]


@dataclass(frozen=True)
class StyleRequest:
    style: Style
    given: StyleInput  # the captioner's candidates for this picture, best first
    language: str | None = None  # the person's language code ("fr", "pt-BR"), when known
    picture: PictureSource | None = None


class Restyler(Protocol):
    async def restyle(self, request: StyleRequest) -> str: ...


class TemplateRestyler:
    """The style's own template around the model's words: instant, and never fails."""

    async def restyle(self, request: StyleRequest) -> str:
        return request.style.rewrite(request.given)
