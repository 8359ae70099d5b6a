"""What a caption request asks of the model, and which requests may share one `generate` call."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from typing import Any


class OptionsError(ValueError):
    """Options that the model cannot honour; the message names the field and the allowed range."""


@dataclass(frozen=True)
class CaptionOptions:
    num_beams: int = 4
    do_sample: bool = False
    temperature: float = 1.0
    top_p: float = 1.0
    top_k: int = 0
    seed: int | None = None
    max_new_tokens: int = 16
    min_new_tokens: int = 0
    num_return_sequences: int = 1
    length_penalty: float = 1.0
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0
    prefix: str = ""

    def __post_init__(self) -> None:
        _check(1 <= self.num_beams <= 16, "num_beams must be between 1 and 16")
        _check(0.05 <= self.temperature <= 5.0, "temperature must be between 0.05 and 5")
        _check(0.0 < self.top_p <= 1.0, "top_p must be above 0 and at most 1")
        _check(0 <= self.top_k <= 1000, "top_k must be between 0 and 1000")
        _check(1 <= self.max_new_tokens <= 128, "max_new_tokens must be between 1 and 128")
        _check(
            0 <= self.min_new_tokens <= self.max_new_tokens,
            "min_new_tokens must be between 0 and max_new_tokens",
        )
        _check(1 <= self.num_return_sequences <= 16, "num_return_sequences must be 1 to 16")
        _check(
            self.do_sample or self.num_return_sequences <= self.num_beams,
            "num_return_sequences cannot exceed num_beams without sampling",
        )
        _check(0.0 <= self.length_penalty <= 5.0, "length_penalty must be between 0 and 5")
        _check(0 <= self.no_repeat_ngram_size <= 8, "no_repeat_ngram_size must be 0 to 8")
        _check(1.0 <= self.repetition_penalty <= 3.0, "repetition_penalty must be 1 to 3")
        _check(len(self.prefix) <= 200, "prefix must be at most 200 characters")
        _check(self.seed is None or 0 <= self.seed < 2**63, "seed must be a non-negative integer")

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> CaptionOptions:
        """Build from JSON-like input; unknown keys and wrong types get a clear message."""
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise OptionsError(f"unknown option(s): {', '.join(unknown)}")
        cleaned: dict[str, Any] = {}
        for name, value in data.items():
            default = getattr(cls(), name)
            if name == "seed":
                ok = value is None or (isinstance(value, int) and not isinstance(value, bool))
            elif isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, int):
                ok = isinstance(value, int) and not isinstance(value, bool)
            elif isinstance(default, float):
                ok = isinstance(value, int | float) and not isinstance(value, bool)
                value = float(value) if ok else value
            else:
                ok = isinstance(value, str)
            if not ok:
                raise OptionsError(f"option {name} has the wrong type")
            cleaned[name] = value
        return cls(**cleaned)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def with_changes(self, **changes: Any) -> CaptionOptions:
        return replace(self, **changes)

    @property
    def deterministic(self) -> bool:
        """Whether the same image always gets the same text: then it is cacheable."""
        return not self.do_sample or self.seed is not None

    def cache_key(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    def batch_key(self) -> str:
        """Requests with equal keys can run in one `generate` call. Seeds are left out: each
        picture of a batch samples from its own generator seeded with its own request's seed, so
        its text does not depend on its neighbours. (A sampled request without a seed draws from
        torch's global generator; the engine never holds one back to wait for company.)"""
        data = asdict(self)
        data.pop("seed")
        return json.dumps(data, sort_keys=True)


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise OptionsError(message)
