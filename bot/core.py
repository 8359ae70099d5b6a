"""Building the core from settings: model, engine, database and conversation, in start-up order.

Resources are made here, outside any adapter, and handed to whoever serves a platform.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.captioning.engine import BatchCaptioner, CaptionEngine
from bot.captioning.intake import IntakeLimits
from bot.captioning.local import local_engine
from bot.captioning.remote import RemoteCaptions
from bot.chat.conversation import Conversation, ConversationLimits
from bot.chat.dispatcher import Dispatcher
from bot.chat.leasing import LEASE_TTL, ChatLeases
from bot.config import Settings
from storage import Leases, Repository, create_engine, create_sessionmaker, upgrade

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

    @classmethod
    async def start(cls, settings: Settings, captioner: BatchCaptioner | None = None) -> Core:
        """Load the model (unless one is given, or workers do the captioning), migrate the
        database, start the engine."""
        database = create_engine(settings.database_url)
        await upgrade(database)
        sessions = create_sessionmaker(database)
        repository = Repository(sessions)
        leases = None
        if database.dialect.name == "postgresql":
            # Several instances may share this database: chats are handled under leases.
            owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
            leases = ChatLeases(Leases(sessions, owner, LEASE_TTL))
        dispatcher = Dispatcher(repository.inbox, leases=leases)
        if captioner is None and settings.worker_urls:
            remote = RemoteCaptions(
                settings.worker_urls, settings.worker_token, settings.caption_timeout_s
            )
            await remote.start()
            conversation = Conversation(repository, remote, conversation_limits(settings))
            return cls(settings, remote, database, repository, conversation, dispatcher)
        engine = local_engine(settings, captioner)
        await engine.start()
        conversation = Conversation(repository, engine, conversation_limits(settings))
        return cls(settings, engine, database, repository, conversation, dispatcher)

    async def stop(self) -> None:
        """Hand unfinished events back to the inbox, then stop the engine and the database, all
        within the stop grace (the inbox's events resume on the next start)."""
        grace = self.settings.stop_grace_s
        await self.dispatcher.stop(timeout=grace)
        await self.engine.stop(drain=True, timeout=grace)
        await self.database.dispose()
