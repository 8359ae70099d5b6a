"""The number-format variants `bench.precision` measures, built from a float32 captioner.

Encoder variants are what `CAPTION_DTYPE=auto` can choose (`bot.captioning.formats`): a copy of the
image encoder in int8 or bfloat16 answering every request. The others exist here only, to be
measured (issue 29 asked for them), and are kept out of the bot unless they hold the 99 % rule:
- int8-onednn: the int8 encoder with its weights packed for oneDNN instead of fbgemm;
- decoder-bf16: the text decoder's projections multiplied in bfloat16 (float32 accumulation and
  results), its output layer (the logits) float32;
- cross-kv-bf16: each picture's cross-attention keys and values kept in bfloat16, and the
  decoder's attention over them computed in bfloat16.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import torch
import torch.nn.functional as F
from torch import nn

from bot.captioning.captioner import Captioner
from bot.captioning.decoding.gpt2_cross import DecodeState, GPT2CrossDecoder, _Layer
from bot.captioning.decoding.linear import bias_of, weight_out_in
from bot.captioning.formats import REQUEST_CLASSES, FormatPlan
from bot.captioning.precision import Bfloat16Linear, encoder_copy

ENCODER_VARIANTS = ("int8", "int8-onednn", "bfloat16")
DECODER_VARIANTS = ("decoder-bf16", "cross-kv-bf16")
VARIANTS = ENCODER_VARIANTS + DECODER_VARIANTS


@contextlib.contextmanager
def quantized_engine(name: str) -> Iterator[None]:
    before = torch.backends.quantized.engine
    torch.backends.quantized.engine = name
    try:
        yield
    finally:
        torch.backends.quantized.engine = before


def variant(base: Captioner, name: str) -> Captioner:
    """A captioner sharing `base`'s float32 model with one part in another format, for every
    request."""
    if name in ENCODER_VARIANTS:
        fmt = "int8" if name.startswith("int8") else name
        engine = "onednn" if name == "int8-onednn" else torch.backends.quantized.engine
        with quantized_engine(engine):
            encoder = encoder_copy(base.model.encoder, fmt)
        plan = FormatPlan({kind: fmt for kind in REQUEST_CLASSES}, name)
        return _twin(base, plan, {fmt: encoder})
    twin = _twin(base, FormatPlan({k: "float32" for k in REQUEST_CLASSES}, name), {})
    fast = GPT2CrossDecoder(base.model)
    if name == "decoder-bf16":
        _bf16_products(fast, base.model)
    elif name == "cross-kv-bf16":
        _bf16_cross_attention(fast)
    else:
        raise ValueError(f"unknown variant {name!r}; use one of {', '.join(VARIANTS)}")
    twin._fast = fast
    return twin


def _twin(base: Captioner, plan: FormatPlan, encoders: dict[str, nn.Module]) -> Captioner:
    return Captioner(
        base.model, base.processor, base.tokenizer, base.info, True, base.threads, plan, encoders
    )


def _bf16(module: nn.Module) -> Bfloat16Linear:
    weight = weight_out_in(module)
    assert weight is not None
    return Bfloat16Linear(weight, bias_of(module))


def _bf16_products(fast: GPT2CrossDecoder, model: nn.Module) -> None:
    blocks = list(model.get_submodule("decoder.transformer.h").children())
    layers = []
    for block, layer in zip(blocks, fast.layers, strict=True):
        part = block.get_submodule
        fc, act = _bf16(part("mlp.c_fc")), part("mlp.act")
        layers.append(
            _Layer(
                ln_1=layer.ln_1,
                qkv=_bf16(part("attn.c_attn")),
                attn_out=_bf16(part("attn.c_proj")),
                ln_cross=layer.ln_cross,
                cross_q=_bf16(part("crossattention.q_attn")),
                cross_kv=_bf16(part("crossattention.c_attn")),
                cross_out=_bf16(part("crossattention.c_proj")),
                ln_2=layer.ln_2,
                fc=_then(fc, act),
                mlp_out=_bf16(part("mlp.c_proj")),
            )
        )
    fast.layers = layers  # the output layer (lm_head) keeps float32 logits


def _then(
    first: Callable[[torch.Tensor], torch.Tensor], second: Callable[[torch.Tensor], torch.Tensor]
) -> Callable[[torch.Tensor], torch.Tensor]:
    return lambda inputs: second(first(inputs))


def _bf16_cross_attention(fast: GPT2CrossDecoder) -> None:
    start = fast.start

    def bf16_start(encoded: torch.Tensor, rows: int, capacity: int) -> DecodeState:
        state = start(encoded, rows, capacity)
        state.cross = [(k.to(torch.bfloat16), v.to(torch.bfloat16)) for k, v in state.cross]
        return state

    def bf16_cross(
        layer: _Layer, cross: tuple[torch.Tensor, torch.Tensor], rows: int, hidden: torch.Tensor
    ) -> torch.Tensor:
        query = layer.cross_q(layer.ln_cross(hidden))
        count, new, _ = query.shape
        folded = query.view(count // rows, rows * new, fast.heads, fast.head_dim).transpose(1, 2)
        key, value = cross
        out = F.scaled_dot_product_attention(
            folded.to(torch.bfloat16), key, value, scale=fast.scale
        ).float()
        return layer.cross_out(out.transpose(1, 2).reshape(count, new, fast.width))

    fast.start = bf16_start  # type: ignore[method-assign]
    fast._cross_attention = bf16_cross  # type: ignore[method-assign]
