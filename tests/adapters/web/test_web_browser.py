"""The web chat in real headless Chromium (Debian's) driven by Playwright, on the tiny model."""

from __future__ import annotations

import shutil

from tests.adapters.web.browser import (
    ARGS,
    CHROMIUM,
    FIRST,
    ROOT,
    SECOND,
    TIMEOUT_MS,
    async_api,
    chat_page,
    needs_chromium,
    ready,
    send_picture,
)
from tests.pictures import draw_picture, png_bytes

pytestmark = needs_chromium


async def test_a_conversation_in_the_browser(web_chat, tmp_path):
    picture = tmp_path / "shapes.png"
    picture.write_bytes(png_bytes(draw_picture([("red", "circle"), ("blue", "square")])))
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture")

    async with async_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = await browser.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            expect = async_api.expect
            await page.goto(web_chat.url)
            await expect(page.locator("body[data-ready=true]")).to_have_count(1)
            bot = page.locator(".bubble.bot")

            # Picking a picture sends it; the caption arrives with its buttons.
            await page.get_by_label("Choose a picture").set_input_files(str(picture))
            await expect(bot.nth(0)).to_contain_text("a red circle and a blue square")
            await expect(page.locator(".bubble.user img")).to_have_count(1)

            await page.get_by_role("button", name="😄 Funny").click()
            await expect(bot).to_have_count(2)
            await expect(bot.nth(1)).to_contain_text("red circle")
            styled = await bot.nth(1).locator(".text").text_content()
            assert styled != "a red circle and a blue square" and "red circle" in styled

            message = page.get_by_label("Message")
            await message.fill("what is on the left?")
            await message.press("Enter")
            await expect(bot).to_have_count(3)
            await expect(bot.nth(2)).to_contain_text("On the left is a red circle")

            # Text from the user or the model is shown as text, never run as markup.
            scripts_before = await page.locator("script").count()
            await message.fill("/style <script>alert(1)</script>")
            await page.get_by_role("button", name="Send").click()
            await expect(bot).to_have_count(4)
            await expect(bot.nth(3)).to_contain_text('"<script>alert(1)</script>"')
            assert await page.locator("script").count() == scripts_before == 1

            await page.get_by_label("Choose a picture").set_input_files(str(notes))
            await expect(bot).to_have_count(5)
            await expect(bot.nth(4)).to_contain_text("doesn't look like an image")

            # The conversation comes back on reload, picture included.
            await page.reload()
            await expect(page.locator("body[data-ready=true]")).to_have_count(1)
            await expect(page.locator("#log")).to_contain_text("a red circle and a blue square")
            await expect(page.locator("#log")).to_contain_text("On the left is a red circle")
            thumbnail = page.locator(".bubble.user img").first
            await expect(thumbnail).to_be_visible()
            assert await thumbnail.evaluate("img => img.naturalWidth") > 0

            shot = tmp_path / "web-chat.png"
            await page.screenshot(path=str(shot), full_page=True)
            (ROOT / "test-output").mkdir(exist_ok=True)
            shutil.copy(shot, ROOT / "test-output" / "web-chat.png")
        finally:
            await browser.close()


async def test_buttons_come_back_after_a_reload_and_still_answer(web_chat):
    expect = async_api.expect
    async with chat_page(web_chat.url) as page:
        await send_picture(page, "shapes.png", FIRST, answers=1)
        await page.reload()
        await ready(page)

        bot = page.locator(".bubble.bot")
        await expect(bot).to_have_count(1)
        caption = bot.nth(0)
        text = caption.locator(".text")
        await expect(text).to_contain_text("a red circle and a blue square")
        assert (await text.text_content() or "").split("\n")[0] == "a red circle and a blue square"
        for label in ("🔁 Again", "😄 Funny"):
            await expect(caption.get_by_role("button", name=label)).to_be_visible()

        await caption.get_by_role("button", name="😄 Funny").click()
        await expect(bot).to_have_count(2)
        await expect(page.locator(".bubble.user").last).to_have_text("😄 Funny")
        styled = bot.nth(1).locator(".text")
        await expect(styled).to_contain_text("red circle")
        assert await styled.text_content() != "a red circle and a blue square"
        # The new caption comes with its own buttons (plain is back among them).
        await expect(bot.nth(1).get_by_role("button", name="🔁 Again")).to_be_visible()


async def test_a_reply_to_the_first_of_two_pictures_is_about_the_first(web_chat):
    expect = async_api.expect
    async with chat_page(web_chat.url) as page:
        await send_picture(page, "first.png", FIRST, answers=1)
        await send_picture(page, "second.png", SECOND, answers=2)
        bot = page.locator(".bubble.bot")
        await expect(bot.nth(1)).to_contain_text("green triangle")
        message = page.get_by_label("Message")
        replying = page.locator("#replying")
        await expect(replying).to_be_hidden()

        first_picture = page.locator(".bubble.user").nth(0)
        await first_picture.get_by_role("button", name="Reply to this picture").click()
        await expect(replying).to_be_visible()
        await expect(replying).to_contain_text("Replying to your picture")
        await message.fill("/history")
        await message.press("Enter")
        await expect(bot).to_have_count(3)
        await expect(bot.nth(2)).to_contain_text("a red circle and a blue square")
        await expect(bot.nth(2)).not_to_contain_text("green")
        await expect(page.locator(".bubble.user").last).to_contain_text("↪ your picture")
        await expect(replying).to_be_hidden()

        # After a reload, a reply to the first caption is about the first picture too.
        await page.reload()
        await ready(page)
        await expect(bot).to_have_count(2)  # /history's listing is not a turn of the chat
        first_caption = bot.nth(0)
        await first_caption.get_by_role("button", name="Reply to this caption").click()
        await expect(replying).to_contain_text("Replying to “a red circle and a blue square”")
        await page.get_by_role("button", name="Cancel reply").click()
        await expect(replying).to_be_hidden()
        await first_caption.get_by_role("button", name="Reply to this caption").click()
        await message.fill("what is on the left?")
        await message.press("Enter")
        await expect(bot).to_have_count(3)
        await expect(bot.nth(2)).to_contain_text("On the left is a red circle")
