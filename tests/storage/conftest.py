"""Fixtures for the storage tests.

Every database here is built by the alembic migrations, never by ``metadata.create_all``, so
the tests exercise the schema production gets. The ``database_url`` fixture is parametrised
over backends, and everything built on it (``engine``, ``repository``) follows, aiogram-style:
one contract test runs against every storage. SQLite always runs; PostgreSQL runs only when
``TEST_POSTGRES_URL`` names a database the tests may wipe.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql import ColumnElement, Executable

from storage import Repository, create_engine, create_sessionmaker, downgrade, upgrade
from storage.models import Base, Caption, Chat, Image, Turn

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgres",
        id="postgres",
        marks=pytest.mark.skipif(
            not POSTGRES_URL, reason="set TEST_POSTGRES_URL to run against PostgreSQL"
        ),
    ),
]


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty, unmigrated database."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "db" / "captionist.db")
    assert POSTGRES_URL is not None
    # The PostgreSQL database is shared between tests: start each from nothing.
    await downgrade(POSTGRES_URL, "base")
    return POSTGRES_URL


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    await upgrade(database_url)
    engine = create_engine(database_url)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def repository(engine: AsyncEngine) -> Repository:
    return Repository(create_sessionmaker(engine))


class Probe:
    """Reads and writes behind the repository's back, to check what really is in the tables."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def count(self, model: type[Base], *where: ColumnElement[bool]) -> int:
        async with self.engine.connect() as connection:
            total = await connection.scalar(select(func.count()).select_from(model).where(*where))
        return int(total or 0)

    async def table_counts(self) -> dict[str, int]:
        return {m.__tablename__: await self.count(m) for m in (Chat, Image, Caption, Turn)}

    async def backdate(self, model: type[Image | Turn], ids: Iterable[int], when: datetime) -> None:
        """Set ``created_at`` directly: the repository always stamps the current time."""
        async with self.engine.begin() as connection:
            await connection.execute(
                update(model).where(model.id.in_(list(ids))).values(created_at=when)
            )

    async def execute(self, statement: Executable) -> None:
        async with self.engine.begin() as connection:
            await connection.execute(statement)


@pytest.fixture
def probe(engine: AsyncEngine) -> Probe:
    return Probe(engine)
