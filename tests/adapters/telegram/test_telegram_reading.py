"""Telegram with text reading on as an operator runs it (OCR_ENGINE=auto through start-up): a
photo of a sign gets its caption and what it says, and "what does it say?" reads it out."""

from __future__ import annotations

from tests.adapters.telegram.test_telegram import serving
from tests.adapters.telegram.updates import PRIVATE, message
from tests.bot.chat.test_reading import SAYS, SIGN_LINES, WHOLE, no_reader, sign
from tests.pictures import png_bytes

SIGN = png_bytes(sign(SIGN_LINES))


@no_reader
async def test_telegram_says_what_a_photo_says(tmp_path, tiny_captioner):
    async with serving(tmp_path, tiny_captioner, ocr_engine="auto") as telegram:
        telegram.api.files["sign"] = SIGN
        [caption] = await telegram.reply_to(message(PRIVATE, photo=("sign", len(SIGN))))
        assert caption["text"].endswith(SAYS)
        [read] = await telegram.reply_to(message(PRIVATE, text="what does it say?"))
        assert read["text"] == WHOLE
