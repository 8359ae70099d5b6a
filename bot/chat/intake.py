"""What crosses from a platform into the core: events to commit, and the inbox records they
become. Adapters commit through `Intake`; the dispatcher reads and finishes through `EventStore`,
which storage implements. Neither side names the other.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol


@dataclass(frozen=True)
class NewEvent:
    """A platform event to commit before the platform is told it arrived. `event_id` is unique
    per platform (a redelivery of the same id is a no-op); `group_key` joins an album's parts."""

    platform: str
    event_id: str
    chat_key: str
    payload: Mapping[str, Any] = field(default_factory=dict)
    group_key: str | None = None
    blob: bytes | None = None


@dataclass(frozen=True)
class InboxRecord:
    id: int
    platform: str
    event_id: str
    chat_key: str
    group_key: str | None
    payload: dict[str, Any]
    blob: bytes | None
    state: str
    attempts: int
    # While pending: what a try already sent ("messages") and the replies it was sending
    # ("plan"), so that a retry sends only the rest. Once done: what was sent.
    sent_refs: dict[str, Any]
    received_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True)
class Committed:
    """An event the store had not seen: its row id and the platform's id for it."""

    id: int
    event_id: str


@dataclass(frozen=True)
class Accepted:
    """What `Intake.accept` committed: the ids that were new (a redelivery is not) and, when
    watched, a future for each that resolves once it is finished: True when its replies were
    sent, False when it was given up."""

    new: tuple[str, ...]
    done: Mapping[str, asyncio.Future[bool]] = field(default_factory=dict)


class Intake(Protocol):
    """The core's door for adapters: commit first, then the chat is woken."""

    async def accept(self, events: Sequence[NewEvent], *, watch: bool = False) -> Accepted:
        """Commit, then wake the chats; raises when the commit fails (then tell the platform
        nothing: it delivers again). `watch`: a future per new event, done once it is."""
        ...

    async def resume_points(self, platform: str, prefix: str) -> dict[str, str]:
        """chat_key → the last committed event id starting with `prefix` (where a platform
        that replays nothing, like Discord's gateway, resumes reading history)."""
        ...


class EventStore(Protocol):
    """The inbox, as the dispatcher uses it (storage.Inbox implements it). `lease` is the chat's
    lease when several instances share the database: then nothing is written without it."""

    async def add(self, events: Sequence[NewEvent]) -> list[Committed]:
        """Commit `events` in one transaction; those that were new (a redelivery is not)."""
        ...

    async def newest_event_ids(self, platform: str, prefix: str) -> dict[str, str]: ...

    async def pending_chats(self) -> list[tuple[str, str]]: ...

    async def next_for_chat(self, platform: str, chat_key: str) -> list[InboxRecord]: ...

    async def attempted(self, ids: Iterable[int]) -> None: ...

    async def progress(
        self, ids: Iterable[int], sent_refs: Mapping[str, Any], *, lease: Any = None
    ) -> None: ...

    async def finish(
        self,
        ids: Iterable[int],
        sent_refs: Mapping[str, Any],
        *,
        state: str = "done",
        caption_refs: Mapping[int, str] | None = None,
        lease: Any = None,
    ) -> None: ...

    async def prune(self, older_than: timedelta, now: datetime | None = None) -> int: ...

    async def counts(self) -> dict[str, int]: ...
