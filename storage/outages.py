"""Telling a database that is unavailable for a while (gone, restarting, full, locked) from a
statement that is wrong: the first is waited out, the second is a bug."""

from __future__ import annotations

import errno
from collections.abc import Iterator

from sqlalchemy import exc as sa

# PostgreSQL SQLSTATE classes and codes of a server that cannot serve now: connection exceptions,
# insufficient resources (disk full, out of memory, too many connections), operator intervention
# (shutdown, restart, "cannot connect now"), serialization failures and deadlocks.
_TRANSIENT_CLASSES = ("08", "53", "57P")
_TRANSIENT_CODES = ("40001", "40P01", "55P03")
_TRANSIENT_ERRNOS = {errno.ENOSPC, errno.EIO, errno.ECONNREFUSED, errno.ECONNRESET, errno.EPIPE,
                     errno.ETIMEDOUT, errno.EHOSTUNREACH, errno.ENETUNREACH}  # fmt: skip


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def unavailable(exc: BaseException) -> bool:
    """Whether `exc` says the database cannot serve for now (an outage to wait out)."""
    for error in _chain(exc):
        if isinstance(error, sa.DBAPIError):
            # SQLite's "database or disk is full", "database is locked", "disk I/O error" and a
            # lost or refused connection are all OperationalErrors; a constraint is not.
            if error.connection_invalidated or isinstance(
                error, sa.OperationalError | sa.InterfaceError | sa.DisconnectionError
            ):
                return True
            code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
            if isinstance(code, str) and (
                code.startswith(_TRANSIENT_CLASSES) or code in _TRANSIENT_CODES
            ):
                return True
        elif isinstance(error, sa.TimeoutError | ConnectionError | TimeoutError):
            return True  # the pool had no connection in time; the server did not answer
        elif isinstance(error, OSError) and error.errno in _TRANSIENT_ERRNOS:
            return True
        elif isinstance(error, FileNotFoundError) and error.filename is None:
            # PostgreSQL on a unix socket: the socket file is gone while the server is down.
            # (A missing file that was opened by name carries that name: not an outage.)
            return True
    return False
