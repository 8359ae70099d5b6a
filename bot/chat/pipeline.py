"""The per-event pipeline, the same for every platform: decode, the operator's middlewares, the
conversation, one delivery loop.

    records ─▶ platform.decode ─▶ middlewares (gate → limits → metrics → latency, bot.operator)
            ─▶ the platform's own refusal, or the conversation ─▶ deliver (platform.send per part)

A retry of an event that already sent part of its replies skips everything but the delivery of
the rest (bot.chat.delivery).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.chat import texts
from bot.chat.conversation import Conversation
from bot.chat.delivery import Delivered, deliver, resumable
from bot.chat.handling import Handling, Middleware, Next, Turn, Work, nothing
from bot.chat.intake import InboxRecord
from bot.chat.messages import ActionPress, IncomingMessage, Reply
from bot.chat.platform import Event, Platform
from bot.chat.typing import Typing


def _chatter(event: Event) -> bool:
    """Group talk that does not address the bot and carries nothing it could caption: never the
    bot's business, so not worth the gate's or anyone's time (a platform that delivers every
    group message, like Telegram without privacy mode, sends plenty)."""
    return (
        isinstance(event, IncomingMessage)
        and event.is_group
        and not event.addressed
        and not event.attachments
    )


def _link(middleware: Middleware, call_next: Next) -> Next:
    async def run(handling: Handling) -> Delivered:
        return await middleware(handling, call_next)

    return run


class Pipeline:
    """Handles one platform's events from the inbox (the dispatcher's handler for it)."""

    def __init__(
        self,
        platform: Platform,
        conversation: Conversation,
        middlewares: Sequence[Middleware] = (),
    ) -> None:
        self.platform = platform
        self.conversation = conversation
        handler: Next = self._answer
        for middleware in reversed(middlewares):
            handler = _link(middleware, handler)
        self._handle = handler

    async def __call__(self, records: Sequence[InboxRecord], work: Work) -> Delivered:
        first = records[0]

        async def send(replies: Sequence[Reply], sent_before: Sequence[str] = ()) -> Delivered:
            if not replies:
                return Delivered(outcome="ignored")
            return await deliver(
                self.platform, first, replies, sent_before=sent_before, save=work.save,
                still_ours=work.still_ours,
            )  # fmt: skip

        resumed = resumable(first)
        if resumed is not None:
            return await send(*resumed)
        event = await self.platform.decode(records)
        if event is None or _chatter(event):
            return Delivered(outcome="ignored")

        handling = Handling(
            self.platform.name, tuple(records), event, send, still_ours=work.still_ours
        )
        # Everything said about this event (refusals of the gate and limits included) is in the
        # language of the person it answers.
        with texts.speaking(*await self.conversation.locale_for(event)):
            return await self._handle(handling)

    async def _answer(self, handling: Handling) -> Delivered:
        """The innermost step: the platform's own refusal, or the conversation's replies."""
        event = handling.event
        signal = self.platform.typing(handling.records[0])
        typing = None if signal is None else Typing(signal.send, every=signal.every,
                                                    delay=signal.delay)  # fmt: skip
        turn = Turn(
            on_answering=typing.start if typing is not None else nothing,
            spend=handling.spend,
            still_ours=handling.still_ours,
        )
        try:
            if isinstance(event, ActionPress):
                replies = await self.conversation.press(event, turn)
            elif event.refusal is not None:
                # Like any reply: only where the bot was spoken to.
                addressed = event.addressed or not event.is_group
                refusal = texts.text(event.refusal)
                replies = [Reply(refusal, reply_to=event.message_id)] if addressed else []
            else:
                replies = await self.conversation.handle(event, turn)
        finally:
            if typing is not None:
                # Before the reply goes out: an indicator sent after it would linger under it.
                await typing.stop()
        return await handling.deliver(replies)
