"""Usage counts and blocks, on SQLite and PostgreSQL: limits hold under concurrent requests,
a refused request counts nothing, blocks are kept."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from storage import Repository, Window

HOUR = datetime(2026, 11, 30, 14, tzinfo=UTC)
DAY = datetime(2026, 11, 30, tzinfo=UTC)


async def test_a_limit_holds_under_concurrent_requests(repository: Repository):
    store = repository.operator
    windows = [Window("hour", HOUR, 5), Window("day", DAY, None)]
    results = await asyncio.gather(
        *(store.spend("telegram:1", "pictures", 1, windows) for _ in range(12))
    )
    assert sum(r is None for r in results) == 5
    assert {r.period for r in results if r is not None} == {"hour"}
    assert await store.used("telegram:1", "pictures", windows[0]) == 5
    # The refused requests were rolled back in every window, the day's too.
    assert await store.used("telegram:1", "pictures", windows[1]) == 5


async def test_windows_people_and_kinds_count_apart(repository: Repository):
    store = repository.operator
    day_only = [Window("hour", HOUR, None), Window("day", DAY, 3)]
    assert await store.spend("discord:7", "pictures", 3, day_only) is None
    over = await store.spend("discord:7", "pictures", 1, day_only)
    assert over == Window("day", DAY, 3)
    assert await store.spend("discord:8", "pictures", 1, day_only) is None
    assert await store.spend("discord:7", "llm_calls", 1, day_only) is None
    next_hour = [Window("hour", HOUR + timedelta(hours=1), None), Window("day", DAY, 3)]
    assert await store.spend("discord:7", "pictures", 1, next_hour) is not None
    assert await store.totals("pictures", "day", DAY) == (4, 2)
    assert await store.prune_usage(DAY + timedelta(days=1)) == 6
    assert await store.totals("pictures", "day", DAY) == (0, 0)


async def test_blocks_are_kept_and_lifted(repository: Repository):
    store = repository.operator
    assert await store.block("discord:42", "discord:1")
    assert not await store.block("discord:42", "discord:1")
    assert await store.blocked({"discord:9", "discord:42"})
    assert not await store.blocked({"discord:9"})
    assert await store.block_count() == 1
    assert await store.unblock("discord:42")
    assert not await store.unblock("discord:42")
    assert not await store.blocked({"discord:42"})
