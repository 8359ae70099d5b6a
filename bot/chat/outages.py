"""Outages: a dependency failing for a while (the database, the disk, a platform's API) is waited
out, not reported to people. One place tells a transient failure from a permanent one, and one
log says when an outage began, every minute while it lasts, and when it ended."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from bot.chat.platform import Unavailable
from storage.outages import unavailable

log = logging.getLogger(__name__)

FIRST_DELAY_S = 0.5
MAX_DELAY_S = 30.0
REMIND_EVERY_S = 60.0


DATABASE = "the database"
PLATFORM = "a platform's API"


def _platform_unavailable(exc: BaseException) -> bool:
    current: BaseException | None = exc
    while current is not None:
        if isinstance(current, Unavailable):
            return True
        current = current.__cause__
    return False


def is_outage(exc: BaseException) -> bool:
    """Transient: the database or disk unavailable, a platform that cannot take a message now
    (5xx, 429, the network). Everything else (a bad picture, a refused option, a bug) is not."""
    return _platform_unavailable(exc) or unavailable(exc)


def dependency(exc: BaseException | None) -> str:
    """What an outage is of: a platform's API, or the database (also for None)."""
    return PLATFORM if exc is not None and _platform_unavailable(exc) else DATABASE


def describe(exc: BaseException) -> str:
    """One line for the log: the error's type and first line, never a traceback."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


class Outage:
    """One dependency's state, for the log and the back-off: `failed` on each failure, `ok` on
    each success."""

    def __init__(
        self,
        what: str,
        remind_every_s: float = REMIND_EVERY_S,
        on_begin: Callable[[str], None] | None = None,
    ) -> None:
        self.what = what
        self.on_begin = on_begin  # hears of each outage as it begins (the metrics)
        self.remind_every_s = remind_every_s
        self.since: float | None = None
        self._reminded = 0.0
        self._delay = FIRST_DELAY_S

    @property
    def down(self) -> bool:
        return self.since is not None

    def failed(self, exc: BaseException) -> float:
        """Note a failure; how long to wait before trying again."""
        now = time.monotonic()
        if self.since is None:
            self.since, self._reminded, self._delay = now, now, FIRST_DELAY_S
            log.warning("%s unavailable (%s); waiting it out", self.what, describe(exc))
            if self.on_begin is not None:
                self.on_begin(self.what)
        elif now - self._reminded >= self.remind_every_s:
            self._reminded = now
            log.warning("%s still unavailable after %.0f s (%s)", self.what, now - self.since,
                        describe(exc))  # fmt: skip
        delay = self._delay
        self._delay = min(self._delay * 2, MAX_DELAY_S)
        return delay

    def ok(self) -> None:
        if self.since is not None:
            log.warning("%s is back after %.0f s", self.what, time.monotonic() - self.since)
            self.since = None
            self._delay = FIRST_DELAY_S
