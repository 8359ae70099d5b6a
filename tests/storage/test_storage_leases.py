"""Chat leases: one holder at a time, taken over once expired, and the done mark fenced."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from storage import Lease, LeaseLost, Leases, NewEvent, Repository, create_sessionmaker
from storage.models import ChatLease
from tests.storage.conftest import Probe


def _leases(repository: Repository, probe: Probe, owner: str, ttl_s: float = 30) -> Leases:
    return Leases(create_sessionmaker(probe.engine), owner, timedelta(seconds=ttl_s))


async def _expire(probe: Probe, lease: Lease) -> None:
    """What the clock does to a lease nobody renews."""
    await probe.execute(
        update(ChatLease)
        .where(ChatLease.chat_key == lease.chat_key)
        .values(expires_at=datetime(2001, 1, 1, tzinfo=UTC))
    )


async def test_one_holder_at_a_time_and_released_at_once(repository, probe) -> None:
    a, b = _leases(repository, probe, "a"), _leases(repository, probe, "b")
    first = await a.claim("telegram", "1")
    assert first is not None and first.owner == "a"
    assert await b.claim("telegram", "1") is None
    assert await b.claim("telegram", "2") is not None  # other chats are free
    await a.release(first)
    second = await b.claim("telegram", "1")
    assert second is not None and second.token > first.token


async def test_a_lease_nobody_renews_is_taken_over(repository, probe) -> None:
    a, b = _leases(repository, probe, "a"), _leases(repository, probe, "b")
    held = await a.claim("telegram", "1")
    assert held is not None
    assert await a.renew([held]) == {("telegram", "1"): held.token}
    await _expire(probe, held)
    taken = await b.claim("telegram", "1")
    assert taken is not None and taken.owner == "b"
    # The old holder learns it on its next renewal.
    assert await a.renew([held]) == {}


async def test_claimable_chats_are_pending_and_unheld(repository, probe) -> None:
    a = _leases(repository, probe, "a")
    await repository.inbox.add(
        [NewEvent("telegram", "1", "x"), NewEvent("telegram", "2", "y"), NewEvent("web", "3", "z")]
    )
    held = await a.claim("telegram", "x")
    assert held is not None
    assert await a.claimable(["telegram"]) == [("telegram", "y")]
    await _expire(probe, held)
    assert await a.claimable(["telegram", "web"]) == [
        ("telegram", "x"), ("telegram", "y"), ("web", "z"),
    ]  # fmt: skip


async def test_the_done_mark_needs_the_lease(repository, probe) -> None:
    a, b = _leases(repository, probe, "a"), _leases(repository, probe, "b")
    [added] = await repository.inbox.add([NewEvent("telegram", "1", "x")])
    event_id = added.id
    stale = await a.claim("telegram", "x")
    assert stale is not None
    await _expire(probe, stale)
    fresh = await b.claim("telegram", "x")
    assert fresh is not None
    with pytest.raises(LeaseLost):
        await repository.inbox.finish([event_id], {"messages": ["1"]}, lease=stale)
    record = await repository.inbox.get(event_id)
    assert record is not None and record.state == "pending"
    await repository.inbox.finish([event_id], {"messages": ["2"]}, lease=fresh)
    record = await repository.inbox.get(event_id)
    assert record is not None and record.state == "done"
    assert record.sent_refs == {"messages": ["2"]}


async def test_claims_at_the_same_moment_have_one_winner(repository, probe) -> None:
    contenders = [_leases(repository, probe, f"i{n}") for n in range(6)]
    won = await asyncio.gather(*(c.claim("telegram", "1") for c in contenders))
    assert sum(lease is not None for lease in won) == 1
