"""Buttons that outlive the process: any `cap:` custom id is routed back to the core."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.chat.messages import ACTION_AGAIN

PAYLOAD = r"cap:(?P<kind>again|style|up|down):(?P<image>\d+):(?P<value>\w*)"


class CaptionButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=PAYLOAD):
    """Registered with `add_dynamic_items`, so clicks on messages sent before a restart
    (or by another instance) still reach the core: the payload names the picture."""

    def __init__(self, payload: str, label: str | None = None):
        again = payload.startswith(f"cap:{ACTION_AGAIN}:")
        super().__init__(
            discord.ui.Button(
                label=label or "…",
                custom_id=payload,
                style=discord.ButtonStyle.primary if again else discord.ButtonStyle.secondary,
            )
        )

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> CaptionButton:
        label = item.label if isinstance(item, discord.ui.Button) else None
        return cls(match.string, label)

    async def callback(self, interaction: discord.Interaction) -> None:
        handler = interaction.client
        if hasattr(handler, "on_caption_button"):
            await handler.on_caption_button(interaction, self.custom_id)
