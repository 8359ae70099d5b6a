"""A fake Telegram Bot API on loopback: the HTTP boundary is the only thing faked."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT = {
    "id": 4242,
    "is_bot": True,
    "first_name": "Captionist",
    "username": "captionist_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)  # when it arrived


@dataclass
class FakeBotAPI:
    token: str = "123:abc"
    calls: list[Call] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    too_many_requests: int = 0  # answer this many sendMessage calls with 429 first
    bad_gateway: int = 0  # answer this many sendMessage calls with 502 first (a proxy's hiccup)
    fail_get_updates: bool = False  # answer getUpdates with 502 Bad Gateway (Telegram is down)
    # (chat id, user id) of each group's owner: getChatMember answers "creator" for them, else
    # "member".
    owners: set[tuple[int, int]] = field(default_factory=set)
    port: int = 0

    def __post_init__(self) -> None:
        self._updates: list[dict[str, Any]] = []
        self._history: dict[int, tuple[str, dict[str, Any]]] = {}
        self._again: list[dict[str, Any]] = []
        self._new_update = asyncio.Event()
        self._message_ids = itertools.count(900)
        self._update_ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        # Cleared: file downloads wait (a test holds every chat before its picture arrives).
        self.downloads_open = asyncio.Event()
        self.downloads_open.set()

    # -- server ---------------------------------------------------------------------------------

    async def start(self) -> FakeBotAPI:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- what tests use -------------------------------------------------------------------------

    def push(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, kind: payload})
        self._history[update_id] = (kind, payload)
        self._new_update.set()
        return update_id

    def update(self, update_id: int) -> dict[str, Any]:
        """A pushed update as Telegram posts it to a webhook."""
        kind, payload = self._history[update_id]
        return {"update_id": update_id, kind: payload}

    def send_again(self, update_id: int) -> None:
        """Deliver an update once more with the next getUpdates, whatever its offset: what
        Telegram does when a bot died before confirming it."""
        kind, payload = self._history[update_id]
        self._again.append({"update_id": update_id, kind: payload})
        self._new_update.set()

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == method]

    async def wait_for(self, method: str, count: int, timeout: float = 60) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.sent(method)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{method}: {len(self.sent(method))} calls, wanted {count}")
            await asyncio.sleep(0.05)
        return self.sent(method)

    # -- handlers -------------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params: dict[str, Any] = dict(await request.post())
        if request.content_type == "application/json":
            params = await request.json()
        for key, value in list(params.items()):
            if isinstance(value, str) and value[:1] in "{[":
                params[key] = json.loads(value)
        if method == "sendMessage" and self.too_many_requests > 0:
            self.too_many_requests -= 1
            self.calls.append(Call("429", params))
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": "Too Many Requests: retry after 1",
                    "parameters": {"retry_after": 1},
                },
                status=429,
            )
        if method == "sendMessage" and self.bad_gateway > 0:
            self.bad_gateway -= 1
            self.calls.append(Call("502", params))
            return web.Response(status=502, text="Bad Gateway")
        self.calls.append(Call(method, params))
        handler = getattr(self, f"_{method}", None)
        return _ok(True) if handler is None else await handler(params)

    async def _getChatMember(self, params: dict[str, Any]) -> web.Response:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        user = {"id": user_id, "is_bot": False, "first_name": "Someone"}
        if (chat_id, user_id) in self.owners:
            return _ok({"status": "creator", "user": user, "is_anonymous": False})
        return _ok({"status": "member", "user": user})

    async def _getMe(self, params: dict[str, Any]) -> web.Response:
        return _ok(BOT)

    async def _getUpdates(self, params: dict[str, Any]) -> web.Response:
        if self.fail_get_updates:
            body = {"ok": False, "error_code": 502, "description": "Bad Gateway"}
            return web.json_response(body, status=502)
        # Asking from `offset` on confirms every update below it: they are never sent again.
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if self._again:
            again, self._again = self._again, []
            return _ok(again)
        if not self._updates:
            self._new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), 0.3)
        return _ok(self._updates[:limit])

    async def _sendMessage(self, params: dict[str, Any]) -> web.Response:
        chat_id = int(params["chat_id"])
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": BOT,
            "text": params.get("text", ""),
        }
        return _ok(message)

    async def _getFile(self, params: dict[str, Any]) -> web.Response:
        file_id = params["file_id"]
        data = self.files.get(file_id)
        if data is None:
            return web.json_response(
                {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"},
                status=400,
            )
        return _ok(
            {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "file_size": len(data),
                "file_path": f"photos/{file_id}.bin",
            }
        )

    async def _file(self, request: web.Request) -> web.Response:
        await self.downloads_open.wait()
        self.calls.append(Call("download", {"path": request.match_info["path"]}))
        file_id = request.match_info["path"].removeprefix("photos/").removesuffix(".bin")
        return web.Response(body=self.files[file_id])


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})
