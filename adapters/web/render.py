"""The core's replies and history → JSON for the page. The page shows every text as text.

Refusals: the page shows a refused upload (not a picture, unreadable, too big, over a limit) as
one, with no picture and no ↩ Reply, and the bot's refusal in the error style. The core's `Reply`
carries no such flag, so the adapter tells: a message that carried a file is refused when none of
its replies is a caption and the chat's history holds no picture for it (see `refused_upload`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
        "refusal": False,  # set by `Outbox.answer` once the whole answer is known
        # An acknowledgement of a button (👍, 👎): the page shows it in passing, not as a chat
        # message, and it is in no history.
        "quiet": reply.quiet,
    }


@dataclass
class Outbox:
    """The replies "sent" to a request still waiting for them."""

    replies: list[dict[str, Any]] = field(default_factory=list)
    # A reply carried a caption: the message's picture was taken.
    captioned: bool = False

    def add(self, reply: Reply, message_id: str, text: str) -> None:
        self.replies.append(reply_json(reply, message_id, text))
        if reply.caption_ids or reply.actions:
            self.captioned = True

    def answer(self, message_id: str | None, refused: bool) -> dict[str, Any]:
        """The response body: with `refused`, the message's upload was not taken and each reply
        without buttons is its refusal."""
        for reply in self.replies:
            reply["refusal"] = refused and not reply["actions"]
        return {"message_id": message_id, "replies": self.replies, "refused": refused}


def refused_upload(entries: list[HistoryEntry], message_id: str | None) -> bool:
    """Whether the chat's history (as it is once the message is answered) holds no picture for
    `message_id`: a picture the bot stored, even one kept for a later caption, is not refused."""
    return not any(e.image_id is not None and e.message_id == message_id for e in entries)


def history_json(entries: list[HistoryEntry]) -> list[dict[str, Any]]:
    """Turns oldest first; `image_id` is the picture shown with a turn, `id` what a reply to it
    sends as `reply_to`. `refused` (a user turn: its upload was refused) and `refusal` (a bot
    turn: it says so) are false until the core keeps refused uploads in the history, with a
    `refused` flag on both turns."""
    turns = []
    for entry in entries:
        flagged = getattr(entry, "refused", False) is True
        turns.append(
            {
                "role": entry.role,
                "text": entry.text,
                "image_id": entry.image_id,
                "id": entry.message_id,
                "actions": actions_json(entry.actions),
                "refused": flagged and entry.role == "user",
                "refusal": flagged and entry.role != "user",
            }
        )
    return turns


def notice_json(chats: object) -> str | None:
    """The model notice the page shows in a banner (the conversation's `model_notice`, e.g. that
    a demo model only knows coloured shapes); None when there is none, or none is told."""
    notice = getattr(chats, "model_notice", None)
    return notice if isinstance(notice, str) and notice.strip() else None


def image_type(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"GIF8"):
        return "image/gif"
    return "image/jpeg"
