"""An in-memory adapter for tests: it speaks to the core exactly as a platform adapter does."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from PIL import Image

from bot.chat.conversation import Conversation
from bot.chat.messages import ActionPress, Attachment, IncomingMessage, Reply
from tests.pictures import png_bytes

_ids = itertools.count(1000)


@dataclass
class Sent:
    message_id: str
    reply: Reply


@dataclass
class FakeChat:
    conversation: Conversation
    chat_id: str = "chat-1"
    platform: str = "fake"
    is_group: bool = False
    user_id: str = "user-1"
    language: str | None = None
    sent: list[Sent] = field(default_factory=list)

    async def _deliver(self, replies: list[Reply]) -> list[Reply]:
        for reply in replies:
            message_id = str(next(_ids))
            self.sent.append(Sent(message_id, reply))
            await self.conversation.sent(reply, message_id)
        return replies

    async def say(
        self, text: str = "", *, images: list[Image.Image | bytes] = (),
        reply_to: str | None = None, addressed: bool = True,
        on_answering: Callable[[], None] | None = None,
    ) -> tuple[str, list[Reply]]:  # fmt: skip
        """Send a message; returns its id and the core's replies."""
        message_id = str(next(_ids))
        attachments = tuple(_attachment(i, n) for n, i in enumerate(images))
        message = IncomingMessage(
            platform=self.platform, chat_id=self.chat_id, user_id=self.user_id,
            message_id=message_id, text=text, attachments=attachments, reply_to=reply_to,
            addressed=addressed or not self.is_group, is_group=self.is_group,
            language=self.language,
        )  # fmt: skip
        replies = await self.conversation.handle(message, on_answering)
        return message_id, await self._deliver(replies)

    async def press(
        self, payload: str, on_answering: Callable[[], None] | None = None
    ) -> list[Reply]:
        press = ActionPress(self.platform, self.chat_id, self.user_id, payload, self.language)
        return await self._deliver(await self.conversation.press(press, on_answering))

    def sent_id(self, reply: Reply) -> str:
        return next(s.message_id for s in self.sent if s.reply is reply)


def _attachment(image: Image.Image | bytes, number: int) -> Attachment:
    data = image if isinstance(image, bytes) else png_bytes(image)

    async def fetch() -> bytes:
        return data

    return Attachment(fetch=fetch, name=f"photo{number}.png", mime="image/png", size=len(data))
