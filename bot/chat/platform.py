"""The contract a platform adapter fulfils for the core: turn a stored event into the core's
types, send one part of a reply, and optionally show "typing…".

Everything else (the gate, limits, the conversation, splitting replies, partial sends, retries,
the done mark) is the core's, the same for every platform.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.chat.intake import InboxRecord
from bot.chat.messages import ActionPress, IncomingMessage, Reply

Event = IncomingMessage | ActionPress


class Refused(Exception):
    """The platform refused a message for good (the chat blocked the bot or is gone, the
    interaction's token expired): sending it again would not change that. What was sent stays
    sent, and the event is done."""


class Unavailable(Exception):
    """The platform cannot take a message for now (its 5xx, a 429 past the rate limiter's own
    retries, the network): an outage, waited out and tried again, sending only what is missing.
    Raise it from `send` with the platform's error as its cause."""


@dataclass(frozen=True)
class Part:
    """One message to send: the whole `reply` it belongs to, and this part's text (a long reply
    goes out in several parts under the platform's size limit)."""

    reply: Reply
    text: str
    index: int
    count: int

    @property
    def first(self) -> bool:
        """The part that answers the message (`reply.reply_to`)."""
        return self.index == 0

    @property
    def last(self) -> bool:
        """The part that carries the reply's buttons and captions."""
        return self.index == self.count - 1


@dataclass(frozen=True)
class TypingSignal:
    """How a platform shows "typing…": `send` once shows it for a while, so it is repeated
    every `every` seconds; shown only once a reply has taken `delay` seconds."""

    send: Callable[[], Awaitable[object]]
    every: float
    delay: float


class Platform(Protocol):
    """What an adapter hands the core for its platform (see the README's "adding a platform")."""

    @property
    def name(self) -> str: ...

    @property
    def max_text(self) -> int:
        """The longest message the platform takes, in characters."""
        ...

    async def decode(self, records: Sequence[InboxRecord]) -> Event | None:
        """The core's view of one stored event (or an album's events); None when there is
        nothing in it for the core (another bot's message, a sticker)."""
        ...

    async def send(self, record: InboxRecord, part: Part) -> str:
        """Send one part in answer to `record`; the sent message's id. Raises `Refused` when
        the platform will never take it, `Unavailable` when it cannot for now (waited out);
        anything else is a bug, tried a few times and then given up."""
        ...

    def typing(self, record: InboxRecord) -> TypingSignal | None:
        """How to show "typing…" while `record` is answered; None where the platform shows its
        own pending state (a deferred interaction) or has none."""
        ...
