"""The web chat while its database cannot store anything (a real full disk under the SQLite
file): the page is told 503 with Retry-After, which it sends the message again on, and the
message is answered once there is room again."""

from __future__ import annotations

from pathlib import Path

from adapters.web import WebAdapter
from tests.adapters.web.conftest import serve_web, web_settings
from tests.adapters.web.test_web_api import client, form
from tests.bot.chat.test_outages import small_disk as small_disk  # a fixture, used by name
from tests.pictures import draw_picture, png_bytes
from tests.small_disk import fill

CIRCLE = png_bytes(draw_picture([("red", "circle")]))


async def test_a_message_the_database_cannot_store_now_is_503_then_answered(
    small_disk: Path, tiny_captioner
):
    disk = small_disk
    settings = web_settings(disk, image_max_bytes=300_000)
    platforms = await serve_web(settings, tiny_captioner)
    web_chat = platforms.started[0]
    assert isinstance(web_chat, WebAdapter)
    try:
        async with client(web_chat) as http:
            async with http.get("/api/history") as response:
                assert response.status == 200  # the session exists before the disk fills
            filler = fill(disk)
            async with http.post("/api/messages", data=form(CIRCLE)) as response:
                assert response.status == 503
                assert response.headers["Retry-After"] == "2"
                assert "can't store messages for a moment" in (await response.json())["error"]
            filler.unlink()
            async with http.post("/api/messages", data=form(CIRCLE)) as response:
                assert response.status == 200
                [reply] = (await response.json())["replies"]
                assert reply["text"].split("\n")[0] == "a red circle"
    finally:
        await platforms.stop()
