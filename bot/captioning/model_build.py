"""Assembling a VisionEncoderDecoder captioner from parts, for training and `random:` models."""

from __future__ import annotations

from typing import Any

from transformers import (
    GenerationConfig,
    PretrainedConfig,
    PreTrainedTokenizerBase,
    VisionEncoderDecoderConfig,
    VisionEncoderDecoderModel,
)

# The defaults the seed projects use for nlpconnect/vit-gpt2-image-captioning.
DEFAULT_MAX_LENGTH = 16
DEFAULT_NUM_BEAMS = 4


def prepare_decoder_config(decoder: PretrainedConfig, tokenizer: PreTrainedTokenizerBase) -> None:
    """A causal LM becomes a captioning decoder: cross-attention on, vocabulary and specials from
    the tokenizer (GPT-2 style: one end-of-text token starts, ends and pads)."""
    decoder.is_decoder = True
    decoder.add_cross_attention = True
    decoder.vocab_size = len(tokenizer)
    decoder.bos_token_id = tokenizer.bos_token_id
    decoder.eos_token_id = tokenizer.eos_token_id
    decoder.pad_token_id = tokenizer.pad_token_id


def set_special_tokens(
    model: VisionEncoderDecoderModel, tokenizer: PreTrainedTokenizerBase
) -> None:
    start = tokenizer.bos_token_id if tokenizer.bos_token_id is not None else tokenizer.eos_token_id
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    model.config.decoder_start_token_id = start
    model.config.pad_token_id = pad
    model.config.eos_token_id = tokenizer.eos_token_id
    model.generation_config = GenerationConfig(
        decoder_start_token_id=start,
        bos_token_id=start,
        pad_token_id=pad,
        eos_token_id=tokenizer.eos_token_id,
        max_length=DEFAULT_MAX_LENGTH,
        num_beams=DEFAULT_NUM_BEAMS,
    )


def from_configs(
    encoder: PretrainedConfig,
    decoder: PretrainedConfig,
    tokenizer: PreTrainedTokenizerBase,
    **model_kwargs: Any,
) -> VisionEncoderDecoderModel:
    """A randomly initialised captioner of the given architecture."""
    prepare_decoder_config(decoder, tokenizer)
    config = VisionEncoderDecoderConfig.from_encoder_decoder_configs(encoder, decoder)
    model = VisionEncoderDecoderModel(config=config, **model_kwargs)
    set_special_tokens(model, tokenizer)
    return model
