"""The one delivery loop: a reply's parts go out in order, each sent part is recorded before the
next goes, and a retry sends only what is missing, whichever platform it is.

Once any part of an event's replies has gone out, the replies are fixed: they are stored with the
event (its "plan") beside the ids already sent, and a retry sends the rest of that plan instead of
answering the event again, which could word a caption differently.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.chat.intake import InboxRecord
from bot.chat.messages import Action, Reply, split_text
from bot.chat.platform import Part, Platform, Refused
from storage import LeaseLost

log = logging.getLogger(__name__)

# Records what a try has sent so far (sent_refs of the still-pending event).
SaveProgress = Callable[[Mapping[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class Delivered:
    """What was sent for an event, and how the event ended (for the metrics)."""

    messages: tuple[str, ...] = ()
    # Which sent message carried each caption: a reply to that message is about its picture.
    captions: Mapping[int, str] = field(default_factory=dict)
    outcome: str = "answered"  # "answered", "ignored" or "refused"


def parts_of(replies: Sequence[Reply], max_text: int) -> list[Part]:
    parts: list[Part] = []
    for reply in replies:
        texts = split_text(reply.text, max_text)
        parts += [Part(reply, text, i, len(texts)) for i, text in enumerate(texts)]
    return parts


def plan_json(replies: Sequence[Reply]) -> list[dict[str, Any]]:
    return [
        {
            "text": r.text,
            "reply_to": r.reply_to,
            "actions": [[a.kind, a.label, a.image_id, a.value] for a in r.actions],
            "caption_ids": list(r.caption_ids),
        }
        for r in replies
    ]


def plan_replies(plan: Sequence[Mapping[str, Any]]) -> list[Reply]:
    return [
        Reply(
            str(r["text"]),
            r.get("reply_to"),
            tuple(Action(str(k), str(label), int(i), str(v)) for k, label, i, v in r["actions"]),
            tuple(int(c) for c in r["caption_ids"]),
        )
        for r in plan
    ]


def resumable(record: InboxRecord) -> tuple[list[Reply], list[str]] | None:
    """The replies a former try was sending and the ids it sent, when it sent any."""
    plan = record.sent_refs.get("plan")
    if not isinstance(plan, list):
        return None
    return plan_replies(plan), [str(m) for m in record.sent_refs.get("messages") or ()]


async def deliver(
    platform: Platform,
    record: InboxRecord,
    replies: Sequence[Reply],
    *,
    sent_before: Sequence[str] = (),
    save: SaveProgress,
    still_ours: Callable[[], bool],
) -> Delivered:
    """Send what of `replies` is not in `sent_before` yet. A refused part ends the delivery (the
    event is done with what went out); any other failure propagates, with what went out
    recorded, so that the retry sends only the rest."""
    parts = parts_of(replies, platform.max_text)
    sent = list(sent_before)
    plan = plan_json(replies)
    for number, part in enumerate(parts):
        if number < len(sent):
            continue
        # Several instances: the chat may have gone to another one while this reply was made;
        # it answers, this one must not.
        if not still_ours():
            raise LeaseLost("the chat's lease ran out here; another instance answers it")
        try:
            message_id = await platform.send(record, part)
        except Refused as exc:
            log.warning("%s refused a reply in chat %s: %s", platform.name, record.chat_key, exc)
            break
        sent.append(message_id)
        if number < len(parts) - 1:
            # Recorded before the next part goes: after a failure or a crash, this part is
            # never sent again. The last part's record is the done mark itself.
            await save({"messages": sent, "plan": plan})
    captions: dict[int, str] = {}
    for part, message_id in zip(parts, sent, strict=False):
        if part.last:
            captions.update(dict.fromkeys(part.reply.caption_ids, message_id))
    return Delivered(tuple(sent), captions)
