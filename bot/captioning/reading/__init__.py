"""Reading the text in pictures (OCR): PP-OCRv4 through rapidocr-onnxruntime, or Tesseract 5.

    reader = make_reader("auto", "eng")  # None: "off", or nothing installed
    read = reader.read(image)  # on a worker thread: seconds of CPU
    if read.legible: ... read.text ...

Engines are imported here, but their models load on the first read (or `warm()`).
"""

from __future__ import annotations

from bot.captioning.reading.choose import ENGINES, make_reader
from bot.captioning.reading.types import (
    ReaderUnavailable,
    ReadText,
    TextLine,
    TextReader,
)

__all__ = ["ENGINES", "ReadText", "ReaderUnavailable", "TextLine", "TextReader", "make_reader"]
