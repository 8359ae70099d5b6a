"""Operator controls around the chat core: the conversation adapters talk to, with every event
gated and counted, and the dispatcher that times each reply."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.chat.conversation import Conversation, ConversationLimits, OnAnswering
from bot.chat.dispatcher import Delivered, Dispatcher, EventHandler
from bot.chat.image_work import Captions
from bot.chat.messages import ActionPress, IncomingMessage, Reply
from bot.chat.restyling import Restyler
from bot.chat.understanding.answering import Answerer
from bot.operator.ids import event_ids
from bot.operator.operator import Operator
from storage import InboxRecord, Repository


def kind_of(message: IncomingMessage) -> str:
    if message.images:
        return "picture"
    return "command" if message.text.startswith("/") else "text"


class OperatedConversation(Conversation):
    """The conversation, behind the operator's gate: a refused person's events never reach it,
    so nothing of theirs is captioned or stored."""

    def __init__(
        self,
        repository: Repository,
        engine: Captions,
        limits: ConversationLimits,
        operator: Operator,
        restyler: Restyler | None = None,
        answerer: Answerer | None = None,
    ) -> None:
        super().__init__(repository, engine, limits, restyler, answerer, controls=operator)
        self.operator = operator

    async def handle(
        self, message: IncomingMessage, on_answering: OnAnswering | None = None
    ) -> list[Reply]:
        platform, kind = message.platform, kind_of(message)
        metrics = self.operator.metrics
        metrics.received.labels(platform, kind).inc()
        ids = event_ids(
            platform, message.user_id, message.chat_id, message.guild_id, message.role_ids
        )
        refused = await self.operator.admit(
            platform,
            message.user_id,
            message.chat_id,
            ids,
            addressed=message.addressed,
            reply_to=message.message_id,
            awaits_answer=message.awaits_answer,
        )
        if refused is not None:
            metrics.handled.labels(platform, kind, "refused").inc()
            return refused
        replies = await super().handle(message, on_answering)
        metrics.handled.labels(platform, kind, "answered" if replies else "ignored").inc()
        return replies

    async def press(
        self, press: ActionPress, on_answering: OnAnswering | None = None
    ) -> list[Reply]:
        platform = press.platform
        metrics = self.operator.metrics
        metrics.received.labels(platform, "button").inc()
        ids = event_ids(platform, press.user_id, press.chat_id, press.guild_id, press.role_ids)
        refused = await self.operator.admit(
            platform, press.user_id, press.chat_id, ids, addressed=True, awaits_answer=True
        )
        if refused is not None:
            metrics.handled.labels(platform, "button", "refused").inc()
            return refused
        replies = await super().press(press, on_answering)
        metrics.handled.labels(platform, "button", "answered").inc()
        return replies


class MeteredDispatcher(Dispatcher):
    """Records each reply's latency: from the event's arrival (its inbox commit) to its replies
    being sent, whatever waited in between (the chat's earlier events, a restart)."""

    operator: Operator | None = None

    def register(self, platform: str, handler: EventHandler) -> None:
        async def timed(events: list[InboxRecord]) -> Delivered:
            delivered = await handler(events)
            if self.operator is not None and delivered.messages:
                waited = (datetime.now(UTC) - events[0].received_at).total_seconds()
                self.operator.metrics.observe_latency(platform, max(0.0, waited))
            return delivered

        super().register(platform, timed)
