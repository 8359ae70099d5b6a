"""Beam search and sampling over `GPT2CrossDecoder`, with transformers' semantics.

The beam search follows `GenerationMixin._beam_search` (transformers 5) step for step, so the
captions are the ones `model.generate` gives; a test holds the two to that on the tiny model. Two
things differ, both invisible in the output: a prompt is run once per image, not once per beam (the
beams are identical until the first token), and images whose search is over leave the batch.

Sampling takes one random generator per image: an image's rows draw from its own generator, so
they consume exactly the numbers they would consume alone, and a seeded request's captions do not
depend on what it is batched with (`torch.manual_seed(s)` and a fresh generator seeded `s` give the
same numbers, so a lone image samples as `generate` does after `manual_seed`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from transformers import GenerationConfig
from transformers.generation.logits_process import LogitsProcessorList

from bot.captioning.decoding.gpt2_cross import DecodeState, GPT2CrossDecoder
from bot.captioning.decoding.processors import build_processors, eos_tensor, forbid_end, min_length

NEG = -1.0e9

# One entry per image in the batch; None draws from torch's global generator.
Generators = Sequence[torch.Generator | None]


def _gather(tensor: torch.Tensor, index: torch.Tensor) -> torch.Tensor:
    while index.dim() < tensor.dim():
        index = index.unsqueeze(-1)
    return torch.take_along_dim(tensor, index, dim=1)


def _multinomial(probs: torch.Tensor, samples: int, generators: Generators | None) -> torch.Tensor:
    """`torch.multinomial` without replacement, each image's rows (`probs` holds one equal group
    per generator) from its own generator."""
    if generators is None:
        return torch.multinomial(probs, samples)
    groups = probs.view(len(generators), -1, probs.shape[-1])
    draws = zip(groups, generators, strict=True)
    return torch.cat([torch.multinomial(group, samples, generator=r) for group, r in draws])


@dataclass(frozen=True)
class _Rules:
    """What both searches take from the generation config."""

    eos: torch.Tensor | None
    pad: int | None  # written after a sequence ended: the pad token, else the end token
    processors: LogitsProcessorList
    shortest: int  # sequences shorter than this (prompt included) may not end yet

    @classmethod
    def of(cls, config: GenerationConfig, prompt_length: int, device: torch.device) -> _Rules:
        eos = eos_tensor(config, device)
        pad = config.pad_token_id
        if pad is None and eos is not None:
            pad = int(eos[0])
        processors = build_processors(config, device)
        return cls(eos, pad, processors, min_length(config, prompt_length))

    def scores(self, sequences: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
        """`scores` for the token after `sequences`, processed as transformers does."""
        if sequences.shape[1] < self.shortest:
            forbid_end(scores, self.eos)
        # transformers annotates token ids as torch.LongTensor, a type no tensor op returns.
        return self.processors(sequences, scores)  # type: ignore[arg-type]


def _hits_stop(
    sequences: torch.Tensor, length: int, max_length: int, eos: torch.Tensor | None
) -> torch.Tensor:
    """Whether the token just written at `length - 1` ends each sequence."""
    done = torch.full(sequences.shape[:-1], length >= max_length, device=sequences.device)
    if eos is not None:
        done = done | torch.isin(sequences[..., length - 1], eos)
    return done


def beam_search(
    runner: GPT2CrossDecoder,
    encoded: torch.Tensor,
    prompt: torch.Tensor,
    config: GenerationConfig,
    generators: Generators | None = None,
) -> torch.Tensor:
    """Sequences (images * num_return_sequences, length), best first per image, prompt included.
    With `do_sample`, image i samples from `generators[i]` (all from torch's own without them)."""
    device = encoded.device
    batch = encoded.shape[0]
    beams = config.num_beams
    max_length = config.max_length
    prompt_length = prompt.shape[0]
    rules = _Rules.of(config, prompt_length, device)
    eos = rules.eos
    length_penalty = config.length_penalty
    early_stopping = config.early_stopping
    keep = max(2, 1 + (0 if eos is None else eos.shape[0])) * beams
    top_beam_mask = torch.arange(keep, device=device) < beams
    fill = rules.pad if rules.pad is not None else -1

    running = torch.full((batch, beams, max_length), fill, dtype=torch.long, device=device)
    running[:, :, :prompt_length] = prompt
    finished = running.clone()
    running_scores = torch.zeros((batch, beams), device=device)
    running_scores[:, 1:] = NEG
    scores = torch.full((batch, beams), NEG, device=device)
    is_finished = torch.zeros((batch, beams), dtype=torch.bool, device=device)
    improvable = torch.ones((batch, 1), dtype=torch.bool, device=device)
    lengths = torch.zeros((batch, beams), dtype=torch.long, device=device)  # generated tokens
    finished_lengths = lengths.clone()

    state = runner.start(encoded, rows=1, capacity=max_length)
    logits = runner.step(state, prompt.expand(batch, -1))
    runner.widen(state, beams)
    logits = logits.repeat_interleave(beams, dim=0)

    # Rows still searching, as indices into the original batch.
    alive = torch.arange(batch, device=device)
    alive_generators = None if generators is None else list(generators)
    out_sequences = finished
    out_lengths = finished_lengths
    length = prompt_length
    vocab = logits.shape[-1]
    while True:
        count = alive.shape[0]
        flat = running[:, :, :length].reshape(count * beams, length)
        log_probs = rules.scores(flat, F.log_softmax(logits.float(), dim=-1))
        log_probs = log_probs.view(count, beams, vocab) + running_scores[:, :, None]
        log_probs = log_probs.reshape(count, beams * vocab)

        if config.do_sample:
            picked = _multinomial(F.softmax(log_probs, dim=-1), keep, alive_generators)
            top_scores = torch.gather(log_probs, 1, picked)
            top_scores, order = top_scores.sort(dim=-1, descending=True)
            picked = picked.gather(-1, order)
        else:
            top_scores, picked = torch.topk(log_probs, k=keep)
        from_beam = picked // vocab
        top_sequences = _gather(running, from_beam)
        top_sequences[:, :, length] = picked % vocab
        top_lengths = _gather(lengths, from_beam) + 1
        hits = _hits_stop(top_sequences, length + 1, max_length, eos)

        # Beams that go on: the best `beams` continuations that did not just finish.
        going = top_scores + hits.float() * NEG
        next_index = torch.topk(going, k=beams)[1]
        running = _gather(top_sequences, next_index)
        running_scores = _gather(going, next_index)
        lengths = _gather(top_lengths, next_index)

        # Finished hypotheses: merge the ones that just ended among the top `beams`.
        just_done = hits & top_beam_mask[None, :]
        penalised = top_scores / ((length + 1 - prompt_length) ** length_penalty)
        full = torch.all(is_finished, dim=-1, keepdim=True) & (early_stopping is True)
        penalised = penalised + full.float() * NEG
        penalised = penalised + (~improvable).float() * NEG
        penalised = penalised + (~just_done).float() * NEG
        merged_scores = torch.cat((scores, penalised), dim=1)
        best = torch.topk(merged_scores, k=beams)[1]
        finished = _gather(torch.cat((finished, top_sequences), dim=1), best)
        scores = _gather(merged_scores, best)
        finished_lengths = _gather(torch.cat((finished_lengths, top_lengths), dim=1), best)
        is_finished = _gather(torch.cat((is_finished, just_done), dim=1), best)

        # Which row each surviving beam came from, for the self-attention cache.
        source = _gather(from_beam, next_index)
        length += 1
        if early_stopping == "never" and length_penalty > 0.0:
            best_length = max_length - prompt_length
        else:
            best_length = length - prompt_length
        best_running = running_scores[:, :1] / (best_length**length_penalty)
        worst_done = torch.where(
            is_finished, torch.min(scores, dim=1, keepdim=True)[0], torch.tensor(NEG, device=device)
        )
        improvable = improvable & torch.any(best_running > worst_done, dim=-1, keepdim=True)

        # An image is done when nothing can improve, its beams are all finished (early stopping),
        # or every continuation hit a stop.
        open_beam = ~(torch.all(is_finished, dim=-1) & (early_stopping is True))
        continues = improvable[:, 0] & open_beam & ~torch.all(hits, dim=-1)
        out_sequences = _store(out_sequences, alive, finished)
        out_lengths = _store(out_lengths, alive, finished_lengths)
        if not bool(continues.any()):
            break
        rows = (torch.arange(count, device=device)[:, None] * beams + source).reshape(-1)
        runner.reorder(state, rows)
        if not bool(continues.all()):
            kept = continues.nonzero().squeeze(1)
            alive = alive[kept]
            if alive_generators is not None:
                alive_generators = [alive_generators[i] for i in kept.tolist()]
            running, running_scores, lengths = running[kept], running_scores[kept], lengths[kept]
            finished, scores = finished[kept], scores[kept]
            finished_lengths, is_finished = finished_lengths[kept], is_finished[kept]
            improvable = improvable[kept]
            runner.keep_images(state, kept)
        tokens = running[:, :, length - 1].reshape(-1, 1)
        logits = runner.step(state, tokens)

    returned = config.num_return_sequences
    sequences = out_sequences[:, :returned].reshape(batch * returned, max_length)
    generated = int(out_lengths[:, :returned].max())
    return sequences[:, : prompt_length + generated]


def _store(into: torch.Tensor, where: torch.Tensor, values: torch.Tensor) -> torch.Tensor:
    if where.shape[0] == into.shape[0]:
        return values
    into = into.clone()
    into[where] = values
    return into


def sample(
    runner: GPT2CrossDecoder,
    encoded: torch.Tensor,
    prompt: torch.Tensor,
    config: GenerationConfig,
    generators: Generators | None = None,
) -> torch.Tensor:
    """Multinomial sampling (or greedy search when `do_sample` is off), `num_return_sequences`
    rows per image, as `GenerationMixin._sample` does; image i's rows draw from `generators[i]`.
    Rows of an image that has finished go on drawing while others run: that changes nothing in
    its text, and no other image shares its generator."""
    device = encoded.device
    batch = encoded.shape[0]
    rows = config.num_return_sequences
    max_length = config.max_length
    prompt_length = prompt.shape[0]
    rules = _Rules.of(config, prompt_length, device)
    eos, pad = rules.eos, rules.pad

    state: DecodeState = runner.start(encoded, rows=rows, capacity=max_length)
    sequences = prompt.expand(batch * rows, -1)
    unfinished = torch.ones(batch * rows, dtype=torch.long, device=device)
    logits = runner.step(state, sequences)
    while True:
        scores = rules.scores(sequences, logits.float())
        if config.do_sample:
            tokens = _multinomial(F.softmax(scores, dim=-1), 1, generators).squeeze(1)
        else:
            tokens = torch.argmax(scores, dim=-1)
        if eos is not None:
            assert pad is not None  # _Rules.of falls back to the end token
            tokens = tokens * unfinished + pad * (1 - unfinished)
        sequences = torch.cat([sequences, tokens[:, None]], dim=-1)
        done = _hits_stop(sequences, sequences.shape[1], max_length, eos)
        unfinished = unfinished & ~done
        if not bool(unfinished.any()):
            return sequences
        logits = runner.step(state, tokens[:, None])
