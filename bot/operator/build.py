"""Operator controls as the settings describe them, around one core's engine and storage."""

from __future__ import annotations

from urllib.parse import urlsplit

from bot.captioning.engine import CaptionEngine
from bot.captioning.remote import RemoteCaptions
from bot.config import Settings
from bot.operator.access import Access
from bot.operator.hooks import PICTURES
from bot.operator.ids import parse_ids
from bot.operator.limits import Limiter, Quota
from bot.operator.metrics import BotMetrics
from bot.operator.operator import EngineFacts, Operator, Queues
from bot.operator.privacy import PrivacyFacts
from storage import Repository


def public_host(url: str) -> str:
    """host[:port] of a URL, never the user:password@ a URL may carry (users see this)."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    return f"{host}:{parts.port}" if parts.port else host


def engine_facts(engine: CaptionEngine | RemoteCaptions) -> EngineFacts:
    if isinstance(engine, RemoteCaptions):
        return EngineFacts(engine.model_name, "caption worker(s)", "-")
    info = getattr(engine.captioner, "info", None)
    if info is None:
        return EngineFacts(engine.model_name, "-", "-")
    return EngineFacts(info.name, info.device, info.dtype)


def build_operator(
    settings: Settings,
    repository: Repository,
    engine: CaptionEngine | RemoteCaptions,
    metrics: BotMetrics | None = None,
) -> Operator:
    """Raises bot.operator.ids.IdListError for a malformed ALLOWED_*/ADMINS entry."""
    metrics = metrics or BotMetrics()
    store = repository.operator
    access = Access(
        store,
        allowed=parse_ids(settings.allowed_users) | parse_ids(settings.allowed_chats),
        admins=parse_ids(settings.admins),
    )
    quota = Quota(settings.user_pictures_per_hour, settings.user_pictures_per_day)
    limiter = Limiter(
        store,
        {PICTURES: quota},
        exempt=access.is_admin,
        on_limit=lambda kind, period: metrics.limit_hits.labels(kind, period).inc(),
    )
    hosts = tuple(public_host(u) for u in settings.worker_urls)
    facts = PrivacyFacts(
        settings.chat_max_images,
        settings.chat_max_age_days,
        hosts if isinstance(engine, RemoteCaptions) else (),
        public_host(settings.llm_base_url) if settings.llm_base_url else None,
        llm_sees_pictures=bool(settings.llm_base_url and settings.llm_vision),
        feedback_days=settings.feedback_keep_days if settings.feedback_enabled else None,
    )

    async def queues() -> Queues:
        pending = (await repository.inbox.counts()).get("pending", 0)
        waiting = engine.queue_depth if isinstance(engine, CaptionEngine) else 0
        metrics.queue_depth.labels("inbox").set(pending)
        metrics.queue_depth.labels("engine").set(waiting)
        return Queues(pending, waiting)

    ratings = repository.feedback.stats if settings.feedback_enabled else None
    return Operator(access, limiter, metrics, facts, lambda: engine_facts(engine), queues, ratings)
