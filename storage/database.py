"""Engine, session factory and programmatic migrations.

SQLite (aiosqlite) is the default backend; PostgreSQL (asyncpg) works by URL alone. The schema
is only ever created by the alembic migrations in the repository's ``alembic/`` folder.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, CursorResult, Result, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

DEFAULT_URL = "sqlite+aiosqlite:///captionist.db"
ALEMBIC_DIR = Path(__file__).resolve().parent.parent / "alembic"
# Long enough to ride out another connection's write transaction (the bot writes from several
# tasks at once), short enough that a stuck writer surfaces as an error.
SQLITE_BUSY_TIMEOUT_MS = 5_000

# Deployment platforms hand out plain URLs; the engine is async, so pick the async driver.
_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
}

_Direction = Literal["upgrade", "downgrade"]


def affected_rows(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE touched.

    Sessions type every result as a plain Result; a DML statement's is a CursorResult, the one
    that counts rows.
    """
    assert isinstance(result, CursorResult), type(result)
    return result.rowcount


def normalise_url(url: str | URL) -> URL:
    """Parse ``url``, swapping a driverless SQLite/PostgreSQL URL for its async driver."""
    parsed = make_url(url)
    driver = _ASYNC_DRIVERS.get(parsed.drivername)
    return parsed.set(drivername=driver) if driver else parsed


def _ensure_sqlite_parent(url: URL) -> None:
    if url.get_backend_name() != "sqlite" or url.query.get("uri"):
        return
    database = url.database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def _set_sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # busy_timeout first so switching to WAL waits for, rather than fails on, a busy file.
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # WAL lets readers run while a writer commits; NORMAL sync is safe under WAL.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Off by default in SQLite: without it ON DELETE CASCADE / SET NULL silently do nothing.
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


# Execution option marking a write transaction: on SQLite it begins with BEGIN IMMEDIATE.
WRITE = "captionist_write"


def _take_over_begin(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # pysqlite would BEGIN (deferred) on its own before the first write; we emit BEGIN ourselves.
    dbapi_connection.isolation_level = None


def _begin(connection: Connection) -> None:
    # A deferred transaction that reads and then writes cannot wait for the write lock: SQLite
    # fails the upgrade at once with "database is locked" if another writer committed meanwhile
    # (SQLAlchemy's SQLite dialect notes, "Serializable isolation / Savepoints / Transactional
    # DDL"). A write transaction takes the lock when it begins, where busy_timeout applies.
    write = connection.get_execution_options().get(WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def create_engine(url: str | URL = DEFAULT_URL, **kwargs: Any) -> AsyncEngine:
    """Create an async engine; for SQLite, set WAL, foreign keys and a busy timeout, and begin
    write transactions with BEGIN IMMEDIATE; for a server, check pooled connections before use."""
    parsed = normalise_url(url)
    _ensure_sqlite_parent(parsed)
    if parsed.get_backend_name() != "sqlite":
        # A server that restarted leaves dead connections in the pool: each is checked before
        # use and replaced, so the first statement after the restart does not fail.
        kwargs.setdefault("pool_pre_ping", True)
    engine = create_async_engine(parsed, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _set_sqlite_pragmas)
        event.listen(engine.sync_engine, "connect", _take_over_begin)
        event.listen(engine.sync_engine, "begin", _begin)
    return engine


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Records are built from rows after commit; expiring them would force a reload per row.
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config(url: str | URL | None = None) -> Config:
    """An alembic ``Config`` for the repository's migrations, without reading alembic.ini.

    alembic.ini is for the CLI: loading it here would also reconfigure the host's logging.
    """
    config = Config()
    # configparser treats '%' as interpolation, so escape it in anything we store.
    config.set_main_option("script_location", str(ALEMBIC_DIR).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    if url is not None:
        rendered = normalise_url(url).render_as_string(hide_password=False)
        config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
        # env.py gives this precedence over DATABASE_URL and alembic.ini.
        config.attributes["sqlalchemy.url"] = rendered
    return config


def _migrate(config: Config, direction: _Direction, revision: str) -> None:
    if direction == "upgrade":
        command.upgrade(config, revision)
    else:
        command.downgrade(config, revision)


def _migrate_url(url: str | URL, direction: _Direction, revision: str) -> None:
    _ensure_sqlite_parent(normalise_url(url))
    _migrate(alembic_config(url), direction, revision)


def _migrate_connection(connection: Connection, direction: _Direction, revision: str) -> None:
    config = alembic_config(connection.engine.url)
    # env.py migrates on this connection instead of opening its own engine.
    config.attributes["connection"] = connection
    _migrate(config, direction, revision)


async def _migrate_async(
    url_or_engine: str | URL | AsyncEngine, direction: _Direction, revision: str
) -> None:
    if isinstance(url_or_engine, AsyncEngine):
        # Sharing the engine's connection also works for in-memory SQLite and keeps the
        # engine's own settings; alembic runs synchronously inside run_sync's greenlet.
        async with url_or_engine.connect() as connection:
            await connection.run_sync(_migrate_connection, direction, revision)
            await connection.commit()
    else:
        # env.py calls asyncio.run(), which cannot nest in a running loop: use a thread.
        await asyncio.to_thread(_migrate_url, url_or_engine, direction, revision)


def upgrade_database(url: str | URL = DEFAULT_URL, revision: str = "head") -> None:
    """Migrate the database at ``url`` up to ``revision``. Not for use inside an event loop."""
    _migrate_url(url, "upgrade", revision)


def downgrade_database(url: str | URL, revision: str = "base") -> None:
    """Migrate the database at ``url`` down to ``revision``. Not for use inside an event loop."""
    _migrate_url(url, "downgrade", revision)


async def upgrade(url_or_engine: str | URL | AsyncEngine, revision: str = "head") -> None:
    """Migrate up to ``revision``; safe to await from inside a running event loop."""
    await _migrate_async(url_or_engine, "upgrade", revision)


async def downgrade(url_or_engine: str | URL | AsyncEngine, revision: str = "base") -> None:
    """Migrate down to ``revision``; safe to await from inside a running event loop."""
    await _migrate_async(url_or_engine, "downgrade", revision)
