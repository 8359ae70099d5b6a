"""Which files `main.py caption` captions: the files it is given and the pictures in its folders.

Everything here looks only at names, sizes and first bytes, so a folder of thousands of photos
is checked in moments and nothing is decoded before the model loads; decoding happens while
captioning, a few pictures at a time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bot.captioning.intake import (
    EmptyImage,
    ImageTooLarge,
    IntakeError,
    IntakeLimits,
    load_image,
    sniff_is_image,
)
from bot.chat.texts import error_text

# Names a folder's pictures go by. A file with one of these is captioned even when its bytes
# say otherwise, so that a damaged photo gets an error line instead of vanishing from the output.
IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff",
     ".avif", ".heic", ".heif", ".mpo"}
)  # fmt: skip

_HEAD = 32  # what sniff_is_image needs


@dataclass(frozen=True)
class FileProblem:
    path: str
    message: str


@dataclass(frozen=True)
class Pictures:
    files: list[str]  # to caption, in order
    problems: list[FileProblem]  # files that cannot be, in the order they were met
    labelled: bool  # several files or a folder: each output line says which file it is about


def find_pictures(paths: list[str], limits: IntakeLimits) -> Pictures:
    """The files `paths` name, a folder standing for the pictures in it (recursively, sorted).
    A named file that is not a picture is a problem; a folder's other files are left out."""
    files: list[str] = []
    problems: list[FileProblem] = []
    folders = 0
    for given in paths:
        folder = Path(given)
        if folder.is_dir():
            folders += 1
            found = _pictures_in(folder)
            if not found:
                problems.append(FileProblem(given, "no pictures in this folder"))
            candidates = [str(path) for path in found]
        else:
            candidates = [given]
        for path in candidates:
            problem = check_picture(Path(path), limits)
            if problem is None:
                files.append(path)
            else:
                problems.append(FileProblem(path, problem))
    # Decided by the arguments, not by what was found: a script sees one format for one command.
    return Pictures(files, problems, labelled=len(paths) > 1 or folders > 0)


def check_picture(path: Path, limits: IntakeLimits) -> str | None:
    """Why `path` cannot be captioned, judged by its size and first bytes; None if it may be."""
    if path.exists() and not path.is_file():
        return None  # a pipe (`caption <(curl ...)`) can be read only once: decoding will tell
    try:
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            head = fh.read(_HEAD)
    except OSError as exc:
        return exc.strerror or "cannot be read"
    if size == 0:
        return error_text(EmptyImage("zero bytes"))
    if size > limits.max_bytes:
        return error_text(ImageTooLarge(size, limits.max_bytes))
    if sniff_is_image(head):
        return None
    # Unknown first bytes: the decoder has the last word (and words the refusal as chats get it).
    try:
        load_image(path.read_bytes(), limits)
    except IntakeError as exc:
        return error_text(exc)
    except OSError as exc:
        return exc.strerror or "cannot be read"
    return None


def _pictures_in(folder: Path) -> list[Path]:
    """The folder's pictures at any depth, sorted by path; hidden files and folders are left out
    (".git", macOS's "._photo.jpg" resource forks), and linked folders are not followed, so a
    link back up cannot loop."""
    found: list[Path] = []
    for root, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in names:
            path = Path(root) / name
            if not name.startswith(".") and _looks_like_a_picture(path):
                found.append(path)
    return sorted(found)


def _looks_like_a_picture(path: Path) -> bool:
    if not path.is_file():
        return False  # a socket or a pipe, whose first bytes would never come
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return True
    try:
        with path.open("rb") as fh:
            return sniff_is_image(fh.read(_HEAD))
    except OSError:
        return False  # not named like a picture and unreadable: nothing to say about it
