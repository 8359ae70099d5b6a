"""Which number format's image encoder answers which requests, chosen per CPU.

A caption request falls in one of four classes, by what its answer leans on:
- best: the one best caption of the whole picture (the default caption, and the styles that
  rewrite it);
- candidates: the runner-up captions too (the poetic, short and detailed styles), whose beam
  scores are often nearly tied;
- sampling: seeded sampling ("again");
- question: a caption that continues a prefix.

A format may answer a class only where `python -m bench.precision` found at least 99 % of that
class's answers identical to float32's (every request of the class, the worst one counting).
Among the formats that may, `CAPTION_DTYPE=auto` takes the fastest on this CPU's matrix unit
(ViT-base's encoder, a batch of 16, 2 threads):
- amx (Intel AMX-BF16): bfloat16, then int8. On a Sapphire Rapids Xeon float32 took 2.21 s, int8
  1.18 s, bfloat16 0.65 s (issue 29's figures, under `torch.autocast`).
- avx512-bf16 (AVX-512 with bfloat16 dot products, no AMX): int8, then bfloat16. On a 2-core AMD
  EPYC (Zen 4) float32 took 2.98 s, int8 1.14 s, bfloat16 1.66 s.
- vnni and avx2: int8 only; bfloat16 has no hardware there and is emulated, slower than float32.
So an AMX CPU answers everything with the bfloat16 encoder, a Zen 4 the default caption in int8
and the rest in bfloat16, and an AVX2 CPU as before: int8 for the default caption, float32 for
the rest.

The text decoder stays float32 everywhere. `bench.precision` measured its products in bfloat16
(float32 logits) and its cross-attention keys and values in bfloat16: both keep answers (99.5 %
at worst), but on the AMD EPYC a batch of 16 captions took 6.8 s and 5.9 s against float32's
5.7 s (the decoder's float32 weights are packed for oneDNN, see `decoding.linear`), and no AMX
CPU was at hand to show them faster there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import torch

from bot.captioning.cpu_features import CpuFeatures, detect
from bot.captioning.options import CaptionOptions
from bot.captioning.precision import int8_available

REQUEST_CLASSES = ("best", "candidates", "sampling", "question")
ENCODER_FORMATS = ("float32", "int8", "bfloat16")

# The classes each reduced format answers as float32 does, from `python -m bench.precision` on
# the tiny model, 200 pictures (AMD EPYC; the worst request of each class). int8: best 100 %,
# candidates 96.0 % (detailed), sampling 99.0 %, question 98.0 %; sampling sat at the bar here
# and at 98.5 % in an earlier run, so int8 is kept to the best caption. bfloat16: 99.5 % at
# worst (detailed), every class.
KEEPS: Mapping[str, frozenset[str]] = {
    "float32": frozenset(REQUEST_CLASSES),
    "int8": frozenset({"best"}),
    "bfloat16": frozenset(REQUEST_CLASSES),
}

# Encoder formats fastest first, per matrix unit (`CpuFeatures.matrix_unit`); see above.
SPEED_ORDER: Mapping[str, tuple[str, ...]] = {
    "amx": ("bfloat16", "int8", "float32"),
    "avx512-bf16": ("int8", "bfloat16", "float32"),
    "vnni": ("int8", "float32"),
    "avx2": ("int8", "float32"),
    "none": ("float32",),
}


def request_class(options: CaptionOptions) -> str:
    """The class of `options` (see the module's docstring)."""
    if options.do_sample:
        return "sampling"
    if options.prefix:
        return "question"
    if options.num_return_sequences > 1:
        return "candidates"
    return "best"


@dataclass(frozen=True)
class FormatPlan:
    """The encoder format for each request class, and why."""

    encoders: Mapping[str, str]  # request class -> encoder format
    reason: str
    body: str = "float32"  # the format the model itself is loaded in

    def encoder_for(self, options: CaptionOptions) -> str:
        return self.encoders[request_class(options)]

    @property
    def formats(self) -> tuple[str, ...]:
        """The formats besides the body's that the plan uses: each needs a copy of the encoder."""
        used = set(self.encoders.values()) - {self.body}
        return tuple(f for f in ENCODER_FORMATS if f in used)

    def describe(self) -> str:
        """One line: "int8 for best; float32 for candidates, sampling, question"."""
        by_format: dict[str, list[str]] = {}
        for kind in REQUEST_CLASSES:
            by_format.setdefault(self.encoders[kind], []).append(kind)
        return "; ".join(f"{fmt} for {', '.join(kinds)}" for fmt, kinds in by_format.items())

    def as_dict(self) -> dict[str, object]:
        return {"encoder": dict(self.encoders), "reason": self.reason}


def uniform(fmt: str, reason: str) -> FormatPlan:
    """The whole model in `fmt`, for every request."""
    return FormatPlan({kind: fmt for kind in REQUEST_CLASSES}, reason, body=fmt)


def plan_for(
    setting: str, precision: str, device: torch.device, features: CpuFeatures | None = None
) -> FormatPlan:
    """The plan for `CAPTION_DTYPE=setting`, which `precision.resolve_precision` read as
    `precision` on `device`; `features` default to this machine's CPU."""
    if setting == "auto" and device.type == "cpu":
        found = features or detect()
        return choose(found, {"int8": int8_available(), "bfloat16": True})
    if precision == "int8":
        # Forced, int8 still answers only what it keeps; float32 the rest.
        keeps = KEEPS["int8"]
        encoders = {kind: "int8" if kind in keeps else "float32" for kind in REQUEST_CLASSES}
        return FormatPlan(encoders, f"CAPTION_DTYPE={setting}")
    why = f"CAPTION_DTYPE={setting}" + (f" on {device.type}" if setting == "auto" else "")
    return uniform(precision, why)


def choose(features: CpuFeatures, available: Mapping[str, bool]) -> FormatPlan:
    """The fastest format that keeps answers, per request class, on a CPU with `features`;
    `available` says which formats this build of torch can run (int8 needs fbgemm)."""
    unit = features.matrix_unit
    order = [f for f in SPEED_ORDER[unit] if available.get(f, f == "float32")]
    encoders = {kind: next(f for f in order if kind in KEEPS[f]) for kind in REQUEST_CLASSES}
    return FormatPlan(encoders, f"{features.describe()}; matrix unit {unit}")
