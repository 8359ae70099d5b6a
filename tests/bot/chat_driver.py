"""A platform for tests, served by the real core: a message goes into the inbox through the
core's intake, the dispatcher hands it to the pipeline (gate, limits, the conversation), and the
replies come back through `send`, exactly as a platform adapter's do."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from PIL import Image

from bot.chat.intake import InboxRecord, NewEvent
from bot.chat.messages import ActionPress, Attachment, IncomingMessage, Reply
from bot.chat.platform import Event, Part, TypingSignal
from bot.core import Core
from tests.pictures import png_bytes

_ids = itertools.count(1000)


@dataclass
class Sent:
    message_id: str
    reply: Reply


class FakePlatform:
    """The platform's side: its "CDN" of pictures, and what was sent for each event."""

    max_text = 4096

    def __init__(self, name: str) -> None:
        self.name = name
        self.files: dict[str, bytes] = {}
        self.sent: dict[str, list[Sent]] = {}
        self.answering: dict[str, Callable[[], None]] = {}

    async def decode(self, records: Sequence[InboxRecord]) -> Event | None:
        record = records[0]
        p = record.payload
        if p["kind"] == "press":
            return ActionPress(
                self.name, record.chat_key, p["user_id"], p["payload"], p["language"]
            )
        return IncomingMessage(
            platform=self.name, chat_id=record.chat_key, user_id=p["user_id"],
            message_id=p["message_id"], text=p["text"],
            attachments=tuple(self._attachment(ref, n) for n, ref in enumerate(p["files"])),
            reply_to=p["reply_to"], addressed=p["addressed"], is_group=p["is_group"],
            language=p["language"], may_manage=_answer(bool(p["manages"])),
        )  # fmt: skip

    async def send(self, record: InboxRecord, part: Part) -> str:
        message_id = str(next(_ids))
        if part.last:
            self.sent.setdefault(record.event_id, []).append(Sent(message_id, part.reply))
        return message_id

    def typing(self, record: InboxRecord) -> TypingSignal | None:
        on_answering = self.answering.pop(record.event_id, None)
        if on_answering is None:
            return None

        async def show() -> None:
            on_answering()

        return TypingSignal(show, every=3600.0, delay=0.0)

    def _attachment(self, ref: str, number: int) -> Attachment:
        data = self.files[ref]

        async def fetch() -> bytes:
            return data

        return Attachment(fetch=fetch, name=f"photo{number}.png", mime="image/png", size=len(data))


def _answer(value: bool) -> Callable[[], Awaitable[bool]]:
    async def answer() -> bool:
        return value

    return answer


class HasCore(Protocol):
    @property
    def core(self) -> Core | None: ...


# Each core serves one FakePlatform per platform name (kept while the core lives).
_served: dict[int, tuple[Core, dict[str, FakePlatform]]] = {}


def _platform(core: Core, name: str) -> FakePlatform:
    _, platforms = _served.setdefault(id(core), (core, {}))
    if name not in platforms:
        platforms[name] = FakePlatform(name)
        core.serve(platforms[name])
    return platforms[name]


@dataclass
class FakeChat:
    source: Core | HasCore  # a core, or something that holds the current one (restarts)
    chat_id: str = "chat-1"
    platform: str = "fake"
    is_group: bool = False
    user_id: str = "user-1"
    language: str | None = None
    manages: bool = False  # the author administers the group (group-wide commands need it)
    sent: list[Sent] = field(default_factory=list)

    @property
    def core(self) -> Core:
        core = self.source if isinstance(self.source, Core) else self.source.core
        assert core is not None, "the core is not running"
        return core

    async def _exchange(
        self, event_id: str, payload: dict[str, Any], on_answering: Callable[[], None] | None
    ) -> list[Reply]:
        core = self.core
        platform = _platform(core, self.platform)
        if on_answering is not None:
            platform.answering[event_id] = on_answering
        event = NewEvent(self.platform, event_id, self.chat_id, payload)
        accepted = await core.intake.accept([event], watch=True)
        assert accepted.new == (event_id,), "each test message is new"
        await accepted.done[event_id]
        sent = platform.sent.pop(event_id, [])
        self.sent += sent
        return [s.reply for s in sent]

    async def say(
        self, text: str = "", *, images: Sequence[Image.Image | bytes] = (),
        reply_to: str | None = None, addressed: bool = True,
        on_answering: Callable[[], None] | None = None,
    ) -> tuple[str, list[Reply]]:  # fmt: skip
        """Send a message; returns its id and the core's replies."""
        message_id = str(next(_ids))
        platform = _platform(self.core, self.platform)
        files = []
        for number, image in enumerate(images):
            ref = f"{message_id}/{number}"
            platform.files[ref] = image if isinstance(image, bytes) else png_bytes(image)
            files.append(ref)
        payload = {
            "kind": "message", "user_id": self.user_id, "message_id": message_id, "text": text,
            "files": files, "reply_to": reply_to, "addressed": addressed or not self.is_group,
            "is_group": self.is_group, "language": self.language, "manages": self.manages,
        }  # fmt: skip
        return message_id, await self._exchange(f"message:{message_id}", payload, on_answering)

    async def press(
        self, payload: str, on_answering: Callable[[], None] | None = None
    ) -> list[Reply]:
        press = {"kind": "press", "user_id": self.user_id, "payload": payload,
                 "language": self.language}  # fmt: skip
        return await self._exchange(f"press:{next(_ids)}", press, on_answering)

    def sent_id(self, reply: Reply) -> str:
        return next(s.message_id for s in self.sent if s.reply is reply)


def attachment(image: Image.Image | bytes, number: int) -> Attachment:
    """A picture as a platform would attach it (for tests that call the conversation itself)."""
    data = image if isinstance(image, bytes) else png_bytes(image)

    async def fetch() -> bytes:
        return data

    return Attachment(fetch=fetch, name=f"photo{number}.png", mime="image/png", size=len(data))
