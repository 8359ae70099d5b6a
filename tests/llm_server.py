"""A loopback OpenAI-compatible server: POST /v1/chat/completions, as Ollama, llama-server and
vLLM serve it (not streamed: the bot never asks for a stream). It records every request, and
answers, fails (HTTP 500) or stalls on demand. Only the HTTP boundary is fake: the bot's real
`openai` client talks to it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.ports import free_port


@dataclass
class Seen:
    body: dict[str, Any]
    authorization: str | None

    @property
    def messages(self) -> list[dict[str, Any]]:
        return self.body["messages"]

    @property
    def text(self) -> str:
        """Every text the request carries, system prompt and turns alike."""
        parts = []
        for message in self.messages:
            content = message["content"]
            if isinstance(content, str):
                parts.append(content)
            else:
                parts += [p["text"] for p in content if p.get("type") == "text"]
        return "\n".join(parts)

    @property
    def images(self) -> list[str]:
        return [
            part["image_url"]["url"]
            for message in self.messages
            if isinstance(message["content"], list)
            for part in message["content"]
            if part.get("type") == "image_url"
        ]


def _default_reply(seen: Seen) -> str:
    last = seen.messages[-1]["content"]
    last = last if isinstance(last, str) else last[0]["text"]
    return f"LLM: {last.splitlines()[-1][:80]}"


@dataclass
class FakeLLM:
    mode: str = "reply"  # "reply", "fail" (HTTP 500) or "stall" (no answer until stopped)
    reply: Callable[[Seen], str] = _default_reply
    requests: list[Seen] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        self._runner: web.AppRunner | None = None
        self._stopping = asyncio.Event()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    async def start(self) -> FakeLLM:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._completions)
        self._runner = web.AppRunner(app, shutdown_timeout=0.1)
        await self._runner.setup()
        self.port = self.port or free_port()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        return self

    async def stop(self) -> None:
        self._stopping.set()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _completions(self, request: web.Request) -> web.StreamResponse:
        seen = Seen(await request.json(), request.headers.get("Authorization"))
        self.requests.append(seen)
        if self.mode == "fail":
            return web.json_response({"error": {"message": "model crashed"}}, status=500)
        if self.mode == "stall":
            await self._stopping.wait()
            return web.json_response({"error": {"message": "stopped"}}, status=503)
        text = self.reply(seen)
        return web.json_response(
            {
                "id": f"chatcmpl-{len(self.requests)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": seen.body["model"],
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": text},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
            }
        )
