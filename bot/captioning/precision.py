"""Which number format the model runs in, and int8 weights for CPUs.

`CAPTION_DTYPE=auto` lowers precision only where that keeps what users see: float16 on CUDA, the
int8 image encoder (below) on x86 CPUs, float32 elsewhere. "Keeps" is measured by `python -m
bench.precision`: the tiny fixture model answers 200 synthetic pictures in each format as a chat
user gets them (every style's caption after its rewrite, "again", a question), and a format must
match float32's answer for at least 99 % of pictures in every one of them.

On the development machine an int8 encoder used for everything matched 100 % of default captions
but only 96.5 % of the poetic and detailed styles, which use the second to sixth best candidates,
where beam scores are nearly tied; "short" (98.5 %), sampling ("again", 98.5 %) and questions
(97.5 %) moved too. So an int8 copy of the encoder answers only the requests for the one best
caption of the whole picture (`int8_keeps`), and the float32 encoder answers the rest: every
answer then matched.
float16 reached 99.0 % at worst (emulated on the CPU), bfloat16 95 %: it stays available, but
`auto` does not pick it.

The int8 encoder is dynamic quantization: each linear layer keeps its weight in int8 with one
scale per output row and quantizes its input on each call with a scale taken from that picture.
The encoder holds about 60 % of a caption's arithmetic (all 197 of a picture's tokens, 196
patches and the class token, go through it), and on the 2-core AVX2 development CPU it runs 2x
faster this way. The text decoder stays float32: int8 there, its output layer above all, changed
several times as many captions. The attention's own products (scores, softmax, weighted values),
normalisation, embeddings, the patch convolution and any encoder-to-decoder projection stay
float32 too.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from copy import deepcopy
from typing import NoReturn

import torch
from torch import nn

from bot.captioning.decoding.linear import bias_of, weight_out_in
from bot.captioning.options import CaptionOptions

PRECISIONS = ("auto", "float32", "float16", "bfloat16", "int8")
FLOAT_DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}


class PrecisionError(ValueError):
    """The asked-for format cannot run on this device."""


def int8_available() -> bool:
    """fbgemm's dynamic int8 products: x86 builds of torch that still ship them."""
    return (
        torch.backends.quantized.engine in ("x86", "fbgemm")
        and hasattr(torch.ops.quantized, "linear_dynamic")
        and hasattr(torch.ops.quantized, "linear_prepack")
    )


def resolve_precision(name: str, device: torch.device) -> str:
    """The format `name` means on `device`: one of float32, float16, bfloat16, int8."""
    if name not in PRECISIONS:
        raise PrecisionError(f"unknown dtype {name!r}; use one of {', '.join(PRECISIONS)}")
    if name == "auto":
        if device.type == "cuda":
            return "float16"
        return "int8" if device.type == "cpu" and int8_available() else "float32"
    if name == "float16" and device.type != "cuda":
        raise PrecisionError("float16 needs a CUDA device; on a CPU use float32, bfloat16 or int8")
    if name == "int8":
        if device.type != "cpu":
            raise PrecisionError("int8 runs on CPUs only; on CUDA use bfloat16 or float16")
        if not int8_available():
            raise PrecisionError("this build of torch has no int8 CPU kernels; use float32")
    return name


def float_dtype(precision: str) -> torch.dtype:
    """The dtype of the parts that stay floating point (all of them, unless int8)."""
    return FLOAT_DTYPES.get(precision, torch.float32)


class Int8Linear(nn.Module):
    """`x @ weight.T + bias` with `weight` (out, in) in int8, one scale per output row. Each
    sample of `x` (each picture, for a batch of shape (pictures, tokens, features)) is quantized
    on each call with a scale from its own range, so that its result does not depend on the rest
    of the batch.

    The packed weight is not a parameter or buffer: `.to()`, `state_dict()` and saving do not see
    it, so moving or casting a model after quantizing it raises instead of silently keeping it."""

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor | None):
        super().__init__()
        weight = weight.detach().float().contiguous()
        self.in_features = weight.shape[1]
        self.out_features = weight.shape[0]
        scales = (weight.abs().amax(dim=1) / 127).clamp(min=1e-12).double()
        zeros = torch.zeros(weight.shape[0], dtype=torch.long)
        with warnings.catch_warnings():
            # torch 2.13 marks its quantized tensor types deprecated in favour of torchao, whose
            # x86 int8 path does not reach fbgemm's speed on AVX2 yet; torch is pinned, and
            # `int8_available` turns int8 off on a torch without these kernels.
            warnings.filterwarnings("ignore", message=".*quantize_per_channel.*deprecated")
            warnings.filterwarnings("ignore", message=".*quantized tensor.*deprecated")
            quantized = torch.quantize_per_channel(weight, scales, zeros, 0, torch.qint8)
            bias = None if bias is None else bias.detach().float().contiguous()
            self._packed = torch.ops.quantized.linear_prepack(quantized, bias)

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        if inputs.dim() < 3:
            return self._product(inputs)
        # fbgemm takes one input scale for the whole tensor: one call per sample keeps a picture's
        # caption the same whatever it is batched with (and whatever the cache saw first).
        return torch.stack([self._product(sample) for sample in inputs.unbind(0)])

    def _product(self, inputs: torch.Tensor) -> torch.Tensor:
        # reduce_range: 7-bit inputs, so that AVX2's 8-bit multiply-adds cannot saturate.
        return torch.ops.quantized.linear_dynamic(inputs.contiguous(), self._packed, True)

    def _apply(self, fn: Callable[[torch.Tensor], torch.Tensor], recurse: bool = True) -> NoReturn:
        raise RuntimeError("int8 layers cannot be moved or cast: load the model in place first")

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}, int8"


def int8_copy(encoder: nn.Module) -> nn.Module:
    """An int8 copy of an image encoder; the float32 original stays for the other requests."""
    copy = deepcopy(encoder)
    quantize_linears(copy)
    return copy.eval()


def int8_keeps(options: CaptionOptions) -> bool:
    """Whether the int8 encoder may answer `options`: requests for the one best caption of the
    whole picture. `bench.precision` measured the bot's own such requests (the default caption
    and the styles that rewrite it: 100 % identical to float32); the rule extends that to the
    other single-best requests a worker accepts (greedy, more beams, other lengths). Requests
    that use runner-up candidates, sample, or continue a question's prefix lean on near ties in
    the scores (96.5-98.5 % identical in int8), and keep the float32 encoder."""
    return options.num_return_sequences == 1 and not options.do_sample and not options.prefix


def quantize_linears(module: nn.Module) -> int:
    """Swap every linear layer under `module` (nn.Linear and GPT-2's Conv1D) for an
    `Int8Linear`, in place; returns how many were swapped."""
    swapped = 0
    for parent in list(module.modules()):
        for name, child in list(parent.named_children()):
            weight = weight_out_in(child)
            if weight is None:
                continue
            setattr(parent, name, Int8Linear(weight, bias_of(child)))
            swapped += 1
    return swapped
