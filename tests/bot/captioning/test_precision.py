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
from bot.captioning.allocator import keep_freed_memory
from bot.captioning.captioner import Captioner, load_captioner
from bot.captioning.formats import FormatPlan, request_class
from bot.captioning.options import CaptionOptions
from bot.captioning.precision import (
    PRECISIONS,
    Int8Linear,
    int8_available,
    quantize_linears,
)
from bot.config import Settings
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
@needs_int8
@pytest.mark.parametrize(
    ("request_kind", "encoder"),
    [
        ("plain", "int8"),
        ("funny", "int8"),
        ("poetic", "float32"),
        ("short", "float32"),
        ("detailed", "float32"),
        ("again", "float32"),
        ("question", "float32"),
    ],
)
def test_each_request_runs_on_the_encoder_that_keeps_its_answer(
    both, images, request_kind, encoder
):
    float32, int8 = both
    ran = []
    hooks = [
        int8.encoders["int8"].register_forward_hook(lambda *_: ran.append("int8")),
        int8.model.encoder.register_forward_hook(lambda *_: ran.append("float32")),
    ]
    try:
        answer = requests()[request_kind]
        got = answer(int8, images[:4])
    finally:
        for hook in hooks:
            hook.remove()
    assert ran and set(ran) == {encoder}
    if encoder == "float32":
        assert got == answer(float32, images[:4])


def test_a_separate_encoder_reaches_both_decoding_paths(tiny_model_path, images):
    """Whatever the platform: a second encoder (here a float32 copy) gives the same captions
    through the fast decoder and through transformers' `generate` (`encoder_outputs`)."""
    from copy import deepcopy

    base = load_captioner(str(tiny_model_path), device="cpu", dtype="float32")
    options = CaptionOptions()
    expected = base.generate(images[:6], options)
    for fast in (True, False):
        plan = FormatPlan(
            {kind: "int8" for kind in ("best", "candidates", "sampling", "question")}, "test"
        )
        twin = Captioner(
            base.model, base.processor, base.tokenizer, base.info, fast_decoding=fast,
            plan=plan, encoders={"int8": deepcopy(base.model.encoder)},
        )  # fmt: skip
        assert twin.generate(images[:6], options) == expected


@pytest.mark.parametrize(
    ("options", "int8"),
    [
        (CaptionOptions(), True),
        (CaptionOptions(num_beams=8, max_new_tokens=24, length_penalty=2.0), True),
        (CaptionOptions(num_beams=4, min_new_tokens=16, max_new_tokens=16), True),
        (CaptionOptions(num_beams=1), True),
        (CaptionOptions(num_return_sequences=2), False),
        (CaptionOptions(do_sample=True, num_beams=1, seed=3), False),
        (CaptionOptions(prefix="a red"), False),
    ],
)
def test_which_requests_use_the_int8_encoder(options, int8):
    assert (request_class(options) == "best") is int8


@needs_int8
def test_an_int8_caption_does_not_depend_on_its_batch(both, images):
    _, int8 = both
    long = CaptionOptions(num_beams=8, max_new_tokens=24, length_penalty=2.0)
    assert int8.plan.encoder_for(long) == "int8"
    pictures = images[:24]
    together = int8.generate(pictures, long)
    alone = [int8.generate([picture], long)[0] for picture in pictures]
    assert together == alone


@needs_int8
def test_only_an_encoder_copy_is_int8(both):
    _, int8 = both
    assert int8.info.dtype == "int8"
    copy = int8.encoders["int8"]
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
