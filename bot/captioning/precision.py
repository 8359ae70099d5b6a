"""Number formats: resolving `CAPTION_DTYPE`, and the int8 and bfloat16 copies of the encoder.

`CAPTION_DTYPE=auto` on a CPU keeps the model float32 and answers each class of request with a
copy of the image encoder in the fastest format that keeps its answers on this CPU
(`formats`); on CUDA it loads the whole model in float16. A named format forces it: float32,
bfloat16 or float16 for the whole model, int8 for the int8 encoder wherever it keeps answers
(the default caption), float32 for the rest.

The encoder holds about 60 % of a caption's arithmetic (all 197 of a picture's tokens, 196
patches and the class token, go through it), which is why its copies pay. The int8 encoder is
dynamic quantization: each linear layer keeps its weight in int8 with one scale per output row and
quantizes its input on each call with a scale taken from that picture. The bfloat16 encoder
multiplies in bfloat16 and accumulates in float32. In both, the attention's own products (scores,
softmax, weighted values), normalisation, embeddings, the patch convolution and any
encoder-to-decoder projection stay float32. int8 in the text decoder, its output layer above all,
changed several times as many captions; bfloat16 there kept them but was slower (`formats`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from copy import deepcopy
from typing import NoReturn

import torch
from torch import nn

from bot.captioning.decoding.linear import bias_of, weight_out_in

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


# Rows per call the bfloat16 packing is tuned for: a batch of pictures' tokens (16 x 197).
_BF16_ROWS_HINT = 16 * 197


def bfloat16_packing_available() -> bool:
    """oneDNN's own bfloat16 products: x86 CPUs with AVX512-BF16 or AMX."""
    mkldnn = torch.ops.mkldnn
    return (
        torch.backends.mkldnn.is_available()
        and hasattr(mkldnn, "_is_mkldnn_bf16_supported")
        and bool(mkldnn._is_mkldnn_bf16_supported())
        and hasattr(mkldnn, "_reorder_linear_weight")
        and hasattr(mkldnn, "_linear_pointwise")
    )


class Bfloat16Linear(nn.Module):
    """`x @ weight.T + bias` multiplied in bfloat16 (oneDNN accumulates in float32), its result
    back in float32: the normalisations, the attention's own products and the residual sums
    around it stay float32. No scale depends on the input, so a picture's result does not depend
    on its batch. CPUs with AMX or AVX512-BF16 multiply bfloat16 in hardware; elsewhere torch
    emulates it, slower than float32 (`formats.SPEED_ORDER` never picks it there)."""

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor | None):
        super().__init__()
        self.in_features = weight.shape[1]
        self.out_features = weight.shape[0]
        weight = weight.detach().to(torch.bfloat16).contiguous()
        self.bias = None if bias is None else bias.detach().to(torch.bfloat16).contiguous()
        # Packed once for oneDNN where it multiplies bfloat16 itself: ViT-base's encoder ran 10 %
        # faster than through `F.linear`, with the same numbers (AMD EPYC, AVX512-BF16).
        self.packed = bfloat16_packing_available()
        if self.packed:
            weight = torch.ops.mkldnn._reorder_linear_weight(weight, _BF16_ROWS_HINT)
        self.weight = weight

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        low = inputs.to(torch.bfloat16)
        if self.packed:
            product = torch.ops.mkldnn._linear_pointwise(
                low, self.weight, self.bias, "none", [], ""
            )
        else:
            product = nn.functional.linear(low, self.weight, self.bias)
        return product.to(inputs.dtype)

    def _apply(self, fn: Callable[[torch.Tensor], torch.Tensor], recurse: bool = True) -> NoReturn:
        raise RuntimeError("bfloat16 layers cannot be moved or cast: load the model in place first")

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}, bfloat16"


# The layer each reduced encoder format swaps in for every linear layer.
_LAYERS: dict[str, Callable[[torch.Tensor, torch.Tensor | None], nn.Module]] = {
    "int8": Int8Linear,
    "bfloat16": Bfloat16Linear,
}


def encoder_copy(encoder: nn.Module, fmt: str) -> nn.Module:
    """A copy of `encoder` in `fmt`, one of `formats.ENCODER_FORMATS` other than float32; the
    original stays for the requests the copy does not answer."""
    if fmt not in _LAYERS:
        raise ValueError(f"no encoder copy in {fmt!r}")
    copy = deepcopy(encoder)
    swap_linears(copy, _LAYERS[fmt])
    return copy.eval()


def quantize_linears(module: nn.Module) -> int:
    """Swap every linear layer under `module` (nn.Linear and GPT-2's Conv1D) for an
    `Int8Linear`, in place; returns how many were swapped."""
    return swap_linears(module, Int8Linear)


def swap_linears(
    module: nn.Module, make: Callable[[torch.Tensor, torch.Tensor | None], nn.Module]
) -> int:
    """Replace every linear layer under `module` (nn.Linear and GPT-2's Conv1D) by
    `make(weight (out, in), bias)`, in place; returns how many were replaced."""
    swapped = 0
    for parent in list(module.modules()):
        for name, child in list(parent.named_children()):
            weight = weight_out_in(child)
            if weight is None:
                continue
            setattr(parent, name, make(weight, bias_of(child)))
            swapped += 1
    return swapped
