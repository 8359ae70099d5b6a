"""Loading captioners: local folders, hub ids offline, wrong models, random weights, dtypes."""

from __future__ import annotations

import json
import logging

import pytest
import torch
from transformers import GPT2Config, ViTConfig

from bot.captioning.captioner import ModelLoadError, load_captioner, resolve_dtype
from bot.captioning.options import CaptionOptions
from bot.captioning.precision import int8_available
from tests.pictures import draw_picture


def test_local_folder_loads_with_processor_and_tokenizer(tiny_captioner):
    info = tiny_captioner.info
    assert info.device == "cpu" and info.dtype == resolve_dtype("auto", torch.device("cpu"))
    assert not info.meaningless
    assert tiny_captioner.tokenizer.eos_token_id is not None
    assert tiny_captioner.generate([draw_picture([("blue", "circle")])], CaptionOptions()) == [
        ["a blue circle"]
    ]


def test_missing_folder_names_the_model_and_the_fix(tmp_path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(ModelLoadError) as error:
        load_captioner(str(missing))
    message = str(error.value)
    assert str(missing) in message
    assert "no such folder" in message
    assert "--model" in message and "\n" not in message


def test_an_unreachable_hub_id_names_the_download_the_folder_and_the_demo_model(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)  # found out by trying the hub, at once
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # the discard port: nobody answers
    with pytest.raises(ModelLoadError) as error:
        load_captioner("someone/not-cached-anywhere")
    message = str(error.value)
    assert "someone/not-cached-anywhere': it is not in this machine's Hugging Face cache" in message
    assert "http://127.0.0.1:9 cannot be reached" in message
    assert "huggingface-cli download someone/not-cached-anywhere" in message
    assert "CAPTION_MODEL=tests/fixtures/tiny-captioner" in message


def test_a_model_that_is_not_a_captioner_is_refused(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "gpt2"}))
    with pytest.raises(ModelLoadError) as error:
        load_captioner(str(tmp_path))
    assert "not an image captioner" in str(error.value)


def test_unknown_random_architecture_lists_the_known_ones():
    with pytest.raises(ModelLoadError) as error:
        load_captioner("random:resnet-lstm")
    assert "random:vit-gpt2" in str(error.value)


def test_random_vit_gpt2_is_full_size_and_says_it_is_meaningless(caplog):
    with caplog.at_level(logging.WARNING):
        captioner = load_captioner("random:vit-gpt2")
    assert captioner.info.meaningless
    assert 230e6 < captioner.info.parameters < 250e6  # ViT-base/16 + GPT-2 124M + cross-attention
    assert any("meaningless" in r.getMessage() for r in caplog.records)
    encoder, decoder = captioner.model.config.encoder, captioner.model.config.decoder
    assert isinstance(encoder, ViTConfig) and isinstance(decoder, GPT2Config)
    assert encoder.image_size == 224
    assert decoder.n_layer == 12
    assert len(captioner.tokenizer) == decoder.vocab_size == 50257
    [[text]] = captioner.generate(
        [draw_picture([("red", "circle")])], CaptionOptions(num_beams=1, max_new_tokens=3)
    )
    assert isinstance(text, str)


def test_dtype_choices():
    cpu = torch.device("cpu")
    assert resolve_dtype("auto", cpu) == ("int8" if int8_available() else "float32")
    assert resolve_dtype("auto", torch.device("cuda")) == "float16"
    assert resolve_dtype("bfloat16", cpu) == "bfloat16"
    assert resolve_dtype("float32", cpu) == "float32"
    with pytest.raises(ModelLoadError, match="float16 needs a CUDA device"):
        resolve_dtype("float16", cpu)
    with pytest.raises(ModelLoadError, match="int8 runs on CPUs only"):
        resolve_dtype("int8", torch.device("cuda"))
    with pytest.raises(ModelLoadError, match="use one of auto, float32"):
        resolve_dtype("fp8", cpu)


def test_bfloat16_on_cpu_still_captions(tiny_model_path):
    captioner = load_captioner(str(tiny_model_path), device="cpu", dtype="bfloat16")
    assert captioner.info.dtype == "bfloat16"
    [[text]] = captioner.generate([draw_picture([("yellow", "square")])], CaptionOptions())
    assert text == "a yellow square"
