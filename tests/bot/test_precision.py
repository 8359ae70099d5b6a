"""Number formats: int8 on CPUs keeps the captions float32 gives (the 99 % bar of
`bench.precision`), only the encoder is quantized, and the allocator tuning applies."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from bench.precision import BAR, captions, presets
from bot.allocator import keep_freed_memory
from bot.captioner import load_captioner
from bot.precision import Int8Linear, int8_available, quantize_linears
from bot.training.shapes import generate

pytestmark = pytest.mark.skipif(not int8_available(), reason="no int8 CPU kernels in this torch")


@pytest.fixture(scope="module")
def both(tiny_model_path):
    float32 = load_captioner(str(tiny_model_path), device="cpu", dtype="float32")
    int8 = load_captioner(str(tiny_model_path), device="cpu", dtype="int8")
    return float32, int8


@pytest.mark.parametrize("preset", ["plain", "detailed"])
def test_int8_keeps_the_captions_of_float32(both, preset):
    float32, int8 = both
    images = [sample.image for sample in generate(600, 2024, size=(96, 96))]
    options = presets()[preset]
    expected = captions(float32, images, options)
    got = captions(int8, images, options)
    changed = [(a, b) for a, b in zip(got, expected, strict=True) if a != b]
    assert 1 - len(changed) / len(images) >= BAR, changed


def test_only_the_encoder_is_int8(both):
    _, int8 = both
    assert int8.info.dtype == "int8"
    encoder = [m for m in int8.model.encoder.modules() if isinstance(m, Int8Linear)]
    decoder = [m for m in int8.model.decoder.modules() if isinstance(m, Int8Linear)]
    assert encoder and not decoder
    assert not any(isinstance(m, nn.Linear) for m in int8.model.encoder.modules())


def test_int8_linear_is_close_to_the_float_product():
    torch.manual_seed(0)
    layer = nn.Linear(64, 48)
    holder = nn.Sequential(layer)
    assert quantize_linears(holder) == 1
    inputs = torch.randn(5, 7, 64)
    expected = layer(inputs)
    got = holder(inputs)
    assert got.shape == expected.shape
    assert ((got - expected).norm() / expected.norm()).item() < 0.03


def test_the_allocator_keeps_freed_memory_on_glibc():
    import platform

    if platform.libc_ver()[0] != "glibc":
        pytest.skip("glibc only")
    assert keep_freed_memory()
