"""A GPT-2 style byte-level BPE tokenizer trained with `tokenizers` on a caption corpus."""

from __future__ import annotations

import json
from collections.abc import Iterable

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import GPT2Tokenizer

END_OF_TEXT = "<|endoftext|>"


def train_byte_level_bpe(texts: Iterable[str], vocab_size: int) -> GPT2Tokenizer:
    """Train byte-level BPE on `texts`; GPT-2's conventions (one end-of-text token as bos/eos/pad)
    so that the decoder can be any GPT-2 and the saved folder loads with AutoTokenizer."""
    backend = Tokenizer(models.BPE())
    backend.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    backend.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=[END_OF_TEXT],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    backend.train_from_iterator(texts, trainer=trainer)
    vocab = backend.get_vocab()
    # The BPE model keeps its merges internally; its JSON form is the public way to read them.
    merges: list[tuple[str, str]] = []
    for merge in json.loads(backend.to_str())["model"]["merges"]:
        first, second = merge.split(" ") if isinstance(merge, str) else merge
        merges.append((first, second))
    return _gpt2_tokenizer(vocab, merges)


def byte_level_tokenizer(vocab_size: int) -> GPT2Tokenizer:
    """An untrained byte-level BPE of exactly `vocab_size` entries (bytes, merges of byte pairs
    and end-of-text), for models with random weights: it can encode and decode any text offline."""
    alphabet = sorted(pre_tokenizers.ByteLevel.alphabet())
    vocab = {symbol: index for index, symbol in enumerate(alphabet)}
    merges: list[tuple[str, str]] = []
    wanted_merges = vocab_size - len(vocab) - 1
    for first in alphabet:
        for second in alphabet:
            if len(merges) >= wanted_merges:
                break
            merges.append((first, second))
            vocab[first + second] = len(vocab)
    vocab[END_OF_TEXT] = len(vocab)
    return _gpt2_tokenizer(vocab, merges)


def _gpt2_tokenizer(vocab: dict[str, int], merges: list[tuple[str, str]]) -> GPT2Tokenizer:
    return GPT2Tokenizer(
        vocab=vocab,
        # transformers annotates merges as strings, but hands them to tokenizers' BPE, which
        # takes (first, second) pairs.
        merges=merges,  # type: ignore[arg-type]
        unk_token=END_OF_TEXT,
        bos_token=END_OF_TEXT,
        eos_token=END_OF_TEXT,
        pad_token=END_OF_TEXT,
        add_prefix_space=False,
    )
