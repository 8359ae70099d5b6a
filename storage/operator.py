"""What operator controls keep: usage counted per person and window, and blocked ids.

Counts are upserted with `count = count + n` in one statement per window, so concurrent
writers (several instances on one PostgreSQL) never lose an increment; a request that would go
over a limit is rolled back, so a refused request counts nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.database import affected_rows
from storage.models import Block, Usage

Writer = Callable[[], AbstractAsyncContextManager[AsyncSession]]


@dataclass(frozen=True)
class Window:
    """One counting window of a limit: `limit` None counts without limiting."""

    period: str  # "hour" or "day"
    starts_at: datetime
    limit: int | None = None


# The `period` of a row that marks an event as counted (not a window).
EVENT = "event"


class _Over(Exception):
    def __init__(self, window: Window):
        self.window = window


class OperatorStore:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], write: Writer) -> None:
        self._sessions = sessions
        self._write = write

    async def spend(
        self,
        subject: str,
        kind: str,
        units: int,
        windows: Sequence[Window],
        once: tuple[str, datetime] | None = None,
    ) -> Window | None:
        """Add `units` to each window's count; the first window whose limit that would pass,
        with nothing counted, else None. With `once` (an event's key and arrival), an event
        already counted is not counted again: a row marks it, in the same transaction, and
        goes with the counts when they are pruned."""
        try:
            async with self._write() as session:
                dialect = session.bind.dialect.name if session.bind is not None else ""
                insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
                if once is not None:
                    event_key, received_at = once
                    marked = await session.scalar(
                        insert(Usage)
                        .values(
                            subject=f"{subject} {event_key}"[:255],
                            kind=kind,
                            period=EVENT,
                            starts_at=received_at,
                            count=units,
                        )
                        .on_conflict_do_nothing(
                            index_elements=["subject", "kind", "period", "starts_at"]
                        )
                        .returning(Usage.id)
                    )
                    if marked is None:
                        return None  # counted when this event was first tried
                for window in windows:
                    values = insert(Usage).values(
                        subject=subject,
                        kind=kind,
                        period=window.period,
                        starts_at=window.starts_at,
                        count=units,
                    )
                    upsert = values.on_conflict_do_update(
                        index_elements=["subject", "kind", "period", "starts_at"],
                        set_={"count": Usage.count + values.excluded.count},
                    ).returning(Usage.count)
                    count = await session.scalar(upsert)
                    if window.limit is not None and (count or 0) > window.limit:
                        raise _Over(window)  # rolls the transaction back
        except _Over as over:
            return over.window
        return None

    async def used(self, subject: str, kind: str, window: Window) -> int:
        async with self._sessions() as session:
            count = await session.scalar(
                select(Usage.count).where(
                    Usage.subject == subject,
                    Usage.kind == kind,
                    Usage.period == window.period,
                    Usage.starts_at == window.starts_at,
                )
            )
            return int(count or 0)

    async def totals(self, kind: str, period: str, starts_at: datetime) -> tuple[int, int]:
        """(units, distinct people) counted in one window."""
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(func.coalesce(func.sum(Usage.count), 0), func.count()).where(
                        Usage.kind == kind, Usage.period == period, Usage.starts_at == starts_at
                    )
                )
            ).one()
            return int(row[0]), int(row[1])

    async def prune_usage(self, before: datetime) -> int:
        async with self._write() as session:
            result = await session.execute(
                delete(Usage)
                .where(Usage.starts_at < before)
                .execution_options(synchronize_session=False)
            )
            return affected_rows(result)

    async def block(self, key: str, by: str) -> bool:
        """Block `key`; False when it was blocked already."""
        async with self._write() as session:
            if await session.get(Block, key) is not None:
                return False
            session.add(Block(key=key, blocked_by=by))
            return True

    async def unblock(self, key: str) -> bool:
        async with self._write() as session:
            result = await session.execute(
                delete(Block).where(Block.key == key).execution_options(synchronize_session=False)
            )
            return affected_rows(result) > 0

    async def blocked(self, keys: Iterable[str]) -> bool:
        wanted = list(keys)
        if not wanted:
            return False
        async with self._sessions() as session:
            found = await session.scalar(select(Block.key).where(Block.key.in_(wanted)).limit(1))
            return found is not None

    async def block_count(self) -> int:
        async with self._sessions() as session:
            return int(await session.scalar(select(func.count()).select_from(Block)) or 0)

    async def ping(self) -> None:
        """A round trip to the database (health checks)."""
        async with self._sessions() as session:
            await session.execute(select(1))
