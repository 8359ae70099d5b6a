from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import struct
import warnings
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest
from PIL import EpsImagePlugin, Image, ImageFile, features

from bot.intake import (
    EmptyImage,
    ImageTooLarge,
    IntakeError,
    IntakeImage,
    IntakeLimits,
    NotAnImage,
    TooManyPixels,
    TruncatedImage,
    load_image,
    sniff_is_image,
)

RED = (255, 0, 0)
WHITE = (255, 255, 255)


def encode(im: Image.Image, fmt: str, **kwargs: Any) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kwargs)
    return buf.getvalue()


def close_to(actual: tuple[int, ...], expected: tuple[int, ...], tol: int = 12) -> bool:
    return all(abs(a - e) <= tol for a, e in zip(actual, expected, strict=True))


def noise_rgb(width: int = 64, height: int = 48) -> Image.Image:
    # Noise doesn't compress, so cutting the file in half really loses pixel data.
    rng = np.random.default_rng(1234)
    return Image.fromarray(rng.integers(0, 256, (height, width, 3), dtype=np.uint8))


def png_with_claimed_size(width: int, height: int) -> bytes:
    """A tiny real PNG whose IHDR claims a huge canvas: a decompression bomb's header."""
    data = bytearray(encode(Image.new("1", (1, 1)), "PNG"))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


MINIMAL_PDF = (
    b"%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
EPS = (
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"
    b"newpath 0 0 moveto 10 10 lineto stroke\nshowpage\n%%EOF\n"
)


# --- valid inputs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "mime", "exact"),
    [
        ("PNG", "image/png", True),
        ("JPEG", "image/jpeg", False),
        ("WEBP", "image/webp", False),
        ("GIF", "image/gif", True),
        ("BMP", "image/bmp", True),
        ("TIFF", "image/tiff", True),
    ],
)
def test_valid_formats_load_as_rgb(fmt: str, mime: str, exact: bool) -> None:
    data = encode(Image.new("RGB", (30, 20), RED), fmt)
    result = load_image(data)
    assert type(result.image) is Image.Image  # detached plain image, not an ImageFile
    assert result.image.mode == "RGB"
    assert result.image.size == (30, 20)
    assert (result.width, result.height) == (30, 20)
    assert (result.format, result.mime) == (fmt, mime)
    assert result.content_hash == hashlib.sha256(data).hexdigest()
    pixel = result.image.getpixel((15, 10))
    assert pixel == RED if exact else close_to(pixel, RED)


def test_mpo_loads_as_first_frame() -> None:
    frames = [Image.new("RGB", (16, 16), RED), Image.new("RGB", (16, 16), "blue")]
    result = load_image(encode(frames[0], "MPO", save_all=True, append_images=frames[1:]))
    assert (result.format, result.mime) == ("MPO", "image/mpo")
    assert close_to(result.image.getpixel((8, 8)), RED)


@pytest.mark.skipif(not features.check("avif"), reason="this Pillow build has no AVIF")
def test_avif_loads_when_pillow_supports_it() -> None:
    data = encode(Image.new("RGB", (16, 16), RED), "AVIF")
    assert sniff_is_image(data[:32])
    result = load_image(data)
    assert (result.format, result.image.mode) == ("AVIF", "RGB")
    assert close_to(result.image.getpixel((8, 8)), RED, tol=20)


def test_intake_image_is_a_frozen_hashable_value() -> None:
    result = load_image(encode(Image.new("RGB", (4, 4)), "PNG"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.width = 1  # type: ignore[misc]
    assert hash(result) == hash(load_image(encode(Image.new("RGB", (4, 4)), "PNG")))


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
    assert "JPEG, PNG" in info.value.user_message


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
    assert "20 MB" in info.value.user_message


def test_pixel_limit_is_checked_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(self: ImageFile.ImageFile) -> None:
        pytest.fail("a bomb must never be decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", forbidden)
    # 64 MP: over our 40 MP default but under Pillow's own warning threshold.
    with pytest.raises(TooManyPixels) as info:
        load_image(png_with_claimed_size(8000, 8000))
    assert info.value.size == (8000, 8000)
    assert "40 megapixels" in info.value.user_message


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
    assert "0.01 megapixels" in info.value.user_message


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
    message = info.value.user_message
    assert message and message[0].isupper() and message.endswith((".", "?"))
    assert "\n" not in message and "Traceback" not in message and "Error" not in message
    assert isinstance(info.value.reason, str) and info.value.reason


# --- orientation, frames and modes --------------------------------------------------------


def test_exif_orientation_is_applied() -> None:
    im = Image.new("RGB", (40, 20), WHITE)
    im.paste(RED, (0, 0, 6, 6))  # a block, so JPEG blur can't wash out the marker
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to display"
    result = load_image(encode(im, "JPEG", exif=exif, quality=95))
    assert result.image.size == (20, 40)
    assert (result.width, result.height) == (20, 40)
    # Rotating 90 degrees clockwise moves the top-left corner to the top-right.
    assert close_to(result.image.getpixel((17, 2)), RED, tol=30)
    assert close_to(result.image.getpixel((2, 2)), WHITE)


@pytest.mark.parametrize("fmt", ["GIF", "WEBP", "PNG"])
def test_animated_images_use_first_frame(fmt: str) -> None:
    frames = [Image.new("RGB", (12, 12), RED), Image.new("RGB", (12, 12), "blue")]
    data = encode(frames[0], fmt, save_all=True, append_images=frames[1:], duration=50, loop=0)
    result = load_image(data)
    assert result.format == fmt
    assert close_to(result.image.getpixel((6, 6)), RED)


def test_palette_transparency_becomes_white() -> None:
    im = Image.new("P", (8, 8), 0)
    im.putpalette([0, 0, 0, 255, 0, 0])
    im.paste(1, (0, 0, 4, 8))
    result = load_image(encode(im, "PNG", transparency=0))
    assert result.image.getpixel((6, 4)) == WHITE  # transparent index 0 (black) -> white
    assert result.image.getpixel((1, 4)) == RED


def test_rgb_colour_key_transparency_becomes_white() -> None:
    im = Image.new("RGB", (4, 4), (0, 0, 0))
    im.putpixel((0, 0), RED)
    result = load_image(encode(im, "PNG", transparency=(0, 0, 0)))
    assert result.image.getpixel((3, 3)) == WHITE
    assert result.image.getpixel((0, 0)) == RED


@pytest.mark.parametrize(
    ("mode", "colour", "expected"),
    [
        ("RGBA", (255, 0, 0, 0), WHITE),
        ("RGBA", (255, 0, 0, 255), RED),
        ("RGBA", (255, 0, 0, 128), (255, 127, 127)),
        ("LA", (0, 0), WHITE),
        ("LA", (0, 255), (0, 0, 0)),
    ],
)
def test_alpha_is_composited_on_white(
    mode: str, colour: tuple[int, ...], expected: tuple[int, int, int]
) -> None:
    result = load_image(encode(Image.new(mode, (4, 4), colour), "PNG"))
    assert close_to(result.image.getpixel((1, 1)), expected, tol=1)


@pytest.mark.parametrize(
    ("mode", "value", "expected"),
    [("L", 100, (100, 100, 100)), ("1", 1, WHITE), ("1", 0, (0, 0, 0))],
)
def test_grey_and_bilevel(mode: str, value: int, expected: tuple[int, int, int]) -> None:
    result = load_image(encode(Image.new(mode, (4, 4), value), "PNG"))
    assert result.image.mode == "RGB"
    assert result.image.getpixel((2, 2)) == expected


def gradient16() -> np.ndarray:
    # Columns 0..255 scaled to the full 16-bit range (0, 257, ..., 65535).
    return np.tile(np.arange(256, dtype=np.uint16) * 257, (4, 1))


@pytest.mark.parametrize(
    ("fmt", "mode"), [("PNG", "I;16"), ("TIFF", "I;16"), ("TIFF", "I;16B"), ("TIFF", "I")]
)
def test_16_bit_grey_is_scaled_not_clipped(fmt: str, mode: str) -> None:
    grad = gradient16()
    if mode == "I;16B":
        # Not .convert("I;16B"): Pillow 13 clips I;16 -> I;16B to 0..255.
        im = Image.frombytes(mode, (256, 4), grad.astype(">u2").tobytes())
    else:
        im = Image.fromarray(grad).convert(mode)
    result = load_image(encode(im, fmt))
    assert result.image.getpixel((0, 0)) == (0, 0, 0)
    assert close_to(result.image.getpixel((128, 0)), (128, 128, 128), tol=1)
    assert result.image.getpixel((255, 0)) == WHITE


def test_float_image_is_scaled() -> None:
    im = Image.fromarray(np.tile(np.linspace(0, 1, 256, dtype=np.float32), (4, 1)))
    result = load_image(encode(im, "TIFF"))
    assert close_to(result.image.getpixel((128, 0)), (128, 128, 128), tol=1)


def test_cmyk_jpeg_cyan() -> None:
    result = load_image(encode(Image.new("CMYK", (8, 8), (255, 0, 0, 0)), "JPEG"))
    assert result.image.mode == "RGB"
    assert close_to(result.image.getpixel((4, 4)), (0, 255, 255))


@pytest.mark.parametrize(
    ("mode", "colour", "expected"),
    [
        ("CMYK", (0, 255, 255, 0), RED),
        ("YCbCr", (128, 128, 128), (128, 128, 128)),
        ("LAB", (255, 128, 128), WHITE),
    ],
)
def test_other_colour_spaces(
    mode: str, colour: tuple[int, ...], expected: tuple[int, int, int]
) -> None:
    result = load_image(encode(Image.new(mode, (4, 4), colour), "TIFF"))
    assert result.image.mode == "RGB"
    assert close_to(result.image.getpixel((2, 2)), expected, tol=3)


# --- thumbnails and sniffing --------------------------------------------------------------


def decode(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    assert im.format == "JPEG"
    return im


def test_thumbnail_keeps_aspect_and_fits() -> None:
    result = load_image(encode(Image.new("RGB", (1000, 500), RED), "PNG"))
    assert decode(result.thumbnail_bytes()).size == (384, 192)
    assert decode(result.thumbnail_bytes(max_side=100)).size == (100, 50)
    tall = load_image(encode(Image.new("RGB", (30, 900)), "PNG"))
    assert decode(tall.thumbnail_bytes(max_side=300)).size == (10, 300)


def test_thumbnail_never_upscales() -> None:
    result = load_image(encode(Image.new("RGB", (100, 50), RED), "PNG"))
    thumb = decode(result.thumbnail_bytes())
    assert thumb.size == (100, 50)
    assert close_to(thumb.convert("RGB").getpixel((50, 25)), RED)
    with pytest.raises(ValueError):
        result.thumbnail_bytes(max_side=0)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF"])
def test_sniff_recognises_supported_formats(fmt: str) -> None:
    head = encode(Image.new("RGB", (8, 8)), fmt)[:32]
    assert sniff_is_image(head)


@pytest.mark.parametrize(
    "head",
    [
        b"",
        b"\xff\xd8",
        b"RIFF\x00\x00\x00\x00WAVEfmt ",
        b"BMW is a car, not a bitmap",
        MINIMAL_PDF[:32],
        EPS[:32],
        b"hello world",
        encode(Image.new("RGB", (8, 8)), "PPM")[:32],
    ],
)
def test_sniff_rejects_non_images(head: bytes) -> None:
    assert not sniff_is_image(head)


def test_intake_image_fields_for_caching() -> None:
    data = encode(Image.new("RGB", (5, 7), RED), "PNG")
    result = load_image(data)
    assert isinstance(result, IntakeImage)
    assert len(result.content_hash) == 64
    assert load_image(data).content_hash == result.content_hash
