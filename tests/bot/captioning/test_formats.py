"""Which format answers which requests on which CPU (`formats`), and that each format a plan can
choose keeps the answers of the requests it is chosen for, whatever the batch, on this CPU."""

from __future__ import annotations

import pytest
import torch

from bench.precision import classes_of, requests
from bot.captioning.captioner import load_captioner
from bot.captioning.cpu_features import (
    AMX_BF16,
    AVX2,
    AVX512_BF16,
    AVX512_VNNI,
    AVX_VNNI,
    CpuFeatures,
    detect,
)
from bot.captioning.formats import (
    ENCODER_FORMATS,
    KEEPS,
    REQUEST_CLASSES,
    choose,
    plan_for,
    request_class,
)
from bot.captioning.options import CaptionOptions
from bot.captioning.precision import Bfloat16Linear, int8_available
from bot.training.shapes import generate

SAPPHIRE_RAPIDS = CpuFeatures.of("Intel Xeon", AMX_BF16, AVX512_BF16, AVX512_VNNI, AVX2)
ZEN_4 = CpuFeatures.of("AMD EPYC", AVX512_BF16, AVX512_VNNI, AVX2)
ICE_LAKE = CpuFeatures.of("Intel Xeon", AVX512_VNNI, AVX2)
ALDER_LAKE = CpuFeatures.of("Intel Core", AVX_VNNI, AVX2)
ZEN_2 = CpuFeatures.of("AMD EPYC", AVX2)
OLD = CpuFeatures.of("an old CPU")
BOTH = {"int8": True, "bfloat16": True}
CPU = torch.device("cpu")


@pytest.mark.parametrize(
    ("cpu", "best", "rest"),
    [
        (SAPPHIRE_RAPIDS, "bfloat16", "bfloat16"),  # AMX: bfloat16 is fastest and keeps all
        (ZEN_4, "int8", "bfloat16"),  # int8 fastest where it keeps, bfloat16 next
        (ICE_LAKE, "int8", "float32"),  # no bfloat16 hardware: as before issue 29
        (ALDER_LAKE, "int8", "float32"),
        (ZEN_2, "int8", "float32"),
        (OLD, "float32", "float32"),
    ],
)
def test_auto_chooses_per_cpu(cpu, best, rest):
    plan = choose(cpu, BOTH)
    assert plan.encoders["best"] == best
    assert {plan.encoders[kind] for kind in ("candidates", "sampling", "question")} == {rest}
    assert cpu.name in plan.reason and cpu.matrix_unit in plan.reason


def test_without_int8_kernels_auto_falls_back_to_what_remains():
    assert choose(ZEN_4, {"int8": False, "bfloat16": True}).encoders["best"] == "bfloat16"
    assert set(choose(ZEN_2, {"int8": False}).encoders.values()) == {"float32"}


def test_a_named_format_forces_it_whatever_the_cpu():
    for cpu in (SAPPHIRE_RAPIDS, ZEN_2):
        assert set(plan_for("float32", "float32", CPU, cpu).encoders.values()) == {"float32"}
        whole = plan_for("bfloat16", "bfloat16", CPU, cpu)
        assert whole.body == "bfloat16" and not whole.formats  # the whole model, no copy
        int8 = plan_for("int8", "int8", CPU, cpu)
        assert int8.encoders == {
            "best": "int8", "candidates": "float32", "sampling": "float32", "question": "float32"
        }  # fmt: skip
    assert plan_for("auto", "float16", torch.device("cuda"), ZEN_4).body == "float16"


def test_every_plan_only_uses_formats_that_keep_its_requests():
    for unit_cpu in (SAPPHIRE_RAPIDS, ZEN_4, ICE_LAKE, ZEN_2, OLD):
        plan = choose(unit_cpu, BOTH)
        for kind, fmt in plan.encoders.items():
            assert kind in KEEPS[fmt]


def test_the_plan_is_described_in_one_line():
    plan = choose(ZEN_4, BOTH)
    assert plan.describe() == "int8 for best; bfloat16 for candidates, sampling, question"
    assert plan.as_dict()["encoder"] == dict(plan.encoders)


def test_this_cpu_is_read():
    found = detect()
    assert found.name
    assert found.matrix_unit in ("amx", "avx512-bf16", "vnni", "avx2", "none")


def test_unknown_features_are_refused():
    with pytest.raises(ValueError, match="unknown CPU features"):
        CpuFeatures.of("x", "avx9000")


def test_bench_classes_match_the_requests():
    kinds = classes_of(requests())
    assert kinds["plain"] == "best" and kinds["detailed"] == "candidates"
    assert kinds["again"] == "sampling" and kinds["question"] == "question"
    assert request_class(CaptionOptions(num_return_sequences=2)) == "candidates"


@pytest.fixture(scope="module")
def pictures():
    return [sample.image for sample in generate(80, 2024, size=(96, 96))]


@pytest.fixture(scope="module")
def reference(tiny_model_path, pictures):
    float32 = load_captioner(str(tiny_model_path), device="cpu", dtype="float32")
    return {name: answer(float32, pictures) for name, answer in requests().items()}


def _loaded_as(tiny_model_path, cpu):
    return load_captioner(str(tiny_model_path), device="cpu", dtype="auto", cpu=cpu)


@pytest.mark.parametrize("cpu", [SAPPHIRE_RAPIDS, ZEN_4, ZEN_2], ids=["amx", "avx512-bf16", "avx2"])
def test_each_cpus_plan_answers_as_float32_does(tiny_model_path, pictures, reference, cpu):
    """Whatever CPU runs the test, the plan each CPU would get gives float32's answers (bfloat16
    runs, emulated and slowly, where the CPU has no bfloat16 hardware)."""
    if not int8_available() and "int8" in choose(cpu, BOTH).encoders.values():
        pytest.skip("no int8 CPU kernels in this torch")
    captioner = _loaded_as(tiny_model_path, cpu)
    assert captioner.plan == choose(cpu, {"int8": int8_available(), "bfloat16": True})
    assert set(captioner.encoders) == set(captioner.plan.formats)
    for name, answer in requests().items():
        got = answer(captioner, pictures)
        same = sum(a == b for a, b in zip(got, reference[name], strict=True))
        assert same / len(pictures) >= 0.975, (name, same)  # 80 pictures: at most 2 differ


def test_each_request_class_runs_on_its_planned_encoder(tiny_model_path, pictures, caplog):
    with caplog.at_level("INFO", logger="bot.captioning.captioner"):
        captioner = _loaded_as(tiny_model_path, ZEN_4)
    # The start-up line says which format answers what, and why.
    assert (
        "image encoder: int8 for best; bfloat16 for candidates, sampling, question" in caplog.text
    )
    assert "AMD EPYC: avx512_bf16, avx512_vnni, avx2; matrix unit avx512-bf16" in caplog.text
    ran: list[str] = []
    hooks = [
        module.register_forward_hook(lambda *_, fmt=fmt: ran.append(fmt))
        for fmt, module in [*captioner.encoders.items(), ("float32", captioner.model.encoder)]
    ]
    try:
        for name, kind in classes_of(requests()).items():
            ran.clear()
            requests()[name](captioner, pictures[:2])
            assert set(ran) == {captioner.plan.encoders[kind]}, name
    finally:
        for hook in hooks:
            hook.remove()


def test_a_bfloat16_caption_does_not_depend_on_its_batch(tiny_model_path, pictures):
    captioner = _loaded_as(tiny_model_path, SAPPHIRE_RAPIDS)
    assert captioner.plan.encoders["candidates"] == "bfloat16"
    detailed = CaptionOptions(num_beams=8, num_return_sequences=6, max_new_tokens=24)
    together = captioner.generate(pictures[:24], detailed)
    alone = [captioner.generate([picture], detailed)[0] for picture in pictures[:24]]
    assert together == alone


def test_bfloat16_layers_stay_close_to_the_float_product():
    torch.manual_seed(0)
    layer = torch.nn.Linear(64, 48)
    low = Bfloat16Linear(layer.weight, layer.bias)
    inputs = torch.randn(5, 7, 64)
    expected = layer(inputs)
    got = low(inputs)
    assert got.dtype == torch.float32 and got.shape == expected.shape
    assert ((got - expected).norm() / expected.norm()).item() < 0.01
    assert torch.equal(low(inputs[2:3]), got[2:3])
    with pytest.raises(RuntimeError, match="cannot be moved or cast"):
        low.to(torch.float64)


def test_every_encoder_format_is_in_the_speed_orders():
    from bot.captioning.formats import SPEED_ORDER

    for order in SPEED_ORDER.values():
        assert set(order) <= set(ENCODER_FORMATS) and order[-1] == "float32"
    assert set(KEEPS) == set(ENCODER_FORMATS)
    assert KEEPS["float32"] == frozenset(REQUEST_CLASSES)
