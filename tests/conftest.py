"""Fixtures every package's tests share: the real tiny captioner and drawn pictures."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest
from PIL import Image

from tests.pictures import draw_picture

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # no hub here or in CI: fail fast, never retry

ROOT = Path(__file__).resolve().parent.parent
# Text reading is off unless a test turns it on (tests/bot/chat/test_reading.py): the shapes the
# other tests draw hold no text, and reading each would only slow them down. Subprocesses the
# tests start inherit it.
os.environ["OCR_ENGINE"] = "off"
TINY_MODEL = Path(os.environ.get("TINY_CAPTIONER", ROOT / "tests" / "fixtures" / "tiny-captioner"))


@pytest.fixture(scope="session")
def tiny_model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the tiny model, standing in for an operator's model folder. The bundled folder
    itself is the demo model, whose first caption in each chat carries a notice saying so
    (tests/bot/chat/test_model_honesty.py); the other tests read captions as a model says them."""
    assert (TINY_MODEL / "config.json").is_file(), "run scripts/make-tiny-captioner"
    copy = tmp_path_factory.mktemp("models") / "tiny-captioner"
    shutil.copytree(TINY_MODEL, copy)
    return copy


@pytest.fixture(scope="session")
def tiny_captioner(tiny_model_path: Path):
    from bot.captioning.captioner import load_captioner

    random.seed(0)
    return load_captioner(str(tiny_model_path), device="cpu")


@pytest.fixture
def red_circle_blue_square() -> Image.Image:
    return draw_picture([("red", "circle"), ("blue", "square")])
