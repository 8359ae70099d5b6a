"""Discord with text reading on (OCR_ENGINE=auto through start-up): a picture of a sign gets its
caption and what it says, and "what does it say?" reads it out."""

from __future__ import annotations

import pytest

from tests.bot.chat.test_reading import SAYS, SIGN_LINES, WHOLE, no_reader, sign
from tests.pictures import png_bytes

SIGN = png_bytes(sign(SIGN_LINES))


@no_reader
@pytest.mark.settings(ocr_engine="auto")
async def test_discord_says_what_a_picture_says(world):
    reply = await world.reply_to(world.alice, world.mention, attachments=[("sign.png", SIGN)])
    assert reply.content.endswith(SAYS)
    read = await world.reply_to(world.alice, f"{world.mention} what does it say?")
    assert read.content == WHOLE
