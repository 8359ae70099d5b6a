"""The committed tiny captioner really captions: held-out pictures, other sizes, prefixes."""

from __future__ import annotations

import random

from PIL import Image

from bot.captioning.options import CaptionOptions
from bot.training.shapes import generate, random_shapes, reference_captions, render


def _held_out(count: int, seed: int) -> list[tuple[Image.Image, str]]:
    """Fresh pictures (a seed training never used), a third of them at 640x480 and 100x100."""
    samples = [(s.image, s.canonical) for s in generate(count - count // 3, seed)]
    rng = random.Random(seed + 1)
    for index in range(count // 3):
        shapes = random_shapes(rng)
        size = (640, 480) if index % 2 == 0 else (100, 100)
        samples.append((render(shapes, rng, size), reference_captions(shapes)[0]))
    return samples


def test_captions_at_least_95_percent_of_200_held_out_pictures_exactly(tiny_captioner):
    samples = _held_out(200, seed=424242)
    texts: list[str] = []
    for start in range(0, len(samples), 50):
        chunk = [image for image, _ in samples[start : start + 50]]
        texts.extend(c[0] for c in tiny_captioner.generate(chunk, CaptionOptions()))
    exact = sum(text == truth for text, (_, truth) in zip(texts, samples, strict=True))
    misses = [(t, truth) for t, (_, truth) in zip(texts, samples, strict=True) if t != truth]
    assert exact / len(samples) >= 0.95, misses[:10]


def test_a_decoder_prefix_is_continued(tiny_captioner):
    from tests.pictures import draw_picture

    picture = draw_picture([("green", "triangle"), ("yellow", "circle")])
    [[text]] = tiny_captioner.generate([picture], CaptionOptions(prefix="on the left is"))
    assert text == "on the left is a green triangle and on the right a yellow circle"


def test_sampling_offers_real_alternatives(tiny_captioner):
    from tests.pictures import draw_picture

    picture = draw_picture([("red", "square"), ("blue", "triangle")])
    options = CaptionOptions(num_beams=1, do_sample=True, seed=3, num_return_sequences=12)
    [texts] = tiny_captioner.generate([picture], options)
    assert len(set(texts)) >= 3  # the canonical caption and paraphrases
    grounded = [t for t in texts if "red square" in t and "blue triangle" in t]
    assert len(grounded) >= 10  # sampling may stray now and then; mostly it names what it saw
