"""What the web API tells the page beside the words: refused uploads and the model notice."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tests.pictures import draw_picture, png_bytes

PICTURE = png_bytes(draw_picture([("red", "circle"), ("blue", "square")]))


def client(web_chat) -> aiohttp.ClientSession:
    # unsafe: the default jar drops cookies from IP-address hosts such as 127.0.0.1.
    return aiohttp.ClientSession(base_url=web_chat.url, cookie_jar=aiohttp.CookieJar(unsafe=True))


def form(data: bytes | None, mime: str = "image/png", text: str = "") -> aiohttp.FormData:
    body = aiohttp.FormData()
    if data is not None:
        body.add_field("image", data, filename="upload.png", content_type=mime)
    body.add_field("text", text)
    return body


async def post(http: aiohttp.ClientSession, body: aiohttp.FormData) -> dict[str, Any]:
    async with http.post("/api/messages", data=body) as response:
        assert response.status == 200
        return await response.json()


async def test_a_refused_upload_and_its_refusal_are_flagged(web_chat):
    async with client(web_chat) as http:
        # Not a picture, or one that cannot be read: refused, and the reply says so.
        for data, mime in ((b"just some notes", "text/plain"), (b"\x89PNG broken", "image/png")):
            answer = await post(http, form(data, mime))
            assert answer["refused"] is True
            assert [reply["refusal"] for reply in answer["replies"]] == [True]
        # A picture, or words, are no refusal.
        for body in (form(PICTURE), form(None, text="what is on the left?")):
            answer = await post(http, body)
            assert answer["refused"] is False
            assert not any(reply["refusal"] for reply in answer["replies"])
        async with http.get("/api/history") as response:
            turns = (await response.json())["turns"]
    # Until the core keeps refused uploads, the history holds the picture's exchanges only.
    assert [(t["role"], t["refused"] or t["refusal"]) for t in turns] == [
        ("user", False),
        ("bot", False),
        ("user", False),
        ("bot", False),
    ]


@pytest.mark.parametrize(
    ("notice", "shown"),
    [("Demo model: it only knows coloured shapes.",) * 2, (None, None), ("  ", None)],
)
async def test_the_history_carries_the_model_notice(web_chat, monkeypatch, notice, shown):
    monkeypatch.setattr(
        type(web_chat.chats), "model_notice", property(lambda self: notice), raising=False
    )
    async with client(web_chat) as http, http.get("/api/history") as response:
        assert (await response.json())["notice"] == shown
