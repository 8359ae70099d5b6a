"""The inbox: platform events committed before the platform is told they arrived, and handed
out per chat, oldest first, until they are marked done.

Commit first, acknowledge second, handle idempotently: an event's key is the platform's own id,
so a redelivered event is a no-op insert, and an event is done only once its replies are sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat.intake import Committed, InboxRecord, NewEvent
from storage.convert import inbox_record
from storage.database import affected_rows
from storage.exchanges import set_caption_refs
from storage.leases import Lease, hold
from storage.models import InboxEvent, utcnow


class Writer(Protocol):
    def __call__(self, *, urgent: bool = False) -> AbstractAsyncContextManager[AsyncSession]: ...


class Inbox:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], write: Writer) -> None:
        self._sessions = sessions
        self._write = write

    async def add(self, events: Sequence[NewEvent]) -> list[Committed]:
        """Commit `events` in order, in one transaction; returns those not already there (a
        redelivery inserts nothing)."""
        if not events:
            return []
        inserted: list[Committed] = []
        async with self._write() as session:
            dialect = session.bind.dialect.name if session.bind is not None else ""
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            now = utcnow()
            for new in events:
                statement = (
                    insert(InboxEvent)
                    .values(
                        platform=new.platform,
                        event_id=new.event_id,
                        chat_key=new.chat_key,
                        group_key=new.group_key,
                        payload=dict(new.payload),
                        blob=new.blob,
                        state="pending",
                        attempts=0,
                        sent_refs={},
                        received_at=now,
                    )
                    .on_conflict_do_nothing(index_elements=["platform", "event_id"])
                    .returning(InboxEvent.id)
                )
                new_id = await session.scalar(statement)
                if new_id is not None:
                    inserted.append(Committed(new_id, new.event_id))
        return inserted

    async def pending_chats(self) -> list[tuple[str, str]]:
        """(platform, chat_key) of every chat with unfinished events, the longest waiting first."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(InboxEvent.platform, InboxEvent.chat_key, func.min(InboxEvent.id))
                .where(InboxEvent.state == "pending")
                .group_by(InboxEvent.platform, InboxEvent.chat_key)
                .order_by(func.min(InboxEvent.id))
            )
            return [(platform, chat_key) for platform, chat_key, _ in rows]

    async def next_for_chat(self, platform: str, chat_key: str) -> list[InboxRecord]:
        """The chat's oldest unfinished event, with the unfinished events of its group (an
        album) in order; empty when the chat has nothing left."""
        async with self._sessions() as session:
            first = await session.scalar(
                select(InboxEvent)
                .where(
                    InboxEvent.state == "pending",
                    InboxEvent.platform == platform,
                    InboxEvent.chat_key == chat_key,
                )
                .order_by(InboxEvent.id)
                .limit(1)
            )
            if first is None:
                return []
            if first.group_key is None:
                return [inbox_record(first)]
            rows = await session.scalars(
                select(InboxEvent)
                .where(
                    InboxEvent.state == "pending",
                    InboxEvent.platform == platform,
                    InboxEvent.chat_key == chat_key,
                    InboxEvent.group_key == first.group_key,
                )
                .order_by(InboxEvent.id)
            )
            return [inbox_record(row) for row in rows]

    async def newest_event_ids(self, platform: str, prefix: str) -> dict[str, str]:
        """chat_key → the event id of the chat's last committed event whose id starts with
        `prefix` (where a platform can resume from after a restart, e.g. Discord's last seen
        message per channel); finished events count until they are pruned."""
        newest = (
            select(func.max(InboxEvent.id))
            .where(
                InboxEvent.platform == platform,
                InboxEvent.event_id.startswith(prefix, autoescape=True),
            )
            .group_by(InboxEvent.chat_key)
        )
        async with self._sessions() as session:
            rows = await session.execute(
                select(InboxEvent.chat_key, InboxEvent.event_id).where(InboxEvent.id.in_(newest))
            )
            return {chat_key: event_id for chat_key, event_id in rows}

    async def get(self, event_id: int) -> InboxRecord | None:
        async with self._sessions() as session:
            row = await session.get(InboxEvent, event_id)
            return inbox_record(row) if row is not None else None

    async def attempted(self, ids: Iterable[int]) -> None:
        """Count a try at these events (one that crashed or could not send counts too)."""
        async with self._write() as session:
            await session.execute(
                update(InboxEvent)
                .where(InboxEvent.id.in_(list(ids)))
                .values(attempts=InboxEvent.attempts + 1)
                .execution_options(synchronize_session=False)
            )

    async def progress(
        self, ids: Iterable[int], sent_refs: Mapping[str, Any], *, lease: Lease | None = None
    ) -> None:
        """Record what a try at these events has sent so far (and the replies it sends), while
        they stay pending: a retry, here or after a crash, sends only the rest. With `lease`,
        only while it is held (else LeaseLost)."""
        # Urgent, like the done mark: the next part goes out only once this is committed.
        async with self._write(urgent=True) as session:
            await _under(session, lease)
            await session.execute(
                update(InboxEvent)
                .where(InboxEvent.id.in_(list(ids)), InboxEvent.state == "pending")
                .values(sent_refs=dict(sent_refs))
                .execution_options(synchronize_session=False)
            )

    async def finish(
        self,
        ids: Iterable[int],
        sent_refs: Mapping[str, Any],
        *,
        state: str = "done",
        caption_refs: Mapping[int, str] | None = None,
        lease: Lease | None = None,
    ) -> None:
        """Mark events handled (`done`) or given up (`failed`), with what was sent for them; in
        the same transaction, `caption_refs` records which message carried each caption, so that
        a reply to that message is about its picture. With `lease` (several instances), only
        while it is still held: otherwise LeaseLost, and nothing is marked."""
        # Urgent: until this commits, a crash would send the replies again on the next start.
        async with self._write(urgent=True) as session:
            await _under(session, lease)
            by_message: dict[str, list[int]] = {}
            for caption_id, message_ref in (caption_refs or {}).items():
                by_message.setdefault(message_ref, []).append(caption_id)
            for message_ref, caption_ids in by_message.items():
                await set_caption_refs(session, caption_ids, message_ref)
            await session.execute(
                update(InboxEvent)
                .where(InboxEvent.id.in_(list(ids)))
                # What people sent is kept in their chat's history, not here: a finished event
                # keeps only its key (so a redelivery is still recognised) and what was sent.
                .values(
                    state=state,
                    sent_refs=dict(sent_refs),
                    finished_at=utcnow(),
                    payload={},
                    blob=None,
                )
                .execution_options(synchronize_session=False)
            )

    async def counts(self) -> dict[str, int]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(InboxEvent.state, func.count()).group_by(InboxEvent.state)
            )
            return {state: int(count) for state, count in rows}

    async def prune(self, older_than: timedelta, now: datetime | None = None) -> int:
        """Forget finished events older than `older_than` (a redelivery after that long would
        be handled again; platforms redeliver within minutes)."""
        cutoff = (now or utcnow()) - older_than
        async with self._write() as session:
            result = await session.execute(
                delete(InboxEvent)
                .where(InboxEvent.state != "pending", InboxEvent.finished_at < cutoff)
                .execution_options(synchronize_session=False)
            )
            return affected_rows(result)


async def _under(session: AsyncSession, lease: Lease | None) -> None:
    """With `lease` (several instances), go on only while it is held: else LeaseLost."""
    if lease is not None:
        dialect = session.bind.dialect.name if session.bind is not None else ""
        await hold(session, lease, postgres=dialect == "postgresql")
