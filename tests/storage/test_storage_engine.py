"""Engine setup: SQLite pragmas, URL handling, session factory."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from storage import create_engine, create_sessionmaker, normalise_url, upgrade


async def test_sqlite_file_gets_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "parent" / "captionist.db"
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        async with engine.connect() as connection:
            journal_mode = await connection.scalar(text("PRAGMA journal_mode"))
            foreign_keys = await connection.scalar(text("PRAGMA foreign_keys"))
            busy_timeout = await connection.scalar(text("PRAGMA busy_timeout"))
    finally:
        await engine.dispose()
    assert path.parent.is_dir()
    assert journal_mode == "wal"
    assert foreign_keys == 1
    assert busy_timeout >= 1000


async def test_migrated_file_stays_in_wal_mode(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'captionist.db'}"
    await upgrade(url)
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            assert await connection.scalar(text("PRAGMA journal_mode")) == "wal"
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    ("given", "driver"),
    [
        ("sqlite:///captionist.db", "sqlite+aiosqlite"),
        ("sqlite+aiosqlite:///captionist.db", "sqlite+aiosqlite"),
        ("postgres://u:p@localhost/db", "postgresql+asyncpg"),
        ("postgresql://u:p@localhost/db", "postgresql+asyncpg"),
        ("postgresql+asyncpg://u:p@localhost/db", "postgresql+asyncpg"),
    ],
)
def test_normalise_url_picks_async_driver(given: str, driver: str) -> None:
    assert normalise_url(given).drivername == driver


def test_normalise_url_keeps_escaped_password() -> None:
    url = normalise_url("postgresql://user:p%40ss%25word@localhost/db")
    assert url.password == "p@ss%word"


async def test_sessionmaker_keeps_objects_loaded_after_commit() -> None:
    engine = create_engine("sqlite+aiosqlite://")
    try:
        assert create_sessionmaker(engine).kw["expire_on_commit"] is False
    finally:
        await engine.dispose()
