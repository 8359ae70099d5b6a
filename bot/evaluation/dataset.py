"""A test set: pictures with their reference captions, from a training JSONL or a COCO file.

Every problem is a `DataError` (the training data's error) whose message starts with where it
is, `FILE:LINE` for JSONL and `FILE: images[i]` or `FILE: annotations[i]` for COCO, whose
annotation files are usually a single line. Pictures are checked before any model loads (present,
a file, an image by its first bytes), so a bad set fails in a second, not after an hour."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.captioning.intake import sniff_is_image
from bot.training.data import DataError, load_pairs, manifest_for


@dataclass(frozen=True)
class EvalItem:
    image: Path
    references: tuple[str, ...]
    where: str  # what an error about this picture names: "FILE:LINE" or "FILE: images[i]"


@dataclass(frozen=True)
class EvalSet:
    source: Path  # the JSONL manifest or COCO annotation file actually read
    format: str  # "jsonl" or "coco"
    items: tuple[EvalItem, ...]


def load_eval_set(path: str | Path, images: str | Path | None = None) -> EvalSet:
    """Read `path`: a COCO captions file (a JSON object with "images" and "annotations"), or
    anything `main.py train --data` reads. `images` is the pictures' folder (required for COCO;
    for JSONL it replaces the manifest's folder as the base of relative paths)."""
    path = Path(path)
    document = _coco_document(path) if path.is_file() else None
    if document is not None:
        if images is None:
            raise DataError(
                f"{path}: a COCO annotation file names pictures by file name only; "
                "pass --images with the folder that holds them"
            )
        return EvalSet(path, "coco", tuple(_coco_items(path, document, Path(images))))
    if images is not None and not Path(images).is_dir():
        raise DataError(f"{images}: no such folder")
    manifest = manifest_for(path)
    pairs = load_pairs(manifest, images)
    items = tuple(EvalItem(p.image_path, p.captions, f"{manifest}:{p.line}") for p in pairs)
    return EvalSet(manifest, "jsonl", items)


def check_images(items: tuple[EvalItem, ...]) -> None:
    """Raise a DataError for the first picture that is missing or plainly not an image."""
    for item in items:
        try:
            with item.image.open("rb") as fh:
                head = fh.read(32)
        except FileNotFoundError:
            raise DataError(f"{item.where}: {item.image}: no such image file") from None
        except IsADirectoryError:
            raise DataError(f"{item.where}: {item.image}: is a folder, not an image") from None
        except OSError as exc:
            reason = exc.strerror or "cannot be read"
            raise DataError(f"{item.where}: {item.image}: {reason}") from None
        if not sniff_is_image(head):
            raise DataError(f"{item.where}: {item.image}: not an image file")


def _coco_document(path: Path) -> dict[str, Any] | None:
    """The parsed file when it is COCO-shaped; None for JSONL (whose first line may parse too)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None  # load_pairs words the problem
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        # "Extra data" after a first object is JSON lines, whatever the file is called.
        if path.suffix.lower() == ".json" and exc.msg != "Extra data":
            raise DataError(f"{path}:{exc.lineno}: not JSON ({exc.msg})") from None
        return None
    if isinstance(document, dict) and ("annotations" in document or "images" in document):
        return document
    return None


def _coco_items(path: Path, document: dict[str, Any], folder: Path) -> list[EvalItem]:
    if not folder.is_dir():
        raise DataError(f"{folder}: no such folder (the pictures of {path})")
    entries = document.get("images")
    annotations = document.get("annotations")
    if not isinstance(entries, list) or not isinstance(annotations, list):
        raise DataError(f'{path}: a COCO captions file needs "images" and "annotations" lists')
    files: dict[Any, tuple[str, int]] = {}
    for index, entry in enumerate(entries):
        name = entry.get("file_name") if isinstance(entry, dict) else None
        image_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name or not isinstance(image_id, int | str):
            raise DataError(f'{path}: images[{index}]: needs an "id" and a "file_name"')
        files[image_id] = (name, index)
    captions: dict[Any, list[str]] = {}
    for index, note in enumerate(annotations):
        caption = note.get("caption") if isinstance(note, dict) else None
        if not isinstance(caption, str) or not caption.strip():
            raise DataError(f'{path}: annotations[{index}]: needs a "caption"')
        image_id = note.get("image_id")
        if not isinstance(image_id, int | str) or image_id not in files:
            raise DataError(f"{path}: annotations[{index}]: its image_id is not in images")
        captions.setdefault(image_id, []).append(caption.strip())
    if not captions:
        raise DataError(f"{path}: no captions (its annotations list is empty)")
    # Images order, as COCO lists them; an image without captions cannot be scored.
    return [
        EvalItem(folder / name, tuple(captions[image_id]), f"{path}: images[{index}]")
        for image_id, (name, index) in files.items()
        if image_id in captions
    ]
