"""Fixtures every package's tests share: the real tiny captioner and drawn pictures."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from PIL import Image

from tests.pictures import draw_picture

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # no hub here or in CI: fail fast, never retry

ROOT = Path(__file__).resolve().parent.parent
TINY_MODEL = Path(os.environ.get("TINY_CAPTIONER", ROOT / "tests" / "fixtures" / "tiny-captioner"))


@pytest.fixture(scope="session")
def tiny_model_path() -> Path:
    assert (TINY_MODEL / "config.json").is_file(), "run scripts/make-tiny-captioner"
    return TINY_MODEL


@pytest.fixture(scope="session")
def tiny_captioner(tiny_model_path: Path):
    from bot.captioning.captioner import load_captioner

    random.seed(0)
    return load_captioner(str(tiny_model_path), device="cpu")


@pytest.fixture
def red_circle_blue_square() -> Image.Image:
    return draw_picture([("red", "circle"), ("blue", "square")])
