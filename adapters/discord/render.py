"""The core's replies → Discord message parts: text chunks, button views, no pings."""

from __future__ import annotations

import discord

from adapters.discord.views import CaptionButton
from bot.chat.messages import Reply

MAX_TEXT = 2000  # Discord's limit for one message
MAX_BUTTONS = 25  # five rows of five

# Model text or a user's style name must never ping @everyone, a role or a user.
NO_MENTIONS = discord.AllowedMentions.none()


def view(reply: Reply) -> discord.ui.View | None:
    """Buttons whose custom ids are the core's payloads, so they work after a restart."""
    if not reply.actions:
        return None
    buttons = discord.ui.View(timeout=None)
    for action in reply.actions[:MAX_BUTTONS]:
        buttons.add_item(CaptionButton(action.payload, action.label))
    return buttons
