"""The chat page in headless Chromium: overlapping sends, the view after a reload, refused
uploads and the model notice."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.adapters.web.browser import (
    FIRST,
    SECOND,
    chat_page,
    expect,
    needs_chromium,
    pick,
    ready,
    send_picture,
)

pytestmark = needs_chromium

# Every picture on the page has loaded, none is a broken-image icon.
# (Functions: the page's policy forbids evaluating a string as code.)
PICTURES_LOADED = (
    "() => [...document.querySelectorAll('#log img')].every(i => i.complete && i.naturalWidth > 0)"
)
GAP_BELOW = "log => log.scrollHeight - log.clientHeight - log.scrollTop"


def notice_is(web_chat, monkeypatch: pytest.MonkeyPatch, notice: str | None) -> None:
    """The conversation's model notice, as the core would tell it (a demo model's, or none)."""
    monkeypatch.setattr(
        type(web_chat.chats), "model_notice", property(lambda self: notice), raising=False
    )


async def bubbles(page) -> list[tuple[str, str]]:
    """Each bubble of the log in page order: ("user" or "bot", its words or "picture")."""
    shown = await page.locator("#log .bubble").evaluate_all(
        """items => items.map(item => [
            item.classList.contains("user") ? "user" : "bot",
            item.querySelector(":scope > img") ? "picture"
                : (item.querySelector(".text") || item).textContent.split("\\n")[0],
        ])"""
    )
    return [(role, words) for role, words in shown]


async def test_overlapping_sends_wait_in_a_queue_and_answers_stay_under_their_message(web_chat):
    async with chat_page(web_chat.url) as page:
        posted: list[str] = []
        release = asyncio.Event()

        async def hold_the_first(route: Any) -> None:
            posted.append(route.request.url)
            if len(posted) == 1:
                await release.wait()
            await route.continue_()

        # The first picture takes long to answer: the next two are sent meanwhile.
        await page.route("**/api/messages", hold_the_first)
        await pick(page, "first.png", FIRST)
        await pick(page, "second.png", SECOND)
        message = page.get_by_label("Message")
        await message.fill("what is on the left?")
        await message.press("Enter")

        groups = page.locator("#log .exchange")
        await expect(groups).to_have_count(3)
        await expect(groups.nth(0).locator(".status")).to_have_text("Captioning…")
        for queued in (groups.nth(1), groups.nth(2)):
            await expect(queued.locator(".status.queued")).to_contain_text("Queued")
        await expect(page.get_by_role("button", name="Send")).to_be_enabled()
        assert len(posted) == 1  # one at a time, in order: the others wait their turn
        release.set()

        await expect(page.locator(".bubble.bot")).to_have_count(3)
        await expect(page.locator("#log .status")).to_have_count(0)
        assert len(posted) == 3
        assert await bubbles(page) == [
            ("user", "picture"),
            ("bot", "a red circle and a blue square"),
            ("user", "picture"),
            ("bot", "a green triangle and a yellow square"),
            ("user", "what is on the left?"),
            ("bot", "On the left is a green triangle and on the right a yellow square."),
        ]
        for n in range(3):
            group = groups.nth(n)
            await expect(group.locator(".bubble.user")).to_have_count(1)
            await expect(group.locator(".bubble.bot")).to_have_count(1)
        # Each picture, once captioned, can be replied to.
        await expect(page.get_by_role("button", name="Reply to this picture")).to_have_count(2)


async def test_a_reload_shows_the_newest_message_after_the_pictures_load(web_chat):
    async with chat_page(web_chat.url, viewport={"width": 800, "height": 600}) as page:
        for n in range(6):
            await pick(page, f"picture-{n}.png", (FIRST, SECOND)[n % 2])
        await expect(page.locator(".bubble.bot")).to_have_count(6)

        async def late(route: Any) -> None:
            await asyncio.sleep(0.3)
            await route.continue_()

        # The pictures arrive after the history is drawn, and make the log taller.
        await page.route("**/api/images/*", late)
        await page.reload()
        await ready(page)
        await page.wait_for_function(PICTURES_LOADED)
        log = page.locator("#log")
        assert await log.evaluate("log => log.scrollHeight > 2 * log.clientHeight")
        try:
            await page.wait_for_function(
                f"() => ({GAP_BELOW})(document.getElementById('log')) <= 2", timeout=5_000
            )
        except Exception:
            pytest.fail(f"the view stops {await log.evaluate(GAP_BELOW)} px above the newest")
        await expect(page.locator(".bubble.bot").last).to_be_in_viewport()


async def refusals_shown(page) -> None:
    """The log of the refusal test: each refused upload marked, with its refusal under it."""
    groups = page.locator("#log .exchange")
    await expect(groups).to_have_count(4)
    refused = page.locator(".bubble.user.refused")
    await expect(refused).to_have_count(3)
    for n, name in enumerate(("notes.txt", "broken.png", "huge.png")):
        await expect(refused.nth(n)).to_contain_text("Refused: " + name)
    # No picture (no broken-image icon) and no ↩ Reply on a refused upload.
    await expect(page.locator(".bubble.refused img")).to_have_count(0)
    await expect(page.locator(".bubble.refused .reply")).to_have_count(0)
    await page.wait_for_function(PICTURES_LOADED)
    # Each refusal, whoever refused, in the one refusal style and under its upload.
    for n in (0, 2, 3):
        group = groups.nth(n)
        await expect(group.locator(".bubble.user.refused")).to_have_count(1)
        await expect(group.locator(".bubble.bot.refusal")).to_have_count(1)
    await expect(groups.nth(0).locator(".refusal")).to_contain_text("doesn't look like an image")
    await expect(groups.nth(3).locator(".refusal")).to_contain_text("too big")
    # The picture between them is a picture, captioned, and can be replied to.
    picture = groups.nth(1)
    await expect(picture.locator(".bubble.user img")).to_have_count(1)
    await expect(picture.locator(".bubble.bot")).not_to_have_class("refusal")
    await expect(picture.get_by_role("button", name="Reply to this picture")).to_have_count(1)


async def test_a_refused_upload_is_marked_as_one_and_stays_after_a_reload(web_chat):
    async with chat_page(web_chat.url) as page:
        await pick(page, "notes.txt", b"just some notes", "text/plain")
        await send_picture(page, "shapes.png", FIRST, answers=2)
        await pick(page, "broken.png", b"\x89PNG not really a picture")
        await pick(page, "huge.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 400_000)  # over 300 kB
        await expect(page.locator(".bubble.bot")).to_have_count(4)
        await expect(page.locator("#log .status")).to_have_count(0)
        await refusals_shown(page)

        await page.reload()
        await ready(page)
        await refusals_shown(page)


async def test_the_model_notice_is_a_banner_of_text(web_chat, monkeypatch):
    notice = "Demo model: it only knows coloured shapes. <b>Not photos</b>"
    notice_is(web_chat, monkeypatch, notice)
    async with chat_page(web_chat.url) as page:
        banner = page.locator("#notice")
        await expect(banner).to_be_visible()
        await expect(banner).to_have_text(notice)
        await expect(banner).to_have_attribute("role", "status")
        await expect(banner.locator("b")).to_have_count(0)  # text, never markup


async def test_no_banner_without_a_notice(web_chat, monkeypatch):
    notice_is(web_chat, monkeypatch, None)
    async with chat_page(web_chat.url) as page:
        await expect(page.locator("#notice")).to_be_hidden()
        await expect(page.locator("#notice")).to_have_text("")
