"""Text reading on the caption worker: `read_text` returns the lines found, with confidence and
reading order, and a bot captioning on the worker tells the chat what the picture says."""

from __future__ import annotations

import aiohttp
import pytest
from pydantic import SecretStr

from bot.captioning.reading import make_reader
from bot.captioning.text_reading import TextReading
from bot.config import Settings
from tests.adapters.worker.test_worker import TOKEN, Worker
from tests.bot.chat.test_reading import sign
from tests.bot.chat_driver import FakeChat
from tests.bot.conftest import Restartable
from tests.pictures import png_bytes


@pytest.fixture
async def reading_worker(tiny_captioner):
    reader = make_reader("auto")
    if reader is None:
        pytest.skip("no text reader installed here (scripts/setup installs Tesseract)")
    running = await Worker(tiny_captioner).start()
    running.engine.reading = TextReading(reader)
    yield running
    await running.stop()


async def test_read_text_returns_the_lines_in_order_and_only_when_asked(reading_worker):
    picture = png_bytes(sign(["EXIT", "Platform 3"]))

    async def caption(read_text: str | None) -> dict[str, object]:
        form = aiohttp.FormData()
        form.add_field("image", picture, filename="s.png", content_type="image/png")
        if read_text is not None:
            form.add_field("read_text", read_text)
        headers = {"Authorization": f"Bearer {TOKEN}"}
        async with (
            aiohttp.ClientSession() as http,
            http.post(f"{reading_worker.url}/v1/captions", data=form, headers=headers) as answer,
        ):
            assert answer.status == 200
            return await answer.json()

    body = await caption("true")
    text = body["text"]
    assert isinstance(text, dict)
    assert [line["text"] for line in text["lines"]] == ["EXIT", "Platform 3"]
    assert all(0.5 < line["confidence"] <= 1 and len(line["box"]) == 4 for line in text["lines"])
    assert text["engine"] and body["captions"]
    assert "text" not in await caption(None)  # behind the option


async def test_a_bot_on_the_worker_says_what_the_picture_says(reading_worker, tmp_path):
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'remote.db'}",
        caption_worker_urls=reading_worker.url,
        caption_worker_token=SecretStr(TOKEN),
    )
    core = Restartable(settings, None)
    await core.start()
    try:
        chat = FakeChat(core)
        _, [reply] = await chat.say(images=[sign(["EXIT", "Platform 3"])])
        assert reply.text.endswith("It says: “EXIT\nPlatform 3”")
        _, [read] = await chat.say("/read")
        assert read.text == "It says:\nEXIT\nPlatform 3"
    finally:
        await core.stop()
