"""The catalogue holds every text the code shows, each filled with exactly the names it needs."""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.captioning.engine import CaptionFailed, EngineBusy, EngineStopped, EngineTimeout
from bot.captioning.errors import CaptionError, Unreachable, UserFacingError
from bot.captioning.intake import (
    EmptyImage,
    ImageTooLarge,
    IntakeError,
    NotAnImage,
    TooManyPixels,
    TruncatedImage,
)
from bot.captioning.remote import WorkerRefused, WorkerUnavailable
from bot.chat import commands, texts
from bot.chat.styles import STYLES

ROOT = Path(__file__).resolve().parents[3]
SOURCES = [
    p
    for folder in ("bot", "adapters")
    for p in sorted((ROOT / folder).rglob("*.py"))
    # The catalogue itself, and its other languages.
    if p != ROOT / "bot" / "chat" / "texts.py" and p.parent != ROOT / "bot" / "chat" / "locales"
]

# area.name: "chat.failed", "style.funny.label", "frame.funny.1"
KEY = re.compile(r"[a-z]+(?:\.[a-z_]+)+(?:\.[0-9])?")
# Keys a registry entry holds (styles, commands): checked through the registries themselves;
# and a platform's refusal of a message, whose key its adapter spells out.
REGISTRY_KEYS = ("label_key", "description_key", "description", "refusal")

# One of each error users can be told about, as the code raises it.
ERRORS: list[UserFacingError] = [
    CaptionError("detail"),
    EngineBusy("queue full"),
    EngineTimeout("slow"),
    EngineStopped("stopping"),
    CaptionFailed("boom"),
    Unreachable("away"),
    WorkerUnavailable("no worker"),
    WorkerRefused.from_answer({"error": "bad_options", "message": "num_beams too big"}),
    WorkerRefused.from_answer({"key": "image.empty", "params": {}, "message": "empty"}),
    IntakeError("odd"),
    NotAnImage("text"),
    TruncatedImage("cut"),
    EmptyImage("zero bytes"),
    ImageTooLarge(25 * 1024 * 1024, 20 * 1024 * 1024),
    TooManyPixels(40_000_000),
    TooManyPixels(40_000_000, (8000, 8000)),
]


def _text_calls() -> Iterator[tuple[Path, ast.Call]]:
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "text":
                yield path, node


def _strings(node: ast.AST) -> set[str]:
    return {
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def _error_keys_in_code() -> set[str]:
    """`key = "..."` in classes and `key="..."` arguments: the texts errors name."""
    keys: set[str] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                for statement in node.body:
                    if (
                        isinstance(statement, ast.Assign)
                        and [getattr(t, "id", None) for t in statement.targets] == ["key"]
                        and isinstance(statement.value, ast.Constant)
                    ):
                        key = statement.value.value
                        assert isinstance(key, str), f"{path}:{statement.lineno}: key = {key!r}"
                        keys.add(key)
            elif (
                isinstance(node, ast.keyword)
                and node.arg == "key"
                and isinstance(node.value, ast.Constant)
            ):
                key = node.value.value
                assert isinstance(key, str), f"{path}:{node.lineno}: key={key!r}"
                keys.add(key)
    return keys


def _registry_keys() -> set[str]:
    keys = {s.label_key for s in STYLES.values()} | {s.description_key for s in STYLES.values()}
    for command in commands.COMMANDS.values():
        keys.add(command.description)
        if command.argument is not None:
            keys.add(command.argument.description)
    return keys


def test_every_key_the_code_names_is_in_the_catalogue():
    used: set[str] = set()
    for path, call in _text_calls():
        key = call.args[0]
        if isinstance(key, ast.Attribute) and key.attr in REGISTRY_KEYS:
            continue  # a style's or a command's key: _registry_keys checks those
        named = {s for s in _strings(key) if KEY.fullmatch(s)}
        assert named, f"{path.relative_to(ROOT)}:{call.lineno}: a text key must be spelled out"
        used |= named
    used |= _error_keys_in_code() | _registry_keys()
    assert used - texts.ENGLISH.keys() == set()


def test_every_text_call_fills_exactly_the_placeholders():
    for path, call in _text_calls():
        key = call.args[0]
        if not isinstance(key, ast.Constant) or any(k.arg is None for k in call.keywords):
            continue
        assert isinstance(key.value, str), f"{path.relative_to(ROOT)}:{call.lineno}: {key.value!r}"
        given = {k.arg for k in call.keywords} - {"locale"}
        wanted = texts.placeholders(texts.ENGLISH[key.value])
        assert given == wanted, f"{path.relative_to(ROOT)}:{call.lineno}: {key.value}"


def test_keys_name_an_area_and_a_text():
    assert [k for k in texts.ENGLISH if not KEY.fullmatch(k)] == []


def test_every_catalogue_text_is_used():
    named: set[str] = set()
    for path in SOURCES:
        named |= _strings(ast.parse(path.read_text(encoding="utf-8")))
    assert texts.ENGLISH.keys() - named - _registry_keys() == set()


def _subclasses(cls: type) -> set[type]:
    found: set[type] = set(cls.__subclasses__())
    return found.union(*(_subclasses(c) for c in found))


def test_every_user_facing_error_renders_fully():
    for path in (ROOT / "bot").rglob("*.py"):
        importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
    assert _subclasses(UserFacingError) <= {type(e) for e in ERRORS}
    for error in ERRORS:
        assert error.key in texts.ENGLISH, error
        assert set(error.params) == texts.placeholders(texts.ENGLISH[error.key]), error
        shown = texts.error_text(error)
        assert shown and "{" not in shown and shown[0].isupper(), shown


def test_errors_tell_users_the_same_as_before():
    assert texts.error_text(EngineBusy()) == (
        "I'm captioning a lot of pictures right now. Please try again in a moment."
    )
    assert texts.error_text(ImageTooLarge(25 * 1024 * 1024, 20 * 1024 * 1024)) == (
        "That file is too big (25 MB). Please send an image under 20 MB."
    )
    assert texts.error_text(TooManyPixels(10_000, (200, 100))) == (
        "That image has too many pixels (200x100 pixels). Please send one under 0.01 megapixels."
    )
    # Logs keep the detail; the user never sees it.
    assert (
        str(EngineBusy("caption queue is full (4 waiting)")) == "caption queue is full (4 waiting)"
    )


def test_a_text_a_worker_names_but_this_bot_lacks_is_a_plain_failure():
    unknown = WorkerRefused.from_answer({"key": "image.from_the_future", "params": {}})
    assert texts.error_text(unknown) == texts.text("caption.error")
    unfilled = WorkerRefused.from_answer({"key": "image.too_large", "params": {"size_mb": "3"}})
    assert texts.error_text(unfilled) == texts.text("caption.error")


def test_a_locale_falls_back_to_english_text_by_text(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(texts.CATALOGUE, "de", {"command.unknown": "Ich kenne /{name} nicht."})
    assert texts.text("command.unknown", locale="de", name="x") == "Ich kenne /x nicht."
    assert texts.text("chat.failed", locale="de") == texts.text("chat.failed")
    assert texts.text("chat.failed", locale="xx") == texts.text("chat.failed")


def test_translations_need_the_same_placeholders_as_english():
    for locale, catalogue in texts.CATALOGUE.items():
        for key, template in catalogue.items():
            assert key in texts.ENGLISH, (locale, key)
            wanted = texts.placeholders(texts.ENGLISH[key])
            assert texts.placeholders(template) == wanted, (locale, key)


def test_refusals_name_what_intake_reads_and_its_limits_as_one_rounding():
    from PIL import Image

    from bot.captioning.intake import ImageTooLarge, NotAnImage, accepted_formats, format_mb

    named = accepted_formats()
    assert named.startswith("JPEG, PNG, GIF, WebP, BMP, TIFF")
    assert ("AVIF" in named) == ("AVIF" in Image.OPEN)  # AVIF is read, so it is named
    refusal = texts.error_text(NotAnImage("text"))
    assert refusal.endswith(f"Please send a picture ({named}).")
    assert texts.text("chat.not_an_image", formats=named).endswith(f"({named}).")
    too_big = texts.error_text(ImageTooLarge(25 * 1024 * 1024, 20 * 1024 * 1024))
    assert "under 20 MB" in too_big and "20.0" not in too_big
    assert format_mb(20 * 1024 * 1024) == "20" and format_mb(int(2.5 * 1024 * 1024)) == "2.5"


def test_an_iphone_heic_photo_is_a_picture():
    import io

    pillow_heif = pytest.importorskip("pillow_heif")
    from PIL import Image

    from bot.captioning.intake import accepted_formats, load_image

    encoder = pillow_heif.from_pillow(Image.new("RGB", (64, 48), "red"))
    buffer = io.BytesIO()
    encoder.save(buffer, quality=90)
    picture = load_image(buffer.getvalue())
    assert (picture.width, picture.height, picture.mime) == (64, 48, "image/heif")
    assert accepted_formats().endswith("HEIC")
