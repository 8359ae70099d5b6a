"""Realistic Telegram update JSON, as the Bot API sends it."""

from __future__ import annotations

import itertools
import time
from typing import Any

from tests.adapters.telegram.fake_bot_api import BOT

USER = {"id": 777, "is_bot": False, "first_name": "Ada", "language_code": "en"}
OTHER_BOT = {"id": 888, "is_bot": True, "first_name": "Spam", "username": "spam_bot"}
PRIVATE = {"id": 777, "type": "private", "first_name": "Ada"}
GROUP = {"id": -100555, "type": "supergroup", "title": "Shapes fans"}
FORUM = {"id": -100666, "type": "supergroup", "title": "Forum", "is_forum": True}

_message_ids = itertools.count(10)


def message(
    chat: dict[str, Any] = PRIVATE,
    *,
    text: str | None = None,
    caption: str | None = None,
    photo: tuple[str, int] | None = None,
    document: tuple[str, int, str, str] | None = None,
    reply_to: dict[str, Any] | None = None,
    media_group_id: str | None = None,
    thread_id: int | None = None,
    sender: dict[str, Any] = USER,
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": chat,
        "from": sender,
    }
    if text is not None:
        payload["text"] = text
        payload["entities"] = _entities(text)
    if caption is not None:
        payload["caption"] = caption
        payload["caption_entities"] = _entities(caption)
    if photo is not None:
        file_id, size = photo
        payload["photo"] = [
            {"file_id": f"{file_id}-small", "file_unique_id": "s", "width": 90, "height": 67,
             "file_size": 1200},
            {"file_id": file_id, "file_unique_id": "b", "width": 800, "height": 600,
             "file_size": size},
        ]  # fmt: skip
    if document is not None:
        file_id, size, name, mime = document
        payload["document"] = {
            "file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": name,
            "mime_type": mime, "file_size": size,
        }  # fmt: skip
    if reply_to is not None:
        payload["reply_to_message"] = reply_to
    if media_group_id is not None:
        payload["media_group_id"] = media_group_id
    if thread_id is not None:
        payload["message_thread_id"] = thread_id
        payload["is_topic_message"] = True
    return payload


def bot_message(chat: dict[str, Any], message_id: int, text: str) -> dict[str, Any]:
    return {"message_id": message_id, "date": int(time.time()), "chat": chat, "from": BOT,
            "text": text}  # fmt: skip


def button(chat: dict[str, Any], carrier_id: int, data: str) -> dict[str, Any]:
    return {
        "id": "cq-1",
        "from": USER,
        "chat_instance": "ci-1",
        "data": data,
        "message": bot_message(chat, carrier_id, "a caption"),
    }


def _entities(text: str) -> list[dict[str, Any]]:
    entities = []
    for word in text.split():
        offset = text.index(word)
        if word.startswith("@"):
            entities.append({"type": "mention", "offset": offset, "length": len(word)})
        elif word.startswith("/") and offset == 0:
            entities.append({"type": "bot_command", "offset": 0, "length": len(word)})
    return entities
