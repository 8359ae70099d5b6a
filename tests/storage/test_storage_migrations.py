"""The alembic migrations: round trips, agreement with the models, URL handling."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, insert, inspect, select, text

from storage import create_engine, downgrade, upgrade, upgrade_database
from storage.database import alembic_config, downgrade_database
from storage.models import Base, InboxEvent

HEAD = "0009"
TABLES = {"chats", "images", "captions", "turns", "inbox", "chat_leases", "usage", "blocks",
          "people", "feedback"}  # fmt: skip


async def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            names = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
    finally:
        await engine.dispose()
    return names - {"alembic_version"}


async def _revision(url: str) -> str | None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda c: MigrationContext.configure(c).get_current_revision()
            )
    finally:
        await engine.dispose()


async def test_upgrade_downgrade_upgrade(database_url: str) -> None:
    await upgrade(database_url)
    assert await _tables(database_url) == TABLES
    assert await _revision(database_url) == HEAD

    await downgrade(database_url, "base")
    assert await _tables(database_url) == set()
    assert await _revision(database_url) is None

    await upgrade(database_url, "head")
    assert await _tables(database_url) == TABLES
    # Upgrading an up-to-date database is a no-op, as on every bot start.
    await upgrade(database_url)
    assert await _revision(database_url) == HEAD


def _schema_diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_models_match_migrated_schema(database_url: str) -> None:
    await upgrade(database_url)
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            diff = await connection.run_sync(_schema_diff)
    finally:
        await engine.dispose()
    assert diff == []


def test_sync_upgrade_outside_event_loop(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'dir' / 'sync.db'}"
    upgrade_database(url)
    assert (tmp_path / "nested" / "dir" / "sync.db").exists()
    downgrade_database(url)
    upgrade_database(url)


async def test_upgrade_through_engine_shares_its_connection() -> None:
    # In-memory SQLite exists only inside the engine's connection, so this only passes if
    # the migration really ran on the engine rather than on a URL of its own.
    engine = create_engine("sqlite+aiosqlite://")
    try:
        await upgrade(engine)
        async with engine.connect() as connection:
            names = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
            # env.py turns foreign keys off for batch migrations; they must come back on.
            foreign_keys = await connection.scalar(text("PRAGMA foreign_keys"))
        assert names >= TABLES
        assert foreign_keys == 1
        await downgrade(engine)
        async with engine.connect() as connection:
            names = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
        assert names.isdisjoint(TABLES)
    finally:
        await engine.dispose()


async def _inbox_rows(url: str) -> dict[tuple[str, str], tuple[str, dict[str, object]]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(InboxEvent.platform, InboxEvent.event_id, InboxEvent.state,
                       InboxEvent.payload)
            )  # fmt: skip
            return {(r.platform, r.event_id): (r.state, r.payload) for r in rows}
    finally:
        await engine.dispose()


async def test_telegram_events_keyed_before_bot_ids_become_legacy(database_url: str) -> None:
    # Update ids count per bot: rows stored under the update id alone came from a bot nobody
    # knows any more, so they must never equal a bot's new "{bot_id}:{update_id}" key.
    await upgrade(database_url, "0004")
    pending = {"update_id": 7, "message": {"chat": {"id": 1}, "text": "hi"}}
    finished = {"update_id": 8, "message": {"chat": {"id": 1}, "text": "bye"}}
    discord = {"id": "9", "content": "hello"}
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(InboxEvent),
                [
                    {"platform": "telegram", "event_id": "7", "chat_key": "1",
                     "payload": pending, "state": "pending", "attempts": 0, "sent_refs": {}},
                    {"platform": "telegram", "event_id": "8", "chat_key": "1",
                     "payload": finished, "state": "done", "attempts": 1, "sent_refs": {}},
                    {"platform": "discord", "event_id": "message:9", "chat_key": "c",
                     "payload": discord, "state": "pending", "attempts": 0, "sent_refs": {}},
                ],
            )  # fmt: skip
    finally:
        await engine.dispose()
    before = {
        ("telegram", "7"): ("pending", pending),
        ("telegram", "8"): ("done", finished),
        ("discord", "message:9"): ("pending", discord),
    }
    assert await _inbox_rows(database_url) == before

    await upgrade(database_url, "head")
    assert await _inbox_rows(database_url) == {
        ("telegram", "legacy:7"): ("pending", pending),
        ("telegram", "legacy:8"): ("done", finished),
        ("discord", "message:9"): ("pending", discord),
    }

    # A row the new scheme wrote is no legacy row: going back leaves it as it is.
    keyed = {"update_id": 7, "message": {"chat": {"id": 1}, "text": "new bot"}}
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(InboxEvent).values(platform="telegram", event_id="111:7", chat_key="1",
                                          payload=keyed, state="pending", attempts=0,
                                          sent_refs={})
            )  # fmt: skip
    finally:
        await engine.dispose()
    await downgrade(database_url, "0004")
    assert await _inbox_rows(database_url) == before | {("telegram", "111:7"): ("pending", keyed)}


def _offline_sql(
    config_url: str | None, monkeypatch: pytest.MonkeyPatch, env_url: str | None
) -> str:
    if env_url is None:
        monkeypatch.delenv("DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("DATABASE_URL", env_url)
    config = alembic_config(config_url)
    config.output_buffer = io.StringIO()
    command.upgrade(config, "head", sql=True)
    return config.output_buffer.getvalue()


def test_offline_sql_for_postgresql_is_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    # Offline mode needs no server, so this checks the migration renders for PostgreSQL.
    sql = _offline_sql("postgresql+asyncpg://user:p%40ss@db.invalid/captionist", monkeypatch, None)
    assert "CREATE TABLE chats" in sql
    assert "TIMESTAMP WITH TIME ZONE" in sql
    assert "BYTEA" in sql
    assert "ON DELETE CASCADE" in sql
    assert "ON DELETE SET NULL" in sql


def test_programmatic_url_beats_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    sql = _offline_sql("sqlite:///ignored.db", monkeypatch, "postgresql://u@db.invalid/x")
    assert "TIMESTAMP WITH TIME ZONE" not in sql
    assert "DATETIME" in sql


def test_database_url_beats_config_file_option(monkeypatch: pytest.MonkeyPatch) -> None:
    config_url = None
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.invalid/x")
    config = alembic_config(config_url)
    # What alembic.ini would provide, as opposed to storage.database's programmatic URL.
    config.set_main_option("sqlalchemy.url", "sqlite:///from-ini.db")
    config.output_buffer = io.StringIO()
    command.upgrade(config, "head", sql=True)
    assert "TIMESTAMP WITH TIME ZONE" in config.output_buffer.getvalue()
