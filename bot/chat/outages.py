"""Outages: a dependency failing for a while (the database, the disk, a platform's API) is waited
out, not reported to people. One place tells a transient failure from a permanent one, and one
log says when an outage began, every minute while it lasts, and when it ended."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable

from bot.captioning.errors import Unreachable
from bot.chat.platform import Unavailable
from storage.outages import unavailable

log = logging.getLogger(__name__)

FIRST_DELAY_S = 0.5
MAX_DELAY_S = 4.0
REMIND_EVERY_S = 60.0


DATABASE = "the database"
PLATFORM = "a platform's API"


def _away(exc: BaseException | None) -> str | None:
    """The dependency a platform's Unavailable or captioning's Unreachable names, if `exc` or
    what caused it is one."""
    while exc is not None:
        if isinstance(exc, Unavailable):
            return PLATFORM
        if isinstance(exc, Unreachable):
            return exc.dependency
        exc = exc.__cause__
    return None


def is_outage(exc: BaseException) -> bool:
    """Transient: the database or disk unavailable, a platform that cannot take a message now
    (5xx, 429, the network), no caption worker answering. Everything else (a bad picture, a
    refused option, a bug) is not."""
    return _away(exc) is not None or unavailable(exc)


def dependency(exc: BaseException | None) -> str:
    """What an outage is of: a platform's API, the caption workers, or the database (also for
    None)."""
    return _away(exc) or DATABASE


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

    @property
    def down(self) -> bool:
        return self.since is not None

    def failed(self, exc: BaseException) -> float:
        """Note a failure; how long to wait before trying again."""
        now = time.monotonic()
        if self.since is None:
            self.since, self._reminded = now, now
            log.warning("%s unavailable (%s); waiting it out", self.what, describe(exc))
            if self.on_begin is not None:
                self.on_begin(self.what)
        elif now - self._reminded >= self.remind_every_s:
            self._reminded = now
            log.warning("%s still unavailable after %.0f s (%s)", self.what, now - self.since,
                        describe(exc))  # fmt: skip
        # The wait grows with the outage's age, not with the number of failures (many chats
        # fail at once), and stays short enough that everyone resumes soon after it ends;
        # jitter keeps the chats from all trying in the same instant.
        age = now - self.since
        return random.uniform(0.5, 1.0) * min(MAX_DELAY_S, max(FIRST_DELAY_S, age / 4))

    def ok(self, began: float | None = None) -> None:
        """Something that needs the dependency worked; `began` (time.monotonic()) when it
        started: work already under way as the outage began proves nothing about its end."""
        if self.since is not None and (began is None or began >= self.since):
            log.warning("%s is back after %.0f s", self.what, time.monotonic() - self.since)
            self.since = None


class Outages:
    """Every dependency's Outage by name, shared by all that wait outages out (the dispatcher,
    the chat leases), so that each outage is logged and counted once."""

    def __init__(self, on_begin: Callable[[str], None] | None = None) -> None:
        self.on_begin = on_begin
        self._by_name: dict[str, Outage] = {}

    def of(self, exc: BaseException | None) -> Outage:
        """The outage `exc` belongs to: a platform's, the caption service's, or the database's
        (also for None)."""
        name = dependency(exc)
        if name not in self._by_name:
            self._by_name[name] = Outage(name, on_begin=self.on_begin)
        return self._by_name[name]

    def failed(self, exc: BaseException) -> float:
        return self.of(exc).failed(exc)

    def ok(self, exc: BaseException | None = None, began: float | None = None) -> None:
        """One dependency worked (the database for None), in work that `began` then."""
        self.of(exc).ok(began)

    def all_ok(self, began: float | None = None) -> None:
        for outage in self._by_name.values():
            outage.ok(began)

    @property
    def down(self) -> list[str]:
        return sorted(name for name, outage in self._by_name.items() if outage.down)
