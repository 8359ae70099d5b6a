"""Does a number format keep captions? The tiny fixture model captions synthetic pictures in
float32 and in each other format; prints the share of answers identical to float32's.

Answers are compared as a chat user sees them: every style's caption (its generation preset, then
its rewrite of the candidates, which for some styles uses more than the best one), "again" (seeded
sampling of eight candidates, all compared) and a question (a prefix the caption continues). The
bar for `CAPTION_DTYPE=auto` to pick a format is 99 % in each of them. float16, which needs CUDA to
run for real, is emulated on a CPU when there is none, and reported as such.

    python -m bench.precision [--model tests/fixtures/tiny-captioner] [--images 200]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import torch
from PIL import Image

from bot.captioning.captioner import Captioner, ModelLoadError, load_captioner
from bot.captioning.options import CaptionOptions
from bot.captioning.precision import FLOAT_DTYPES
from bot.chat.image_work import again_options
from bot.chat.styles import STYLES, StyleInput
from bot.training.shapes import generate

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "tiny-captioner"
FORMATS = ("int8", "float16", "bfloat16")
BAR = 0.99
SEED = 7

Answer = Callable[[Captioner, list[Image.Image]], list[object]]


def _style(name: str) -> Answer:
    style = STYLES[name]
    options = style.caption_options(CaptionOptions(), SEED)

    def answer(captioner: Captioner, images: list[Image.Image]) -> list[object]:
        candidates = batched(captioner, images, options)
        return [style.rewrite(StyleInput(tuple(c), SEED)) for c in candidates]

    return answer


def _again(captioner: Captioner, images: list[Image.Image]) -> list[object]:
    # As `ImageWork.again` asks (first round, plain style), one picture at a time: sampled
    # requests never share a batch.
    out: list[object] = []
    for index, image in enumerate(images):
        options = again_options(STYLES["plain"], CaptionOptions(), seed=index, attempt=0)
        [candidates] = captioner.generate([image], options)
        out.append(tuple(candidates))
    return out


def _question(captioner: Captioner, images: list[Image.Image]) -> list[object]:
    return [c[0] for c in batched(captioner, images, CaptionOptions(prefix="a red"))]


def requests() -> dict[str, Answer]:
    """One entry per distinct answer a user can get."""
    found: dict[str, Answer] = {name: _style(name) for name in STYLES}
    found["again"] = _again
    found["question"] = _question
    return found


def batched(
    captioner: Captioner, images: list[Image.Image], options: CaptionOptions, size: int = 16
) -> list[list[str]]:
    out: list[list[str]] = []
    for start in range(0, len(images), size):
        out += captioner.generate(images[start : start + size], options)
    return out


def load(model: str, dtype: str) -> Captioner | None:
    try:
        return load_captioner(model, "cpu", dtype)
    except ModelLoadError as exc:
        if dtype not in FLOAT_DTYPES:
            print(f"{dtype}: skipped ({exc})", flush=True)
            return None
    # float16 runs on CUDA only; without a GPU its arithmetic is emulated on the CPU, slowly.
    loaded = load_captioner(model, "cpu", "float32")
    # transformers decorates `to` with functools.wraps, which mypy cannot bind as a method.
    converted = loaded.model.to(FLOAT_DTYPES[dtype])  # type: ignore[arg-type]
    print(f"{dtype}: emulated on the CPU (no CUDA here)", flush=True)
    info = replace(loaded.info, dtype=dtype)
    return Captioner(converted, loaded.processor, loaded.tokenizer, info)


def agreement(
    model: str, formats: tuple[str, ...], count: int, seed: int = 2024
) -> dict[str, dict[str, float]]:
    """For each format that runs here: per request, the share of answers equal to float32's."""
    images = [sample.image for sample in generate(count, seed, size=(96, 96))]
    reference = load_captioner(model, "cpu", "float32")
    asked = requests()
    expected = {name: answer(reference, images) for name, answer in asked.items()}
    results: dict[str, dict[str, float]] = {}
    for dtype in formats:
        candidate = load(model, dtype)
        if candidate is None:
            continue
        shares = {}
        for name, answer in asked.items():
            got = answer(candidate, images)
            shares[name] = sum(a == b for a, b in zip(got, expected[name], strict=True)) / count
            print(f"{dtype:>9} {name:>9}: {shares[name]:.1%} identical", flush=True)
        results[dtype] = shares
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(FIXTURE))
    parser.add_argument("--images", type=int, default=200)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--out", type=Path, default=Path("bench/results/precision.json"))
    args = parser.parse_args(argv)
    torch.manual_seed(0)
    results = agreement(args.model, tuple(args.formats.split(",")), args.images)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    for dtype, shares in results.items():
        worst = min(shares, key=shares.__getitem__)
        verdict = "keeps" if shares[worst] >= BAR else "CHANGES"
        print(f"{dtype}: worst {worst} {shares[worst]:.1%} identical ({verdict} captions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
