"""The one error type users are told about.

Captioning knows no chat and no language, so an error names its text instead of carrying it: `key`
is an entry of the chat's catalogue (bot.chat.texts) and `params` fill its placeholders; `str(exc)`
is the detail for logs. Params are plain JSON values, so a worker can send them to a bot.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType


class UserFacingError(Exception):
    key: str = "caption.error"

    def __init__(self, detail: str = "", *, key: str | None = None, **params: object) -> None:
        if key is not None:
            self.key = key
        self.params: Mapping[str, object] = MappingProxyType(params)
        super().__init__(detail or self.key)


class CaptionError(UserFacingError):
    """Base of captioning failures (engine, workers)."""


class Unreachable(CaptionError):
    """A captioning dependency that does not answer for now (the caption workers): an outage the
    chat waits out, like the database's, rather than a failure to tell people about."""

    key = "caption.unavailable"
    dependency = "the caption service"
