"""A first run that cannot get the default model serves on the bundled demo model and says so,
and a model that cannot really caption is labelled wherever people read its captions: /help and
each chat's first caption. What is not readable text is never shown raw."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.captioning.captioner import load_captioner
from bot.chat import texts
from bot.config import Settings
from tests.bot.chat_driver import FakeChat
from tests.bot.conftest import Restartable
from tests.pictures import draw_picture
from tests.test_cli import run_cli

CIRCLE = draw_picture([("red", "circle")])
SQUARE = draw_picture([("blue", "square")])


async def test_with_no_model_chosen_and_the_default_out_of_reach_the_demo_model_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.WARNING)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # the default model is in no cache here
    monkeypatch.delenv("CAPTION_MODEL", raising=False)
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'c.db'}")
    core = Restartable(settings, None)
    await core.start()
    try:
        assert core.core is not None
        notice = texts.text("model.demo_fallback")
        assert core.core.conversation.model_notice == notice
        chat = FakeChat(core)
        _, [first] = await chat.say(images=[CIRCLE])
        assert first.text == f"a red circle\n{notice}"  # the first caption carries the note
        _, [second] = await chat.say(images=[SQUARE])
        assert second.text == "a blue square"  # once per chat
        _, [help_] = await chat.say("/help")
        assert help_.text.endswith(notice)
        _, [other] = await FakeChat(core, chat_id="another").say(images=[SQUARE])
        assert other.text == f"a blue square\n{notice}"
    finally:
        await core.stop()
    [said] = [r.getMessage() for r in caplog.records if "BUNDLED DEMO MODEL" in r.getMessage()]
    # The reason and the fix, in one line.
    assert "huggingface-cli download nlpconnect/vit-gpt2-image-captioning" in said
    assert "HF_HUB_OFFLINE is set" in said and "\n" not in said


def test_a_chosen_model_that_cannot_load_stops_with_one_line_naming_the_way_out(tmp_path):
    picture = tmp_path / "p.png"
    CIRCLE.save(picture)
    result = run_cli(
        "caption", str(picture), tmp_path=tmp_path,
        CAPTION_MODEL="nlpconnect/vit-gpt2-image-captioning",
    )  # fmt: skip
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: cannot load captioning model 'nlpconnect/vit-gpt2-image-")
    assert "HF_HUB_OFFLINE is set" in line
    assert "set HF_HUB_OFFLINE=1" not in line  # it is set already: no advice to set it
    assert "tests/fixtures/tiny-captioner" in line and "random:vit-gpt2" in line


@pytest.fixture(scope="module")
def random_captioner():
    return load_captioner("random:vit-gpt2", device="cpu")


@pytest.fixture
async def random_core(tmp_path: Path, random_captioner) -> AsyncIterator[Restartable]:
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'r.db'}")
    core = Restartable(settings, random_captioner)
    await core.start()
    yield core
    await core.stop()


async def test_random_weights_are_labelled_and_their_symbols_never_shown(random_core):
    chat = FakeChat(random_core)
    _, [first] = await chat.say(images=[CIRCLE])
    caption, note = first.text.split("\n")
    assert caption == texts.text("caption.unreadable")
    assert note == texts.text("model.random")
    _, [question] = await chat.say("what is on the left?")
    _, [again] = await chat.say("again")
    _, [help_] = await chat.say("/help")
    assert help_.text.endswith(texts.text("model.random"))
    for reply in (first, question, again):
        assert "\ufffd" not in reply.text
        assert all(c.isprintable() or c == "\n" for c in reply.text), reply.text
