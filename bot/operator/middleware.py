"""The operator's steps around every event's pipeline, in order (outermost first):

- latency: from the event's arrival (its inbox commit) to its replies being sent, whatever waited
  in between (the chat's earlier events, a restart);
- metrics: events received and how they ended;
- the gate: allow-lists and blocks; a refused person's event goes no further, so nothing of theirs
  is downloaded, captioned or stored, and no other reply reaches them;
- limits: costly work is counted against the person, once per event however often it is tried.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.chat.delivery import Delivered
from bot.chat.handling import Handling, Middleware, Next
from bot.chat.messages import ActionPress
from bot.chat.platform import Event
from bot.operator.ids import event_ids
from bot.operator.operator import Operator


def kind_of(event: Event) -> str:
    if isinstance(event, ActionPress):
        return "button"
    if event.images:
        return "picture"
    return "command" if event.text.startswith("/") else "text"


def operator_middlewares(operator: Operator) -> list[Middleware]:
    metrics = operator.metrics

    async def latency(handling: Handling, call_next: Next) -> Delivered:
        delivered = await call_next(handling)
        if delivered.messages:
            waited = (datetime.now(UTC) - handling.received_at).total_seconds()
            metrics.observe_latency(handling.platform, max(0.0, waited))
        return delivered

    async def counted(handling: Handling, call_next: Next) -> Delivered:
        kind = kind_of(handling.event)
        metrics.received.labels(handling.platform, kind).inc()
        delivered = await call_next(handling)
        metrics.handled.labels(handling.platform, kind, delivered.outcome).inc()
        return delivered

    async def gate(handling: Handling, call_next: Next) -> Delivered:
        event, platform = handling.event, handling.platform
        ids = event_ids(platform, event.user_id, event.chat_id, event.guild_id, event.role_ids)
        if isinstance(event, ActionPress):
            refused = await operator.admit(
                platform, event.user_id, event.chat_id, ids, addressed=True, awaits_answer=True
            )
        else:
            refused = await operator.admit(
                platform, event.user_id, event.chat_id, ids, addressed=event.addressed,
                reply_to=event.message_id, awaits_answer=event.awaits_answer,
            )  # fmt: skip
        if refused is None:
            return await call_next(handling)
        return replace(await handling.deliver(refused), outcome="refused")

    async def limits(handling: Handling, call_next: Next) -> Delivered:
        platform, user_id = handling.platform, handling.event.user_id
        once = (handling.key, handling.received_at)

        async def spend(units: int) -> str | None:
            return await operator.limiter.spend(platform, user_id, units, once=once)

        return await call_next(replace(handling, spend=spend))

    return [latency, counted, gate, limits]
