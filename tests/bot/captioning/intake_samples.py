"""Image bytes for intake tests, all generated with Pillow (no binary files committed)."""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

import numpy as np
from PIL import Image

RED = (255, 0, 0)
WHITE = (255, 255, 255)


def encode(im: Image.Image, fmt: str, **kwargs: Any) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kwargs)
    return buf.getvalue()


def close_to(
    actual: float | tuple[int, ...] | None, expected: tuple[int, ...], tol: int = 12
) -> bool:
    # `actual` is what Image.getpixel returns: a tuple for every multi-band picture.
    assert isinstance(actual, tuple), actual
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
