"""Building the core from settings: model, engine, database and conversation, in start-up order.

Resources are made here, outside any adapter, and handed to whoever serves a platform.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import time
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.captioning.engine import BatchCaptioner, CaptionEngine
from bot.captioning.intake import IntakeLimits
from bot.captioning.local import local_engine
from bot.captioning.remote import RemoteCaptions
from bot.captioning.text_reading import start_reading
from bot.chat.conversation import Conversation, ConversationLimits
from bot.chat.dispatcher import Dispatcher
from bot.chat.intake import Intake
from bot.chat.leasing import LEASE_TTL, ChatLeases
from bot.chat.model_notice import notice_key
from bot.chat.outages import Outages
from bot.chat.pipeline import Pipeline
from bot.chat.platform import Platform
from bot.chat.retention import Retention
from bot.config import Settings, engine_config
from bot.llm import LLMClient, OnFailure, client_from, writers
from bot.operator.build import build_operator, public_host
from bot.operator.metrics import BotMetrics, ErrorCounter
from bot.operator.middleware import operator_middlewares
from bot.operator.operator import Operator
from storage import Leases, Repository, create_engine, create_sessionmaker, upgrade

log = logging.getLogger(__name__)


def conversation_limits(settings: Settings) -> ConversationLimits:
    return ConversationLimits(
        max_images_per_chat=settings.chat_max_images,
        max_age=timedelta(days=settings.chat_max_age_days),
        intake=IntakeLimits(settings.image_max_bytes, settings.image_max_pixels),
        feedback=settings.feedback_enabled,
        feedback_keep_days=settings.feedback_keep_days,
    )


@dataclass
class Core:
    settings: Settings
    engine: CaptionEngine | RemoteCaptions
    database: AsyncEngine
    repository: Repository
    conversation: Conversation
    # Takes the platforms' events into the inbox and hands them, per chat, to each platform's
    # pipeline (`serve`); started once every platform is served.
    dispatcher: Dispatcher
    # Allow-lists, admins, limits, stats and metrics (bot.operator).
    operator: Operator
    # Sweeps every chat by the retention limits: at start (in the background), then hourly.
    retention: Retention
    llm: LLMClient | None = None  # the optional LLM (LLM_BASE_URL); None: templates and rules
    # Counts the warnings and errors logged while this core runs (the errors metric).
    errors: ErrorCounter | None = field(default=None, repr=False)

    @classmethod
    async def start(
        cls,
        settings: Settings,
        captioner: BatchCaptioner | None = None,
        on_llm_failure: OnFailure | None = None,
    ) -> Core:
        """Load the model (unless one is given, or workers do the captioning), migrate the
        database, start the engine. `on_llm_failure` hears of each failed LLM request (the
        errors metric counts them already, as the warning each one logs)."""
        metrics = BotMetrics()
        database = create_engine(settings.database_url)
        llm: LLMClient | None = None
        engine: CaptionEngine | RemoteCaptions | None = None
        try:
            await upgrade(database)
            sessions = create_sessionmaker(database)
            repository = Repository(sessions)
            if settings.feedback_enabled:
                repository.keep_rated = timedelta(days=settings.feedback_keep_days)
            outages = Outages(on_begin=lambda what: metrics.outages.labels(what).inc())
            leases = None
            if database.dialect.name == "postgresql":
                # Several instances may share this database: chats are handled under leases.
                owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
                leases = ChatLeases(Leases(sessions, owner, LEASE_TTL), outages=outages)
            dispatcher = Dispatcher(repository.inbox, leases=leases, outages=outages)
            llm = client_from(settings, on_llm_failure)
            if llm is not None:
                where = public_host(settings.llm_base_url or "")
                log.info("LLM on: model %r at %s", settings.llm_model, where)
            restyler, answerer = writers(llm)
            if captioner is None and settings.worker_urls:
                engine = RemoteCaptions(
                    settings.worker_urls, settings.worker_token, settings.caption_timeout_s
                )
            else:
                # CAPTION_MODEL left unset: a first run that cannot get the default model
                # serves on the bundled demo model (and says so) rather than not at all.
                chosen = "caption_model" in settings.model_fields_set
                engine = local_engine(
                    engine_config(settings), captioner, metrics.observe_batch, fall_back=not chosen
                )
                engine.reading = await asyncio.to_thread(
                    start_reading, settings.ocr_engine, settings.ocr_languages,
                    settings.ocr_timeout_s,
                )  # fmt: skip
            operator = build_operator(settings, repository, engine, metrics)
            await engine.start()
            await operator.start()
        except BaseException:
            # A start that fails (the model, the database) leaves nothing running or open.
            if engine is not None:
                await engine.stop(drain=False, timeout=1.0)
            if llm is not None:
                await llm.close()
            await database.dispose()
            raise
        conversation = Conversation(
            repository, engine, conversation_limits(settings), restyler, answerer, operator,
            notice=notice_key(getattr(engine, "captioner", None)),
            default_language=settings.default_language,
        )  # fmt: skip
        conversation.feedback.counted = lambda kind: metrics.ratings.labels(kind).inc()
        errors = ErrorCounter(metrics)
        logging.getLogger().addHandler(errors)
        retention = Retention(repository, conversation.limits)
        retention.start()  # in the background: start-up does not wait for the first sweep
        return cls(
            settings, engine, database, repository, conversation, dispatcher, operator, retention,
            llm, errors,
        )  # fmt: skip

    @property
    def intake(self) -> Intake:
        """Where adapters commit what their platform delivers."""
        return self.dispatcher

    def serve(self, platform: Platform) -> None:
        """Handle `platform`'s events from the inbox through the one pipeline, behind the
        operator's middlewares."""
        pipeline = Pipeline(platform, self.conversation, operator_middlewares(self.operator))
        self.dispatcher.register(platform.name, pipeline)

    async def stop(self, timeout: float | None = None) -> None:
        """Hand unfinished events back to the inbox, then stop the engine and the database, all
        within `timeout` (default: the stop grace); the inbox's events resume on the next start."""
        budget = self.settings.stop_grace_s if timeout is None else timeout
        deadline = time.monotonic() + budget
        await self.retention.stop()
        await self.dispatcher.stop(timeout=budget)
        # A commit under way (a Discord interaction taken until its client closed) finishes
        # before the database closes.
        await self.dispatcher.settled(max(deadline - time.monotonic(), 0.1))
        await self.operator.stop()
        # Whatever the engine still holds belongs to replies the dispatcher handed back: it need
        # not be finished, only a batch already on the model (which cannot be interrupted).
        await self.engine.stop(drain=False, timeout=max(deadline - time.monotonic(), 0.1))
        if self.llm is not None:
            await self.llm.close()
        await self.database.dispose()
        if self.errors is not None:
            logging.getLogger().removeHandler(self.errors)
