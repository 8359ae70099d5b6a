"""Seeded pictures with known text, for bench/ocr.py, drawn with Debian's DejaVu and Liberation
fonts: the kinds of pictures people send.

- screenshot, screenshot-dark: an app or chat, light or dark (Discord's, Telegram's, WhatsApp's,
  OLED black theme): a title bar, stacked lines and a button;
- meme: white capitals in a condensed bold face (Impact's stand-ins: Liberation Sans Narrow Bold,
  DejaVu Sans Condensed Bold) outlined in black over a busy photo-like background;
- sign: a coloured panel in a 1024x768 photo, in perspective, rotated, blurred, JPEG-compressed;
- document: a portrait page 1024 px tall (A4's shape): a bold heading over serif paragraphs;
- small: a desktop chat 1024 px wide in 11-14 px text; non-english: a German or Russian screenshot.

Plus pictures without text (shapes, photo-like noise, stripes), to see what engines read into
them. English words come from a fixed list mixed with numbers, prices and times, so that no engine
leans on sentences it has seen. Each kind has its own random.Random(f"{seed}-{kind}"), grain too.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from bot.training.shapes import draw_shape

FONTS = Path("/usr/share/fonts/truetype")
SANS = ("dejavu/DejaVuSans.ttf", "liberation/LiberationSans-Regular.ttf")
BOLD = ("dejavu/DejaVuSans-Bold.ttf", "liberation/LiberationSans-Bold.ttf")
IMPACT = ("liberation/LiberationSansNarrow-Bold.ttf", "dejavu/DejaVuSansCondensed-Bold.ttf")
SERIF = ("dejavu/DejaVuSerif.ttf", "liberation/LiberationSerif-Regular.ttf")
SERIF_BOLD = ("dejavu/DejaVuSerif-Bold.ttf", "liberation/LiberationSerif-Bold.ttf")
KINDS = ("screenshot", "screenshot-dark", "meme", "sign", "document", "small", "non-english")

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
_GERMAN_LIST = """
    Größe Straße Übung Grüße Fußball Brücke Schlüssel Frühstück Bäckerei Küche Mädchen Tür
    Glück schön müde weiß heiß süß Käse Äpfel Öffnung Gebäude Bücher Löffel Füße Prüfung
    Gemüse Geschäft Häuser Straßenbahn groß Bahnhof Wasser Zeitung Morgen Abend Wetter
    Montag Stadt Rathaus Apotheke Eingang geöffnet geschlossen Rechnung
"""
GERMAN = tuple(_GERMAN_LIST.split())
_RUSSIAN_LIST = """
    Привет улица Москва спасибо сегодня завтра вечер погода школа магазин работа время
    город друг книга окно молоко хлеб письмо неделя пятница утро дом вода площадь метро
    вокзал аптека вход выход открыто закрыто билет цена жёлтый счастье объявление подъезд
"""
RUSSIAN = tuple(_RUSSIAN_LIST.split())

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Sample:
    name: str
    kind: str  # one of KINDS, or "none" for a picture without text
    image: Image.Image
    lines: tuple[str, ...]  # the text on it, one entry per visual line, in reading order


@dataclass(frozen=True)
class Theme:
    page: RGB
    bar: RGB
    title: RGB
    inks: tuple[RGB, RGB]  # body text: the usual and the dimmer
    button: RGB
    label: RGB


LIGHT = Theme((255, 255, 255), (236, 238, 242), (20, 20, 30), ((0, 0, 0), (40, 40, 60)),
              (30, 100, 220), (255, 255, 255))  # fmt: skip
DARK = (  # Discord's, Telegram's, WhatsApp's, an OLED black
    Theme((49, 51, 56), (30, 31, 34), (242, 243, 245), ((219, 222, 225), (148, 155, 164)),
          (88, 101, 242), (255, 255, 255)),
    Theme((23, 33, 43), (36, 47, 61), (245, 245, 245), ((245, 245, 245), (125, 139, 153)),
          (82, 136, 193), (255, 255, 255)),
    Theme((11, 20, 26), (32, 44, 51), (233, 237, 239), ((233, 237, 239), (134, 150, 160)),
          (0, 168, 132), (17, 27, 33)),
    Theme((0, 0, 0), (28, 28, 30), (255, 255, 255), ((235, 235, 235), (142, 142, 147)),
          (10, 132, 255), (255, 255, 255)),
)  # fmt: skip


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


def foreign(rng: random.Random, low: int, high: int) -> str:
    """German or Russian words (one language a line), now and then a number."""
    words = rng.choice((GERMAN, RUSSIAN))
    count = rng.randint(low, high)
    return " ".join(
        str(rng.randint(2, 2099)) if rng.random() < 0.08 else rng.choice(words)
        for _ in range(count)
    )


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def photo(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """Soft blobs of colour with grain: busy like a photo, without anything to read."""
    small = Image.new("RGB", (16, 12), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(small)
    for _ in range(10):
        x, y = rng.randrange(16), rng.randrange(12)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x - 3, y - 3, x + rng.randint(2, 6), y + rng.randint(2, 6)), fill=colour)
    image = small.resize(size, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(8))
    # Seeded grain (Image.effect_noise draws from C's rand(), shared by the whole process).
    noise = np.random.default_rng(rng.getrandbits(64)).normal(128, 28, (size[1], size[0]))
    grain = Image.fromarray(noise.clip(0, 255).astype(np.uint8), "L").convert("RGB")
    return Image.blend(image, grain, 0.18)


def _jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=quality)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def _fit(draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, room: float) -> str:
    while " " in text and draw.textlength(text, font=face) > room:
        text = text.rsplit(" ", 1)[0]
    return text


def app(rng: random.Random, index: int, kind: str = "screenshot") -> Sample:
    """An app's or chat's window: a title bar, lines of text, a button; light or dark, English or
    (non-english) German or Russian."""
    theme = LIGHT
    if kind == "screenshot-dark" or (kind == "non-english" and rng.random() < 0.3):
        theme = rng.choice(DARK)
    say = foreign if kind == "non-english" else phrase
    width, height = rng.choice(((720, 540), (800, 600), (640, 960)))
    image = Image.new("RGB", (width, height), theme.page)
    draw = ImageDraw.Draw(image)
    size = rng.randint(16, 24)
    body = font(SANS, size, rng)
    lines: list[str] = []
    draw.rectangle((0, 0, width, 2.6 * size), fill=theme.bar)
    heading = font(BOLD, size + 2, rng)
    title = _fit(draw, _first_upper(say(rng, 1, 3)), heading, width - 2 * size)
    draw.text((size, 0.6 * size), title, font=heading, fill=theme.title)
    lines.append(title)
    y = 4 * size
    for _ in range(rng.randint(3, 6)):
        text = _fit(draw, say(rng, 2, 5), body, width - 2 * size)
        draw.text((size, y), text, font=body, fill=rng.choice(theme.inks))
        lines.append(text)
        y += int(size * rng.uniform(1.8, 2.6))
    label = _fit(draw, say(rng, 1, 2).upper(), body, width - 4 * size)
    left, top, right, bottom = draw.textbbox((0, 0), label, font=body)
    bx, by = size, y + size
    draw.rounded_rectangle(
        (bx, by, bx + right - left + 2 * size, by + bottom - top + size), 8, fill=theme.button
    )
    draw.text((bx + size - left, by + size / 2 - top), label, font=body, fill=theme.label)
    lines.append(label)
    return Sample(f"{kind}-{index}", kind, image, tuple(lines))


def small(rng: random.Random, index: int) -> Sample:
    """A desktop chat 1024 px wide in 11-14 px text: names and times over messages."""
    width, height = 1024, rng.choice((576, 640, 768))
    theme = rng.choice(DARK) if rng.random() < 0.4 else LIGHT
    image = Image.new("RGB", (width, height), theme.page)
    draw = ImageDraw.Draw(image)
    size = rng.randint(11, 14)
    body, bold = font(SANS, size, rng), font(BOLD, size, rng)
    margin = 3 * size
    draw.rectangle((0, 0, width, 3 * size), fill=theme.bar)
    title = _first_upper(phrase(rng, 1, 3))
    draw.text((margin, size), title, font=font(BOLD, size + 1, rng), fill=theme.title)
    lines = [title]
    step = size * rng.uniform(1.5, 1.9)
    y = 5.0 * size
    while y + 2 * step < height - size:
        name = f"{rng.choice(WORDS).capitalize()} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        draw.text((margin, y), name, font=bold, fill=theme.title)
        lines.append(name)
        y += step
        for _ in range(rng.randint(1, 3)):
            if y + step > height - size:
                break
            text = _fit(draw, phrase(rng, 4, 12), body, width - 2 * margin)
            draw.text((margin, y), text, font=body, fill=theme.inks[0])
            lines.append(text)
            y += step
        y += 0.6 * step
    return Sample(f"small-{index}", "small", image, tuple(lines))


def meme(rng: random.Random, index: int) -> Sample:
    width, height = rng.choice(((600, 600), (700, 500), (500, 650)))
    image = photo(rng, (width, height))
    draw = ImageDraw.Draw(image)
    size = rng.randint(36, 52)
    face = font(IMPACT, size, rng)
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


def _outlined(
    draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, width: int, y: int
) -> None:
    x = (width - draw.textlength(text, font=face)) / 2
    stroke = max(2, int(face.size) // 14)
    draw.text((x, y), text, font=face, fill="white", stroke_width=stroke, stroke_fill="black")


def _coefficients(
    output: Sequence[tuple[float, float]], source: Sequence[tuple[float, float]]
) -> tuple[float, ...]:
    """PIL's eight PERSPECTIVE coefficients, mapping each corner in `output` back to `source`."""
    rows, values = [], []
    for (x, y), (u, v) in zip(output, source, strict=True):
        rows += [[x, y, 1, 0, 0, 0, -u * x, -u * y], [0, 0, 0, x, y, 1, -v * x, -v * y]]
        values += [u, v]
    solved = np.linalg.solve(np.array(rows, dtype=float), np.array(values, dtype=float))
    return tuple(float(value) for value in solved)


def _perspective(panel: Image.Image, rng: random.Random) -> Image.Image:
    """The panel seen at an angle: one side nearer (the far side up to a quarter shorter), seen
    from below or above (top or bottom up to a sixth narrower), each corner off by up to 2 %."""
    w, h = panel.size
    yaw = rng.uniform(0.05, 0.25) * h / 2
    pitch = rng.uniform(0.0, 0.16) * w / 2
    left, right = (yaw, 0.0) if rng.random() < 0.5 else (0.0, yaw)
    top, bottom = (pitch, 0.0) if rng.random() < 0.5 else (0.0, pitch)
    quad = [(top, left), (w - top, right), (w - bottom, h - right), (bottom, h - left)]
    quad = [(x + rng.uniform(-0.02, 0.02) * w, y + rng.uniform(-0.02, 0.02) * h) for x, y in quad]
    x0, y0 = min(x for x, _ in quad), min(y for _, y in quad)
    quad = [(x - x0, y - y0) for x, y in quad]
    size = (math.ceil(max(x for x, _ in quad)) + 1, math.ceil(max(y for _, y in quad)) + 1)
    corners = [(0.0, 0.0), (float(w), 0.0), (float(w), float(h)), (0.0, float(h))]
    coefficients = _coefficients(quad, corners)
    return panel.transform(
        size, Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BICUBIC
    )


def sign(rng: random.Random, index: int) -> Sample:
    width, height = 1024, 768  # a photo as intake passes it on: 1024 px on its long side
    image = photo(rng, (width, height))
    size = rng.randint(36, 60)
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
    panel = _perspective(panel, rng)
    panel = panel.rotate(rng.uniform(-8, 8), resample=Image.Resampling.BICUBIC, expand=True)
    ratio = min(1.0, (width - 20) / panel.width, (height - 20) / panel.height)
    if ratio < 1.0:
        shrunk = (int(panel.width * ratio), int(panel.height * ratio))
        panel = panel.resize(shrunk, Image.Resampling.LANCZOS)
    x = rng.randint(10, max(10, width - panel.width - 10))
    y = rng.randint(10, max(10, height - panel.height - 10))
    image.paste(panel, (x, y), panel)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.0)))
    return Sample(f"sign-{index}", "sign", _jpeg(image, rng.randint(40, 70)), tuple(lines))


def _wrap(
    draw: ImageDraw.ImageDraw, words: list[str], face: ImageFont.FreeTypeFont, room: float
) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=face) > room and current:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current]


def document(rng: random.Random, index: int) -> Sample:
    """A page as a scan or photo of one arrives from intake: 724x1024 (A4's shape)."""
    width, height = 724, 1024
    size = rng.randint(14, 20)
    face = font(SERIF, size, rng)
    margin = rng.randint(48, 72)
    image = Image.new("RGB", (width, height), (250, 248, 242))
    draw = ImageDraw.Draw(image)
    heading_face = font(SERIF_BOLD, int(size * 1.4), rng)
    heading = _fit(draw, _first_upper(phrase(rng, 2, 5)), heading_face, width - 2 * margin)
    draw.text((margin, margin), heading, font=heading_face, fill=(25, 25, 25))
    lines = [heading]
    step = size * 1.5
    y = margin + 3.0 * size
    for _ in range(rng.randint(2, 4)):
        words = [_token(rng) for _ in range(rng.randint(30, 70))]
        words[0] = _first_upper(words[0])
        for line in _wrap(draw, words, face, width - 2 * margin):
            if y + step > height - margin:
                break
            draw.text((margin, y), line, font=face, fill=(25, 25, 25))
            lines.append(line)
            y += step
        y += 0.8 * step
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


MAKERS: dict[str, Callable[[random.Random, int], Sample]] = {
    "screenshot": app,
    "screenshot-dark": lambda rng, index: app(rng, index, "screenshot-dark"),
    "meme": meme,
    "sign": sign,
    "document": document,
    "small": small,
    "non-english": lambda rng, index: app(rng, index, "non-english"),
    "none": textless,
}


def samples(per_kind: int, seed: int = 7, kinds: Sequence[str] = (*KINDS, "none")) -> list[Sample]:
    """`per_kind` pictures of each kind asked for ("none": without text), in KINDS' order; the
    same every run, each kind from its own seeded generator."""
    out = []
    for kind in (*KINDS, "none"):
        if kind in kinds:
            rng = random.Random(f"{seed}-{kind}")
            out += [MAKERS[kind](rng, index) for index in range(per_kind)]
    return out
