"""Which text reader to use: `make_reader(engine, languages)`.

"auto" reads English with both engines, each picture with the one that reads its kind best
(by_picture.py): pages (screenshots, documents, small text) with Tesseract, scenes (memes, signs,
photos) with PP-OCRv4 (rapidocr). On bench/ocr.py that kept PP-OCRv4's reading of memes and signs
and Tesseract's of pages, and brought 1024 px pictures within a second on one core. Any other
language goes to Tesseract alone, as PP-OCRv4's English-Chinese recogniser has no ö, ß, ç, ñ or
Cyrillic. Where one engine is not installed the other reads everything.
"""

from __future__ import annotations

import logging

from bot.captioning.reading.by_picture import ByPicture
from bot.captioning.reading.rapid import RapidReader, rapid_problem
from bot.captioning.reading.tesseract import TesseractReader, tesseract_problem
from bot.captioning.reading.types import ReaderUnavailable, TextReader

log = logging.getLogger(__name__)

ENGINES = ("auto", "rapidocr", "tesseract", "off")


def make_reader(engine: str = "auto", languages: str = "eng") -> TextReader | None:
    """A reader for `languages` (Tesseract's codes joined with "+", e.g. "eng+deu"), or None for
    "off" or for "auto" with no engine installed (one warning logged). Nothing is loaded here:
    models load on the reader's first read or its `warm()`. A forced engine that cannot run
    raises ReaderUnavailable saying what to install."""
    engine = engine.strip().lower()
    languages = languages.strip() or "eng"
    if engine == "off":
        return None
    if engine == "rapidocr":
        _require(rapid_problem(languages))
        return RapidReader(languages)
    if engine == "tesseract":
        _require(tesseract_problem(languages))
        return TesseractReader(languages)
    if engine != "auto":
        raise ValueError(f"unknown text engine {engine!r}: one of {', '.join(ENGINES)}")
    rapid = rapid_problem(languages)
    tesseract = tesseract_problem(languages)
    if rapid is None and tesseract is None:
        return ByPicture(TesseractReader(languages), RapidReader(languages))
    if tesseract is None:
        return TesseractReader(languages)
    if rapid is None:
        log.warning("reading pages with PP-OCRv4 too, slower than Tesseract: %s", tesseract)
        return RapidReader(languages)
    log.warning("no text reader: %s; %s", rapid, tesseract)
    return None


def _require(problem: str | None) -> None:
    if problem is not None:
        raise ReaderUnavailable(problem)
