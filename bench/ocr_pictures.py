"""Seeded pictures with known text, for bench/ocr.py: the kinds of pictures people send.

- screenshot: dark text on white, a title bar, stacked lines and a button, as in an app;
- meme: white capitals outlined in black over a busy photo-like background, top and bottom;
- sign: light text on a coloured panel over a photo, slightly rotated, blurred, JPEG-compressed;
- document: a paragraph of serif text wrapped over many lines.

Plus pictures without text (drawn shapes, photo-like noise, stripes) to see what each engine reads
where there is nothing to read. Words come from a fixed list mixed with numbers, prices and times,
so that no engine can lean on sentences it has seen.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from bot.training.shapes import draw_shape

FONTS = Path("/usr/share/fonts/truetype")
SANS = ("dejavu/DejaVuSans.ttf", "liberation/LiberationSans-Regular.ttf")
BOLD = ("dejavu/DejaVuSans-Bold.ttf", "liberation/LiberationSans-Bold.ttf")
SERIF = ("dejavu/DejaVuSerif.ttf", "liberation/LiberationSerif-Regular.ttf")
KINDS = ("screenshot", "meme", "sign", "document")

_WORD_LIST = """
    account amber answer autumn balance basket battery bridge button camera castle centre
    change city coffee colour company corner credit dinner doctor double driver early
    engine evening family farmer field finger forest friday garden golden harbour health
    history island kitchen ladder lemon letter market meeting minute monday morning mountain
    music network number office orange paper parking people pepper planet please pocket
    police profile public quiet rabbit record river saturday school screen second settings
    silver simple street summer sunday ticket today tomorrow travel update valley village
    weather window winter yellow
"""
WORDS = tuple(_WORD_LIST.split())


@dataclass(frozen=True)
class Sample:
    name: str
    kind: str  # one of KINDS, or "none" for a picture without text
    image: Image.Image
    lines: tuple[str, ...]  # the text on it, one entry per visual line, in reading order


def font(names: tuple[str, ...], size: int, rng: random.Random) -> ImageFont.FreeTypeFont:
    """One of the families installed, drawn at random (DejaVu is the one always there)."""
    there = [name for name in names if (FONTS / name).is_file()]
    if not there:
        raise FileNotFoundError(f"none of {names} in {FONTS} (apt-get install fonts-dejavu-core)")
    return ImageFont.truetype(str(FONTS / rng.choice(there)), size)


def _token(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.08:
        return str(rng.randint(2, 2099))
    if roll < 0.12:
        return f"{rng.randint(0, 23):02d}:{rng.choice(('00', '15', '30', '45'))}"
    if roll < 0.15:
        return f"${rng.randint(1, 99)}.{rng.randint(0, 99):02d}"
    word = rng.choice(WORDS)
    return word.capitalize() if rng.random() < 0.2 else word


def phrase(rng: random.Random, low: int, high: int) -> str:
    return " ".join(_token(rng) for _ in range(rng.randint(low, high)))


def photo(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """Soft blobs of colour with grain: busy like a photo, without anything to read."""
    small = Image.new("RGB", (16, 12), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(small)
    for _ in range(10):
        x, y = rng.randrange(16), rng.randrange(12)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x - 3, y - 3, x + rng.randint(2, 6), y + rng.randint(2, 6)), fill=colour)
    image = small.resize(size, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(8))
    grain = Image.effect_noise(size, 28).convert("RGB")
    return Image.blend(image, grain, 0.18)


def _jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=quality)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def screenshot(rng: random.Random, index: int) -> Sample:
    width, height = rng.choice(((720, 540), (800, 600), (640, 960)))
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    size = rng.randint(16, 24)
    body = font(SANS, size, rng)
    lines: list[str] = []
    draw.rectangle((0, 0, width, 2.6 * size), fill=(236, 238, 242))
    title = phrase(rng, 1, 3).capitalize()
    draw.text((size, 0.6 * size), title, font=font(BOLD, size + 2, rng), fill=(20, 20, 30))
    lines.append(title)
    y = 4 * size
    for _ in range(rng.randint(3, 6)):
        text = phrase(rng, 2, 5)
        draw.text((size, y), text, font=body, fill=rng.choice(((0, 0, 0), (40, 40, 60))))
        lines.append(text)
        y += int(size * rng.uniform(1.8, 2.6))
    label = phrase(rng, 1, 2).upper()
    left, top, right, bottom = draw.textbbox((0, 0), label, font=body)
    bx, by = size, y + size
    draw.rounded_rectangle(
        (bx, by, bx + right - left + 2 * size, by + bottom - top + size), 8, fill=(30, 100, 220)
    )
    draw.text((bx + size - left, by + size / 2 - top), label, font=body, fill="white")
    lines.append(label)
    return Sample(f"screenshot-{index}", "screenshot", image, tuple(lines))


def meme(rng: random.Random, index: int) -> Sample:
    width, height = rng.choice(((600, 600), (700, 500), (500, 650)))
    image = photo(rng, (width, height))
    draw = ImageDraw.Draw(image)
    size = rng.randint(36, 52)
    face = font(BOLD, size, rng)
    top = [phrase(rng, 1, 3).upper() for _ in range(rng.randint(1, 2))]
    bottom = [phrase(rng, 1, 3).upper() for _ in range(rng.randint(1, 2))]
    # Shrink words that would run off the edge, as meme makers do.
    top = [_fit(draw, text, face, width * 0.92) for text in top]
    bottom = [_fit(draw, text, face, width * 0.92) for text in bottom]
    y = size // 3
    for text in top:
        _outlined(draw, text, face, width, y)
        y += int(size * 1.15)
    y = height - int(size * 1.2) * len(bottom) - size // 3
    for text in bottom:
        _outlined(draw, text, face, width, y)
        y += int(size * 1.2)
    return Sample(f"meme-{index}", "meme", image, tuple(top + bottom))


def _fit(draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, room: float) -> str:
    while " " in text and draw.textlength(text, font=face) > room:
        text = text.rsplit(" ", 1)[0]
    return text


def _outlined(
    draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, width: int, y: int
) -> None:
    x = (width - draw.textlength(text, font=face)) / 2
    stroke = max(2, int(face.size) // 14)
    draw.text((x, y), text, font=face, fill="white", stroke_width=stroke, stroke_fill="black")


def sign(rng: random.Random, index: int) -> Sample:
    width, height = 640, 480
    image = photo(rng, (width, height))
    size = rng.randint(30, 44)
    face = font(rng.choice((BOLD, SANS)), size, rng)
    lines = [phrase(rng, 1, 2) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.5:
        lines = [line.upper() for line in lines]
    probe = ImageDraw.Draw(image)
    text_width = max(int(probe.textlength(line, font=face)) for line in lines)
    panel_size = (text_width + 2 * size, int(len(lines) * size * 1.35 + size))
    panel = Image.new("RGBA", panel_size, (0, 0, 0, 0))
    colour = rng.choice(((20, 110, 50), (25, 60, 150), (170, 30, 30), (40, 40, 40)))
    paint = ImageDraw.Draw(panel)
    paint.rounded_rectangle((0, 0, panel_size[0] - 1, panel_size[1] - 1), 10, fill=colour)
    ink = rng.choice(((255, 255, 255), (250, 220, 60)))
    for row, line in enumerate(lines):
        paint.text((size, size // 2 + row * size * 1.35), line, font=face, fill=ink)
    panel = panel.rotate(rng.uniform(-6, 6), resample=Image.Resampling.BICUBIC, expand=True)
    if panel.width > width - 20:
        ratio = (width - 20) / panel.width
        panel = panel.resize((width - 20, int(panel.height * ratio)), Image.Resampling.LANCZOS)
    x = rng.randint(10, max(10, width - panel.width - 10))
    y = rng.randint(10, max(10, height - panel.height - 10))
    image.paste(panel, (x, y), panel)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.0)))
    return Sample(f"sign-{index}", "sign", _jpeg(image, rng.randint(40, 70)), tuple(lines))


def document(rng: random.Random, index: int) -> Sample:
    width = rng.choice((800, 900, 1000))
    size = rng.randint(16, 22)
    face = font(SERIF, size, rng)
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    words = [_token(rng) for _ in range(rng.randint(60, 110))]
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if probe.textlength(candidate, font=face) > width - 4 * size and current:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    lines[0] = lines[0][0].upper() + lines[0][1:]
    height = int(len(lines) * size * 1.5 + 4 * size)
    image = Image.new("RGB", (width, height), (250, 248, 242))
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        draw.text((2 * size, 2 * size + row * size * 1.5), line, font=face, fill=(25, 25, 25))
    return Sample(f"document-{index}", "document", _jpeg(image, 85), tuple(lines))


def textless(rng: random.Random, index: int) -> Sample:
    """Drawn shapes, a photo, stripes, scribbles like handwriting, and tiles like a brick wall:
    what engines may read letters into."""
    style = index % 5
    image = Image.new("RGB", (640, 480), "white")
    draw = ImageDraw.Draw(image)
    if style == 0:
        for slot in range(rng.randint(1, 3)):
            colour = (rng.randrange(200), rng.randrange(200), rng.randrange(200))
            shape = rng.choice(("circle", "square", "triangle"))
            draw_shape(draw, shape, (120 + slot * 200, 240), rng.randint(60, 140), colour)
    elif style == 1:
        image = photo(rng, (640, 480))
    elif style == 2:
        step = rng.randint(6, 20)
        for x in range(0, 640, step):
            draw.line((x, 0, x + rng.randint(-80, 80), 480), fill=(60, 60, 60), width=2)
        image = _jpeg(image.filter(ImageFilter.GaussianBlur(0.6)), 60)
    elif style == 3:
        for row in range(rng.randint(3, 6)):
            x, y = rng.randint(20, 80), 60 + row * 70
            points = [(x, y)]
            while x < rng.randint(400, 600):
                x += rng.randint(4, 14)
                points.append((x, y + rng.randint(-18, 18)))
            draw.line(points, fill=(30, 30, 90), width=3, joint="curve")
    else:
        brick = rng.randint(30, 60)
        image = photo(rng, (640, 480))
        draw = ImageDraw.Draw(image)
        for row, y in enumerate(range(0, 480, brick)):
            draw.line((0, y, 640, y), fill=(235, 235, 225), width=4)
            for x in range((row % 2) * brick, 640, 2 * brick):
                draw.line((x, y, x, y + brick), fill=(235, 235, 225), width=4)
    return Sample(f"none-{index}", "none", image, ())


def samples(per_kind: int, seed: int = 7) -> list[Sample]:
    """`per_kind` pictures of each kind with text, then as many without; the same every run."""
    makers = {"screenshot": screenshot, "meme": meme, "sign": sign, "document": document}
    out = []
    for kind in KINDS:
        rng = random.Random(f"{seed}-{kind}")
        out += [makers[kind](rng, index) for index in range(per_kind)]
    rng = random.Random(f"{seed}-none")
    out += [textless(rng, index) for index in range(per_kind)]
    return out
