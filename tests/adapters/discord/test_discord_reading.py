"""Discord with text reading on (OCR_ENGINE=auto through start-up): a picture of a sign gets its
caption and what it says, and "what does it say?" reads it out."""

from __future__ import annotations

import pytest

from tests.bot.chat.test_reading import SAYS, SIGN_LINES, WHOLE, no_reader, sign
from tests.pictures import png_bytes

SIGN = png_bytes(sign(SIGN_LINES))

# Reading text and captioning on a busy CPU can take seconds; simcord's default wait is 5 s.
pytestmark = pytest.mark.simcord(settle_timeout=60)


@no_reader
@pytest.mark.settings(ocr_engine="auto")
async def test_discord_says_what_a_picture_says(world):
    reply = await world.reply_to(world.alice, world.mention, attachments=[("sign.png", SIGN)])
    assert reply.content.endswith(SAYS)
    read = await world.reply_to(world.alice, f"{world.mention} what does it say?")
    assert read.content == WHOLE


@no_reader
@pytest.mark.settings(ocr_engine="auto")
async def test_describe_for_alt_text_in_the_apps_menu(world):
    from tests.adapters.discord.test_discord import answers

    await world.quiet(world.bob, "our sign", attachments=[("sign.png", SIGN)])
    posted = world.channel.last_message
    result = await world.alice.context_menu(world.channel, "Describe for alt text", posted)
    [alt] = answers(world.env, result)
    # One paste-ready text: what it shows, then its words; no buttons to paste along.
    assert alt.content.endswith(". Text in the picture: “OPEN DAILY / 9 am to 5 pm”")
    assert alt.content[0].isupper() and not alt.message.components
    # Used on the bot's answer (no picture of its own), it describes the picture answered.
    again = await world.alice.context_menu(world.channel, "Describe for alt text", alt.message)
    assert [a.content for a in answers(world.env, again)] == [alt.content]
