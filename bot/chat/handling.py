"""The explicit context of one try at one event: what middlewares and the conversation are told,
instead of reading context variables."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.chat.delivery import Delivered, SaveProgress
from bot.chat.intake import InboxRecord
from bot.chat.messages import Reply
from bot.chat.platform import Event

log = logging.getLogger(__name__)

# Counts `units` of costly work (the model captioning, restyling or answering about a picture;
# with an LLM, free chat) for the person the event is from; what to tell them when that would
# pass a limit (then nothing is counted), else None.
Spend = Callable[[int], Awaitable[str | None]]


async def _free(units: int) -> str | None:
    return None


def always() -> bool:
    return True


def nothing() -> None:
    return None


@dataclass(frozen=True)
class Turn:
    """What the conversation gets from the pipeline for one event."""

    # Called once the core has decided to answer, before its slow work ("typing…").
    on_answering: Callable[[], None] = nothing
    spend: Spend = _free
    # False once this instance's lease on the chat ran out (another instance answers it).
    still_ours: Callable[[], bool] = always

    def guarded(self) -> Turn:
        """This turn with `on_answering` made safe: a failing "typing…" never costs a reply."""
        on_answering = self.on_answering

        def call() -> None:
            try:
                on_answering()
            except Exception:
                log.warning("the platform's on_answering callback failed", exc_info=True)

        return replace(self, on_answering=call)


@dataclass(frozen=True)
class Handling:
    """One try at one event, as the middlewares see it. The same event is tried with the same
    `key` and `received_at`, so work counted against a person is counted once."""

    platform: str
    records: tuple[InboxRecord, ...]
    event: Event
    # Sends replies now (a refusal) and says what was sent.
    deliver: Callable[[Sequence[Reply]], Awaitable[Delivered]] = field(compare=False)
    spend: Spend = field(default=_free, compare=False)
    still_ours: Callable[[], bool] = field(default=always, compare=False)

    @property
    def key(self) -> str:
        """ "platform:event id" of the event (an album's first)."""
        return f"{self.platform}:{self.records[0].event_id}"

    @property
    def received_at(self) -> datetime:
        return self.records[0].received_at


Next = Callable[[Handling], Awaitable[Delivered]]
# A step around the pipeline: it may change the context, answer itself (not calling `call_next`),
# or look at what was delivered.
Middleware = Callable[[Handling, Next], Awaitable[Delivered]]


@dataclass(frozen=True)
class Work:
    """What the dispatcher lends a handler for one try at a chat's event."""

    # False once the chat's lease ran out (several instances); always True on one.
    still_ours: Callable[[], bool]
    # Records what was sent so far, while the event stays pending (bot.chat.delivery).
    save: SaveProgress
