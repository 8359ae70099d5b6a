"""Pictures drawn the way a person would, for tests of every package."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from bot.training.shapes import draw_shape

PURE = {"red": (255, 0, 0), "green": (0, 160, 0), "blue": (0, 0, 255), "yellow": (255, 220, 0)}


def draw_picture(shapes: list[tuple[str, str]], size: tuple[int, int] = (640, 480)) -> Image.Image:
    """As a person draws: plain colours on a white canvas, shapes well apart, left to right."""
    width, height = size
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    slot = width / len(shapes)
    shape_size = min(slot, height) * 0.5
    for index, (colour, shape) in enumerate(shapes):
        centre = (slot * index + slot / 2, height / 2)
        draw_shape(draw, shape, centre, shape_size, PURE[colour])
    return image


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
