"""Does a number format keep captions? The tiny fixture model captions synthetic pictures in
float32 and in each other format this machine runs; prints the share identical to float32's.

Every style's generation preset is used (beam search, and seeded sampling for the ones that
sample), so the count covers what users get. The bar for a format to be picked by
`CAPTION_DTYPE=auto` is 99 %.

    python -m bench.precision [--model tests/fixtures/tiny-captioner] [--images 200]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch

from bot.captioner import Captioner, ModelLoadError, load_captioner
from bot.options import CaptionOptions
from bot.precision import float_dtype
from bot.styles import STYLES
from bot.training.shapes import generate

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "tiny-captioner"
FORMATS = ("bfloat16", "int8", "float16")
BAR = 0.99


def presets() -> dict[str, CaptionOptions]:
    """One option set per distinct style preset, seeded so that sampling repeats."""
    found: dict[str, CaptionOptions] = {}
    for name, style in STYLES.items():
        options = style.caption_options(CaptionOptions(), seed=7)
        if options not in found.values():
            found[name] = options
    return found


def captions(
    captioner: Captioner, images: list, options: CaptionOptions, batch: int = 50
) -> list[str]:
    out: list[str] = []
    for start in range(0, len(images), batch):
        chunk = images[start : start + batch]
        out += [texts[0] for texts in captioner.generate(chunk, options)]
    return out


def emulated(model: str, dtype: str) -> Captioner:
    loaded = load_captioner(model, "cpu", "float32")
    converted = loaded.model.to(float_dtype(dtype))
    print(f"{dtype}: emulated on the CPU", flush=True)
    return Captioner(converted, loaded.processor, loaded.tokenizer, loaded.info)


def agreement(
    model: str, formats: tuple[str, ...], count: int, seed: int = 2024
) -> dict[str, dict[str, float]]:
    """For each format that loads here: per preset, the share of captions equal to float32's."""
    images = [sample.image for sample in generate(count, seed, size=(96, 96))]
    reference = load_captioner(model, "cpu", "float32")
    options = presets()
    expected = {name: captions(reference, images, o) for name, o in options.items()}
    results: dict[str, dict[str, float]] = {}
    for dtype in formats:
        try:
            candidate = load_captioner(model, "cpu", dtype)
        except ModelLoadError:
            # float16 runs on CUDA only; on a CPU its arithmetic is emulated here, slowly.
            candidate = emulated(model, dtype)
        shares = {}
        for name, o in options.items():
            got = captions(candidate, images, o)
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
        worst = min(shares.values())
        verdict = "keeps" if worst >= BAR else "CHANGES"
        print(f"{dtype}: worst preset {worst:.1%} identical ({verdict} captions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
