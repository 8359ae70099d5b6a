"""Which text reader to use: `make_reader(engine, languages)`.

"auto" takes PP-OCRv4 (rapidocr) for English, the measured best overall: on bench/ocr.py's
pictures with text it misread 7.2 % of characters against Tesseract's 18 % (README: Tesseract
reads screenshots, documents and small text as well or better, but memes and signs on busy
backgrounds hardly at all). For any other language
it takes Tesseract, as PP-OCRv4's English-Chinese recogniser has no ö, ß, ç, ñ or Cyrillic. Each
falls back to the other where the first is not installed.
"""

from __future__ import annotations

import logging

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
    if rapid is None:
        return RapidReader(languages)
    tesseract = tesseract_problem(languages)
    if tesseract is None:
        return TesseractReader(languages)
    log.warning("no text reader: %s; %s", rapid, tesseract)
    return None


def _require(problem: str | None) -> None:
    if problem is not None:
        raise ReaderUnavailable(problem)
