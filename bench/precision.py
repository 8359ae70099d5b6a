"""Does a number format keep captions? The tiny fixture model captions synthetic pictures in
float32 and in each other format; prints the share of answers identical to float32's, per request
and per request class (`bot.captioning.formats`), with the CPU it ran on.

The formats: the image encoder alone in int8 (fbgemm's packing, or oneDNN's) or in bfloat16, the
decoder's products or its cross-attention in bfloat16 (`bench.precision_variants`), and the whole
model in float16 or bfloat16. Each answers every request, so that each class's figure is known.

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

from bench.precision_variants import VARIANTS, variant
from bot.captioning.captioner import Captioner, load_captioner
from bot.captioning.cpu_features import detect
from bot.captioning.formats import REQUEST_CLASSES, request_class
from bot.captioning.options import CaptionOptions
from bot.captioning.precision import FLOAT_DTYPES
from bot.chat.image_work import again_options
from bot.chat.styles import STYLES, StyleInput
from bot.training.shapes import generate

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "tiny-captioner"
FORMATS = (*VARIANTS, "model-float16", "model-bfloat16")
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


def load(model: str, name: str, reference: Captioner) -> Captioner:
    if name in VARIANTS:
        return variant(reference, name)
    dtype = name.removeprefix("model-")
    # On a CPU the whole model in float16 is emulated, slowly; bfloat16 runs natively where the
    # CPU has AVX512-BF16 or AMX.
    loaded = load_captioner(model, "cpu", "float32")
    # transformers decorates `to` with functools.wraps, which mypy cannot bind as a method.
    converted = loaded.model.to(FLOAT_DTYPES[dtype])  # type: ignore[arg-type]
    info = replace(loaded.info, dtype=dtype)
    return Captioner(converted, loaded.processor, loaded.tokenizer, info)


def classes_of(asked: dict[str, Answer]) -> dict[str, str]:
    """Each request's class (`formats.request_class`), from the options it generates with."""
    found = {name: request_class(STYLES[name].caption_options(CaptionOptions(), SEED))
             for name in asked if name in STYLES}  # fmt: skip
    found["again"] = "sampling"
    found["question"] = request_class(CaptionOptions(prefix="a red"))
    return found


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
        candidate = load(model, dtype, reference)
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
    cpu = detect()
    print(f"CPU: {cpu.describe()} (matrix unit {cpu.matrix_unit}); torch {torch.__version__}")
    results = agreement(args.model, tuple(args.formats.split(",")), args.images)
    kinds = classes_of(requests())
    by_class = {
        dtype: {
            kind: min(share for name, share in shares.items() if kinds[name] == kind)
            for kind in REQUEST_CLASSES
        }
        for dtype, shares in results.items()
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = {"cpu": cpu.describe(), "per_request": results, "per_class": by_class}
    args.out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"{'format':>15} " + " ".join(f"{kind:>10}" for kind in REQUEST_CLASSES))
    for dtype, worst in by_class.items():
        cells = " ".join(
            f"{worst[kind]:>9.1%}{'' if worst[kind] >= BAR else '*'}" for kind in REQUEST_CLASSES
        )
        print(f"{dtype:>15} {cells}")
    print(f"(the worst request of each class; * below the {BAR:.0%} bar)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
