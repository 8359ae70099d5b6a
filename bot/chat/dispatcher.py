"""Handling from the inbox: one event at a time per chat, in arrival order; chats in parallel.

Adapters commit what a platform delivers to the inbox, then `wake` the dispatcher for that chat.
One task per busy chat takes the chat's oldest unfinished event (an album's pictures together),
hands it to its platform's handler, and marks it done with the ids of what was sent. On start,
unfinished events resume in order, so a crash or a stop loses nothing that was committed.

Several instances on one PostgreSQL (`leases`): a worker first claims its chat's lease, so each
chat is handled by one instance at a time, in order; the done mark is taken only under the
lease. Each instance also looks for chats nobody holds every second: those of an instance that
died (once its leases expire) and those whose event came in on one instance while another held
the chat.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.chat.delivery import Delivered
from bot.chat.handling import Work, always
from bot.chat.intake import Accepted, EventStore, InboxRecord, NewEvent
from bot.chat.leasing import ChatLeases
from bot.chat.outages import Outages, is_outage
from storage import Lease, LeaseLost

log = logging.getLogger(__name__)

# Handles a chat's next events (one, or an album's pictures) and says what it sent.
EventHandler = Callable[[Sequence[InboxRecord], Work], Awaitable[Delivered]]
ChatKey = tuple[str, str]
# Finished events are kept this long, only as keys, so that a platform's late redelivery is still
# recognised; then they go.
KEEP_FINISHED = timedelta(days=7)
PRUNE_EVERY_S = 6 * 3600


class Dispatcher:
    def __init__(
        self,
        store: EventStore,
        *,
        group_wait_s: float = 0.8,
        max_attempts: int = 5,
        retry_delay_s: float = 1.0,
        leases: ChatLeases | None = None,
        outages: Outages | None = None,
    ) -> None:
        self.store = store
        self.leases = leases
        # Telegram delivers an album as separate updates within a moment: wait that long after
        # the first picture of a group so that the group is handled whole.
        self.group_wait_s = group_wait_s
        self.max_attempts = max_attempts
        self.retry_delay_s = retry_delay_s
        self._handlers: dict[str, EventHandler] = {}
        self._workers: dict[ChatKey, asyncio.Task[None]] = {}
        self._dirty: set[ChatKey] = set()
        self._accepting = False
        self._pruner: asyncio.Task[None] | None = None
        # Requests waiting for their event to be done (a web page's answer), by (platform, id).
        self._waiting: dict[tuple[str, str], asyncio.Future[bool]] = {}
        self._committing = 0
        self._committed = asyncio.Event()
        self._committed.set()
        # What is down now (the database, a platform): logged once, then once a minute.
        self.outages = outages or Outages()

    def register(self, platform: str, handler: EventHandler) -> None:
        self._handlers[platform] = handler

    # -- intake: what adapters call -------------------------------------------------------------

    async def accept(self, events: Sequence[NewEvent], *, watch: bool = False) -> Accepted:
        """Commit `events` in order, then wake their chats; `watch` gives each new one a future
        that resolves once it is done. Raises when the commit fails: then nothing is committed,
        and the platform must not be told the events arrived."""
        self._committing += 1
        self._committed.clear()
        try:
            added = await self.store.add(events)
        finally:
            self._committing -= 1
            if not self._committing:
                self._committed.set()
        new = tuple(c.event_id for c in added)
        done: dict[str, asyncio.Future[bool]] = {}
        if watch:
            loop = asyncio.get_running_loop()
            for event in events:
                if event.event_id in new:
                    future: asyncio.Future[bool] = loop.create_future()
                    self._waiting[(event.platform, event.event_id)] = future
                    # A waiter that gives up (cancels) is forgotten at once.
                    future.add_done_callback(
                        functools.partial(self._forget_waiter, (event.platform, event.event_id))
                    )
                    done[event.event_id] = future
        for platform, chat in dict.fromkeys((e.platform, e.chat_key) for e in events):
            self.wake(platform, chat)
        return Accepted(new, done)

    async def resume_points(self, platform: str, prefix: str) -> dict[str, str]:
        return await self.store.newest_event_ids(platform, prefix)

    async def settled(self, timeout: float) -> None:
        """Wait (at most `timeout` s) for commits under way: the database may close after."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._committed.wait(), timeout)

    def _forget_waiter(self, key: tuple[str, str], future: asyncio.Future[bool]) -> None:
        if self._waiting.get(key) is future:
            del self._waiting[key]

    def _finished(self, events: Sequence[InboxRecord], done: bool = True) -> None:
        for event in events:
            waiter = self._waiting.pop((event.platform, event.event_id), None)
            if waiter is not None and not waiter.done():
                waiter.set_result(done)

    @property
    def unavailable(self) -> list[str]:
        """What handling is waiting for now (health checks)."""
        return self.outages.down

    @property
    def busy_chats(self) -> int:
        return len(self._workers)

    async def start(self) -> None:
        """Take events again, beginning with every chat that has unfinished ones."""
        self._accepting = True
        self._pruner = asyncio.create_task(self._prune_forever(), name="inbox-pruner")
        if self.leases is not None:
            self.leases.start(self.wake, lambda: tuple(self._handlers))
        for platform, chat_key in await self.store.pending_chats():
            if platform in self._handlers:
                self.wake(platform, chat_key)

    def wake(self, platform: str, chat_key: str) -> None:
        """New events were committed for this chat: make sure a worker handles them."""
        if not self._accepting:
            return  # they stay in the inbox for the next start
        if platform not in self._handlers:
            return  # another instance serves that platform
        key = (platform, chat_key)
        if key in self._workers:
            self._dirty.add(key)  # its worker may have looked before the commit: look again
            return
        self._workers[key] = asyncio.create_task(
            self._work(key), name=f"chat-{platform}-{chat_key}"
        )

    async def stop(self, timeout: float) -> None:
        """Take no new events; give running ones `timeout` seconds, then cancel them. Whatever
        is not done stays in the inbox and resumes on the next start."""
        self._accepting = False
        pruner, self._pruner = self._pruner, None
        if pruner is not None:
            pruner.cancel()
            # Waited for, so that no database call of it outlives the stop.
            with contextlib.suppress(asyncio.CancelledError):
                await pruner
        try:
            await self._stop_workers(timeout)
        finally:
            # Renewed until every worker has stopped (and released its chat).
            if self.leases is not None:
                await self.leases.stop()

    async def _stop_workers(self, timeout: float) -> None:
        running = list(self._workers.values())
        if not running:
            return
        _, pending = await asyncio.wait(running, timeout=timeout)
        for task in pending:
            task.cancel()
        for task in pending:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if pending:
            log.info("stopped %d chat(s) mid-reply; they resume on the next start", len(pending))

    async def _prune_forever(self) -> None:
        while True:
            try:
                removed = await self.store.prune(KEEP_FINISHED)
                if removed:
                    log.info("inbox: forgot %d finished event(s)", removed)
            except Exception as exc:
                if not is_outage(exc):  # an outage is logged where it is waited out
                    log.warning("inbox: pruning failed; trying again later", exc_info=True)
            await asyncio.sleep(PRUNE_EVERY_S)

    async def _work(self, key: ChatKey) -> None:
        try:
            if self.leases is None:
                await self._work_on(key)
            else:
                await self._work_leased(self.leases, key)
        finally:
            # Removed here, in the same step as the worker's last look at the inbox: a wake that
            # comes after it starts a new worker instead of marking a finished one dirty.
            if self._workers.get(key) is asyncio.current_task():
                del self._workers[key]

    async def _work_leased(self, leases: ChatLeases, key: ChatKey) -> None:
        while self._accepting:
            try:
                lease = await leases.claim(key)
            except Exception as exc:
                if is_outage(exc):
                    self.outages.failed(exc)  # logged once, with everything else waiting
                else:
                    log.warning("chat leases: claiming %s chat %s failed", *key, exc_info=True)
                return  # the poll finds the chat again
            if lease is None:
                return  # another instance handles it, events committed here included
            try:
                await self._work_on(key)
            finally:
                await leases.release(key)
            # An event another instance committed while this one held the chat found it taken
            # there: look once more, now that the chat is free.
            if not await self.store.next_for_chat(*key):
                return

    async def _work_on(self, key: ChatKey) -> None:
        platform, chat_key = key
        handler = self._handlers[platform]
        while self._accepting:
            if self.leases is not None and not self.leases.holding(key):
                return
            self._dirty.discard(key)
            try:
                events = await self.store.next_for_chat(platform, chat_key)
                if not events:
                    if key in self._dirty:
                        continue
                    return
                if events[0].group_key is not None and await self._wait_for_group(events[0]):
                    events = await self.store.next_for_chat(platform, chat_key)
                await self._handle(handler, events)
            except LeaseLost:
                log.warning("%s chat %s went to another instance mid-reply", platform, chat_key)
                return
            except Exception as exc:
                # The database itself failed (gone, full): the events are still there; look
                # again in a moment rather than leave the chat unserved.
                if is_outage(exc):
                    await asyncio.sleep(self.outages.failed(exc))
                else:
                    log.exception("inbox: reading %s chat events failed", platform)
                    await asyncio.sleep(self.retry_delay_s)

    async def _wait_for_group(self, first: InboxRecord) -> bool:
        age = (datetime.now(UTC) - first.received_at).total_seconds()
        if age >= self.group_wait_s:
            return False
        await asyncio.sleep(self.group_wait_s - age)
        return True

    async def _handle(self, handler: EventHandler, events: list[InboxRecord]) -> None:
        ids = [e.id for e in events]
        started = time.perf_counter()
        began = time.monotonic()
        lease = None
        still_ours = always
        if self.leases is not None:
            key = (events[0].platform, events[0].chat_key)
            lease = self.leases.lease(key)
            if lease is None:
                raise LeaseLost("the chat's lease ran out before its event was handled")
            leases = self.leases

            def still_ours() -> bool:
                return leases.holding(key)

        async def save(sent_refs: Mapping[str, Any]) -> None:
            await self.store.progress(ids, sent_refs, lease=lease)

        try:
            sent = await handler(events, Work(still_ours, save))
        except (asyncio.CancelledError, LeaseLost):
            raise
        except Exception as exc:
            if is_outage(exc):
                # The database or the platform is down for now: tried again once it is back,
                # however long that takes, without counting against the event.
                await asyncio.sleep(self.outages.failed(exc))
                return
            attempts = max(e.attempts for e in events) + 1
            if attempts >= self.max_attempts:
                log.exception("giving up on %s event(s) %s after %d tries", events[0].platform,
                              ids, attempts)  # fmt: skip
                # What went out stays recorded: a reply to a sent caption still finds it.
                await self.store.finish(ids, dict(events[0].sent_refs), state="failed", lease=lease)
                self._finished(events, done=False)
                return
            log.warning("handling %s event(s) %s failed (try %d); retrying",
                        events[0].platform, ids, attempts, exc_info=True)  # fmt: skip
            await self.store.attempted(ids)
            await asyncio.sleep(self.retry_delay_s * attempts)
            return
        self.outages.all_ok(began)  # the database, the platform and captioning just worked
        # Done and what was sent, in one transaction: a crash can repeat only a reply whose send
        # completed and whose commit had not.
        await self._finish(ids, sent, lease)
        self._finished(events)
        log.debug("handled %s event(s) %s in %.2fs", events[0].platform, ids,
                  time.perf_counter() - started)  # fmt: skip

    async def _finish(self, ids: list[int], sent: Delivered, lease: Lease | None) -> None:
        """The done mark, tried on its own until it commits: the replies went out, so the event
        must never be handled (and answered) again because the database was away a moment."""
        while True:
            began = time.monotonic()
            try:
                await self.store.finish(
                    ids, {"messages": list(sent.messages)}, caption_refs=sent.captions, lease=lease
                )
            except Exception as exc:
                if not is_outage(exc):
                    raise
                await asyncio.sleep(self.outages.failed(exc))
                continue
            self.outages.ok(began=began)
            return
