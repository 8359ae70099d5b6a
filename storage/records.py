"""Plain values the repository hands to callers instead of ORM objects.

Frozen so callers cannot mistake them for live rows: changing storage goes through the
repository. JSON fields are copies, so mutating one never leaks into another record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.chat.intake import InboxRecord as InboxRecord


@dataclass(frozen=True, slots=True)
class ChatRecord:
    id: int
    platform: str
    external_id: str
    style: str
    auto_caption: bool
    settings: dict[str, Any]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ImageRecord:
    id: int
    chat_id: int
    content_hash: str
    width: int
    height: int
    mime: str | None
    file_ref: str | None
    message_ref: str | None
    thumbnail: bytes | None
    created_at: datetime
    text: dict[str, Any] | None = None  # the text read in it (ReadText.to_dict), if read


@dataclass(frozen=True, slots=True)
class CaptionRecord:
    id: int
    image_id: int
    kind: str
    text: str
    model_text: str | None
    style: str
    question: str | None
    options: dict[str, Any]
    model: str
    seconds: float
    message_ref: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class TurnRecord:
    id: int
    chat_id: int
    role: str
    text: str
    image_id: int | None
    message_ref: str | None
    created_at: datetime


class NotFoundError(LookupError):
    """A chat or image the caller referred to does not exist (any more)."""
