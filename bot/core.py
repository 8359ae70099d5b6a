"""Building the core from settings: model, engine, database and conversation, in start-up order.

Resources are made here, outside any adapter, and handed to whoever serves a platform.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.captioning.engine import BatchCaptioner, CaptionEngine
from bot.captioning.intake import IntakeLimits
from bot.captioning.local import local_engine
from bot.captioning.remote import RemoteCaptions
from bot.chat.conversation import Conversation, ConversationLimits
from bot.chat.dispatcher import Dispatcher
from bot.config import Settings
from bot.operator.build import build_operator
from bot.operator.front import MeteredDispatcher, OperatedConversation
from bot.operator.metrics import BotMetrics, ErrorCounter
from bot.operator.operator import Operator
from storage import Repository, create_engine, create_sessionmaker, upgrade

log = logging.getLogger(__name__)


def conversation_limits(settings: Settings) -> ConversationLimits:
    return ConversationLimits(
        max_images_per_chat=settings.chat_max_images,
        max_age=timedelta(days=settings.chat_max_age_days),
        intake=IntakeLimits(settings.image_max_bytes, settings.image_max_pixels),
    )


@dataclass
class Core:
    settings: Settings
    engine: CaptionEngine | RemoteCaptions
    database: AsyncEngine
    repository: Repository
    conversation: Conversation
    # Hands the inbox's events to the adapters that register for them; started once they have.
    dispatcher: Dispatcher
    # Allow-lists, admins, limits, stats and metrics (bot.operator).
    operator: Operator
    # Counts the warnings and errors logged while this core runs (the errors metric).
    errors: ErrorCounter | None = field(default=None, repr=False)

    @classmethod
    async def start(cls, settings: Settings, captioner: BatchCaptioner | None = None) -> Core:
        """Load the model (unless one is given, or workers do the captioning), migrate the
        database, start the engine."""
        metrics = BotMetrics()
        database = create_engine(settings.database_url)
        await upgrade(database)
        repository = Repository(create_sessionmaker(database))
        dispatcher = MeteredDispatcher(repository.inbox)
        engine: CaptionEngine | RemoteCaptions
        if captioner is None and settings.worker_urls:
            engine = RemoteCaptions(
                settings.worker_urls, settings.worker_token, settings.caption_timeout_s
            )
        else:
            engine = local_engine(settings, captioner)
        operator = build_operator(settings, repository, engine, metrics)
        dispatcher.operator = operator
        await engine.start()
        await operator.start()
        conversation = OperatedConversation(
            repository, engine, conversation_limits(settings), operator
        )
        errors = ErrorCounter(metrics)
        logging.getLogger().addHandler(errors)
        return cls(
            settings, engine, database, repository, conversation, dispatcher, operator, errors
        )

    async def stop(self) -> None:
        """Hand unfinished events back to the inbox, then stop the engine and the database, all
        within the stop grace (the inbox's events resume on the next start)."""
        grace = self.settings.stop_grace_s
        await self.dispatcher.stop(timeout=grace)
        await self.operator.stop()
        await self.engine.stop(drain=True, timeout=grace)
        await self.database.dispose()
        if self.errors is not None:
            logging.getLogger().removeHandler(self.errors)
