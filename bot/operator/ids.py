"""`platform:id` lists from the environment, and the ids an event carries."""

from __future__ import annotations

from collections.abc import Iterable

PLATFORMS = ("telegram", "discord", "web")


class IdListError(ValueError):
    pass


def parse_key(text: str) -> str:
    """One `platform:id`, normalised ("Telegram: 12" → "telegram:12")."""
    platform, sep, value = text.strip().partition(":")
    platform, value = platform.strip().lower(), value.strip()
    if not sep or platform not in PLATFORMS or not value:
        raise IdListError(
            f"{text.strip()!r} is not platform:id (platforms: {', '.join(PLATFORMS)})"
        )
    return f"{platform}:{value}"


def parse_ids(text: str) -> frozenset[str]:
    """A comma- (or space-) separated list of `platform:id`; empty for an empty text."""
    return frozenset(parse_key(part) for part in text.replace(",", " ").split() if part)


def event_ids(
    platform: str,
    user_id: str,
    chat_id: str,
    guild_id: str | None = None,
    role_ids: Iterable[str] = (),
) -> frozenset[str]:
    """Every `platform:id` an event is known by: its author, its chat (and, for a Telegram forum
    topic "chat:thread", the chat itself), and on Discord its guild and the author's roles."""
    ids = {user_id, chat_id, chat_id.split(":", 1)[0], *role_ids}
    if guild_id:
        ids.add(guild_id)
    return frozenset(f"{platform}:{i}" for i in ids if i)
