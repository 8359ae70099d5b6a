"""The web chat with text reading on (OCR_ENGINE=auto through start-up): a picture of a sign
gets its caption and what it says, and /read reads it out."""

from __future__ import annotations

from tests.adapters.web.conftest import serve_web, web_settings
from tests.adapters.web.test_web_api import client, form
from tests.bot.chat.test_reading import SAYS, SIGN_LINES, WHOLE, no_reader, sign
from tests.pictures import png_bytes

SIGN = png_bytes(sign(SIGN_LINES))


@no_reader
async def test_the_web_chat_says_what_a_picture_says(tmp_path, tiny_captioner):
    platforms = await serve_web(web_settings(tmp_path, ocr_engine="auto"), tiny_captioner)
    try:
        async with client(platforms.started[0]) as http:
            async with http.post("/api/messages", data=form(SIGN)) as response:
                [reply] = (await response.json())["replies"]
                assert reply["text"].endswith(SAYS)
            async with http.post("/api/messages", data=form(None, "/read")) as response:
                [read] = (await response.json())["replies"]
                assert read["text"] == WHOLE
    finally:
        await platforms.stop()
