"""Discord: mentions, DMs, slash commands and buttons in, captions out, through discord.py."""

from adapters.discord.adapter import DiscordAdapter

__all__ = ["DiscordAdapter"]
