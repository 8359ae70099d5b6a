"""The LLM's parts on their own: settings, the client against the loopback server, prompts and
what is done to its text before anyone sees it."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import ValidationError

from bot.config import Settings
from bot.llm import client_from, prompts
from bot.llm.client import LLMClient
from bot.llm.safety import ZERO_WIDTH, clean_reply
from tests.llm_server import FakeLLM


def test_the_llm_is_off_unless_a_base_url_is_set():
    assert client_from(Settings(_env_file=None)) is None
    with pytest.raises(ValidationError, match="LLM_MODEL is required"):
        Settings(_env_file=None, llm_base_url="http://127.0.0.1:11434/v1")
    on = Settings(_env_file=None, llm_base_url="http://127.0.0.1:11434/v1", llm_model="llama3.2")
    assert on.llm_timeout_s == 20 and not on.llm_vision


async def test_a_local_server_gets_a_placeholder_key_and_the_reply_is_read(llm: FakeLLM):
    client = LLMClient(llm.base_url, "m")
    try:
        text = await client.complete([{"role": "user", "content": "say hi"}])
    finally:
        await client.close()
    assert text == "LLM: say hi"
    [seen] = llm.requests
    assert seen.authorization == "Bearer not-needed"
    assert seen.body["messages"] == [{"role": "user", "content": "say hi"}]
    assert seen.body.get("stream") in (None, False)


async def test_failures_are_reported_and_back_off_doubles(llm: FakeLLM):
    reasons: list[str] = []
    now = [0.0]
    client = LLMClient(
        llm.base_url, "m", on_failure=reasons.append, first_backoff_s=10, clock=lambda: now[0]
    )
    llm.mode = "fail"
    try:
        assert await client.complete([{"role": "user", "content": "x"}]) is None
        assert client.resting and reasons == ["http_500"]
        assert await client.complete([{"role": "user", "content": "x"}]) is None
        assert len(llm.requests) == 1  # resting: not asked
        now[0] = 11
        assert await client.complete([{"role": "user", "content": "x"}]) is None
        now[0] = 11 + 19
        assert client.resting  # the second failure rests 20 s
        llm.reply = lambda seen: "   "
        llm.mode = "reply"
        now[0] = 100
        assert await client.complete([{"role": "user", "content": "x"}]) is None
        assert reasons == ["http_500", "http_500", "empty"]
    finally:
        await client.close()


async def test_requests_failing_together_are_one_step_of_back_off(llm: FakeLLM):
    reasons: list[str] = []
    now = [0.0]
    client = LLMClient(
        llm.base_url, "m", on_failure=reasons.append, first_backoff_s=10, clock=lambda: now[0]
    )
    llm.mode = "fail"
    try:
        ask = [{"role": "user", "content": "x"}]
        assert await asyncio.gather(*(client.complete(ask) for _ in range(3))) == [None] * 3
    finally:
        await client.close()
    assert reasons == ["http_500"] * 3  # each failure counted
    now[0] = 10.5
    assert not client.resting  # rested 10 s, not 40


async def test_an_unreachable_server_is_a_failure_not_an_exception():
    reasons: list[str] = []
    client = LLMClient("http://127.0.0.1:9/v1", "m", timeout_s=2, on_failure=reasons.append)
    try:
        assert await client.complete([{"role": "user", "content": "x"}]) is None
    finally:
        await client.close()
    assert reasons in (["connection"], ["timeout"])


def test_prompts_carry_the_captioners_words_and_the_rules():
    captions = ("a dog on a sofa", "a brown dog lying on a couch", "a dog on a sofa")
    [system, user] = prompts.style_prompt("catchy", captions, "es")
    assert "1. a dog on a sofa\n2. a brown dog lying on a couch" in user["content"]
    assert "hashtags" in user["content"]
    assert "Never invent objects" in system["content"] and "'es'" in system["content"]
    assert "no markdown" in system["content"]
    [system, user] = prompts.style_prompt("funny", captions, None, "data:image/jpeg;base64,xx")
    assert "Never invent" not in system["content"] and "Write in English." in system["content"]
    assert user["content"][1] == {
        "type": "image_url",
        "image_url": {"url": "data:image/jpeg;base64,xx"},
    }
    talk = prompts.talk_prompt("thanks!", None, (), "zz'; drop")
    assert "zz'" not in talk[0]["content"] and "not sent a picture" in talk[1]["content"]


@pytest.mark.parametrize(
    ("written", "safe"),
    [
        ("**Bold** and __strong__ and `code`", "Bold and strong and code"),
        (
            "Hi @everyone and @here, ask @someone",
            f"Hi @{ZERO_WIDTH}everyone and @{ZERO_WIDTH}here, ask @{ZERO_WIDTH}someone",
        ),
        ("Ping <@123456> and <@&42> in <#7>", "Ping and in"),
        ("[a link](https://example.com) <b>tag</b>", "a link tag"),
        ("# Heading\n> quoted\n* item", "Heading\nquoted\n• item"),
        ("#dog #sofa", "#dog #sofa"),  # hashtags are text, not headings
        ('Sure! Here is a funny caption: "A dog."', "A dog."),
        ('"A dog on a sofa."', "A dog on a sofa."),
        ("a\u202eb\u0000c", "abc"),
        ("```\ncode block\n```", "code block"),
    ],
)
def test_the_llms_text_is_made_plain(written, safe):
    assert clean_reply(written, 500) == safe


def test_the_llms_text_is_capped_at_a_word():
    text = clean_reply("word " * 200, 50)
    assert len(text) <= 50 and text.endswith("…") and "wor…" not in text
