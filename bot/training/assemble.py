"""The captioner a training run starts from: an existing one, or an encoder and a decoder that are
each a checkpoint (hub id or folder) or a JSON config (random weights)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transformers import (
    AutoConfig,
    AutoImageProcessor,
    AutoModel,
    AutoModelForCausalLM,
    AutoTokenizer,
    PretrainedConfig,
    VisionEncoderDecoderModel,
)
from transformers.models.vit.image_processing_pil_vit import ViTImageProcessorPil

from bot.captioning.model_build import prepare_decoder_config, set_special_tokens
from bot.captioning.tokenizer import train_byte_level_bpe


@dataclass
class Parts:
    model: VisionEncoderDecoderModel
    image_processor: Any
    tokenizer: Any


def _is_config_file(spec: str) -> bool:
    return spec.endswith(".json") and Path(spec).is_file()


def _config_from_file(spec: str) -> PretrainedConfig:
    data = json.loads(Path(spec).read_text(encoding="utf-8"))
    model_type = data.pop("model_type", None)
    if not model_type:
        raise ValueError(f"{spec}: a config file needs a model_type (e.g. vit, gpt2)")
    return AutoConfig.for_model(model_type, **data)


def _image_processor_for(encoder_spec: str, encoder_config: PretrainedConfig) -> Any:
    if not _is_config_file(encoder_spec):
        try:
            return AutoImageProcessor.from_pretrained(encoder_spec, backend="pil")
        except OSError:
            pass  # a bare encoder checkpoint without a processor: derive one from its config
    size = int(getattr(encoder_config, "image_size", 224))
    return ViTImageProcessorPil(
        size={"height": size, "width": size}, image_mean=[0.5] * 3, image_std=[0.5] * 3
    )


def _tokenizer_for(
    tokenizer_spec: str | None,
    decoder_spec: str,
    captions: Iterable[str],
    vocab_size: int,
) -> Any:
    if tokenizer_spec:
        tokenizer = AutoTokenizer.from_pretrained(tokenizer_spec)
    elif not _is_config_file(decoder_spec):
        tokenizer = AutoTokenizer.from_pretrained(decoder_spec)
    else:
        return train_byte_level_bpe(captions, vocab_size)
    if tokenizer.pad_token is None:
        # GPT-2 has no pad token; the seeds pad with end-of-text, and labels mask it anyway.
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def assemble(
    *,
    init: str | None,
    encoder: str | None,
    decoder: str | None,
    tokenizer: str | None,
    image_processor: str | None,
    captions: Iterable[str],
    vocab_size: int,
) -> Parts:
    if init:
        model = VisionEncoderDecoderModel.from_pretrained(init)
        return Parts(
            model=model,
            image_processor=AutoImageProcessor.from_pretrained(
                image_processor or init, backend="pil"
            ),
            tokenizer=AutoTokenizer.from_pretrained(tokenizer or init),
        )
    if not (encoder and decoder):
        raise ValueError("give --init CAPTIONER, or both --encoder and --decoder")

    tok = _tokenizer_for(tokenizer, decoder, captions, vocab_size)
    if _is_config_file(encoder):
        encoder_model = AutoModel.from_config(_config_from_file(encoder))
    else:
        encoder_model = AutoModel.from_pretrained(encoder)
    if _is_config_file(decoder):
        decoder_config = _config_from_file(decoder)
        prepare_decoder_config(decoder_config, tok)
        decoder_model = AutoModelForCausalLM.from_config(decoder_config)
    else:
        decoder_model = AutoModelForCausalLM.from_pretrained(
            decoder, is_decoder=True, add_cross_attention=True
        )
        if decoder_model.get_input_embeddings().num_embeddings != len(tok):
            decoder_model.resize_token_embeddings(len(tok))
        prepare_decoder_config(decoder_model.config, tok)
    model = VisionEncoderDecoderModel(encoder=encoder_model, decoder=decoder_model)
    set_special_tokens(model, tok)
    processor = (
        AutoImageProcessor.from_pretrained(image_processor, backend="pil")
        if image_processor
        else _image_processor_for(encoder, encoder_model.config)
    )
    return Parts(model=model, image_processor=processor, tokenizer=tok)
