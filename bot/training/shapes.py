"""Synthetic captioning data: coloured shapes on a light canvas, with COCO-like references.

Every image holds one or two shapes. The canonical caption names them left to right ("a red circle
and a blue square"); paraphrases, spatial ones included, give sampling real alternatives and give a
decoder prefix such as "on the left is" something to continue. The canonical caption is listed
first and repeated (about two references in three) so that it is the beam-search mode.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

SHAPES = ("circle", "square", "triangle")
# Shapes the tiny model has never seen: kept out of SHAPES so that `generate` (and so the tiny
# model's data and every seeded test picture) stays as it was; benches teach them by fine-tuning.
NEW_SHAPES = ("star", "hexagon")
COLOURS = ("red", "green", "blue", "yellow")

# Centre colours and how far each channel may wander, so that "red" covers the reds people draw.
_PALETTE: dict[str, tuple[tuple[int, int, int], tuple[int, int, int]]] = {
    "red": ((225, 25, 25), (30, 25, 25)),
    "green": ((30, 170, 40), (30, 85, 35)),
    "blue": ((25, 40, 225), (25, 40, 30)),
    "yellow": ((240, 220, 20), (15, 35, 20)),
}


@dataclass(frozen=True)
class ShapeSpec:
    shape: str
    colour: str

    @property
    def phrase(self) -> str:
        return f"a {self.colour} {self.shape}"


@dataclass(frozen=True)
class ShapeSample:
    image: Image.Image
    shapes: tuple[ShapeSpec, ...]  # left to right
    captions: tuple[str, ...]  # canonical first

    @property
    def canonical(self) -> str:
        return self.captions[0]


def canonical_caption(shapes: tuple[ShapeSpec, ...]) -> str:
    return " and ".join(s.phrase for s in shapes)


def reference_captions(shapes: tuple[ShapeSpec, ...]) -> tuple[str, ...]:
    """The references of one image; the canonical caption appears most often."""
    canonical = canonical_caption(shapes)
    if len(shapes) == 1:
        (only,) = shapes
        return (
            canonical,
            canonical,
            canonical,
            canonical,
            f"{only.phrase} on a white background",
            f"a picture of {only.phrase}",
        )
    left, right = shapes
    return (
        canonical,
        canonical,
        canonical,
        canonical,
        canonical,
        f"{left.phrase} next to {right.phrase}",
        f"{right.phrase} to the right of {left.phrase}",
        f"on the left is {left.phrase} and on the right {right.phrase}",
    )


def _jitter_colour(rng: random.Random, colour: str) -> tuple[int, int, int]:
    centre, spread = _PALETTE[colour]
    red, green, blue = (
        max(0, min(255, c + rng.randint(-s, s))) for c, s in zip(centre, spread, strict=True)
    )
    return red, green, blue


def _background(rng: random.Random) -> tuple[int, int, int]:
    if rng.random() < 0.5:
        return (255, 255, 255)
    base = rng.randint(225, 255)
    red, green, blue = (max(215, min(255, base + rng.randint(-8, 8))) for _ in range(3))
    return red, green, blue


# A regular pentagram's inner radius over its outer one: sin(18°) / sin(126°) ≈ 0.382.
_STAR_INNER = math.sin(math.pi / 10) / math.sin(7 * math.pi / 10)


def draw_shape(
    draw: ImageDraw.ImageDraw,
    shape: str,
    centre: tuple[float, float],
    size: float,
    fill: tuple[int, int, int],
) -> None:
    cx, cy = centre
    half = size / 2
    if shape == "circle":
        draw.ellipse((cx - half, cy - half, cx + half, cy + half), fill=fill)
    elif shape == "square":
        draw.rectangle((cx - half, cy - half, cx + half, cy + half), fill=fill)
    elif shape == "triangle":
        height = size * math.sqrt(3) / 2
        top = cy - height / 2
        draw.polygon(
            [(cx, top), (cx - half, top + height), (cx + half, top + height)],
            fill=fill,
        )
    elif shape == "star":
        # Five points, the first straight up; the inner radius is a regular pentagram's, so the
        # arms read as a star rather than a spiky pentagon even at the model's 64 px input.
        inner = half * _STAR_INNER
        points = []
        for index in range(10):
            radius = half if index % 2 == 0 else inner
            angle = -math.pi / 2 + index * math.pi / 5
            points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
        draw.polygon(points, fill=fill)
    elif shape == "hexagon":
        # Flat top and bottom, corners left and right: the same width as a circle of `size`.
        angles = [index * math.pi / 3 for index in range(6)]
        corners = [(cx + half * math.cos(a), cy + half * math.sin(a)) for a in angles]
        draw.polygon(corners, fill=fill)
    else:
        raise ValueError(f"unknown shape {shape!r}")


def _canvas_size(rng: random.Random) -> tuple[int, int]:
    # Mostly squares near the model's input size, plus larger, wider and taller canvases so that
    # the processor's resize (which squashes aspect ratio) is part of what the model learns.
    # Photo-like aspect ratios only: past 2:1 the squash turns small shapes into slivers.
    choice = rng.random()
    if choice < 0.4:
        side = rng.randint(64, 160)
        return side, side
    low, high = (80, 320) if choice < 0.8 else (240, 800)
    width = rng.randint(low, high)
    height = rng.randint(max(low, width // 2), min(high, width * 2))
    return (width, height) if rng.random() < 0.5 else (height, width)


def render(
    shapes: tuple[ShapeSpec, ...],
    rng: random.Random,
    size: tuple[int, int] | None = None,
) -> Image.Image:
    """Draw `shapes` left to right on a light canvas of `size` (random when None)."""
    width, height = size or _canvas_size(rng)
    image = Image.new("RGB", (width, height), _background(rng))
    draw = ImageDraw.Draw(image)
    count = len(shapes)
    slot_width = width / count
    for index, spec in enumerate(shapes):
        # Each shape lives in its own horizontal slot, so left-to-right order is never ambiguous.
        max_size = min(slot_width * 0.8, height * 0.8)
        min_size = max(6.0, min(width, height) * 0.2)
        shape_size = rng.uniform(min(min_size, max_size), max_size)
        half = shape_size / 2
        slot_left = index * slot_width
        cx = rng.uniform(slot_left + half + 1, slot_left + slot_width - half - 1)
        cy = rng.uniform(half + 1, height - half - 1)
        draw_shape(draw, spec.shape, (cx, cy), shape_size, _jitter_colour(rng, spec.colour))
    return image


def random_shapes(rng: random.Random) -> tuple[ShapeSpec, ...]:
    count = 1 if rng.random() < 0.3 else 2
    specs = []
    for _ in range(count):
        specs.append(ShapeSpec(rng.choice(SHAPES), rng.choice(COLOURS)))
    return tuple(specs)


def generate(count: int, seed: int, size: tuple[int, int] | None = None) -> Iterator[ShapeSample]:
    rng = random.Random(seed)
    for _ in range(count):
        shapes = random_shapes(rng)
        image = render(shapes, rng, size)
        yield ShapeSample(image=image, shapes=shapes, captions=reference_captions(shapes))


def write_dataset(out: Path, count: int, seed: int) -> Path:
    """Write `count` samples as PNG files plus `captions.jsonl`; returns the JSONL path."""
    out.mkdir(parents=True, exist_ok=True)
    images_dir = out / "images"
    images_dir.mkdir(exist_ok=True)
    manifest = out / "captions.jsonl"
    with manifest.open("w", encoding="utf-8") as fh:
        for index, sample in enumerate(generate(count, seed)):
            name = f"images/{index:06d}.png"
            sample.image.save(out / name, optimize=False, compress_level=1)
            fh.write(json.dumps({"image": name, "captions": list(sample.captions)}) + "\n")
    return manifest


def generate_single(
    shape: str,
    count: int,
    seed: int,
    colours: tuple[str, ...] = COLOURS,
    size: tuple[int, int] | None = None,
) -> Iterator[ShapeSample]:
    """`count` seeded pictures of one `shape` each, in a random colour of `colours`, drawn as
    `generate` draws its one-shape pictures (same canvases, backgrounds, sizes and colour jitter),
    so that a shape outside SHAPES can be taught and tested in the tiny model's own style.
    The random stream is its own: `generate` and its seeds are untouched."""
    rng = random.Random(seed)
    for _ in range(count):
        shapes = (ShapeSpec(shape, rng.choice(colours)),)
        image = render(shapes, rng, size)
        yield ShapeSample(image=image, shapes=shapes, captions=reference_captions(shapes))
