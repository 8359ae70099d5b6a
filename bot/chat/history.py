"""A chat's past as a page shows it again: its turns, the pictures they carried, the buttons each
caption came with and the message ids replies to them use. Everything is read back from storage,
so a new core on the same database shows the same chat.

Storage keeps no row for "the buttons of that message": they are rebuilt with the rule that made
them, from the caption the bot turn carried. A bot turn's caption is the newest caption of its
picture, not yet claimed by an earlier turn, stored before the turn with the same text: the core
stores a caption and then, under the chat's lock, the turn that says it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.chat.messages import Action
from storage import Repository
from storage.records import CaptionRecord, TurnRecord

# The text stored for a picture sent without words; the picture itself says it on a page.
PICTURE_ONLY = "[picture]"

ActionsRule = Callable[[int, str, int | None], tuple[Action, ...]]


@dataclass(frozen=True)
class HistoryEntry:
    """One turn, oldest first in a history."""

    role: str  # "user" or "bot"
    text: str
    # The message as the platform knows it; for an entry showing a picture, the message that
    # carried it. A reply to a picture's or a caption's message id asks about that picture.
    message_id: str | None = None
    image_id: int | None = None  # the picture to show with this entry (its first in the history)
    actions: tuple[Action, ...] = ()  # the buttons the message came with


class _Captions:
    """The chat's captions, to find the one a bot turn said and the style the chat had then."""

    def __init__(self, captions: list[CaptionRecord]):
        self.ordered = captions  # oldest first
        self.claimed: set[int] = set()

    def said_by(self, turn: TurnRecord) -> CaptionRecord | None:
        found = None
        for caption in self.ordered:
            if caption.created_at > turn.created_at:
                break
            # A caption's turn may add a line under it (the style became the chat's, the
            # model's notice): the caption is still the turn's first part.
            said = turn.text or ""
            if (
                caption.image_id == turn.image_id
                and (said == caption.text or said.startswith(caption.text + "\n"))
                and caption.id not in self.claimed
            ):
                found = caption
        if found is not None:
            self.claimed.add(found.id)
        return found

    def style_at(self, caption: CaptionRecord, fallback: str) -> str:
        """The chat's style when `caption` was sent: a caption is made in it; an answer is made
        plain, so the chat's style then is that of the caption before it."""
        style = fallback
        for earlier in self.ordered:
            if earlier.created_at > caption.created_at:
                break
            if earlier.kind == "caption":
                style = earlier.style
        return style


async def chat_history(
    repository: Repository, platform: str, chat_id: str, limit: int, actions: ActionsRule
) -> list[HistoryEntry]:
    """The chat's last `limit` turns, oldest first; `actions` is the conversation's button rule."""
    chat = await repository.get_chat(platform, chat_id)
    if chat is None:
        return []
    turns = await repository.recent_turns(chat.id, limit=limit)
    image_ids = {t.image_id for t in turns if t.image_id is not None}
    captions = _Captions(await repository.captions_for_images(chat.id, image_ids))
    carriers = await repository.image_message_refs(chat.id, image_ids)
    shown: set[int] = set()
    entries = []
    for turn in turns:
        if turn.role == "bot":
            caption = captions.said_by(turn) if turn.image_id is not None else None
            if caption is None:
                entries.append(HistoryEntry("bot", turn.text))
                continue
            style = captions.style_at(caption, chat.style)
            rateable = caption.id if caption.kind == "caption" else None
            buttons = actions(caption.image_id, style, rateable)
            entries.append(HistoryEntry("bot", turn.text, caption.message_ref, actions=buttons))
        elif turn.image_id is not None and turn.image_id not in shown:
            shown.add(turn.image_id)
            text = "" if turn.text == PICTURE_ONLY else turn.text
            carrier = carriers.get(turn.image_id) or turn.message_ref
            entries.append(HistoryEntry("user", text, carrier, turn.image_id))
        else:
            entries.append(HistoryEntry("user", turn.text, turn.message_ref))
    return entries


async def chat_picture(
    repository: Repository, platform: str, chat_id: str, image_id: int
) -> bytes | None:
    """The stored copy of one of this chat's pictures; None for another chat's, or a gone one."""
    chat = await repository.get_chat(platform, chat_id)
    if chat is None:
        return None
    image = await repository.get_image(image_id)
    if image is None or image.chat_id != chat.id or not image.thumbnail:
        return None
    return image.thumbnail
