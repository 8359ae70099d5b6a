"""PaddleOCR's PP-OCRv4 (text detector and recogniser) on ONNX Runtime, through
`rapidocr-onnxruntime`, whose wheel carries the models: nothing is downloaded at run time.

Its recogniser knows Chinese and English letters (and a few accents: é, à, ü, but no ö, ß, ç, ñ,
no Cyrillic), so languages other than these belong to Tesseract.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import itertools
import threading
import time
from typing import Any

import numpy as np
from PIL import Image

from bot.captioning.reading.types import (
    Piece,
    ReaderUnavailable,
    ReadText,
    is_junk,
    lines_in_reading_order,
    on_white,
)

PACKAGE = "rapidocr-onnxruntime"
INSTALL_HINT = "pip install rapidocr-onnxruntime==1.4.4"
LANGUAGES = frozenset({"eng", "chi_sim"})
# The library's own cut. On bench/ocr.py's pictures without text the only line PP-OCR read above
# it scored 0.61 (">S>>>M" on scribbles), which LEGIBLE_CONFIDENCE then leaves out.
FLOOR = 0.5


def rapid_problem(languages: str = "eng") -> str | None:
    """None when rapidocr can run for these languages; otherwise one line saying why not."""
    unknown = [lang for lang in languages.split("+") if lang and lang not in LANGUAGES]
    if unknown:
        return (
            f"rapidocr (PP-OCRv4) cannot read {'+'.join(unknown)}: it reads English and Chinese "
            "only; use the tesseract engine for other languages"
        )
    try:
        importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return f"{PACKAGE} is not installed ({INSTALL_HINT})"
    try:
        # OpenCV's wheel needs libGL and GLib, which slim images lack; a tenth of a second here
        # lets "auto" pick Tesseract instead of failing on the first picture.
        import cv2  # noqa: F401
    except ImportError as exc:
        return f"rapidocr's OpenCV cannot load ({exc}; Debian: apt-get install libgl1 libglib2.0-0)"
    return None


class RapidReader:
    """`threads` sets ONNX Runtime's intra-op threads (None: one per core). One by default: the
    reader shares the CPU with the captioner; on bench/ocr.py's two cores, two threads were about
    a quarter faster when the machine was idle and slower when it was busy."""

    def __init__(
        self, languages: str = "eng", *, threads: int | None = 1, floor: float = FLOOR
    ) -> None:
        self.languages = languages
        self.threads = threads
        self.floor = floor
        self.name = "rapidocr"
        self._engine: Any = None
        # Importing and loading take a second or more; two first reads on two worker threads
        # load it once.
        self._lock = threading.Lock()

    def warm(self) -> None:
        """Load the three models; raises ReaderUnavailable."""
        with self._lock:
            if self._engine is not None:
                return
            problem = rapid_problem(self.languages)
            if problem is not None:
                raise ReaderUnavailable(problem)
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError as exc:  # installed but broken (e.g. OpenCV's libraries missing)
                raise ReaderUnavailable(
                    f"rapidocr cannot load ({exc}); reinstall: {INSTALL_HINT}"
                ) from exc
            threads = -1 if self.threads is None else self.threads
            # No angle classifier: on bench/ocr.py it turned well-read document lines upside
            # down (CER 6 % with it, 1 % without) and cost time; intake already applies EXIF
            # orientation, and text upside down in a chat picture is rare.
            engine = RapidOCR(
                intra_op_num_threads=threads,
                inter_op_num_threads=1,
                use_cls=False,
                text_score=self.floor,
            )
            engine.text_rec = _Spacing(engine.text_rec)
            self._engine = engine
            version = importlib.metadata.version(PACKAGE)
            self.name = f"rapidocr {version} (PP-OCRv4)"

    def read(self, image: Image.Image) -> ReadText:
        self.warm()
        started = time.perf_counter()
        rgb = on_white(image)
        # OpenCV's order: the library takes arrays as BGR.
        bgr = np.ascontiguousarray(np.asarray(rgb)[:, :, ::-1])
        found, _ = self._engine(bgr)
        pieces = []
        for corners, text, score in found or ():
            text = str(text).strip()
            if is_junk(text) or float(score) < self.floor:
                continue
            xs = [float(x) for x, _ in corners]
            ys = [float(y) for _, y in corners]
            box = (round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys)))
            pieces.append(Piece(text, float(score), box))
        lines = lines_in_reading_order(pieces)
        return ReadText(lines, self.name, time.perf_counter() - started)


class _Spacing:
    """Puts back the spaces PP-OCRv4's Chinese-English recogniser drops between English words
    ("fridaychangeorange"): where the crop has a blank run of columns between two characters that
    is wide for its line, there was a space. Wraps the library's recogniser (its API, pinned at
    1.4.4), asking it for each character's position."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __call__(self, crops: list[Any], return_word_box: bool = False) -> tuple[list[Any], float]:
        found, elapsed = self.inner(crops, True)
        out = []
        for crop, result in zip(crops, found, strict=True):
            text, score = result[0], result[1]
            # Another layout of the library's answer: keep the spaces it gave.
            with contextlib.suppress(IndexError, TypeError, ValueError):
                text = _spaced(crop, text, result[2])
            out.append((text, score))
        return out, elapsed


# A word space is a blank run of columns at least this share of the crop's height, and 1.5 times
# the line's usual gap between letters. Measured on bench/ocr_pictures.py (DejaVu, Liberation):
# letters sit up to 0.24 apart (bold capitals), digits up to 0.29 (a "1" is narrow in a wide
# cell), spaces from 0.22 (small text rounds them down) to 0.59. Where a line's letters are tight,
# a run several times their usual gap is a space even when narrower.
WIDE = {"letters": 0.25, "digits": 0.36, "mixed": 0.3}
TIGHT = {"letters": (0.18, 3.0), "digits": (1.0, 99.0), "mixed": (0.24, 4.0)}


def _pair_kind(before: str, after: str) -> str:
    if before.isalpha() and after.isalpha():
        return "letters"
    if before.isdigit() and after.isdigit():
        return "digits"
    return "mixed"


def _spaced(crop: Any, text: str, info: list[Any]) -> str:
    """`info` is the library's [frames, words, columns per word, ...] for one crop."""
    columns = [column for word in info[2] for column in word]
    if len(columns) != len(text) or len(text) < 2 or not info[0]:
        return text
    gaps = _blank_runs(crop)
    height = float(crop.shape[0])
    scale = crop.shape[1] / float(info[0])
    between = []
    for index in range(len(text) - 1):
        low, high = columns[index] * scale, columns[index + 1] * scale
        widest = max((b - a for a, b in gaps if low <= (a + b) / 2 < high), default=0)
        between.append(widest / height)
    pairs = list(itertools.pairwise(text))
    # Touching letters count (outlined meme capitals touch but for word spaces); a floor of a
    # pixel keeps a run of 2-3 px in small text from looking wide.
    letters = sorted(g for g, pair in zip(between, pairs, strict=True) if " " not in pair)
    usual = max(letters[len(letters) // 2] if letters else 0.0, 1.0 / height)
    out = [text[0]]
    for index, gap in enumerate(between):
        before, after = text[index], text[index + 1]
        if " " not in (before, after) and gap >= 1.5 * usual:
            kind = _pair_kind(before, after)
            share, times = TIGHT[kind]
            if gap >= WIDE[kind] or (gap >= share and gap >= times * usual):
                out.append(" ")
        out.append(after)
    return "".join(out)


def _blank_runs(crop: Any) -> list[tuple[int, int]]:
    """Runs of columns without ink, the ink being Otsu's minority class (dark or light text)."""
    import cv2  # with rapidocr: only ever imported once it loaded

    grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    _, binary = cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = binary if binary.mean() < 0.5 else 1 - binary
    inked = (ink.sum(axis=0) > 0).tolist()
    runs = []
    start = None
    for x, has_ink in enumerate([*inked, True]):
        if not has_ink and start is None:
            start = x
        elif has_ink and start is not None:
            runs.append((start, x))
            start = None
    return runs
