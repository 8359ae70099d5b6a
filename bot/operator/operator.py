"""Operator controls in one object: the conversation's `Controls`, and the gate and limits every
event passes before the core looks at it (bot.operator.middleware)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.chat import texts
from bot.chat.messages import Reply
from bot.operator.access import Access
from bot.operator.ids import IdListError, parse_key
from bot.operator.limits import Limiter
from bot.operator.metrics import BotMetrics
from bot.operator.privacy import PrivacyFacts, privacy_text
from storage.feedback import ModelStats

log = logging.getLogger(__name__)

PRUNE_EVERY_S = 6 * 3600
FIRST_PRUNE_S = 60.0  # not at start-up, where the bot has enough to do


@dataclass(frozen=True)
class EngineFacts:
    model: str
    device: str
    precision: str


@dataclass(frozen=True)
class Queues:
    inbox: int  # events committed and not yet handled
    engine: int  # pictures waiting for the model


class Operator:
    def __init__(
        self,
        access: Access,
        limiter: Limiter,
        metrics: BotMetrics,
        facts: PrivacyFacts,
        engine: Callable[[], EngineFacts],
        queues: Callable[[], Awaitable[Queues]],
        ratings: Callable[[], Awaitable[list[ModelStats]]] | None = None,
    ) -> None:
        self.access = access
        self.ratings = ratings  # 👍/👎 per model, for /stats
        self.limiter = limiter
        self.metrics = metrics
        self.facts = facts
        self.engine = engine
        self.queues = queues
        self._pruner: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._pruner = asyncio.create_task(self._prune_forever(), name="usage-pruner")

    async def stop(self) -> None:
        pruner, self._pruner = self._pruner, None
        if pruner is not None:
            pruner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pruner

    async def _prune_forever(self) -> None:
        await asyncio.sleep(FIRST_PRUNE_S)
        while True:
            try:
                await self.limiter.prune()
            except Exception:
                log.warning("usage: pruning old counts failed; trying again later", exc_info=True)
            await asyncio.sleep(PRUNE_EVERY_S)

    # -- the gate -------------------------------------------------------------------------------

    async def admit(
        self,
        platform: str,
        user_id: str,
        chat_id: str,
        ids: frozenset[str],
        addressed: bool,
        reply_to: str | None = None,
        awaits_answer: bool = False,
    ) -> list[Reply] | None:
        """None when the event may be served; otherwise what to answer: one short refusal, at
        most once an hour per chat and only when the bot was spoken to, else nothing; every
        time where the platform waits for an answer (a button, a slash command)."""
        reason = await self.access.refusal(platform, user_id, ids)
        if reason is None:
            return None
        self.metrics.refusals.labels(reason).inc()
        if awaits_answer or (addressed and self.access.tell(platform, chat_id)):
            said = texts.text(
                {"blocked": "access.blocked", "not_allowed": "access.not_allowed"}[reason]
            )
            return [Reply(said, reply_to=reply_to)]
        return []

    # -- Controls -------------------------------------------------------------------------------

    def is_admin(self, platform: str, user_id: str) -> bool:
        return self.access.is_admin(platform, user_id)

    async def stats(self) -> str:
        pictures, people = self.limiter.today()
        queues = await self.queues()
        engine = self.engine()
        p50, p95 = (self.metrics.latencies.percentile(f) for f in (0.5, 0.95))
        errors = self.metrics.error_counts
        worst = sorted(errors.items(), key=lambda kv: -kv[1])[:3]
        return (
            texts.text(
                "stats.report",
                pictures=pictures,
                people=people,
                p50=_seconds(p50),
                p95=_seconds(p95),
                inbox=queues.inbox,
                engine=queues.engine,
                errors=sum(errors.values()),
                error_kinds=", ".join(f"{k} ×{n}" for k, n in worst) or "-",
                model=engine.model,
                device=engine.device,
                precision=engine.precision,
                blocked=await self.access.store.block_count(),
            )
            + await self._ratings()
        )

    async def _ratings(self) -> str:
        if self.ratings is None:
            return ""
        models = [
            texts.text(
                "stats.feedback_model",
                model=m.model,
                approval=f"{m.approval:.0%}" if m.approval is not None else "-",
                rated=m.up + m.down,
                corrections=m.corrections,
            )
            for m in await self.ratings()
        ]
        said = "; ".join(models) or texts.text("stats.feedback_none")
        return "\n" + texts.text("stats.feedback", ratings=said)

    async def block(self, key: str, by: str) -> str:
        try:
            parsed = parse_key(key)
        except IdListError:
            return texts.text("block.usage", command="block")
        if parsed in self.access.admins:
            return texts.text("block.admin", key=parsed)
        if not await self.access.store.block(parsed, by):
            return texts.text("block.already", key=parsed)
        log.info("%s blocked %s", by, parsed)
        return texts.text("block.done", key=parsed)

    async def unblock(self, key: str, by: str) -> str:
        try:
            parsed = parse_key(key)
        except IdListError:
            return texts.text("block.usage", command="unblock")
        if not await self.access.store.unblock(parsed):
            return texts.text("unblock.not_blocked", key=parsed)
        log.info("%s unblocked %s", by, parsed)
        return texts.text("unblock.done", key=parsed)

    def privacy(self) -> str:
        return privacy_text(self.facts)


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"
