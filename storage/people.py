"""People's own settings, kept per platform and person: the language they chose (/language).

Every event asks for its person's language, so answers are remembered for a minute: a chat's
second message costs no extra round trip. This process forgets its own answer when it stores a
new choice; another instance on the same PostgreSQL sees a change within `REMEMBER_S`.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import Person, utcnow

Writer = Callable[[], AbstractAsyncContextManager[AsyncSession]]

REMEMBER_S = 60.0
REMEMBERED = 10_000  # people; the longest unasked are forgotten first


class PeopleStore:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], write: Writer) -> None:
        self._sessions = sessions
        self._write = write
        self._known: OrderedDict[tuple[str, str], tuple[float, str | None]] = OrderedDict()

    async def language(self, platform: str, user_id: str) -> str | None:
        """The language this person chose, or None (they follow their app's)."""
        key = (platform, user_id)
        known = self._known.get(key)
        if known is not None and time.monotonic() - known[0] < REMEMBER_S:
            self._known.move_to_end(key)
            return known[1]
        async with self._sessions() as session:
            found = await session.scalar(
                select(Person.language).where(
                    Person.platform == platform, Person.user_id == user_id
                )
            )
        self._remember(key, found)
        return found

    def _remember(self, key: tuple[str, str], language: str | None) -> None:
        self._known[key] = (time.monotonic(), language)
        self._known.move_to_end(key)
        while len(self._known) > REMEMBERED:
            self._known.popitem(last=False)

    async def set_language(self, platform: str, user_id: str, language: str | None) -> None:
        """Keep `language` as this person's choice; None forgets it (nothing else is kept of
        them, so their row goes)."""
        self._known.pop((platform, user_id), None)
        async with self._write() as session:
            if language is None:
                await session.execute(
                    delete(Person).where(Person.platform == platform, Person.user_id == user_id)
                )
                return
            dialect = session.bind.dialect.name if session.bind is not None else ""
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            values = {"language": language, "updated_at": utcnow()}
            await session.execute(
                insert(Person)
                .values(platform=platform, user_id=user_id, **values)
                .on_conflict_do_update(index_elements=["platform", "user_id"], set_=values)
            )
        self._remember((platform, user_id), language)
