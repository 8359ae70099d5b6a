"""Number formats: int8's encoder (the same answers as float32, whatever the batch), its layers,
and the allocator tuning that comes with loading on a CPU."""

from __future__ import annotations

import platform
import typing

import pytest
import torch
from torch import nn
from transformers.pytorch_utils import Conv1D

from bench.precision import requests
from bot.allocator import keep_freed_memory
from bot.captioner import load_captioner
from bot.config import Settings
from bot.options import CaptionOptions
from bot.precision import PRECISIONS, Int8Linear, int8_available, int8_keeps, quantize_linears
from bot.training.shapes import generate

needs_int8 = pytest.mark.skipif(not int8_available(), reason="no int8 CPU kernels in this torch")


@pytest.fixture(scope="module")
def both(tiny_model_path):
    float32 = load_captioner(str(tiny_model_path), device="cpu", dtype="float32")
    int8 = load_captioner(str(tiny_model_path), device="cpu", dtype="int8")
    return float32, int8


@pytest.fixture(scope="module")
def images():
    return [sample.image for sample in generate(600, 2024, size=(96, 96))]


def test_every_format_can_be_configured():
    field = Settings.model_fields["caption_dtype"]
    assert set(typing.get_args(field.annotation)) == set(PRECISIONS)


@needs_int8
def test_int8_keeps_the_default_caption_of_float32(both, images):
    float32, int8 = both
    plain = requests()["plain"]
    changed = [
        (a, b) for a, b in zip(plain(int8, images), plain(float32, images), strict=True) if a != b
    ]
    assert len(changed) / len(images) <= 0.01, changed


@needs_int8
def test_requests_that_lean_on_near_ties_keep_the_float32_encoder(both, images):
    float32, int8 = both
    pictures = images[:24]
    for name in ("poetic", "detailed", "short", "again", "question"):
        answer = requests()[name]
        assert answer(int8, pictures) == answer(float32, pictures), name


@pytest.mark.parametrize(
    ("options", "int8"),
    [
        (CaptionOptions(), True),
        (CaptionOptions(num_beams=8, max_new_tokens=24, length_penalty=2.0), True),
        (CaptionOptions(num_beams=1), True),
        (CaptionOptions(num_return_sequences=2), False),
        (CaptionOptions(do_sample=True, num_beams=1, seed=3), False),
        (CaptionOptions(prefix="a red"), False),
    ],
)
def test_which_requests_use_the_int8_encoder(options, int8):
    assert int8_keeps(options) is int8


@needs_int8
def test_an_int8_caption_does_not_depend_on_its_batch(both, images):
    _, int8 = both
    long = CaptionOptions(num_beams=8, max_new_tokens=24, length_penalty=2.0)
    assert int8_keeps(long)
    pictures = images[:24]
    together = int8.generate(pictures, long)
    alone = [int8.generate([picture], long)[0] for picture in pictures]
    assert together == alone


@needs_int8
def test_only_an_encoder_copy_is_int8(both):
    _, int8 = both
    assert int8.info.dtype == "int8"
    copy = int8._int8_encoder
    assert not any(isinstance(m, Int8Linear) for m in int8.model.modules())
    assert not any(isinstance(m, nn.Linear) for m in copy.modules())
    assert any(isinstance(m, Int8Linear) for m in copy.modules())
    with pytest.raises(RuntimeError, match="cannot be moved or cast"):
        copy.to(torch.float64)


@needs_int8
@pytest.mark.parametrize("kind", ["linear", "linear without bias", "gpt-2 conv1d"])
def test_int8_layers_stay_close_to_the_float_product(kind):
    torch.manual_seed(0)
    layer: nn.Module
    if kind == "gpt-2 conv1d":
        layer = Conv1D(48, 64)
        nn.init.normal_(layer.weight, std=0.1)
    else:
        layer = nn.Linear(64, 48, bias=kind == "linear")
    holder = nn.Sequential(layer)
    assert quantize_linears(holder) == 1 and isinstance(holder[0], Int8Linear)
    inputs = torch.randn(5, 64, 7).transpose(1, 2)  # not contiguous
    expected = layer(inputs.contiguous())  # GPT-2's Conv1D itself needs contiguous input
    got = holder(inputs)
    assert got.shape == expected.shape
    assert ((got - expected).norm() / expected.norm()).item() < 0.03
    # Each sample is quantized on its own: alone it gives the same numbers.
    assert torch.equal(holder(inputs[2:3]), got[2:3])


def test_the_allocator_keeps_freed_memory_on_glibc():
    if platform.libc_ver()[0] != "glibc":
        pytest.skip("glibc only")
    assert keep_freed_memory()
