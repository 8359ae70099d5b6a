"""The text readers on real engines (skipped, with the reason, where one is not installed), their
layout rules, the choice of engine, and HEIC pictures through pillow-heif."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from bot.captioning.reading import ReaderUnavailable, ReadText, TextLine, make_reader
from bot.captioning.reading import rapid as rapid_module
from bot.captioning.reading.rapid import RapidReader, rapid_problem
from bot.captioning.reading.tesseract import TesseractReader, tesseract_problem
from bot.captioning.reading.types import Piece, is_junk, lines_in_reading_order
from tests.pictures import draw_picture

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LINES = ("Fresh coffee daily", "Open until 6 pm")


def _reader(engine: str):
    problem = rapid_problem() if engine == "rapidocr" else tesseract_problem()
    if problem is not None:
        pytest.skip(f"{engine} is not installed here: {problem}")
    return RapidReader(threads=1) if engine == "rapidocr" else TesseractReader(threads=1)


@pytest.fixture(scope="module", params=["rapidocr", "tesseract"])
def reader(request):
    return _reader(request.param)


def _two_lines() -> Image.Image:
    if not FONT.is_file():
        pytest.skip(f"{FONT} missing (apt-get install fonts-dejavu-core)")
    image = Image.new("RGB", (640, 220), "white")
    draw = ImageDraw.Draw(image)
    face = ImageFont.truetype(str(FONT), 40)
    for row, line in enumerate(LINES):
        draw.text((40, 40 + row * 80), line, font=face, fill=(20, 20, 20))
    return image


def test_reads_two_lines_in_order(reader):
    read = reader.read(_two_lines())
    assert [line.text for line in read.lines] == list(LINES)
    assert read.text == "\n".join(LINES)
    assert read.legible
    assert all(0.0 <= line.confidence <= 1.0 for line in read.lines)
    first, second = (line.box for line in read.lines)
    assert first[1] < second[1] and first[0] < first[2] <= 640 and second[3] <= 220
    assert read.engine.startswith(reader.name.split()[0]) and read.seconds > 0


def test_shapes_are_not_legible(reader):
    read = reader.read(draw_picture([("red", "circle"), ("blue", "square")]))
    assert not read.legible, read.lines


def test_transparent_picture_reads_as_on_white(reader):
    # Text drawn on a transparent canvas: black underneath once flattened carelessly.
    image = Image.new("RGBA", (640, 220), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    face = ImageFont.truetype(str(FONT), 40) if FONT.is_file() else pytest.skip("no font")
    draw.text((40, 80), LINES[0], font=face, fill=(0, 0, 0, 255))
    assert reader.read(image).text == LINES[0]


def test_round_trips_through_json():
    read = ReadText(
        (TextLine("STOP", 0.97, (10, 20, 110, 60)), TextLine("Main St", 0.81, (12, 70, 150, 96))),
        "rapidocr 1.4.4 (PP-OCRv4)",
        0.25,
    )
    data = json.loads(json.dumps(read.to_dict()))
    assert data == {
        "engine": "rapidocr 1.4.4 (PP-OCRv4)",
        "seconds": 0.25,
        "lines": [
            {"text": "STOP", "confidence": 0.97, "box": [10, 20, 110, 60]},
            {"text": "Main St", "confidence": 0.81, "box": [12, 70, 150, 96]},
        ],
    }
    assert ReadText.from_dict(data) == read
    assert read.text == "STOP\nMain St" and read.legible


def test_legible_needs_sure_letters():
    box = (0, 0, 10, 10)
    assert not ReadText((TextLine("ab", 0.99, box),), "x", 0.0).legible
    assert not ReadText((TextLine("abc", 0.3, box),), "x", 0.0).legible
    assert not ReadText((TextLine("|-|", 0.99, box),), "x", 0.0).legible
    assert ReadText((TextLine("ab", 0.99, box), TextLine("1", 0.9, box)), "x", 0.0).legible


def test_junk_lines():
    assert is_junk("") and is_junk(" |- ") and is_junk("...")
    assert not is_junk("a") and not is_junk("7") and not is_junk("Straße")


def test_pieces_on_one_row_join_and_columns_read_one_after_the_other():
    pieces = [
        Piece("Heading across", 0.9, (10, 10, 600, 40)),
        Piece("right one", 0.9, (340, 60, 600, 80)),
        Piece("left one", 0.9, (10, 60, 150, 80)),
        Piece("more", 0.9, (160, 60, 250, 80)),  # after "left one", a word's gap away
        Piece("left two", 0.9, (10, 90, 250, 110)),
        Piece("right two", 0.9, (340, 90, 600, 110)),
    ]
    lines = lines_in_reading_order(pieces)
    assert [line.text for line in lines] == [
        "Heading across",
        "left one more",
        "left two",
        "right one",
        "right two",
    ]
    assert lines[1].box == (10, 60, 250, 80)


def test_auto_makes_a_reader():
    if rapid_problem() is not None and tesseract_problem() is not None:
        pytest.skip("neither rapidocr nor tesseract is installed")
    reader = make_reader("auto")
    assert reader is not None and hasattr(reader, "read")
    assert make_reader("off") is None


def test_auto_takes_tesseract_for_languages_rapidocr_cannot_read():
    if tesseract_problem("deu") is not None:
        pytest.skip(f"tesseract with German: {tesseract_problem('deu')}")
    assert isinstance(make_reader("auto", "eng+deu"), TesseractReader)


def test_forced_tesseract_missing_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH without tesseract
    with pytest.raises(ReaderUnavailable, match="apt-get install tesseract-ocr"):
        make_reader("tesseract")


def test_forced_rapidocr_missing_says_how_to_install(monkeypatch):
    monkeypatch.setattr(rapid_module, "PACKAGE", "rapidocr-onnxruntime-not-here")
    with pytest.raises(ReaderUnavailable, match=r"pip install rapidocr-onnxruntime==1\.4\.4"):
        make_reader("rapidocr")
    with pytest.raises(ReaderUnavailable, match="tesseract"):
        make_reader("rapidocr", "rus")


def test_missing_language_says_which_package():
    if tesseract_problem() is not None:
        pytest.skip(f"tesseract: {tesseract_problem()}")
    with pytest.raises(ReaderUnavailable, match="apt-get install tesseract-ocr-xyz"):
        make_reader("tesseract", "eng+xyz")


def test_auto_with_nothing_installed_warns_once(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(rapid_module, "PACKAGE", "rapidocr-onnxruntime-not-here")
    with caplog.at_level(logging.WARNING, logger="bot.captioning.reading.choose"):
        assert make_reader("auto") is None
    [record] = caplog.records
    assert "pip install" in record.getMessage() and "apt-get install" in record.getMessage()


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="unknown text engine"):
        make_reader("easyocr")


def test_heic_opens_with_pillow_once_registered():
    pillow_heif = pytest.importorskip("pillow_heif", reason="pillow-heif is not installed")
    pillow_heif.register_heif_opener()
    picture = draw_picture([("red", "circle")], size=(320, 240))
    buffer = io.BytesIO()
    pillow_heif.from_pillow(picture).save(buffer, format="HEIF", quality=90)
    assert buffer.getvalue()[4:12] == b"ftypheic"
    with Image.open(io.BytesIO(buffer.getvalue())) as opened:
        assert opened.format == "HEIF" and opened.size == (320, 240)
        centre = opened.convert("RGB").getpixel((160, 120))
    assert isinstance(centre, tuple) and centre[0] > 200 and centre[2] < 80  # still red


def _meme() -> Image.Image:
    """White outlined capitals over a busy photo: a scene, not a page."""
    if not FONT.is_file():
        pytest.skip(f"{FONT} missing (apt-get install fonts-dejavu-core)")
    import random

    rng = random.Random(5)
    image = Image.new("RGB", (640, 480))
    draw = ImageDraw.Draw(image)
    for _ in range(300):
        x, y = rng.randrange(640), rng.randrange(480)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x, y, x + rng.randint(10, 80), y + rng.randint(10, 80)), fill=colour)
    face = ImageFont.truetype(str(FONT), 56)
    draw.text(
        (40, 40), "WHEN IT WORKS", font=face, fill="white", stroke_width=3, stroke_fill="black"
    )
    return image


PAGE = tuple(f"Line {n}: the minutes of the meeting" for n in range(1, 15))


def _page() -> Image.Image:
    """A dense page: fourteen lines of dark type on white."""
    if not FONT.is_file():
        pytest.skip(f"{FONT} missing (apt-get install fonts-dejavu-core)")
    image = Image.new("RGB", (720, 1000), "white")
    draw = ImageDraw.Draw(image)
    face = ImageFont.truetype(str(FONT), 28)
    for row, line in enumerate(PAGE):
        draw.text((40, 40 + row * 64), line, font=face, fill=(20, 20, 20))
    return image


def test_dense_pages_and_scenes_are_told_apart():
    from bot.captioning.reading.by_picture import dense_page, ink_rows, page_background

    assert page_background(_two_lines()) == "light" and ink_rows(_two_lines()) == 2
    assert dense_page(_two_lines()) is None  # a card with two lines: PP-OCRv4's
    assert dense_page(_page()) == "light" and ink_rows(_page()) == len(PAGE)
    assert dense_page(Image.eval(_page(), lambda v: 255 - v)) == "dark"
    assert page_background(_meme()) is None and dense_page(_meme()) is None


def test_auto_reads_dense_pages_with_tesseract_and_the_rest_with_rapidocr():
    from bot.captioning.reading.by_picture import ByPicture

    if rapid_problem() is not None or tesseract_problem() is not None:
        pytest.skip("needs both engines installed (scripts/setup)")
    reader = make_reader("auto")
    assert isinstance(reader, ByPicture)
    page = reader.read(_page())
    assert page.engine.startswith("tesseract") and page.text == "\n".join(PAGE)
    # A dark theme is turned light for Tesseract, and read just as well.
    dark = reader.read(Image.eval(_page(), lambda v: 255 - v))
    assert dark.engine.startswith("tesseract") and dark.text == "\n".join(PAGE)
    card = reader.read(_two_lines())
    assert card.engine.startswith("rapidocr") and card.text == "\n".join(LINES)
    scene = reader.read(_meme())
    assert scene.engine.startswith("rapidocr") and scene.text == "WHEN IT WORKS"


def test_auto_reads_everything_with_the_one_engine_installed(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract
    if rapid_problem() is not None:
        pytest.skip(f"rapidocr: {rapid_problem()}")
    assert isinstance(make_reader("auto"), RapidReader)
