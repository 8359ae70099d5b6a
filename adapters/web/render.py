"""The core's replies and stored turns → JSON for the page. The page shows every text as text."""

from __future__ import annotations

from typing import Any

from bot.chat.messages import Reply
from storage.records import TurnRecord


def reply_json(reply: Reply, message_id: str) -> dict[str, Any]:
    return {
        "id": message_id,
        "text": reply.text,
        "reply_to": reply.reply_to,
        "actions": [{"label": a.label, "payload": a.payload} for a in reply.actions],
    }


def history_json(turns: list[TurnRecord]) -> list[dict[str, Any]]:
    """Turns oldest first; a user turn shows its picture the first time that picture appears."""
    shown: set[int] = set()
    items = []
    for turn in turns:
        image_id = None
        if turn.role == "user" and turn.image_id is not None and turn.image_id not in shown:
            image_id = turn.image_id
            shown.add(turn.image_id)
        text = "" if turn.text == "[picture]" and image_id is not None else turn.text
        items.append(
            {
                "role": turn.role,
                "text": text,
                "image_id": image_id,
                "id": turn.message_ref,
            }
        )
    return items


def image_type(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"GIF8"):
        return "image/gif"
    return "image/jpeg"
