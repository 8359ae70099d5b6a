"""Limits per person on costly work, counted per clock hour and per UTC day in the database
(so counts survive a restart and are shared by instances on one PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.chat import texts
from bot.operator.hooks import PICTURES
from storage import OperatorStore, Window

PERIODS = {"hour": timedelta(hours=1), "day": timedelta(days=1)}
# Counts older than this are of no use to any limit or to /stats.
KEEP_USAGE = timedelta(days=2)


@dataclass(frozen=True)
class Quota:
    per_hour: int | None = None
    per_day: int | None = None


def _now() -> datetime:
    return datetime.now(UTC)


def windows_at(now: datetime, quota: Quota) -> list[Window]:
    hour = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    return [
        Window("hour", hour, quota.per_hour),
        Window("day", hour.replace(hour=0), quota.per_day),
    ]


def _wait(seconds: float) -> str:
    minutes = max(1, int(-(-seconds // 60)))
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


class Limiter:
    """Counts each person's costly work by kind, in the database wherever a quota applies, and
    refuses what would pass it. Without a quota (none set, or an admin) nothing is written: the
    work is only tallied in this process, for /stats."""

    def __init__(
        self,
        store: OperatorStore,
        quotas: Mapping[str, Quota],
        exempt: Callable[[str, str], bool] = lambda platform, user_id: False,
        on_limit: Callable[[str, str], None] | None = None,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self.store = store
        self.quotas = dict(quotas)
        self.exempt = exempt
        self.on_limit = on_limit
        self.clock = clock
        self._day: datetime | None = None
        self._tally: dict[str, dict[str, int]] = {}  # kind → person → units, today

    async def spend(
        self,
        platform: str,
        user_id: str,
        units: int = 1,
        kind: str = PICTURES,
        once: tuple[str, datetime] | None = None,
    ) -> str | None:
        """Count `units` of `kind` for this person; what to tell them when that would pass a
        limit (then nothing is counted), else None. `once` (the event's key and arrival): an
        event tried again (its reply could not be sent, a crash) is counted the first time only."""
        quota = Quota() if self.exempt(platform, user_id) else self.quotas.get(kind, Quota())
        now = self.clock()
        subject = f"{platform}:{user_id}"
        if quota.per_hour is not None or quota.per_day is not None:
            over = await self.store.spend(subject, kind, units, windows_at(now, quota), once)
            if over is not None:
                return self._refusal(kind, over, now)
        self._count(now, kind, subject, units)
        return None

    def _refusal(self, kind: str, over: Window, now: datetime) -> str:
        if self.on_limit is not None:
            self.on_limit(kind, over.period)
        next_at = over.starts_at + PERIODS[over.period]
        return texts.text(
            {"hour": "limit.hour", "day": "limit.day"}[over.period],
            limit=over.limit,
            at=next_at.strftime("%H:%M UTC"),
            wait=_wait((next_at - now).total_seconds()),
        )

    def _count(self, now: datetime, kind: str, subject: str, units: int) -> None:
        day = windows_at(now, Quota())[1].starts_at
        if day != self._day:
            self._day, self._tally = day, {}
        people = self._tally.setdefault(kind, {})
        people[subject] = people.get(subject, 0) + units

    def today(self, kind: str = PICTURES) -> tuple[int, int]:
        """(units, people) this process counted today (UTC)."""
        if self._day != windows_at(self.clock(), Quota())[1].starts_at:
            return 0, 0
        people = self._tally.get(kind, {})
        return sum(people.values()), len(people)

    async def prune(self) -> int:
        return await self.store.prune_usage(self.clock() - KEEP_USAGE)
