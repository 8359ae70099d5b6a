"""A test set: pictures with their reference captions, from a JSONL file or a COCO file.

A set's problems are found all at once and reported in the order of the file, each starting with
where it is: `FILE:LINE` for JSONL and `FILE: images[i]` or `FILE: annotations[i]` for COCO,
whose annotation files are usually a single line. Fixing a set is then one pass through it, not
one run per mistake. Pictures are checked before any model loads (present, a file, an image by
its first bytes), so a bad set fails in a second, not after an hour.

Problems are `DataError`s, the training data's error; several at once are a `DataProblems`,
whose `lines()` the command line prints, one `error:` line each."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.captioning.intake import sniff_is_image

# The training reader's own rules for a line, so that evaluate reads every file train reads.
from bot.training.data import _IMAGE_KEYS, DataError, _captions_of, manifest_lines

# A folder's JSONL, by preference: a split's test file first (a folder with the whole set and its
# test split means the split), then what `main.py shapes` and Hugging Face image folders write.
# Otherwise the folder's one JSONL file, whatever its name.
MANIFEST_NAMES = ("test.jsonl", "captions.jsonl", "metadata.jsonl")

# Enough to see what kind of mistake a set has; a set with thousands of them says how many.
SHOWN_PROBLEMS = 20

_Order = tuple[int, int]  # where in the file: (section, line or index)


@dataclass(frozen=True)
class EvalItem:
    image: Path
    references: tuple[str, ...]
    where: str  # what an error about this picture names: "FILE:LINE" or "FILE: images[i]"
    order: _Order = field(default=(0, 0), compare=False)


@dataclass(frozen=True)
class EvalSet:
    source: Path  # the JSONL manifest or COCO annotation file actually read
    format: str  # "jsonl" or "coco"
    items: tuple[EvalItem, ...]


@dataclass(frozen=True)
class Problem:
    where: str
    message: str
    order: _Order

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class DataProblems(DataError):
    """Every problem found in a set, in the order of its file."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems, key=lambda problem: problem.order)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        shown = [str(problem) for problem in self.problems[:SHOWN_PROBLEMS]]
        hidden = len(self.problems) - len(shown)
        if hidden:
            shown.append(f"and {hidden} more problems ({len(self.problems)} in all)")
        return shown


def read_eval_set(
    path: str | Path, images: str | Path | None = None, limit: int | None = None
) -> EvalSet:
    """The set at `path` (its first `limit` pictures), with every picture checked; one
    DataError listing all its problems otherwise."""
    test_set, problems = _load(Path(path), images)
    items = test_set.items[:limit] if limit else test_set.items
    problems += _picture_problems(items)
    if problems:
        raise DataProblems(problems)
    return EvalSet(test_set.source, test_set.format, items)


def load_eval_set(path: str | Path, images: str | Path | None = None) -> EvalSet:
    """Read `path`: a COCO captions file (a JSON object with "images" and "annotations"), or
    what `main.py train --data` reads, a JSONL file or a folder holding one. `images` is the
    pictures' folder (required for COCO; for JSONL it replaces the manifest's folder as the base
    of relative paths). The pictures themselves are not looked at: see `check_images`."""
    test_set, problems = _load(Path(path), images)
    if problems:
        raise DataProblems(problems)
    return test_set


def check_images(items: Sequence[EvalItem]) -> None:
    """Raise a DataError naming every picture that is missing or plainly not an image."""
    problems = _picture_problems(items)
    if problems:
        raise DataProblems(problems)


def manifest_in(folder: Path) -> Path:
    """The JSONL file a folder given as `--data` stands for."""
    for name in MANIFEST_NAMES:
        if (folder / name).is_file():
            return folder / name
    found = sorted(p for p in folder.glob("*.jsonl") if p.is_file() and p.name[0] != ".")
    if len(found) == 1:
        return found[0]
    looked_for = f"{', '.join(MANIFEST_NAMES)} or else a single *.jsonl file"
    if not found:
        raise DataError(
            f"{folder}: no test set here (looked for {looked_for}); pass a JSONL file of "
            '{"image": ..., "captions": [...]} lines, or a COCO captions file with --images'
        )
    names = ", ".join(p.name for p in found)
    raise DataError(
        f"{folder}: several JSONL files ({names}) and none called {MANIFEST_NAMES[0]}; "
        f"pass the one to score, e.g. --data {found[0]}"
    )


def _load(path: Path, images: str | Path | None) -> tuple[EvalSet, list[Problem]]:
    document = _coco_document(path) if path.is_file() else None
    if document is not None:
        if images is None:
            raise DataError(
                f"{path}: a COCO annotation file names pictures by file name only; "
                "pass --images with the folder that holds them"
            )
        items, problems = _coco_items(path, document, Path(images))
        return EvalSet(path, "coco", tuple(items)), problems
    if images is not None and not Path(images).is_dir():
        raise DataError(f"{images}: no such folder")
    if path.is_dir():
        manifest = manifest_in(path)
    elif path.is_file():
        manifest = path
    else:
        raise DataError(f"{path}: no such file or folder")
    items, problems = _jsonl_items(manifest, Path(images) if images is not None else None)
    return EvalSet(manifest, "jsonl", tuple(items)), problems


def _jsonl_items(manifest: Path, images: Path | None) -> tuple[list[EvalItem], list[Problem]]:
    """As `load_pairs` reads a manifest (lines naming the same picture merge), but a bad line is
    noted and the reading goes on."""
    base = images if images is not None else manifest.parent
    lines = manifest_lines(manifest)
    problems: list[Problem] = []
    captions: dict[Path, list[str]] = {}
    first_line: dict[Path, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(_line_problem(manifest, number, f"not JSON ({exc.msg})"))
            continue
        if not isinstance(record, dict):
            problems.append(_line_problem(manifest, number, "expected a JSON object"))
            continue
        key = next((k for k in _IMAGE_KEYS if isinstance(record.get(k), str)), None)
        found = _captions_of(record)
        if key is None or not found:
            problems.append(_line_problem(manifest, number, "needs an image path and a caption"))
            continue
        image = (base / record[key]).resolve()
        captions.setdefault(image, []).extend(found)
        first_line.setdefault(image, number)
    if not captions and not problems:
        raise DataError(f"{manifest}: no image/caption pairs")
    items = [
        EvalItem(image, tuple(texts), f"{manifest}:{first_line[image]}", (0, first_line[image]))
        for image, texts in captions.items()
    ]
    return items, problems


def _line_problem(manifest: Path, number: int, message: str) -> Problem:
    return Problem(f"{manifest}:{number}", message, (0, number))


def _picture_problems(items: Sequence[EvalItem]) -> list[Problem]:
    problems: list[Problem] = []
    for item in items:
        reason = _picture_problem(item.image)
        if reason is not None:
            problems.append(Problem(item.where, f"{item.image}: {reason}", item.order))
    return problems


def _picture_problem(image: Path) -> str | None:
    try:
        with image.open("rb") as fh:
            head = fh.read(32)
    except FileNotFoundError:
        return "no such image file"
    except IsADirectoryError:
        return "is a folder, not an image"
    except OSError as exc:
        return exc.strerror or "cannot be read"
    return None if sniff_is_image(head) else "not an image file"


def _coco_document(path: Path) -> dict[str, Any] | None:
    """The parsed file when it is COCO-shaped; None for JSONL (whose first line may parse too)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None  # the JSONL reader words the problem
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


def _coco_items(
    path: Path, document: dict[str, Any], folder: Path
) -> tuple[list[EvalItem], list[Problem]]:
    if not folder.is_dir():
        raise DataError(f"{folder}: no such folder (the pictures of {path})")
    entries = document.get("images")
    annotations = document.get("annotations")
    if not isinstance(entries, list) or not isinstance(annotations, list):
        raise DataError(f'{path}: a COCO captions file needs "images" and "annotations" lists')
    # File order: the two lists in the order the file has them.
    section = {key: number for number, key in enumerate(document)}
    problems: list[Problem] = []

    def problem(key: str, index: int, message: str) -> None:
        problems.append(Problem(f"{path}: {key}[{index}]", message, (section[key], index)))

    files: dict[Any, tuple[str, int]] = {}
    unusable: set[Any] = set()  # ids of entries already reported: their captions say no more
    for index, entry in enumerate(entries):
        name = entry.get("file_name") if isinstance(entry, dict) else None
        image_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name or not isinstance(image_id, int | str):
            problem("images", index, 'needs an "id" and a "file_name"')
            if isinstance(image_id, int | str):
                unusable.add(image_id)
            continue
        files[image_id] = (name, index)
    captions: dict[Any, list[str]] = {}
    for index, note in enumerate(annotations):
        caption = note.get("caption") if isinstance(note, dict) else None
        if not isinstance(caption, str) or not caption.strip():
            problem("annotations", index, 'needs a "caption"')
            continue
        image_id = note.get("image_id")
        if isinstance(image_id, int | str) and image_id in unusable:
            continue
        if not isinstance(image_id, int | str) or image_id not in files:
            problem("annotations", index, "its image_id is not in images")
            continue
        captions.setdefault(image_id, []).append(caption.strip())
    if not captions and not problems:
        raise DataError(f"{path}: no captions (its annotations list is empty)")
    # Images order, as COCO lists them; an image without captions cannot be scored.
    items = [
        EvalItem(
            folder / name,
            tuple(captions[image_id]),
            f"{path}: images[{index}]",
            (section["images"], index),
        )
        for image_id, (name, index) in files.items()
        if image_id in captions
    ]
    return items, problems
