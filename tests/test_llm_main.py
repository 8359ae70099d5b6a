"""`python main.py` with LLM_BASE_URL set: /style funny, /style catchy and free chat come from the
LLM, in the person's Telegram language; a stalled LLM costs LLM_TIMEOUT_S once, then the
templates answer at once. A real process against the loopback Bot API and OpenAI server."""

from __future__ import annotations

import signal
import time

from tests.adapters.telegram.fake_bot_api import FakeBotAPI
from tests.adapters.telegram.updates import PRIVATE, USER, message
from tests.llm_server import FakeLLM
from tests.test_durability import Bot, _jpeg

FRENCH = {**USER, "language_code": "fr"}


async def _say(api: FakeBotAPI, **fields) -> str:
    before = len(api.sent())
    api.push("message", message(PRIVATE, sender=FRENCH, **fields))
    return (await api.wait_for("sendMessage", before + 1, timeout=60))[before]["text"]


async def test_main_answers_from_the_llm_and_falls_back_within_the_timeout(
    tmp_path, tiny_model_path
):
    api = await FakeBotAPI().start()
    llm = await FakeLLM().start()
    picture = _jpeg("red", "circle")
    api.files["pic"] = picture
    bot = Bot(tmp_path, api, tiny_model_path)
    bot.env.update(LLM_BASE_URL=llm.base_url, LLM_MODEL="tiny-test-model", LLM_TIMEOUT_S="1.5")
    await bot.start()
    try:
        caption = await _say(api, photo=("pic", len(picture)))
        assert caption.startswith("LLM: Write a plain"), bot.log()
        assert "a red circle" in llm.requests[-1].text
        # The plain caption stays English (LLM_TRANSLATE_CAPTIONS is off); styles are written in
        # the person's language, Telegram's language_code.
        assert "Write in English." in llm.requests[-1].text
        funny = await _say(api, text="/style funny")
        assert funny.startswith("LLM: Write a funny caption")
        assert "'fr'" in llm.requests[-1].text
        catchy = await _say(api, text="/style catchy")
        assert catchy.startswith("LLM: Write a catchy social-media caption")
        talk = await _say(api, text="translate it to french")
        assert talk == "LLM: translate it to french"
        asked = len(llm.requests)

        llm.mode = "stall"
        started = time.monotonic()
        poetic = await _say(api, text="/style poetic")
        stalled = time.monotonic() - started
        short = await _say(api, text="/style short")
    finally:
        await bot.stop(signal.SIGTERM)
        await llm.stop()
        await api.stop()
    assert "red circle" in poetic and not poetic.startswith("LLM")  # the template
    assert 1.5 <= stalled < 30, stalled  # the server never answers: LLM_TIMEOUT_S ended it
    assert short.split("\n")[0] == "Red circle."  # then: Short is the chat's style now
    assert len(llm.requests) == asked + 1  # backing off: no second wait on it
    assert "LLM request to model 'tiny-test-model' failed (no reply within 1.5 s)" in bot.log()
