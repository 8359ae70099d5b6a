"""The bot in the catalogue's languages: every language holds to the English keys and
placeholders; the person's choice, their app's language or DEFAULT_LANGUAGE picks one; /help,
refusals, limits, /privacy and style frames come in it; each language's phrasings are understood.
End to end through the real core (pipeline, SQLite through alembic, the tiny model)."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from bot.chat import texts
from bot.chat.locales import LANGUAGES
from bot.chat.styles import STYLES
from bot.chat.understanding.intents import parse
from bot.chat.understanding.phrases import talk_in
from bot.config import Settings
from tests.bot.chat_driver import FakeChat
from tests.bot.conftest import Restartable
from tests.pictures import draw_picture

CIRCLE = [("red", "circle")]
LANGS = sorted(LANGUAGES)


def _fields(template: str) -> list[tuple[str, str | None]]:
    return sorted((n, s) for _, n, s, _ in string.Formatter().parse(template) if n is not None)


@pytest.mark.parametrize("code", LANGS)
def test_each_language_has_every_english_key_and_placeholder(code):
    module = LANGUAGES[code]
    assert list(module.TEXTS) == list(texts.ENGLISH)
    for key, template in module.TEXTS.items():
        assert _fields(template) == _fields(texts.ENGLISH[key]), (code, key)
        assert template.strip(), (code, key)
    # What platforms limit: Discord's menu names (32) and descriptions (100).
    assert len(module.TEXTS["discord.context_menu"]) <= 32
    assert len(module.TEXTS["discord.alt_menu"]) <= 32
    for key, value in module.TEXTS.items():
        if key.startswith(("command.", "discord.caption")):
            assert len(value) <= 100, (code, key)
    # Button labels keep their icon.
    for name in STYLES:
        label = module.TEXTS[f"style.{name}.label"]
        assert label.split()[0] == texts.ENGLISH[f"style.{name}.label"].split()[0], (code, name)


@pytest.mark.parametrize(
    ("tag", "locale"),
    [("de", "de"), ("de-AT", "de"), ("pt-BR", "pt-br"), ("pt-br", "pt-br"), ("pt", "pt-br"),
     ("es-ES", "es"), ("es-419", "es"), ("uk", "uk"), ("en-US", "en"), ("id", "id"),
     ("zh-CN", None), ("", None), (None, None)],
)  # fmt: skip
def test_platform_language_tags_map_to_the_catalogue(tag, locale):
    assert texts.locale_of(tag) == locale


@pytest.mark.parametrize("code", LANGS)
def test_each_language_s_phrasings_are_understood(code):
    module = LANGUAGES[code]
    for phrase in module.AGAIN:
        assert parse(phrase, code).kind == "again", (code, phrase)
    for phrase in module.READ:
        assert parse(phrase, code).kind == "read", (code, phrase)
    for phrase in module.ALT:
        assert parse(phrase, code).kind == "alt", (code, phrase)
    for name, phrases in module.STYLES.items():
        for phrase in phrases:
            intent = parse(phrase, code)
            assert (intent.kind, intent.name) == ("style", name), (code, phrase, intent)
    for kind, phrases in module.TALK.items():
        for phrase in phrases:
            assert parse(phrase, code).kind == "chat", (code, phrase)
            assert talk_in(phrase, code) == kind, (code, phrase)


@pytest.mark.parametrize(
    ("text", "code", "kind", "name"),
    [
        ("nochmal", "de", "again", ""), ("noch mal, bitte!", "de", "again", ""),
        ("de novo", "pt-br", "again", ""), ("ще раз", "uk", "again", ""),
        ("Ещё раз!", "ru", "again", ""), ("otra vez por favor", "es", "again", ""),
        ("encore", "fr", "again", ""), ("ancora", "it", "again", ""),
        ("bir daha", "tr", "again", ""), ("lagi", "id", "again", ""),
        ("Was steht da?", "de", "read", ""), ("mach es lustiger", "de", "style", "funny"),
        ("plus court", "fr", "style", "short"),
        # English keeps working for everyone, and whole requests in any language.
        ("again", "de", "again", ""), ("make it funny", "uk", "style", "funny"),
        ("nochmal", "en", "again", ""),
    ],
)  # fmt: skip
def test_common_phrasings(text, code, kind, name):
    intent = parse(text, code)
    assert (intent.kind, intent.name) == (kind, name)


@pytest.fixture
async def limited(tmp_path: Path, tiny_captioner):
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'l.db'}",
        user_pictures_per_hour=2,  # the refusal counts too: it was a picture sent
    )
    built = Restartable(settings, tiny_captioner)
    await built.start()
    yield built
    await built.stop()


@pytest.mark.parametrize("tag", ["de", "pt-br", "uk"])
async def test_help_refusals_limits_and_privacy_in_the_app_s_language(limited, tag):
    code = texts.locale_of(tag)
    assert code is not None
    catalogue = texts.CATALOGUE[code]
    chat = FakeChat(limited, language=tag)
    _, [help_] = await chat.say("/help")
    assert help_.text.startswith(catalogue["chat.help"].split("{")[0].strip()[:30])
    assert help_.text != texts.text("chat.help", locale="en", commands="")
    _, [refusal] = await chat.say(images=[b"this is not a picture"])
    head = catalogue["image.not_an_image"].split("{")[0]
    assert refusal.text.startswith(head), refusal.text
    _, [caption] = await chat.say(images=[draw_picture(CIRCLE)])
    assert caption.text.startswith("a red circle")  # the model's own English
    _, [limit] = await chat.say(images=[draw_picture([("blue", "square")])])
    assert limit.text.startswith(catalogue["limit.hour"].split("{")[0]), limit.text
    _, [privacy] = await chat.say("/privacy")
    assert privacy.text.startswith(catalogue["privacy.stored"][:40])
    # Buttons are labelled in it too.
    labels = [a.label for a in caption.actions]
    assert catalogue["chat.again_button"] in labels


async def test_again_in_each_done_when_language_regenerates(core):
    for tag, again in (("de", "nochmal"), ("pt-br", "de novo"), ("uk", "ще раз")):
        chat = FakeChat(core, chat_id=f"again-{tag}", language=tag)
        _, [first] = await chat.say(images=[draw_picture([("red", "circle"), ("blue", "square")])])
        _, [other] = await chat.say(again)
        assert other.text != first.text and "circle" in other.text.lower(), (tag, other.text)


async def test_language_command_switches_and_survives_a_restart(core):
    chat = FakeChat(core, language="en-US")
    _, [listed] = await chat.say("/language")
    assert "fr: Français" in listed.text and "de: Deutsch" in listed.text
    _, [switched] = await chat.say("/language fr")
    assert switched.text == texts.CATALOGUE["fr"]["language.set"]
    await core.restart()
    _, [help_] = await chat.say("/help")
    assert help_.text.startswith(texts.CATALOGUE["fr"]["chat.help"][:20])
    _, [now] = await chat.say("/language")
    assert texts.CATALOGUE["fr"]["language.current_chosen"].format(name="Français") in now.text
    _, [unknown] = await chat.say("/language xx")
    assert unknown.text.startswith(texts.CATALOGUE["fr"]["language.unknown"].split("{")[0])
    _, [back] = await chat.say("/language auto")
    assert back.text == texts.text("language.auto", locale="en", name="English")
    _, [help_] = await chat.say("/help")
    assert help_.text.startswith("I caption pictures.")


async def test_in_a_group_each_person_is_answered_in_their_own_language(core):
    german = FakeChat(core, chat_id="group", is_group=True, user_id="anna", language="de")
    french = FakeChat(core, chat_id="group", is_group=True, user_id="luc", language="fr")
    _, [for_anna] = await german.say("/help")
    _, [for_luc] = await french.say("/help")
    assert for_anna.text.startswith(texts.CATALOGUE["de"]["chat.help"][:20])
    assert for_luc.text.startswith(texts.CATALOGUE["fr"]["chat.help"][:20])


async def test_style_frames_are_in_the_person_s_language_around_the_english_caption(core):
    chat = FakeChat(core, language="de")
    await chat.say(images=[draw_picture(CIRCLE)])
    _, [funny] = await chat.say("mach es lustiger")
    frames = [texts.CATALOGUE["de"][f"frame.funny.{n}"] for n in range(1, 6)]
    assert "red circle" in funny.text
    assert any(funny.text.startswith(f.split("{")[0]) for f in frames), funny.text
    _, [formal] = await chat.say("/style formal")
    frames = [texts.CATALOGUE["de"][f"frame.formal.{n}"] for n in (1, 2)]
    assert any(formal.text.startswith(f.split("{")[0]) for f in frames), formal.text


async def test_a_question_the_rules_cannot_read_gets_an_honest_answer_in_that_language(core):
    chat = FakeChat(core, language="de")
    await chat.say(images=[draw_picture(CIRCLE)])
    _, [answer] = await chat.say("Was hält der Mann in der Hand?")
    assert answer.text == texts.CATALOGUE["de"]["question.english_only"]
    _, [english] = await chat.say("what colour is the circle?")
    assert "red" in english.text  # English questions are still answered


async def test_default_language_is_for_people_whose_app_the_catalogue_lacks(
    tmp_path, tiny_captioner
):
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'd.db'}",
        default_language="es",
    )
    built = Restartable(settings, tiny_captioner)
    await built.start()
    try:
        _, [unknown_app] = await FakeChat(built, chat_id="a", language="zh-CN").say("/help")
        _, [german_app] = await FakeChat(built, chat_id="b", language="de").say("/help")
        assert unknown_app.text.startswith(texts.CATALOGUE["es"]["chat.help"][:20])
        assert german_app.text.startswith(texts.CATALOGUE["de"]["chat.help"][:20])
    finally:
        await built.stop()


def test_an_unknown_default_language_is_refused_at_start():
    with pytest.raises(ValueError, match="no such language 'xx'"):
        Settings(_env_file=None, default_language="xx")
