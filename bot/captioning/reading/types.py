"""What a text reader gives back, the protocol engines follow, and the layout rules they share.

Engines differ in how they cut a picture into pieces of text (Tesseract: words in its own lines;
PP-OCR: runs of words its detector saw as one region), so both hand `lines_in_reading_order` their
pieces and get the same notion of a visual line and of reading order back.
"""

from __future__ import annotations

import statistics
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from PIL import Image

Box = tuple[int, int, int, int]

# Measured by bench/ocr.py, reading 50 pictures with every line kept however unsure: lines read
# right score 0.95 and up (the lowest 5 %: 0.955 for rapidocr, 0.957 for Tesseract); lines read
# on the ten pictures without text scored 0.61 at most (rapidocr, ">S>>>M" on scribbles). 0.7 sits
# between with room on both sides; no picture without text was legible at any cut from 0.5 to 0.9.
LEGIBLE_CONFIDENCE = 0.7
LEGIBLE_CHARACTERS = 3


class ReaderUnavailable(Exception):
    """A text engine that cannot run here; the message is one line saying what to install."""


@dataclass(frozen=True)
class TextLine:
    text: str
    confidence: float  # 0..1
    box: Box  # left, top, right, bottom in the picture's pixels


@dataclass(frozen=True)
class ReadText:
    lines: tuple[TextLine, ...]  # in reading order
    engine: str  # e.g. "tesseract 5.3.0" or "rapidocr 1.4.4 (PP-OCRv4)"
    seconds: float

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def legible(self) -> bool:
        # Letters and digits only: stray strokes read as punctuation ("|", "—", "'") are the
        # usual junk on pictures without text.
        sure = sum(
            sum(char.isalnum() for char in line.text)
            for line in self.lines
            if line.confidence >= LEGIBLE_CONFIDENCE
        )
        return sure >= LEGIBLE_CHARACTERS

    def to_dict(self) -> dict[str, object]:
        return {
            "engine": self.engine,
            "seconds": self.seconds,
            "lines": [
                {"text": line.text, "confidence": line.confidence, "box": list(line.box)}
                for line in self.lines
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> ReadText:
        raw_lines = data.get("lines", [])
        if not isinstance(raw_lines, list):
            raise ValueError("ReadText: 'lines' must be a list")
        lines = []
        for raw in raw_lines:
            if not isinstance(raw, dict):
                raise ValueError("ReadText: each line must be an object")
            left, top, right, bottom = (int(value) for value in raw["box"])
            lines.append(
                TextLine(str(raw["text"]), float(raw["confidence"]), (left, top, right, bottom))
            )
        seconds = data.get("seconds", 0.0)
        if not isinstance(seconds, int | float):
            raise ValueError("ReadText: 'seconds' must be a number")
        return cls(tuple(lines), str(data.get("engine", "")), float(seconds))


class TextReader(Protocol):
    @property
    def name(self) -> str: ...

    def warm(self) -> None:
        """Load what reading needs (models, the binary); raises ReaderUnavailable."""
        ...

    def read(self, image: Image.Image) -> ReadText:
        """Synchronous and CPU-bound: call it on a worker thread. May raise."""
        ...


def has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def on_white(image: Image.Image) -> Image.Image:
    """`image` as RGB, transparent pixels on white as viewers show them (they are often black
    underneath, which would hide dark text)."""
    if has_alpha(image):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def is_junk(text: str) -> bool:
    """Empty or nothing but punctuation, symbols and spaces: what noise and edges read as."""
    return not any(unicodedata.category(char)[0] in "LN" for char in text)


@dataclass(frozen=True)
class Piece:
    """Some text an engine found on one visual line, before lines are joined and ordered."""

    text: str
    confidence: float
    box: Box


def lines_in_reading_order(pieces: Iterable[Piece]) -> tuple[TextLine, ...]:
    """Join pieces that sit on one visual line and near each other, then order the lines top to
    bottom, a column at a time where the picture has columns."""
    lines = _join_lines([piece for piece in pieces if piece.text.strip()])
    if not lines:
        return ()
    height = statistics.median(line.box[3] - line.box[1] for line in lines)
    return tuple(_xy_cut(lines, max(height, 1)))


def _join_lines(pieces: list[Piece]) -> list[TextLine]:
    joined: list[list[Piece]] = []
    for piece in sorted(pieces, key=lambda p: (p.box[0], p.box[1])):
        for row in joined:
            last = row[-1]
            tall = max(piece.box[3] - piece.box[1], last.box[3] - last.box[1], 1)
            # Two words' gap is under a line height; a wider one is a column or a table's cell.
            if _same_row(last.box, piece.box) and piece.box[0] - last.box[2] <= 1.5 * tall:
                row.append(piece)
                break
        else:
            joined.append([piece])
    return [_merge(row) for row in joined]


def _same_row(a: Box, b: Box) -> bool:
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap >= 0.5 * min(a[3] - a[1], b[3] - b[1])


def _merge(row: list[Piece]) -> TextLine:
    text = " ".join(piece.text.strip() for piece in row)
    # Weighted by length, so that a long well-read run is not dragged down by a stray mark.
    weights = [max(len(piece.text.strip()), 1) for piece in row]
    confidence = sum(p.confidence * w for p, w in zip(row, weights, strict=True)) / sum(weights)
    box = (
        min(p.box[0] for p in row),
        min(p.box[1] for p in row),
        max(p.box[2] for p in row),
        max(p.box[3] for p in row),
    )
    return TextLine(text, round(confidence, 4), box)


def _xy_cut(lines: list[TextLine], height: float) -> list[TextLine]:
    """Recursive XY-cut at the widest blank band: a heading above two columns is cut off first
    (a band across the page), then the columns (a band down the page), then each column's lines."""
    if len(lines) <= 1:
        return lines
    across = _widest_gap([(line.box[1], line.box[3]) for line in lines])
    down = _widest_gap([(line.box[0], line.box[2]) for line in lines])
    # A blank band down the page must be wide to be a column break, not the space between words
    # in a row of buttons; lines are ordered top to bottom whenever in doubt.
    if down is not None and down[0] >= 1.5 * height and (across is None or down[0] > across[0]):
        first = [line.box[2] <= down[1] for line in lines]
    elif across is not None:
        first = [line.box[3] <= across[1] for line in lines]
    else:
        # Overlapping boxes everywhere: fall back to the top-left corners.
        return sorted(lines, key=lambda line: (line.box[1], line.box[0]))
    before = [line for line, is_first in zip(lines, first, strict=True) if is_first]
    rest = [line for line, is_first in zip(lines, first, strict=True) if not is_first]
    return _xy_cut(before, height) + _xy_cut(rest, height)


def _widest_gap(spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The widest blank band between the spans, as (width, where to cut), or None."""
    best: tuple[int, int] | None = None
    reach = None
    for start, end in sorted(spans):
        if reach is not None and start > reach and (best is None or start - reach > best[0]):
            best = (start - reach, reach + (start - reach) // 2)
        reach = end if reach is None else max(reach, end)
    return best
