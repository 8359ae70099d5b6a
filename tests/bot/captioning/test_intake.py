"""Intake turns what people send into a safe RGB picture: formats, orientation, frames, modes."""

from __future__ import annotations

import dataclasses
import hashlib
import io

import numpy as np
import pytest
from PIL import Image, features

from bot.captioning.intake import (
    WORKING_SIDE,
    IntakeImage,
    load_image,
    sniff_is_image,
)
from tests.bot.captioning.intake_samples import (
    EPS,
    MINIMAL_PDF,
    RED,
    WHITE,
    close_to,
    encode,
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


# --- big pictures ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_big_picture_is_kept_at_working_size_with_its_own_size_recorded(fmt: str) -> None:
    # A phone photo held sideways: 4000x3000 stored, shown turned (EXIF orientation 6).
    im = Image.new("RGB", (4000, 3000), WHITE)
    im.paste(RED, (0, 0, 600, 600))
    exif = Image.Exif()
    exif[0x0112] = 6
    result = load_image(encode(im, fmt, exif=exif))
    assert (result.width, result.height) == (3000, 4000)
    assert max(result.image.size) == WORKING_SIDE
    ratio = result.image.width / result.image.height
    assert ratio == pytest.approx(result.width / result.height, rel=0.01)
    # Turned as shown: the top-left block is now at the top right.
    assert close_to(result.image.getpixel((result.image.width - 40, 40)), RED, tol=30)
    assert close_to(result.image.getpixel((40, 40)), WHITE, tol=30)


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
