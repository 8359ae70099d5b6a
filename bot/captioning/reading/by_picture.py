"""Each picture to the engine that reads it best: dense pages to Tesseract, the rest to PP-OCRv4.

bench/ocr.py found no one engine best everywhere. PP-OCRv4 alone reads memes and signs on busy
backgrounds (Tesseract misread half or more), and it reads chat screenshots a little better, in
light and dark themes. On a dense page (a document, a desktop chat in small type) it costs a
second per dozen lines: 2-2.5 s for a 1024 px page on one core, where Tesseract takes 0.7 s and
misreads less. What tells a dense page apart is cheap to see: one background colour under most of
the picture (on bench/ocr_pictures.py's pictures one grey level covered 0.77-0.91 of every
screenshot and page, at most 0.33 of a meme or sign), and many rows of ink on it (screenshots
showed 5-9, pages and small-text chats 13-32).
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageOps

from bot.captioning.reading.types import ReadText, TextReader, on_white

# Share of the picture under its commonest grey level (16 levels) from which it is a page.
PAGE_SHARE = 0.6
# Rows of ink from which a page is dense: between the measured 9 and 13.
DENSE_ROWS = 12
_LEVELS = 16
_STEP = 256 // _LEVELS
_DARK_LEVEL = 8  # a page whose background is in the darker half is a dark theme
_INK = 48  # grey levels away from the background that count as ink
_INKED_ROW = 0.003  # share of a row's pixels in ink from which the row has text on it


def page_background(image: Image.Image) -> str | None:
    """ "light" or "dark" for a page-like picture (one flat background under most of it), None for
    a scene (a photo, a meme, a sign)."""
    grey = image.convert("L")
    grey.thumbnail((256, 256))
    values = np.asarray(grey, dtype=np.uint8) // _STEP
    shares = np.bincount(values.ravel(), minlength=_LEVELS) / values.size
    if shares.max() < PAGE_SHARE:
        return None
    return "dark" if int(shares.argmax()) < _DARK_LEVEL else "light"


def ink_rows(image: Image.Image) -> int:
    """How many bands of rows carry ink on the picture's commonest background: its lines of text,
    give or take a rule or a button."""
    grey = np.asarray(image.convert("L"), dtype=np.int16)
    background = int(np.bincount((grey // _STEP).ravel(), minlength=_LEVELS).argmax())
    ink = np.abs(grey - (background * _STEP + _STEP // 2)) > _INK
    inked = ink.mean(axis=1) > _INKED_ROW
    return int(inked[0]) + int(np.sum(inked[1:] & ~inked[:-1]))


def dense_page(image: Image.Image) -> str | None:
    """ "light" or "dark" for a dense page (Tesseract's), None for anything else (PP-OCRv4's)."""
    background = page_background(image)
    if background is None or ink_rows(image) < DENSE_ROWS:
        return None
    return background


class ByPicture:
    """A TextReader that hands dense pages to `pages` (Tesseract) and everything else to `scenes`
    (PP-OCRv4). A dark page is inverted first: Tesseract's LSTM was trained on dark text on light
    paper."""

    def __init__(self, pages: TextReader, scenes: TextReader) -> None:
        self.pages = pages
        self.scenes = scenes

    @property
    def name(self) -> str:
        return f"{self.pages.name} for pages, {self.scenes.name} for scenes"

    def warm(self) -> None:
        self.pages.warm()
        self.scenes.warm()

    def read(self, image: Image.Image) -> ReadText:
        background = dense_page(image)
        if background is None:
            return self.scenes.read(image)
        if background == "dark":
            image = ImageOps.invert(on_white(image))
        return self.pages.read(image)
