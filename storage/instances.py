"""One instance per SQLite file: several instances need PostgreSQL.

SQLite has one writer and no way to share a chat's events between processes, so a second bot on
the same file is refused at start. The lock is an OS lock on a file beside the database: the
kernel drops it when the process ends, however it ends, so a killed bot never blocks the next.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from sqlalchemy.engine import URL

from storage.database import normalise_url


class AnotherInstance(RuntimeError):
    """Another process serves this SQLite database."""


def hold_sqlite_file(url: str | URL) -> IO[bytes] | None:
    """Lock the SQLite database at `url` for this process until it ends (or the returned file
    is closed); None for a database that needs no lock (PostgreSQL, in-memory SQLite)."""
    parsed = normalise_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if parsed.query.get("uri"):
        return None  # a URI database may be anything (shared memory, read-only): not ours to lock
    path = Path(database).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.with_name(path.name + ".instance-lock").open("ab")
    try:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        raise AnotherInstance(
            f"another Captionist instance is already serving {path}; several instances "
            "need PostgreSQL (DATABASE_URL=postgresql://...)"
        ) from None
    os.set_inheritable(lock.fileno(), False)
    return lock
