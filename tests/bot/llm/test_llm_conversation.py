"""Styles, answers and free chat written by an LLM from the captioner's words, and the template
replies the moment it fails: the real `openai` client against the loopback server."""

from __future__ import annotations

import logging
import time

from bot.chat import texts
from bot.chat.styles import STYLES, StyleInput
from tests.bot.chat_driver import FakeChat
from tests.llm_server import FakeLLM
from tests.pictures import draw_picture

FIRST = [("red", "circle"), ("blue", "square")]
CAPTION = "a red circle and a blue square"  # what the tiny model says of FIRST


async def test_styles_answers_and_chat_come_from_the_llm_with_the_captioners_words(
    llm: FakeLLM, llm_core
):
    core = await llm_core()
    chat = FakeChat(core, language="fr")

    _, [caption] = await chat.say(images=[draw_picture(FIRST)])
    assert caption.text.startswith("LLM: Write a plain")
    assert caption.actions  # buttons as ever

    _, [funny] = await chat.say("/style funny")
    assert funny.text.startswith("LLM: Write a funny caption")
    prompt = llm.requests[-1]
    assert CAPTION in prompt.text  # the captioner's own words
    assert "Never invent objects" in prompt.text  # no picture sent: stay with the words
    assert "'fr'" in prompt.text  # the person's language
    assert prompt.images == []
    assert prompt.body["model"] == "tiny-test-model"

    _, [catchy] = await chat.say("/style catchy")
    assert catchy.text.startswith("LLM: Write a catchy social-media caption")
    assert CAPTION in llm.requests[-1].text

    _, [answer] = await chat.say("what colour is the circle?")
    assert answer.text == "LLM: Answer in one or two short sentences."
    question = llm.requests[-1].text
    assert "what colour is the circle?" in question
    assert 'the captioning model wrote: "the circle is' in question  # its prefix answer
    assert CAPTION in question

    _, [talk] = await chat.say("translate it to french")
    assert talk.text == "LLM: translate it to french"
    request = llm.requests[-1]
    assert CAPTION in request.text
    # The chat's last turns come along: what was asked and answered before.
    said = [m["content"] for m in request.messages if isinstance(m["content"], str)]
    assert "what colour is the circle?" in said and answer.text in said

    # Everything went through the LLM, stored as usual.
    _, [history] = await chat.say("/history")
    assert "(funny) LLM: Write a funny caption" in history.text
    assert "(catchy) LLM:" in history.text


async def test_the_llms_text_is_made_plain_and_harmless(llm: FakeLLM, llm_core):
    llm.reply = lambda seen: (
        'Sure! Here is your caption: "**Two shapes** walk into a bar @everyone <@123> '
        '[click](http://x.example)" ' + "ha" * 500
    )
    core = await llm_core()
    chat = FakeChat(core)
    await chat.say(images=[draw_picture(FIRST)])
    _, [funny] = await chat.say("/style funny")
    text = funny.text.split("\n😄 Funny from now on")[0]  # the LLM's part of the reply
    assert text.startswith('"Two shapes walk into a bar @\u200beveryone')
    for unsafe in ("**", "<@123>", "](", "Sure", "@everyone"):
        assert unsafe not in text
    assert len(text) <= 600


async def test_a_failing_llm_costs_no_answer_and_is_not_asked_again_at_once(
    llm: FakeLLM, llm_core, caplog
):
    llm.mode = "fail"
    failures: list[str] = []
    core = await llm_core(llm_api_key="sk-secret-key-123")
    core.core.llm.on_failure = failures.append
    chat = FakeChat(core)
    with caplog.at_level(logging.WARNING):
        _, [caption] = await chat.say(images=[draw_picture(FIRST)])
    assert caption.text == CAPTION  # the template: the model's caption as it is
    assert failures == ["http_500"]
    assert "LLM request to model 'tiny-test-model' failed (HTTP 500)" in caplog.text
    assert "sk-secret" not in caplog.text
    assert llm.requests[0].authorization == "Bearer sk-secret-key-123"

    asked = len(llm.requests)
    _, [funny] = await chat.say("/style funny")
    _, [again] = await chat.say("again")
    _, [talk] = await chat.say("thanks!")
    assert len(llm.requests) == asked  # backing off: the templates answer at once
    said = funny.text.split("\n")[0]  # then the note: Funny is the chat's style now
    assert said in {STYLES["funny"].rewrite(StyleInput((CAPTION,), s)) for s in range(99)}
    assert "red" in again.text
    assert talk.text == texts.text("talk.thanks")


async def test_a_stalled_llm_falls_back_within_the_timeout(llm: FakeLLM, llm_core):
    llm.mode = "stall"
    core = await llm_core(llm_timeout_s=0.5)
    chat = FakeChat(core)
    started = time.monotonic()
    _, [caption] = await chat.say(images=[draw_picture(FIRST)])
    waited = time.monotonic() - started
    assert caption.text == CAPTION
    # LLM_TIMEOUT_S, then the template at once (the server would never have answered; the
    # upper bound leaves room for a loaded machine's captioning).
    assert 0.5 <= waited < 30, waited
    _, [funny] = await chat.say("/style funny")
    _, [hello] = await chat.say("hello")
    assert "red circle" in funny.text
    assert hello.text == texts.text("talk.hello")
    assert len(llm.requests) == 1  # backing off: nothing waited on the stalled server again


async def test_the_llm_is_asked_again_once_its_back_off_ends(llm: FakeLLM, llm_core):
    llm.mode = "fail"
    core = await llm_core()
    chat = FakeChat(core)
    client = core.core.llm
    now = [1000.0]
    client._clock = lambda: now[0]
    await chat.say(images=[draw_picture(FIRST)])
    assert client.resting
    llm.mode = "reply"
    now[0] += client.first_backoff_s + 1
    _, [funny] = await chat.say("/style funny")
    assert funny.text.startswith("LLM:")
    assert not client.resting


async def test_a_vision_llm_also_gets_the_picture(llm: FakeLLM, llm_core):
    core = await llm_core(llm_vision=True)
    chat = FakeChat(core)
    await chat.say(images=[draw_picture(FIRST)])
    await chat.say("/style poetic")
    request = llm.requests[-1]
    [image] = request.images
    assert image.startswith("data:image/jpeg;base64,/9j/")  # a JPEG
    assert CAPTION in request.text and "Never invent" not in request.text


async def test_without_llm_base_url_no_request_is_made(llm: FakeLLM, tmp_path, tiny_captioner):
    from bot.config import Settings
    from tests.bot.conftest import Restartable

    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'n.db'}")
    core = Restartable(settings, tiny_captioner)
    await core.start()
    try:
        assert core.core is not None
        assert core.core.llm is None
        chat = FakeChat(core)
        await chat.say(images=[draw_picture(FIRST)])
        for text in ("/style funny", "/style catchy", "what is on the left?", "translate it"):
            await chat.say(text)
    finally:
        await core.stop()
    assert llm.requests == []


async def test_free_chat_through_the_llm_counts_against_a_persons_limit(llm: FakeLLM, llm_core):
    # Each LLM answer is a costly call: someone over their limit cannot chat on for free.
    core = await llm_core(user_pictures_per_hour=2)
    chat = FakeChat(core)
    _, [_caption] = await chat.say(images=[draw_picture(FIRST)])
    _, [talk] = await chat.say("tell me a story about it")
    assert talk.text == "LLM: tell me a story about it"
    asked = len(llm.requests)
    _, [refused] = await chat.say("and another one")
    assert "2 pictures per hour" in refused.text
    assert len(llm.requests) == asked  # the LLM was not asked


async def test_the_plain_caption_is_translated_only_when_asked(llm: FakeLLM, llm_core):
    english = FakeChat(await llm_core(), language="de")
    await english.say(images=[draw_picture(FIRST)])
    assert "Write in English." in llm.requests[-1].text  # LLM_TRANSLATE_CAPTIONS off
    translated = FakeChat(await llm_core(llm_translate_captions=True), language="de")
    await translated.say(images=[draw_picture(FIRST)])
    assert "'de'" in llm.requests[-1].text
    # A /language choice is the language the LLM writes in, over the app's.
    await translated.say("/language uk")
    await translated.say("/style funny")
    assert "'uk'" in llm.requests[-1].text
