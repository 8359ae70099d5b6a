"""The logits processors transformers would apply for a generation config, for the settings
captioning uses; anything else is reported so that the caller falls back to `model.generate`."""

from __future__ import annotations

import math

import torch
from transformers import GenerationConfig
from transformers.generation.logits_process import (
    LogitsProcessorList,
    NoRepeatNGramLogitsProcessor,
    RepetitionPenaltyLogitsProcessor,
    TemperatureLogitsWarper,
    TopKLogitsWarper,
    TopPLogitsWarper,
)

# Settings with an effect this module does not reproduce, and the value meaning "off".
_UNSUPPORTED_OFF = {
    "guidance_scale": (None, 1, 1.0),
    "sequence_bias": (None,),
    "encoder_repetition_penalty": (None, 1.0),
    "encoder_no_repeat_ngram_size": (None, 0),
    "bad_words_ids": (None,),
    "forced_bos_token_id": (None,),
    "forced_eos_token_id": (None,),
    "remove_invalid_values": (None, False),
    "exponential_decay_length_penalty": (None,),
    "suppress_tokens": (None,),
    "begin_suppress_tokens": (None,),
    "top_h": (None,),
    "min_p": (None,),
    "typical_p": (None, 1.0),
    "epsilon_cutoff": (None, 0.0),
    "eta_cutoff": (None, 0.0),
    "watermarking_config": (None,),
    "renormalize_logits": (None, False),
    "max_time": (None,),
    "stop_strings": (None,),
    "constraints": (None,),
    "force_words_ids": (None,),
    "num_beam_groups": (None, 1),
    "diversity_penalty": (None, 0.0),
    "penalty_alpha": (None,),
    "assistant_model": (None,),
}


def unsupported_setting(config: GenerationConfig) -> str | None:
    for name, off in _UNSUPPORTED_OFF.items():
        value = getattr(config, name, None)
        if value not in off:
            return name
    if config.early_stopping not in (True, False, None):
        return "early_stopping"
    return None


def eos_tensor(config: GenerationConfig, device: torch.device) -> torch.Tensor | None:
    eos = config.eos_token_id
    if eos is None:
        return None
    ids = eos if isinstance(eos, list) else [eos]
    return torch.tensor(ids, device=device)


def min_length(config: GenerationConfig, prompt_length: int) -> int:
    """Sequences shorter than this (prompt included) may not end yet."""
    return max(config.min_length or 0, prompt_length + (config.min_new_tokens or 0))


def forbid_end(scores: torch.Tensor, eos: torch.Tensor | None) -> None:
    """What transformers' min-length processors do, in place: they copy the whole vocabulary's
    scores through `torch.where` on every step, a noticeable cost at 64 rows of 50k."""
    if eos is not None:
        scores[:, eos] = -math.inf


def build_processors(config: GenerationConfig, device: torch.device) -> LogitsProcessorList:
    """transformers' processors in its order (`GenerationMixin._get_logits_processor`), less the
    min-length ones (see `forbid_end`), whose masking commutes with everything here."""
    eos = eos_tensor(config, device)
    processors = LogitsProcessorList()
    if config.repetition_penalty is not None and config.repetition_penalty != 1.0:
        processors.append(RepetitionPenaltyLogitsProcessor(penalty=config.repetition_penalty))
    if config.no_repeat_ngram_size:
        processors.append(NoRepeatNGramLogitsProcessor(config.no_repeat_ngram_size))
    if config.do_sample:
        keep = 1 if config.num_beams == 1 else (0 if eos is None else eos.shape[0]) + 1
        keep = max(keep, 1 if config.num_beams == 1 else 2)
        if config.temperature is not None and config.temperature != 1.0:
            processors.append(TemperatureLogitsWarper(config.temperature))
        if config.top_k:
            processors.append(TopKLogitsWarper(top_k=config.top_k, min_tokens_to_keep=keep))
        if config.top_p is not None and config.top_p < 1.0:
            processors.append(TopPLogitsWarper(top_p=config.top_p, min_tokens_to_keep=keep))
    return processors
