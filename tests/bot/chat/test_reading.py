"""The text in pictures (OCR) in the conversation, on a real engine: a picture with words gets
its caption and what it says; "what does it say?", /read and their kind get all of it, split over
messages where a platform's limit needs it; a picture without text says so when asked; and a
reader that fails or is too slow costs the text, never the caption."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from bot.captioning.reading import ReadText, make_reader
from bot.captioning.text_reading import TextReading
from bot.chat import texts
from bot.config import Settings
from tests.bot.chat_driver import FakeChat
from tests.bot.conftest import Restartable
from tests.pictures import draw_picture

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def sign(lines: list[str], size: int = 40) -> Image.Image:
    """Dark words on a light card, one per line, as a screenshot or a sign shows them."""
    font = ImageFont.truetype(FONT, size)
    picture = Image.new("RGB", (900, 80 + len(lines) * (size + 24)), "white")
    draw = ImageDraw.Draw(picture)
    for number, line in enumerate(lines):
        draw.text((40, 40 + number * (size + 24)), line, fill="black", font=font)
    return picture


@pytest.fixture(scope="module")
def reader():
    found = make_reader("auto")
    if found is None:
        pytest.skip("no text reader installed here (scripts/setup installs Tesseract)")
    return found


@pytest.fixture
async def reading_core(tmp_path: Path, tiny_captioner, reader) -> AsyncIterator[Restartable]:
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'r.db'}")
    core = Restartable(settings, tiny_captioner)
    await core.start()
    assert core.core is not None
    core.core.engine.reading = TextReading(reader)  # type: ignore[union-attr]
    yield core
    await core.stop()


async def test_a_picture_with_words_gets_its_caption_and_what_it_says(reading_core):
    chat = FakeChat(reading_core)
    _, [reply] = await chat.say(images=[sign(["OPEN DAILY", "9 am to 5 pm"])])
    caption, says = reply.text.split("\n", 1)
    assert caption  # the model's caption comes first, as always
    assert says == "It says: “OPEN DAILY\n9 am to 5 pm”"
    for asked in ("what does it say?", "read it", "What's written on the sign?", "/read"):
        _, [answer] = await chat.say(asked)
        assert answer.text == "It says:\nOPEN DAILY\n9 am to 5 pm", asked


async def test_a_long_text_is_cut_under_the_caption_and_read_out_whole(reading_core):
    words = [f"Line number {n} of the notice board" for n in range(1, 13)]
    chat = FakeChat(reading_core)
    _, [reply] = await chat.say(images=[sign(words, size=28)])
    assert "more characters: /read for all of it)" in reply.text
    _, parts = await chat.say("transcribe this")
    whole = "\n".join(p.text for p in parts)
    assert sum(w in whole for w in words) >= len(words) - 1  # OCR may misread a digit


async def test_a_picture_without_text_says_so_when_asked(reading_core):
    chat = FakeChat(reading_core)
    _, [reply] = await chat.say(images=[draw_picture([("red", "circle")])])
    assert reply.text == "a red circle"  # nothing legible: nothing added
    _, [answer] = await chat.say("what does it say?")
    assert answer.text == texts.text("read.none")


class Broken:
    name = "broken"

    def read(self, image: Image.Image) -> ReadText:
        raise RuntimeError("the engine fell over")


class Slow:
    name = "slow"

    def read(self, image: Image.Image) -> ReadText:
        time.sleep(2.0)
        return ReadText((), "slow", 2.0)


@pytest.mark.parametrize("failing", [Broken(), Slow()])
async def test_a_failing_or_slow_reader_costs_the_text_never_the_caption(
    tmp_path, tiny_captioner, failing
):
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'f.db'}")
    core = Restartable(settings, tiny_captioner)
    await core.start()
    try:
        assert core.core is not None
        core.core.engine.reading = TextReading(failing, timeout_s=0.5)  # type: ignore[union-attr]
        chat = FakeChat(core)
        _, [reply] = await chat.say(images=[sign(["HELLO"])])
        assert "It says" not in reply.text and reply.text
        _, [answer] = await chat.say("/read")
        assert answer.text == texts.text("read.not_read")
    finally:
        await core.stop()


SIGN_LINES = ["OPEN DAILY", "9 am to 5 pm"]
SAYS = "It says: “OPEN DAILY\n9 am to 5 pm”"
WHOLE = "It says:\nOPEN DAILY\n9 am to 5 pm"
no_reader = pytest.mark.skipif(
    make_reader("auto") is None, reason="no text reader installed (scripts/setup installs one)"
)


async def test_alt_text_is_the_description_then_the_text(reading_core):
    chat = FakeChat(reading_core)
    _, [reply] = await chat.say(images=[sign(SIGN_LINES)])
    caption = reply.text.split("\n")[0]
    for asked in ("/alt", "alt text please"):
        _, [alt] = await chat.say(asked)
        shows = caption[:1].upper() + caption[1:]
        assert alt.text == f"{shows}. Text in the picture: “OPEN DAILY / 9 am to 5 pm”", asked
