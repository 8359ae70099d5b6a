"""What the conversation asks of operator controls: count costly work, know admins, run the
admin commands, tell /privacy. Without controls (`NoControls`) everyone may do everything."""

from __future__ import annotations

from typing import Protocol

from bot.operator.privacy import PrivacyFacts, privacy_text

# Kinds of costly work counted per person: the model captioning or restyling a picture,
# answering about it; `LLM_CALLS` for a language model's calls, once one is configured.
PICTURES = "pictures"
LLM_CALLS = "llm_calls"


class CostGuard(Protocol):
    async def spend(
        self, platform: str, user_id: str, units: int = 1, kind: str = PICTURES
    ) -> str | None:
        """Count `units` of costly work for this person; what to tell them when that would pass
        a limit (then nothing is counted), else None."""
        ...


class Controls(CostGuard, Protocol):
    def is_admin(self, platform: str, user_id: str) -> bool: ...

    async def stats(self) -> str: ...

    async def block(self, key: str, by: str) -> str: ...

    async def unblock(self, key: str, by: str) -> str: ...

    def privacy(self) -> str: ...


class NoControls:
    """Everyone may use the bot as much as they like; nobody is an admin."""

    def __init__(self, facts: PrivacyFacts) -> None:
        self.facts = facts

    async def spend(
        self, platform: str, user_id: str, units: int = 1, kind: str = PICTURES
    ) -> str | None:
        return None

    def is_admin(self, platform: str, user_id: str) -> bool:
        return False

    async def stats(self) -> str:
        raise PermissionError("no admins without operator controls")

    async def block(self, key: str, by: str) -> str:
        raise PermissionError("no admins without operator controls")

    async def unblock(self, key: str, by: str) -> str:
        raise PermissionError("no admins without operator controls")

    def privacy(self) -> str:
        return privacy_text(self.facts)
