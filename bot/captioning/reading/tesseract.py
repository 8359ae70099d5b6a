"""Tesseract 5 through its command line (Debian's `tesseract-ocr`), one process per picture.

The CLI rather than a binding: nothing to compile, nothing held in memory between pictures, and a
hung or crashing Tesseract is a child process that a timeout ends, not the bot.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import time

from PIL import Image

from bot.captioning.reading.types import (
    Piece,
    ReaderUnavailable,
    ReadText,
    has_alpha,
    is_junk,
    lines_in_reading_order,
    on_white,
)

INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-eng"
# Below this a line is noise read as letters: on bench/ocr.py every line under 0.4 was garbage
# ("Y", "a", "i. RNS SOUWL" at 0.0-0.3), while misreads of real text ("FAMILY POGKEI") score 0.55+.
FLOOR = 0.4
# Tesseract's LSTM reads best at a cap height of 20-30 px or more; pictures come from intake at
# 1024 px at most, with small text, so they are enlarged (up to twice) towards this side. On
# bench/ocr.py enlarging cut character errors on screenshots from 2.8 % to 1.1 % and on memes
# from 58 % to 49 %. 1280 reads as well as 1600 did (documents 0.04 % against 0.02 %, small text
# 0.29 % against 0.24 %, German and Russian 0.9 % against 1.2 %) and brings a dense 1024 px page
# within a second on one core (the slowest 0.87 s against 1.05 s).
TARGET_SIDE = 1280
MAX_SCALE = 2.0
TIMEOUT = 60.0


def _language_hint(language: str) -> str:
    return f"apt-get install tesseract-ocr-{language.lower().replace('_', '-')}"


def tesseract_problem(languages: str = "eng") -> str | None:
    """None when `tesseract` runs and has every language asked for; otherwise one line saying
    what is missing and how to install it."""
    binary = shutil.which("tesseract")
    if binary is None:
        return f"tesseract not found on PATH (Debian: {INSTALL_HINT})"
    try:
        listed = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        return f"`tesseract --list-langs` failed ({exc}); reinstall: {INSTALL_HINT}"
    # The first line is "List of available languages in ...".
    have = {line.strip() for line in listed.splitlines()[1:]}
    missing = [lang for lang in languages.split("+") if lang and lang not in have]
    if missing:
        hints = " ".join(_language_hint(lang) for lang in missing)
        return f"tesseract has no language data for {'+'.join(missing)} ({hints})"
    return None


class TesseractReader:
    """Reads with `tesseract ... tsv`; `threads` sets OMP_THREAD_LIMIT for the child (None: all
    cores). One by default: Tesseract's OpenMP made it slower on bench/ocr.py's two cores (0.36 s
    a picture on one thread, 0.65 s on two), and it leaves the other cores to captioning."""

    def __init__(
        self,
        languages: str = "eng",
        *,
        threads: int | None = 1,
        psm: int = 3,
        floor: float = FLOOR,
    ) -> None:
        self.languages = languages
        self.threads = threads
        self.psm = psm
        self.floor = floor
        self.name = "tesseract"
        self._binary: str | None = None

    def warm(self) -> None:
        """Find the binary and check the languages; raises ReaderUnavailable."""
        if self._binary is not None:
            return
        problem = tesseract_problem(self.languages)
        if problem is not None:
            raise ReaderUnavailable(problem)
        binary = shutil.which("tesseract")
        assert binary is not None  # tesseract_problem found it
        version = subprocess.run(
            [binary, "--version"], capture_output=True, text=True, timeout=30
        ).stdout
        match = re.search(r"tesseract\s+v?(\S+)", version)
        self.name = f"tesseract {match.group(1) if match else '?'}"
        self._binary = binary

    def read(self, image: Image.Image) -> ReadText:
        self.warm()
        assert self._binary is not None
        started = time.perf_counter()
        prepared, scale = _prepare(image)
        buffer = io.BytesIO()
        prepared.save(buffer, format="PNG", compress_level=1)
        env = dict(os.environ)
        if self.threads is not None:
            env["OMP_THREAD_LIMIT"] = str(self.threads)
        command = [self._binary, "stdin", "stdout", "-l", self.languages, "--psm", str(self.psm)]
        done = subprocess.run(
            [*command, "tsv"],
            input=buffer.getvalue(),
            capture_output=True,
            timeout=TIMEOUT,
            env=env,
            check=False,
        )
        if done.returncode != 0:
            detail = done.stderr.decode(errors="replace").strip().splitlines()[-1:]
            raise RuntimeError(f"tesseract exited {done.returncode}: {' '.join(detail)}")
        pieces = _pieces(done.stdout.decode("utf-8", errors="replace"), scale, self.floor)
        lines = lines_in_reading_order(pieces)
        return ReadText(lines, self.name, time.perf_counter() - started)


def _prepare(image: Image.Image) -> tuple[Image.Image, float]:
    if has_alpha(image) or image.mode not in ("RGB", "L"):
        image = on_white(image)
    scale = min(MAX_SCALE, TARGET_SIDE / max(image.size))
    if scale > 1.1:
        size = (round(image.width * scale), round(image.height * scale))
        return image.resize(size, Image.Resampling.LANCZOS), scale
    return image, 1.0


def _pieces(tsv: str, scale: float, floor: float) -> list[Piece]:
    """Tesseract's words grouped into its lines, with boxes in the original picture's pixels and
    confidence 0..1 (its words score 0..100)."""
    words: dict[tuple[str, ...], list[dict[str, str]]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
        words.setdefault(key, []).append(row)
    pieces = []
    for line in words.values():
        text = " ".join(word["text"].strip() for word in line)
        weights = [len(word["text"].strip()) for word in line]
        confidence = (
            sum(max(float(word["conf"]), 0.0) * w for word, w in zip(line, weights, strict=True))
            / sum(weights)
            / 100
        )
        if is_junk(text) or confidence < floor:
            continue
        left = min(int(word["left"]) for word in line)
        top = min(int(word["top"]) for word in line)
        right = max(int(word["left"]) + int(word["width"]) for word in line)
        bottom = max(int(word["top"]) + int(word["height"]) for word in line)
        box = (round(left / scale), round(top / scale), round(right / scale), round(bottom / scale))
        pieces.append(Piece(text, confidence, box))
    return pieces
