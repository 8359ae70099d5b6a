"""The core's replies and history → JSON for the page. The page shows every text as text."""

from __future__ import annotations

from typing import Any

from bot.chat.history import HistoryEntry
from bot.chat.messages import Action, Reply


def actions_json(actions: tuple[Action, ...]) -> list[dict[str, str]]:
    return [{"label": a.label, "payload": a.payload} for a in actions]


def reply_json(reply: Reply, message_id: str, text: str | None = None) -> dict[str, Any]:
    return {
        "id": message_id,
        "text": reply.text if text is None else text,
        "reply_to": reply.reply_to,
        "actions": actions_json(reply.actions),
    }


def history_json(entries: list[HistoryEntry]) -> list[dict[str, Any]]:
    """Turns oldest first; `image_id` is the picture shown with a turn, `id` what a reply to it
    sends as `reply_to`."""
    return [
        {
            "role": entry.role,
            "text": entry.text,
            "image_id": entry.image_id,
            "id": entry.message_id,
            "actions": actions_json(entry.actions),
        }
        for entry in entries
    ]


def image_type(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"GIF8"):
        return "image/gif"
    return "image/jpeg"
