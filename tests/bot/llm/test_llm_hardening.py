"""What the LLM is sent stays within a fixed budget however long the chat's turns, and what it
writes reaches nobody with a link in it unless the operator allows links (LLM_ALLOW_LINKS)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from bot.config import Settings
from bot.llm import LLMAnswerer, LLMRestyler, client_from, prompts, writers
from bot.llm.client import Message
from bot.llm.safety import clean_reply
from tests.bot.chat_driver import FakeChat
from tests.llm_server import FakeLLM
from tests.pictures import draw_picture

FIRST = [("red", "circle"), ("blue", "square")]
INJECTED = "Log in at https://evil.example/login or [verify here [now]](https://evil.example/v)"


def _contents(messages: Sequence[Message]) -> list[str]:
    texts = []
    for message in messages:
        content = message["content"]
        if isinstance(content, str):
            texts.append(content)
        else:
            texts += [part["text"] for part in content if part.get("type") == "text"]
    return texts


def _size(messages: Sequence[Message]) -> int:
    return sum(len(text) for text in _contents(messages))


# -- the prompt's budget ------------------------------------------------------------------------


def test_many_long_turns_keep_the_newest_within_the_budget():
    turns = [("user" if n % 2 else "bot", f"turn {n:02} " + "x" * 5000) for n in range(40)]
    captions = [f"caption {n} " + "y" * 5000 for n in range(30)]
    messages = prompts.talk_prompt("m" * 50_000, captions, turns, "pt-BR", "data:image/png;x")
    assert _size(messages) <= prompts.PROMPT_BUDGET

    said = [m["content"] for m in messages[3:-1]]  # system, picture, "Understood.", turns, message
    assert said, "the newest turn always fits"
    assert all(len(text) <= prompts.TURN_CHARS for text in said)
    assert sum(map(len, said)) <= prompts.TURNS_CHARS
    kept = [int(text[5:7]) for text in said]
    assert kept == list(range(40 - len(kept), 40))  # the newest, in order: the oldest went
    assert "turn 00" not in "".join(said)
    assert len(messages[-1]["content"]) <= prompts.MESSAGE_CHARS


def test_the_oldest_turns_are_trimmed_first():
    short = [("user", "first"), ("bot", "second")]
    assert prompts.context_turns(short) == short  # what fits is left alone
    cut = "z" * (prompts.TURN_CHARS - 1) + "…"
    turns = [("user", "oldest"), *[("bot", "z" * 3000)] * 4, ("user", "newest")]
    # Each long turn is cut to TURN_CHARS; the newest three of them fit with "newest", and what
    # is older goes, "oldest" too, though it is short: the context runs on unbroken.
    assert prompts.context_turns(turns) == [*[("bot", cut)] * 3, ("user", "newest")]
    many = [("user", str(n) * 900) for n in range(10)]
    assert [t for _, t in prompts.context_turns(many)] == [str(n) * 900 for n in range(6, 10)]


def test_every_prompt_fits_the_budget_at_its_worst():
    captions = ["c" * 10_000] * 50
    huge = "q" * 100_000
    for messages in (
        prompts.answer_prompt(huge, captions, huge, "en"),
        prompts.style_prompt("catchy", captions, "en", "data:x"),
        prompts.talk_prompt(huge, captions, [("user", huge)] * 20, None),
        prompts.talk_prompt(huge, None, [("bot", huge)] * 20, None),
    ):
        assert _size(messages) <= prompts.PROMPT_BUDGET


async def test_a_long_chat_sends_the_llm_a_bounded_request(llm: FakeLLM, llm_core):
    chat = FakeChat(await llm_core())
    await chat.say(images=[draw_picture(FIRST)])
    for n in range(8):
        _, [talk] = await chat.say(f"message {n} " + "lorem ipsum dolor " * 100)
        assert talk.text.startswith("LLM:")
    request = llm.requests[-1]
    assert _size(request.messages) <= prompts.PROMPT_BUDGET
    said = _contents(request.messages)
    assert said[-1].startswith("message 7 ") and any(t.startswith("message 6 ") for t in said)
    assert not any(t.startswith("message 0 ") for t in said)  # only the newest turns come


# -- links --------------------------------------------------------------------------------------

LINKS = [
    INJECTED,
    "Bare https://evil.example/a?b=c#d and http://evil.example.",
    "Masked [click](https://evil.example/x) and ![img](http://evil.example/i.png 'title')",
    "Nested [verify [now] please](<https://evil.example/v>)",
    "Autolinkable www.evil-example.com and evil.example/login/now, also evil.com",
    "Angle <https://evil.example/x> and <www.evil.example>",
    "Mail bob@evil.com or mailto:bob@evil.example",
    "Reference [here][1].\n\n[1]: https://evil.example/ref",
    "Other schemes ftp://evil.example/f and tg://resolve?domain=evil",
    "Hidden evil\u200b.com/x and evil\u200d.example/y",
]


@pytest.mark.parametrize("written", LINKS)
def test_links_are_stripped_in_every_form(written: str):
    text = clean_reply(written, 500)
    for trace in ("evil", "http", "www", "](", "[1]:", "mailto", "://", "<", ">"):
        assert trace not in text, (trace, text)


def test_the_injected_reply_keeps_its_words_without_the_links():
    assert clean_reply(INJECTED, 500) == "Log in at or verify here [now]"
    assert clean_reply("See example.com/path.", 500) == "See ."


@pytest.mark.parametrize(
    "plain",
    [
        "A red circle. The blue square is on the left, e.g. next to it.",
        "Rated 3.5/5 and/or 10 km/h; v1.2 of Node.js",
        "#sunset #beach 😀",
    ],
)
def test_text_that_only_looks_like_a_link_stays(plain: str):
    assert clean_reply(plain, 500) == plain


def test_allowed_links_are_kept_and_shown_in_full():
    text = clean_reply(INJECTED, 500, allow_links=True)
    assert text == (
        "Log in at https://evil.example/login or verify here [now] (https://evil.example/v)"
    )
    assert clean_reply("<https://x.example/a>", 500, allow_links=True) == "https://x.example/a"
    assert clean_reply("go to www.x.example", 500, allow_links=True) == "go to www.x.example"


def test_links_are_off_unless_the_setting_says_so(monkeypatch: pytest.MonkeyPatch):
    assert Settings(_env_file=None).llm_allow_links is False
    monkeypatch.setenv("LLM_ALLOW_LINKS", "true")
    assert Settings(_env_file=None).llm_allow_links is True
    monkeypatch.delenv("LLM_ALLOW_LINKS")
    for allowed in (False, True):
        settings = Settings(
            _env_file=None, llm_base_url="http://127.0.0.1:9/v1", llm_model="m",
            llm_allow_links=allowed,
        )  # fmt: skip
        client = client_from(settings)
        assert client is not None
        restyler, answerer = writers(client)
        assert isinstance(restyler, LLMRestyler) and isinstance(answerer, LLMAnswerer)
        assert restyler.allow_links is allowed and answerer.allow_links is allowed
        _, forced = writers(client, allow_links=not allowed)
        assert isinstance(forced, LLMAnswerer) and forced.allow_links is not allowed


async def test_an_injected_reply_reaches_the_chat_without_links(llm: FakeLLM, llm_core):
    llm.reply = lambda seen: INJECTED
    chat = FakeChat(await llm_core())
    _, [caption] = await chat.say(images=[draw_picture(FIRST)])
    _, [answer] = await chat.say("what colour is the circle?")
    _, [talk] = await chat.say("tell me a story")
    for reply in (caption, answer, talk):
        assert reply.text == "Log in at or verify here [now]"


async def test_an_operator_may_allow_the_llms_links(llm: FakeLLM, llm_core):
    llm.reply = lambda seen: INJECTED
    chat = FakeChat(await llm_core(llm_allow_links=True))
    _, [caption] = await chat.say(images=[draw_picture(FIRST)])
    _, [talk] = await chat.say("tell me a story")
    for reply in (caption, talk):
        assert "https://evil.example/login" in reply.text
        assert "verify here [now] (https://evil.example/v)" in reply.text


def test_links_joined_back_by_removing_markup_are_removed_too():
    # Markup between a link's pieces is removed after the links are: they are looked for again.
    for text in ("see **www**.evil.example now", "go to evil<b>.</b>com/login",
                 "visit evil<@123>.com/path"):  # fmt: skip
        cleaned = clean_reply(text, 600)
        assert "evil" not in cleaned, cleaned
