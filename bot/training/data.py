"""Image/caption pairs for training: a JSONL file or its folder, several captions per image."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from PIL import Image
from torch.utils.data import Dataset

_IMAGE_KEYS = ("image", "file_name", "path", "image_path")
_MANIFEST_NAMES = ("captions.jsonl", "metadata.jsonl", "train.jsonl")

# One image of the data set: its pixel values and all its reference captions.
Example = tuple[torch.Tensor, tuple[str, ...]]


class DataError(ValueError):
    """A training data set that cannot be read; the message says which file and why."""


@dataclass(frozen=True)
class Pair:
    image_path: Path
    captions: tuple[str, ...]
    line: int = field(default=0, compare=False)  # the first manifest line naming the image


def manifest_lines(manifest: Path) -> list[str]:
    """A JSONL manifest's lines, numbered as an editor shows them, or a DataError saying why
    the file cannot be read."""
    try:
        # split("\n"), not splitlines(): numbers must match what an editor shows for the file.
        return manifest.read_text(encoding="utf-8").split("\n")
    except UnicodeDecodeError:
        raise DataError(f"{manifest}: not a UTF-8 text file") from None
    except OSError as exc:
        raise DataError(f"{manifest}: {exc.strerror or 'cannot be read'}") from None


def manifest_for(path: Path) -> Path:
    """The JSONL manifest `path` names: the file itself, or the one in that folder."""
    if path.is_file():
        return path
    if not path.is_dir():
        raise DataError(f"{path}: no such file or folder")
    for name in _MANIFEST_NAMES:
        if (path / name).is_file():
            return path / name
    found = sorted(path.glob("*.jsonl"))
    if len(found) == 1:
        return found[0]
    raise DataError(
        f"{path}: expected one JSONL manifest ({', '.join(_MANIFEST_NAMES)}) with lines like "
        '{"image": "images/0001.jpg", "captions": ["a dog on a sofa", ...]}'
    )


def _captions_of(record: dict[str, Any]) -> tuple[str, ...]:
    if isinstance(record.get("captions"), list):
        return tuple(str(c).strip() for c in record["captions"] if str(c).strip())
    for key in ("caption", "text"):
        if isinstance(record.get(key), str) and record[key].strip():
            return (record[key].strip(),)
    return ()


def load_pairs(path: str | Path, images: str | Path | None = None) -> list[Pair]:
    """Read a JSONL manifest (or a folder holding one); image paths are relative to `images` when
    given, else to the manifest's folder. Lines naming the same image are merged, so
    one-caption-per-line COCO exports work too."""
    manifest = manifest_for(Path(path))
    base = Path(images) if images is not None else manifest.parent
    merged: dict[Path, list[str]] = {}
    first_line: dict[Path, int] = {}
    lines = manifest_lines(manifest)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"{manifest}:{number}: not JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise DataError(f"{manifest}:{number}: expected a JSON object")
        key = next((k for k in _IMAGE_KEYS if isinstance(record.get(k), str)), None)
        captions = _captions_of(record)
        if key is None or not captions:
            raise DataError(f"{manifest}:{number}: needs an image path and a caption")
        image_path = (base / record[key]).resolve()
        merged.setdefault(image_path, []).extend(captions)
        first_line.setdefault(image_path, number)
    if not merged:
        raise DataError(f"{manifest}: no image/caption pairs")
    return [Pair(p, tuple(c), first_line[p]) for p, c in merged.items()]


def split_pairs(
    pairs: Sequence[Pair], val_fraction: float, seed: int
) -> tuple[list[Pair], list[Pair]]:
    shuffled = list(pairs)
    random.Random(seed).shuffle(shuffled)
    val_count = int(len(shuffled) * val_fraction)
    if val_fraction > 0 and val_count == 0 and len(shuffled) > 1:
        val_count = 1
    return shuffled[val_count:], shuffled[:val_count]


class CaptionDataset(Dataset[Example]):
    """Yields (pixel_values, captions) per image; which caption trains is chosen at collate time.

    Pixels are computed by the image processor; with `cache` they are kept (as float16) after the
    first epoch, which makes small synthetic sets cheap on a CPU without changing large ones."""

    def __init__(self, pairs: Sequence[Pair], image_processor: Any, cache: bool = False):
        self.pairs = list(pairs)
        self.image_processor = image_processor
        self._cache: dict[int, torch.Tensor] | None = {} if cache else None

    def __len__(self) -> int:
        return len(self.pairs)

    def pixels(self, index: int) -> torch.Tensor:
        if self._cache is not None and index in self._cache:
            return self._cache[index].float()
        with Image.open(self.pairs[index].image_path) as raw:
            image = raw.convert("RGB")
        values = self.image_processor(images=image, return_tensors="pt")["pixel_values"][0]
        if self._cache is not None:
            self._cache[index] = values.half()
        return values

    def __getitem__(self, index: int) -> Example:
        return self.pixels(index), self.pairs[index].captions


class Collator:
    """Batches pixels and tokenised captions; labels end with end-of-text and ignore padding.

    With `pick="random"` each image trains on one of its references per epoch (the canonical one
    as often as the references repeat it); `pick="first"` keeps validation deterministic."""

    def __init__(self, tokenizer: Any, max_tokens: int, pick: str, seed: int):
        self.tokenizer = tokenizer
        self.max_tokens = max_tokens
        self.pick = pick
        self.rng = random.Random(seed)

    def __call__(self, batch: Sequence[Example]) -> dict[str, torch.Tensor]:
        pixels = torch.stack([item[0] for item in batch])
        texts = [
            captions[0] if self.pick == "first" else self.rng.choice(captions)
            for _, captions in batch
        ]
        eos = self.tokenizer.eos_token_id
        encoded = [
            [
                *self.tokenizer(text, add_special_tokens=False)["input_ids"][: self.max_tokens - 1],
                eos,
            ]
            for text in texts
        ]
        width = max(len(ids) for ids in encoded)
        labels = torch.full((len(encoded), width), -100, dtype=torch.long)
        for row, ids in enumerate(encoded):
            labels[row, : len(ids)] = torch.tensor(ids)
        return {"pixel_values": pixels, "labels": labels}
