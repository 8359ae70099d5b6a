"""The real PTB Application against a fake Bot API on loopback, fed realistic updates."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from adapters.lifecycle import Platforms
from adapters.telegram import TelegramAdapter
from bot.captioning.intake import accepted_formats
from bot.chat import commands, texts
from bot.chat.messages import Action, ActionPress
from bot.chat.typing import TYPING_DELAY_S
from bot.config import Settings
from bot.core import Core
from tests.adapters.telegram.fake_bot_api import FakeBotAPI
from tests.adapters.telegram.updates import (
    FORUM,
    GROUP,
    OTHER_BOT,
    PRIVATE,
    USER,
    button,
    message,
)
from tests.bot.captioning.gated import Gated, wait_until_running
from tests.pictures import draw_picture, png_bytes

ROOT = Path(__file__).resolve().parents[3]
CIRCLE_SQUARE = png_bytes(draw_picture([("red", "circle"), ("blue", "square")]))
TRIANGLE = png_bytes(draw_picture([("green", "triangle")]))


class Harness:
    def __init__(self, api: FakeBotAPI, adapter: TelegramAdapter, core: Core):
        self.api = api
        self.adapter = adapter
        self.core = core

    async def reply_to(
        self, payload: dict[str, Any], kind: str = "message", count: int = 1
    ) -> list[dict[str, Any]]:
        before = len(self.api.sent())
        self.api.push(kind, payload)
        sent = await self.api.wait_for("sendMessage", before + count)
        return sent[before:]

    async def quiet(self, payload: dict[str, Any], seconds: float = 1.5) -> None:
        before = len(self.api.sent())
        self.api.push("message", payload)
        await asyncio.sleep(seconds)
        assert len(self.api.sent()) == before, self.api.sent()[before:]


def telegram_settings(tmp_path: Path, api: FakeBotAPI, **extra: Any) -> Settings:
    return Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'telegram.db'}",
        telegram_bot_token=SecretStr("123:abc"),
        telegram_api_url=api.api_url,
        telegram_file_url=api.file_url,
        **extra,
    )


@contextlib.asynccontextmanager
async def serving(tmp_path: Path, captioner, **extra: object) -> AsyncIterator[Harness]:
    """The real PTB application against the fake Bot API; `extra` are more settings."""
    api = await FakeBotAPI().start()
    api.files.update({"photo-1": CIRCLE_SQUARE, "photo-2": TRIANGLE})
    settings = telegram_settings(tmp_path, api, **extra)
    platforms = Platforms(await Core.start(settings, captioner))
    core = platforms.core
    adapter = TelegramAdapter(settings, core.intake)
    await platforms.add(adapter)
    await platforms.serve()
    try:
        yield Harness(api, adapter, core)
    finally:
        await platforms.stop()
        await api.stop()


@pytest.fixture
async def telegram(tmp_path: Path, tiny_captioner) -> AsyncIterator[Harness]:
    async with serving(tmp_path, tiny_captioner) as harness:
        yield harness


async def test_private_photo_is_captioned_in_reply(telegram):
    photo = message(PRIVATE, photo=("photo-1", len(CIRCLE_SQUARE)))
    [sent] = await telegram.reply_to(photo)
    assert sent["text"] == "a red circle and a blue square"
    assert int(sent["chat_id"]) == PRIVATE["id"]
    assert sent["reply_parameters"]["message_id"] == photo["message_id"]
    labels = [b["text"] for row in sent["reply_markup"]["inline_keyboard"] for b in row]
    assert "🔁 Again" in labels and "😄 Funny" in labels
    assert "parse_mode" not in sent  # plain text: nothing in a caption can become markup
    commands = telegram.api.sent("setMyCommands")[0]["commands"]
    assert {c["command"] for c in commands} >= {"style", "again", "history", "forget", "help"}

    [funny] = await telegram.reply_to(message(PRIVATE, text="/style funny"))
    assert funny["text"] != sent["text"] and "red circle" in funny["text"]


async def test_group_photo_needs_a_mention(telegram):
    await telegram.quiet(message(GROUP, photo=("photo-1", 100)))
    mentioned = message(GROUP, photo=("photo-1", 100), caption="@captionist_bot")
    [sent] = await telegram.reply_to(mentioned)
    assert "red circle" in sent["text"]
    [styled] = await telegram.reply_to(message(GROUP, text="/style@captionist_bot funny"))
    assert "red circle" in styled["text"] and styled["text"] != sent["text"]
    await telegram.quiet(message(GROUP, text="/style@other_bot funny"), seconds=1)


async def test_typing_shows_only_while_an_answer_is_slow(tmp_path, tiny_captioner):
    gated = Gated(tiny_captioner, open_gate=False)
    async with serving(tmp_path, gated) as telegram, contextlib.AsyncExitStack() as cleanup:
        cleanup.callback(gated.gate.set)  # a failing assertion must not leave the model waiting
        api = telegram.api
        # A group photo nobody asked about: no reply, and no "typing…" promising one, even
        # when typing would show at once.
        telegram.adapter.typing_delay_s = 0
        await telegram.quiet(message(GROUP, photo=("photo-1", 100)))
        assert api.sent("sendChatAction") == []
        telegram.adapter.typing_delay_s = TYPING_DELAY_S

        # A quick answer is sent without "typing…" (it would only spend the sending budget).
        [helped] = await telegram.reply_to(message(GROUP, text="/help@captionist_bot"))
        assert helped["text"] == commands.help_text()
        assert api.sent("sendChatAction") == []

        # A caption that takes a while: "typing…" in that chat until the caption is ready.
        photo = message(GROUP, photo=("photo-1", 100), caption="@captionist_bot")
        pushed = time.monotonic()
        api.push("message", photo)
        await wait_until_running(gated)
        [typing] = await api.wait_for("sendChatAction", 1)
        assert int(typing["chat_id"]) == GROUP["id"] and typing["action"] == "typing"
        first = next(c for c in api.calls if c.method == "sendChatAction")
        assert first.at - pushed >= TYPING_DELAY_S  # not before the reply has taken that long
        gated.gate.set()
        [caption] = (await api.wait_for("sendMessage", 2))[1:]
        assert caption["text"] == "a red circle and a blue square"
        methods = [c.method for c in api.calls]
        replied = [i for i, method in enumerate(methods) if method == "sendMessage"][-1]
        assert "sendChatAction" not in methods[replied:]  # it stops before the caption is sent


async def test_album_gets_one_reply(telegram):
    first = message(PRIVATE, photo=("photo-1", 100), media_group_id="album-1")
    second = message(PRIVATE, photo=("photo-2", 100), media_group_id="album-1")
    telegram.api.push("message", first)
    [sent] = await telegram.reply_to(second)
    assert sent["text"].splitlines()[:2] == [
        "1. a red circle and a blue square",
        "2. a green triangle",
    ]
    await asyncio.sleep(1)
    assert len(telegram.api.sent()) == 1


async def test_image_document_and_non_image_document(telegram):
    doc = message(PRIVATE, document=("photo-2", len(TRIANGLE), "shape.png", "image/png"))
    [sent] = await telegram.reply_to(doc)
    assert sent["text"] == "a green triangle"
    text_doc = message(PRIVATE, document=("notes", 10, "notes.txt", "text/plain"))
    [refused] = await telegram.reply_to(text_doc)
    assert "doesn't look like an image" in refused["text"]


async def test_an_image_file_that_is_no_image_is_explained(telegram):
    telegram.api.files["broken"] = b"\x00" * 64
    broken = message(PRIVATE, document=("broken", 64, "photo.png", "image/png"))
    [refused] = await telegram.reply_to(broken)
    assert refused["text"] == (
        "That file doesn't look like an image I can read. Please send a picture "
        f"({accepted_formats()})."
    )


async def test_the_command_menu_is_the_core_s_registry_in_every_language(telegram):
    menu, *translated = telegram.api.sent("setMyCommands")
    assert "language_code" not in menu  # English for everyone else
    assert menu["commands"] == [
        {"command": c.name, "description": texts.text(c.description, locale="en")}
        for c in commands.listed()
    ]
    names = [c["command"] for c in menu["commands"]]
    assert names == [
        "style", "again", "read", "alt", "history", "forget", "auto", "correct", "language",
        "privacy", "help",
    ]  # fmt: skip
    by_code = {m["language_code"]: m["commands"] for m in translated}
    assert set(by_code) == {"es", "pt", "de", "fr", "ru", "uk", "it", "tr", "id"}
    german = {c["command"]: c["description"] for c in by_code["de"]}
    assert (
        german["again"] == texts.CATALOGUE["de"]["command.again"] != texts.ENGLISH["command.again"]
    )
    assert [c["command"] for c in by_code["pt"]] == names  # the same commands, in Portuguese


async def test_a_button_press_says_who_pressed_it(telegram, monkeypatch):
    presses: list[ActionPress] = []
    decode = telegram.adapter.decode

    async def recording(records):
        event = await decode(records)
        if isinstance(event, ActionPress):
            presses.append(event)
        return event

    monkeypatch.setattr(telegram.adapter, "decode", recording)
    stale = button(GROUP, 900, Action("again", "x", 999999).payload)
    [gone] = await telegram.reply_to(stale, "callback_query")
    assert "don't have that picture" in gone["text"]
    assert [(p.chat_id, p.user_id) for p in presses] == [(str(GROUP["id"]), str(USER["id"]))]


async def test_oversize_file_is_refused_without_download(telegram):
    huge = message(PRIVATE, document=("photo-1", 25 * 1024 * 1024, "big.png", "image/png"))
    [sent] = await telegram.reply_to(huge)
    assert "20 MB" in sent["text"]
    assert not telegram.api.sent("getFile")


async def test_buttons_are_answered_and_act(telegram):
    [caption] = await telegram.reply_to(message(PRIVATE, photo=("photo-1", 100)))
    buttons = [b for row in caption["reply_markup"]["inline_keyboard"] for b in row]
    again = next(b for b in buttons if b["text"] == "🔁 Again")
    [fresh] = await telegram.reply_to(
        button(PRIVATE, 900, again["callback_data"]), "callback_query"
    )
    assert fresh["text"] != caption["text"] and "red" in fresh["text"]
    assert telegram.api.sent("answerCallbackQuery")


async def test_reply_to_an_older_photo_targets_it(telegram):
    old = message(PRIVATE, photo=("photo-1", 100))
    await telegram.reply_to(old)
    await telegram.reply_to(message(PRIVATE, photo=("photo-2", 100)))
    [answer] = await telegram.reply_to(message(PRIVATE, text="what is on the left?", reply_to=old))
    assert "red circle" in answer["text"]


async def test_forum_topic_reply_stays_in_the_thread(telegram):
    topic = message(FORUM, photo=("photo-2", 100), caption="@captionist_bot", thread_id=55)
    [sent] = await telegram.reply_to(topic)
    assert sent["text"] == "a green triangle"
    assert int(sent["message_thread_id"]) == 55


async def test_other_bots_and_edits_are_ignored(telegram):
    await telegram.quiet(message(PRIVATE, photo=("photo-1", 100), sender=OTHER_BOT), seconds=1)
    telegram.api.push("edited_message", message(PRIVATE, text="again"))
    telegram.api.push("channel_post", message({"id": -1009, "type": "channel"}, text="hi"))
    await asyncio.sleep(1)
    assert telegram.api.sent() == []


async def test_a_429_is_retried_by_the_rate_limiter(telegram):
    telegram.api.too_many_requests = 1
    [sent] = await telegram.reply_to(message(PRIVATE, text="/help"))
    assert "I caption pictures" in sent["text"]
    assert [c.method for c in telegram.api.calls].count("429") == 1


async def test_a_reply_that_could_not_be_sent_is_sent_later_and_its_picture_kept_once(telegram):
    # The first send fails before anything went out: the dispatcher hands the event over again,
    # and the second time answers from what the first stored.
    telegram.api.bad_gateway = 1
    photo = message(PRIVATE, photo=("photo-1", 100), caption="what is on the left?")
    sent = await telegram.reply_to(photo, count=2)
    assert [c.method for c in telegram.api.calls].count("502") == 1
    assert sent[0]["text"] == "a red circle and a blue square"
    assert "red circle" in sent[1]["text"]
    repository = telegram.core.repository
    chat = await repository.get_chat("telegram", str(PRIVATE["id"]))
    assert chat is not None
    [image] = await repository.images(chat.id)
    turns = await repository.recent_turns(chat.id)
    assert [t.text for t in turns if t.role == "user"] == ["what is on the left?"]
    # The caption that went out is recorded as its message, so a reply to it finds the picture.
    stored = await repository.captions_for_image(image.id)
    [caption] = [c for c in stored if c.kind == "caption"]
    assert caption.message_ref is not None
    # The question's answer too was given once and stored once.
    [answer] = [c for c in stored if c.kind == "answer"]
    assert answer.text == sent[1]["text"]


async def test_html_in_text_is_sent_as_plain_text(telegram):
    await telegram.reply_to(message(PRIVATE, photo=("photo-1", 100)))
    [sent] = await telegram.reply_to(message(PRIVATE, text="/style <b>bold</b>"))
    assert '"<b>bold</b>"' in sent["text"]
    assert "parse_mode" not in sent


async def test_main_serves_telegram_against_any_bot_api(tmp_path, tiny_model_path):
    """The issue's acceptance run: `python main.py` with the env vars, then SIGTERM."""
    import os
    import signal
    import sys

    api = await FakeBotAPI().start()
    api.files["photo-1"] = CIRCLE_SQUARE
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CAPTION_", "DISCORD_"))}
    env.update(
        TELEGRAM_BOT_TOKEN="123:abc",
        TELEGRAM_API_URL=api.api_url,
        TELEGRAM_FILE_URL=api.file_url,
        CAPTION_MODEL=str(tiny_model_path),
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'main.db'}",
        HF_HUB_OFFLINE="1",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "main.py"), cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        photo = message(PRIVATE, photo=("photo-1", len(CIRCLE_SQUARE)))
        api.push("message", photo)
        [caption] = await api.wait_for("sendMessage", 1, timeout=120)
        assert int(caption["chat_id"]) == PRIVATE["id"]
        assert caption["reply_parameters"]["message_id"] == photo["message_id"]
        assert caption["text"] == "a red circle and a blue square"
        api.push("message", message(PRIVATE, text="/style funny"))
        funny = (await api.wait_for("sendMessage", 2, timeout=60))[1]
        assert funny["text"] != caption["text"] and "red circle" in funny["text"]
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 60)
        await api.stop()
    assert process.returncode == 0, stderr.decode()[-2000:]
    assert "123:abc" not in stderr.decode()  # the token never reaches the log


async def test_webhook_mode_checks_the_secret(tmp_path, tiny_captioner):
    import aiohttp

    from tests.ports import free_port

    port = free_port()
    api = await FakeBotAPI().start()
    api.files["photo-2"] = TRIANGLE
    settings = telegram_settings(
        tmp_path,
        api,
        telegram_webhook_url="https://bot.example.invalid/telegram",
        telegram_webhook_secret="s3cret",
        telegram_webhook_port=port,
    )
    platforms = Platforms(await Core.start(settings, tiny_captioner))
    core = platforms.core
    await platforms.add(TelegramAdapter(settings, core.intake))
    await platforms.serve()
    try:
        [hook] = api.sent("setWebhook")
        assert hook["url"] == "https://bot.example.invalid/telegram"
        assert hook["secret_token"] == "s3cret"
        update = {"update_id": 1, "message": message(PRIVATE, photo=("photo-2", 100))}
        url = f"http://127.0.0.1:{port}/telegram"
        async with aiohttp.ClientSession() as http:
            wrong = await http.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}
            )
            assert wrong.status == 403
            right = await http.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
            )
            assert right.status == 200
        [sent] = await api.wait_for("sendMessage", 1)
        assert sent["text"] == "a green triangle"
        # Telegram sends an update again when it missed our 200: it is answered once.
        async with aiohttp.ClientSession() as http:
            again = await http.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
            )
            assert again.status == 200
        await asyncio.sleep(1.0)
        assert len(api.sent()) == 1
    finally:
        await platforms.stop()
        await api.stop()


async def test_an_update_sent_again_is_answered_once(telegram):
    photo = message(PRIVATE, photo=("photo-1", 100))
    [caption] = await telegram.reply_to(photo)
    update_id = telegram.api.push("message", message(PRIVATE, text="/help"))
    await telegram.api.wait_for("sendMessage", 2)
    # The same update once more, as Telegram does when the offset was not confirmed.
    again_at = time.monotonic()
    telegram.api.send_again(update_id)
    await asyncio.sleep(1.5)
    assert [c for c in telegram.api.calls if c.method == "getUpdates" and c.at > again_at]
    assert len(telegram.api.sent()) == 2
    assert caption["text"] == "a red circle and a blue square"


async def test_a_german_app_gets_german_help_and_nochmal_regenerates(telegram):
    from tests.adapters.telegram.updates import USER

    german = {**USER, "language_code": "de"}
    [help_] = await telegram.reply_to(message(PRIVATE, text="/help", sender=german))
    assert help_["text"].startswith(texts.CATALOGUE["de"]["chat.help"][:20])
    [caption] = await telegram.reply_to(message(PRIVATE, photo=("photo-1", 100), sender=german))
    labels = [b["text"] for row in caption["reply_markup"]["inline_keyboard"] for b in row]
    assert texts.CATALOGUE["de"]["chat.again_button"] in labels
    [again] = await telegram.reply_to(message(PRIVATE, text="nochmal", sender=german))
    assert again["text"] != caption["text"]


async def test_thumbs_are_answered_as_a_toast_and_a_correction_follows(telegram):
    [caption] = await telegram.reply_to(message(PRIVATE, photo=("photo-1", 100)))
    buttons = {b["text"]: b for row in caption["reply_markup"]["inline_keyboard"] for b in row}
    assert "👍" in buttons and "👎" in buttons
    before = len(telegram.api.sent())
    telegram.api.push("callback_query", button(PRIVATE, 900, buttons["👎"]["callback_data"]))
    [toast] = (await telegram.api.wait_for("answerCallbackQuery", 1))[-1:]
    assert toast["text"] == texts.text("feedback.ask")  # the press's own answer, no message
    await asyncio.sleep(0.5)
    assert len(telegram.api.sent()) == before
    [thanks] = await telegram.reply_to(message(PRIVATE, text="a red ball"))
    assert "a red ball" in thanks["text"]
    answered = len(telegram.api.sent("answerCallbackQuery"))
    telegram.api.push("callback_query", button(PRIVATE, 901, buttons["👍"]["callback_data"]))
    [liked] = (await telegram.api.wait_for("answerCallbackQuery", answered + 1))[-1:]
    assert liked["text"] == texts.text("feedback.thanks_up")
