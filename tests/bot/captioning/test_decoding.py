"""The fast decoder gives the captions transformers' `generate` gives, for every kind of request
the bot makes, and steps aside for what it does not reproduce."""

from __future__ import annotations

import threading

import pytest
import torch
from transformers import GenerationConfig

from bot.captioning.captioner import load_captioner
from bot.captioning.decoding.gpt2_cross import unsupported_reason
from bot.captioning.decoding.processors import unsupported_setting
from bot.captioning.options import CaptionOptions
from bot.chat.styles import STYLES
from bot.training.shapes import generate

# What the bot asks for: each style's preset, "again" (sampling, 8 candidates), questions
# (a prefix), forced lengths as in the benchmark, and the rarer knobs the worker API accepts.
REQUESTS = [
    *(dict(style.options) for style in STYLES.values()),
    {
        "do_sample": True,
        "num_beams": 1,
        "seed": 5,
        "temperature": 1.2,
        "top_p": 0.9,
        "num_return_sequences": 8,
    },
    {"do_sample": True, "num_beams": 1, "seed": 7, "top_k": 20, "num_return_sequences": 3},
    {"do_sample": True, "num_beams": 3, "seed": 9, "num_return_sequences": 2},
    {"num_beams": 4, "prefix": "a red"},
    {"num_beams": 1, "prefix": "a blue"},
    {"num_beams": 4, "min_new_tokens": 16, "max_new_tokens": 16},
    {"num_beams": 3, "no_repeat_ngram_size": 2, "repetition_penalty": 1.5},
    {"num_beams": 1},
]


@pytest.fixture(scope="module")
def both(tiny_model_path):
    return load_captioner(str(tiny_model_path)), load_captioner(
        str(tiny_model_path), fast_decoding=False
    )


@pytest.fixture(scope="module")
def pictures():
    # Mixed sizes and shape counts: captions of different lengths end at different steps, so
    # images leave a batch while others go on.
    return [s.image for s in generate(12, 2024, size=(320, 240))]


@pytest.mark.parametrize("request_options", REQUESTS, ids=lambda o: str(sorted(o.items())))
def test_fast_decoding_captions_exactly_as_transformers(both, pictures, request_options):
    fast, reference = both
    assert fast._fast is not None and reference._fast is None
    options = CaptionOptions.from_mapping(request_options)
    # A sampled batch: every picture under the request's seed, each as if alone (transformers
    # runs seeded pictures one at a time).
    for batch in [pictures[:1], pictures]:
        assert fast.generate(batch, options) == reference.generate(batch, options)


@pytest.mark.parametrize("num_beams", [1, 3])
def test_each_picture_samples_under_its_own_seed_whatever_its_batch(both, pictures, num_beams):
    fast, reference = both
    options = CaptionOptions(
        do_sample=True, num_beams=num_beams, temperature=1.5, num_return_sequences=num_beams
    )
    seeds = list(range(1, len(pictures) + 1))
    together = fast.generate(pictures, options, seeds)
    alone = [fast.generate([p], options, [s])[0] for p, s in zip(pictures, seeds, strict=True)]
    assert together == alone
    # What transformers gives each picture alone after torch.manual_seed(its seed).
    assert together == [
        reference.generate([p], options.with_changes(seed=s))[0]
        for p, s in zip(pictures, seeds, strict=True)
    ]
    assert len({tuple(c) for c in together}) > 1  # the seeds made a difference


def test_batching_does_not_change_a_caption(both, pictures):
    fast, _ = both
    options = CaptionOptions()
    alone = [fast.generate([picture], options)[0] for picture in pictures]
    assert fast.generate(pictures, options) == alone


def test_settings_it_cannot_reproduce_go_to_transformers():
    assert unsupported_setting(GenerationConfig(num_beams=4)) is None
    assert unsupported_setting(GenerationConfig(bad_words_ids=[[5]])) == "bad_words_ids"
    assert unsupported_setting(GenerationConfig(num_beams=4, early_stopping="never")) == (
        "early_stopping"
    )


def test_other_decoders_are_left_to_transformers(tiny_captioner):
    assert unsupported_reason(tiny_captioner.model) is None
    model = tiny_captioner.model
    original = model.decoder.config.reorder_and_upcast_attn
    try:
        model.decoder.config.reorder_and_upcast_attn = True
        reason = unsupported_reason(model)
        assert reason is not None
        assert "scaling" in reason
    finally:
        model.decoder.config.reorder_and_upcast_attn = original


def test_generate_on_another_thread_uses_the_configured_threads(tiny_model_path):
    captioner = load_captioner(str(tiny_model_path), threads=1)
    seen = []

    def caption() -> None:
        captioner.generate(pictures_for_threads(), CaptionOptions())
        seen.append(torch.get_num_threads())

    worker = threading.Thread(target=caption)
    worker.start()
    worker.join()
    assert seen == [1]


def pictures_for_threads():
    return [s.image for s in generate(1, 1, size=(64, 64))]


def test_a_request_longer_than_the_decoder_stops_at_its_last_position(both, pictures):
    fast, reference = both
    options = CaptionOptions(num_beams=2, min_new_tokens=100, max_new_tokens=128)
    assert fast.generate(pictures[:2], options) == reference.generate(pictures[:2], options)
    assert all(c[0] for c in fast.generate(pictures[:2], options))
