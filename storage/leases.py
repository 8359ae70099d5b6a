"""Chat leases: several instances on one database handle each chat's events one at a time.

An instance claims a chat before it handles the chat's inbox events, and holds it by renewing
it; a lease nobody renews expires, and another instance claims the chat and resumes its events.
Times are the database's own clock on PostgreSQL, so instances' clocks need not agree.

Fencing: `hold` locks the caller's lease row inside a write transaction and fails unless the
lease is still the caller's. The inbox's done mark takes it first, so an instance that lost a
chat never marks an event done, and a claim waits for a done mark under way to commit.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import ChatLease, InboxEvent, utcnow

# A released lease expires at this instant: long past, whatever the clocks say.
RELEASED = datetime(2000, 1, 1, tzinfo=UTC)

ChatKey = tuple[str, str]


class LeaseLost(Exception):
    """This instance no longer holds the chat: another one handles its events now."""


@dataclass(frozen=True)
class Lease:
    platform: str
    chat_key: str
    owner: str
    # Counts the chat's claims: a newer claim by anyone makes an older lease unusable.
    token: int

    @property
    def key(self) -> ChatKey:
        return (self.platform, self.chat_key)


class Leases:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], owner: str, ttl: timedelta
    ) -> None:
        self._sessions = sessions
        self.owner = owner
        self.ttl = ttl
        bind = sessions.kw.get("bind")
        self._postgres = getattr(getattr(bind, "dialect", None), "name", "") == "postgresql"

    def _now(self) -> ColumnElement[datetime] | datetime:
        # PostgreSQL's clock is the one every instance shares; SQLite stores text that only
        # compares right against values written the same way, so Python's clock there.
        if self._postgres:
            return func.now()
        return utcnow()

    def _until(self) -> ColumnElement[datetime] | datetime:
        if self._postgres:
            return func.now() + literal(self.ttl)
        return utcnow() + self.ttl

    async def claim(self, platform: str, chat_key: str) -> Lease | None:
        """Take the chat unless another instance holds it (a lease not yet expired)."""
        insert = postgresql.insert if self._postgres else sqlite.insert
        statement = insert(ChatLease).values(
            platform=platform, chat_key=chat_key, owner=self.owner, token=1,
            expires_at=self._until(),
        )  # fmt: skip
        upsert = statement.on_conflict_do_update(
            index_elements=["platform", "chat_key"],
            set_={
                "owner": statement.excluded.owner,
                "token": ChatLease.token + 1,
                "expires_at": statement.excluded.expires_at,
            },
            where=ChatLease.expires_at < self._now(),
        ).returning(ChatLease.token)
        async with self._sessions.begin() as session:
            token = await session.scalar(upsert)
        return None if token is None else Lease(platform, chat_key, self.owner, token)

    async def renew(self, leases: Collection[Lease]) -> dict[ChatKey, int]:
        """Extend these leases where they are still this instance's and unexpired; chat → token
        of those still held."""
        if not leases:
            return {}
        async with self._sessions.begin() as session:
            rows = await session.execute(
                update(ChatLease)
                .where(
                    ChatLease.owner == self.owner,
                    ChatLease.expires_at > self._now(),
                    or_(*(_is(lease) for lease in leases)),
                )
                .values(expires_at=self._until())
                .returning(ChatLease.platform, ChatLease.chat_key, ChatLease.token)
                .execution_options(synchronize_session=False)
            )
            return {(platform, chat_key): token for platform, chat_key, token in rows}

    async def release(self, lease: Lease) -> None:
        """Let the chat go at once (another instance may claim it without waiting)."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(ChatLease)
                .where(_is(lease))
                .values(expires_at=RELEASED)
                .execution_options(synchronize_session=False)
            )

    async def claimable(self, platforms: Collection[str], limit: int = 100) -> list[ChatKey]:
        """Chats of `platforms` with unfinished events that no instance holds, the longest
        waiting first:
        those of an instance that died, and those whose event came in on an instance while
        another held the chat."""
        free = or_(ChatLease.expires_at.is_(None), ChatLease.expires_at < self._now())
        async with self._sessions() as session:
            rows = await session.execute(
                select(InboxEvent.platform, InboxEvent.chat_key, func.min(InboxEvent.id))
                .outerjoin(
                    ChatLease,
                    and_(
                        ChatLease.platform == InboxEvent.platform,
                        ChatLease.chat_key == InboxEvent.chat_key,
                    ),
                )
                .where(
                    InboxEvent.state == "pending", InboxEvent.platform.in_(list(platforms)), free
                )
                .group_by(InboxEvent.platform, InboxEvent.chat_key)
                .order_by(func.min(InboxEvent.id))
                .limit(limit)
            )
            return [(platform, chat_key) for platform, chat_key, _ in rows]


async def hold(session: AsyncSession, lease: Lease, postgres: bool) -> None:
    """Inside a write transaction: lock the lease row until the transaction ends, or raise
    LeaseLost when the lease is no longer `lease` or has expired."""
    now: ColumnElement[datetime] | datetime = func.now() if postgres else utcnow()
    held = await session.scalar(
        select(ChatLease.token).where(_is(lease), ChatLease.expires_at > now).with_for_update()
    )
    if held is None:
        raise LeaseLost(f"{lease.platform} chat {lease.chat_key} is no longer held here")


def _is(lease: Lease) -> ColumnElement[bool]:
    return and_(
        ChatLease.platform == lease.platform,
        ChatLease.chat_key == lease.chat_key,
        ChatLease.owner == lease.owner,
        ChatLease.token == lease.token,
    )
