"""The inbox contract, on every backend: commit once, hand out per chat in order, finish."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from storage import NewEvent, Repository
from storage.models import utcnow


def _event(number: int, chat: str = "c1", group: str | None = None) -> NewEvent:
    return NewEvent(
        "telegram", str(number), chat, {"update_id": number}, group_key=group, blob=None
    )


async def test_a_redelivered_event_is_stored_once(repository: Repository) -> None:
    inbox = repository.inbox
    first = await inbox.add([_event(1), _event(2)])
    again = await inbox.add([_event(2), _event(3)])
    assert len(first) == 2
    assert len(again) == 1
    assert await inbox.counts() == {"pending": 3}


async def test_each_chat_hands_out_its_oldest_event_until_done(repository: Repository) -> None:
    inbox = repository.inbox
    await inbox.add([_event(1, "a"), _event(2, "b"), _event(3, "a")])
    assert await inbox.pending_chats() == [("telegram", "a"), ("telegram", "b")]
    first = await inbox.next_for_chat("telegram", "a")
    assert [e.payload["update_id"] for e in first] == [1]
    # Not done yet: the same event comes back (a restart resumes it).
    assert [e.id for e in await inbox.next_for_chat("telegram", "a")] == [first[0].id]
    await inbox.finish([first[0].id], {"messages": ["900"]})
    second = await inbox.next_for_chat("telegram", "a")
    assert [e.payload["update_id"] for e in second] == [3]
    done = await inbox.get(first[0].id)
    assert done is not None and done.state == "done" and done.sent_refs == {"messages": ["900"]}


async def test_an_album_comes_out_whole(repository: Repository) -> None:
    inbox = repository.inbox
    await inbox.add([_event(1, group="album"), _event(2), _event(3, group="album")])
    batch = await inbox.next_for_chat("telegram", "c1")
    assert [e.payload["update_id"] for e in batch] == [1, 3]


async def test_pictures_and_attempts_are_kept(repository: Repository) -> None:
    inbox = repository.inbox
    [added] = await inbox.add([NewEvent("web", "m1", "s1", {"text": "hi"}, blob=b"\x89PNG")])
    event_id = added.id
    await inbox.attempted([event_id])
    await inbox.attempted([event_id])
    stored = await inbox.get(event_id)
    assert stored is not None and stored.blob == b"\x89PNG" and stored.attempts == 2


async def test_concurrent_redeliveries_store_each_event_once(repository: Repository) -> None:
    inbox = repository.inbox
    results = await asyncio.gather(*(inbox.add([_event(n % 5)]) for n in range(20)))
    assert sum(len(r) for r in results) == 5
    assert await inbox.counts() == {"pending": 5}


async def test_finished_events_are_pruned_after_a_while(repository: Repository) -> None:
    inbox = repository.inbox
    added = await inbox.add([_event(1), _event(2)])
    await inbox.finish([added[0].id], {})
    assert await inbox.prune(timedelta(hours=1), now=utcnow() + timedelta(hours=2)) == 1
    assert await inbox.counts() == {"pending": 1}


async def test_the_newest_event_of_each_chat_is_known(repository: Repository) -> None:
    inbox = repository.inbox

    def discord(event_id: str, chat: str) -> NewEvent:
        return NewEvent("discord", event_id, chat)

    assert await inbox.newest_event_ids("discord", "message:") == {}
    await inbox.add([discord("message:10", "a"), discord("message:30", "b")])
    ids = await inbox.add([discord("message:20", "a"), discord("interaction:99", "a")])
    await inbox.add([_event(5, "a"), discord("message:x_%", "c")])
    await inbox.finish([c.id for c in ids], {})  # handled events still say how far a chat was seen
    assert await inbox.newest_event_ids("discord", "message:") == {
        "a": "message:20",
        "b": "message:30",
        "c": "message:x_%",
    }
    # The prefix is literal: "_" and "%" match only themselves.
    assert await inbox.newest_event_ids("discord", "message:x_") == {"c": "message:x_%"}
    assert await inbox.newest_event_ids("discord", "message_") == {}
    assert await inbox.newest_event_ids("telegram", "message:") == {}
