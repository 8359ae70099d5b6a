"""Headless Chromium (Debian's) driven by Playwright on the web chat, for the browser tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.pictures import draw_picture, png_bytes

if TYPE_CHECKING:
    from playwright.async_api import FilePayload, Page

CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.is_file(), reason="needs Debian's chromium at /usr/bin/chromium"
)
async_api = pytest.importorskip("playwright.async_api", reason="needs playwright (the dev extra)")

ROOT = Path(__file__).resolve().parents[3]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 30_000
# Assertions wait as long as actions do: a caption on a busy machine can take more than the 5 s
# Playwright's expect() waits by default.
async_api.expect.set_options(timeout=TIMEOUT_MS)
expect = async_api.expect
FIRST = png_bytes(draw_picture([("red", "circle"), ("blue", "square")]))
SECOND = png_bytes(draw_picture([("green", "triangle"), ("yellow", "square")]))


@asynccontextmanager
async def chat_page(url: str, **page_options: Any) -> AsyncIterator[Page]:
    """A fresh browser on the chat page, its history restored."""
    async with async_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = await browser.new_page(**page_options)
            page.set_default_timeout(TIMEOUT_MS)
            await page.goto(url)
            await ready(page)
            yield page
        finally:
            await browser.close()


async def ready(page: Page) -> None:
    await expect(page.locator("body[data-ready=true]")).to_have_count(1)


def upload(name: str, data: bytes, mime: str = "image/png") -> FilePayload:
    return {"name": name, "mimeType": mime, "buffer": data}


async def pick(page: Page, name: str, data: bytes, mime: str = "image/png") -> None:
    """Pick a file: the page sends it at once."""
    await page.get_by_label("Choose a picture").set_input_files(upload(name, data, mime))


async def send_picture(page: Page, name: str, data: bytes, answers: int) -> None:
    """Pick a picture and wait for the `answers`-th bot message."""
    await pick(page, name, data)
    await expect(page.locator(".bubble.bot")).to_have_count(answers)
