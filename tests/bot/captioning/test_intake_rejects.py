"""Intake refuses what it must: non-images, empty, too big, bombs, truncated files."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from PIL import EpsImagePlugin, Image, ImageFile

from bot.captioning.intake import (
    EmptyImage,
    ImageTooLarge,
    IntakeError,
    IntakeLimits,
    NotAnImage,
    TooManyPixels,
    TruncatedImage,
    load_image,
)
from bot.chat.texts import error_text
from tests.bot.captioning.intake_samples import (
    EPS,
    MINIMAL_PDF,
    encode,
    noise_rgb,
    png_with_claimed_size,
)

# --- rejected inputs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"hello, this is just a text message\n" * 3, id="text"),
        pytest.param(b"<!doctype html><html><body>nope</body></html>", id="html"),
        pytest.param(MINIMAL_PDF, id="pdf"),
        pytest.param(encode(Image.new("RGB", (8, 8)), "PDF"), id="pillow-pdf"),
        pytest.param(EPS, id="eps"),
        pytest.param(encode(Image.new("RGB", (8, 8)), "EPS"), id="pillow-eps"),
        # Real images, but formats no chat user sends: their plugins must not even run.
        pytest.param(encode(Image.new("RGB", (8, 8)), "PPM"), id="ppm"),
        pytest.param(encode(Image.new("RGB", (16, 16)), "ICO"), id="ico"),
        pytest.param(b"\x00" * 64, id="zeros"),
    ],
)
def test_non_images_are_rejected(data: bytes) -> None:
    with pytest.raises(NotAnImage) as info:
        load_image(data)
    assert info.value.reason == "not_an_image"
    assert "JPEG, PNG" in error_text(info.value)


def test_eps_never_reaches_pillow_eps_plugin_or_ghostscript(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        pytest.fail("the EPS plugin/Ghostscript must never run on user uploads")

    monkeypatch.setattr(EpsImagePlugin.EpsImageFile, "_open", forbidden)
    monkeypatch.setattr(EpsImagePlugin, "Ghostscript", forbidden)
    with pytest.raises(NotAnImage):
        load_image(EPS)


def test_empty_bytes() -> None:
    with pytest.raises(EmptyImage) as info:
        load_image(b"")
    assert info.value.reason == "empty"


def test_too_many_bytes_is_rejected_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        pytest.fail("Image.open must not be called for oversized input")

    monkeypatch.setattr(Image, "open", forbidden)
    with pytest.raises(ImageTooLarge) as info:
        load_image(b"x" * 2000, IntakeLimits(max_bytes=1000))
    assert (info.value.size_bytes, info.value.limit_bytes) == (2000, 1000)


def test_too_large_message_states_limit_in_mb() -> None:
    with pytest.raises(ImageTooLarge) as info:
        load_image(bytes(20 * 1024 * 1024 + 1))
    assert "20 MB" in error_text(info.value)


def test_pixel_limit_is_checked_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(self: ImageFile.ImageFile) -> None:
        pytest.fail("a bomb must never be decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", forbidden)
    # 64 MP: over our 40 MP default but under Pillow's own warning threshold.
    with pytest.raises(TooManyPixels) as info:
        load_image(png_with_claimed_size(8000, 8000))
    assert info.value.size == (8000, 8000)
    assert "40 megapixels" in error_text(info.value)


def test_pillow_decompression_bomb_error_becomes_too_many_pixels() -> None:
    data = png_with_claimed_size(100_000, 100_000)
    assert len(data) < 200
    with pytest.raises(TooManyPixels):
        load_image(data, IntakeLimits(max_pixels=10**12))


def test_pillow_decompression_bomb_warning_becomes_too_many_pixels() -> None:
    # 100 MP sits between Pillow's warning (~89 MP) and error (~179 MP) thresholds.
    with pytest.raises(TooManyPixels):
        load_image(png_with_claimed_size(10_000, 10_000), IntakeLimits(max_pixels=10**9))


def test_real_image_over_custom_pixel_limit() -> None:
    data = encode(Image.new("1", (200, 100)), "PNG")
    with pytest.raises(TooManyPixels) as info:
        load_image(data, IntakeLimits(max_pixels=10_000))
    assert "0.01 megapixels" in error_text(info.value)


def test_global_pillow_and_warning_state_is_untouched() -> None:
    before = (Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES, list(warnings.filters))
    bomb = png_with_claimed_size(10_000, 10_000)
    good = encode(noise_rgb(), "PNG")

    def run(data: bytes) -> None:
        with contextlib.suppress(TooManyPixels):
            load_image(data, IntakeLimits(max_pixels=10**9))

    # Threads too: overlapping catch_warnings() blocks could otherwise leak the filter.
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(run, [bomb, good] * 16))
    after = (Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES, list(warnings.filters))
    assert after == before
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: encode(noise_rgb(), "JPEG")[:-600], id="jpeg-half"),
        pytest.param(lambda: (d := encode(noise_rgb(), "PNG"))[: len(d) // 2], id="png-half"),
        pytest.param(lambda: encode(noise_rgb(), "PNG")[:20], id="png-header-only"),
        pytest.param(lambda: encode(noise_rgb(), "JPEG")[:20], id="jpeg-header-only"),
        pytest.param(lambda: (d := encode(noise_rgb(), "GIF"))[: len(d) // 2], id="gif-half"),
        pytest.param(lambda: (d := encode(noise_rgb(), "WEBP"))[: len(d) // 2], id="webp-half"),
    ],
)
def test_truncated_images(make: Callable[[], bytes]) -> None:
    with pytest.raises(TruncatedImage) as info:
        load_image(make())
    assert info.value.reason == "truncated"


@pytest.mark.parametrize(
    ("data", "limits"),
    [
        (b"", IntakeLimits()),
        (b"plain text", IntakeLimits()),
        (b"x" * 100, IntakeLimits(max_bytes=10)),
        (png_with_claimed_size(8000, 8000), IntakeLimits()),
        (png_with_claimed_size(100_000, 100_000), IntakeLimits()),
        (encode(Image.new("RGB", (8, 8)), "PNG")[:30], IntakeLimits()),
    ],
)
def test_user_messages_are_friendly_sentences(data: bytes, limits: IntakeLimits) -> None:
    with pytest.raises(IntakeError) as info:
        load_image(data, limits)
    message = error_text(info.value)
    assert message and message[0].isupper() and message.endswith((".", "?"))
    assert "\n" not in message and "Traceback" not in message and "Error" not in message
    assert isinstance(info.value.reason, str)
    assert info.value.reason
