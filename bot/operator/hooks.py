"""What the conversation asks of operator controls: know admins, run the admin commands, tell
/privacy. Costly work is counted by the pipeline's limits step. Without controls (`NoControls`)
everyone may do everything."""

from __future__ import annotations

from typing import Protocol

from bot.operator.privacy import PrivacyFacts, privacy_text

# The kind of costly work counted per person: the model captioning, restyling or answering about
# a picture (and free chat, when a language model answers it).
PICTURES = "pictures"


class Controls(Protocol):
    def is_admin(self, platform: str, user_id: str) -> bool: ...

    async def stats(self) -> str: ...

    async def block(self, key: str, by: str) -> str: ...

    async def unblock(self, key: str, by: str) -> str: ...

    def privacy(self) -> str: ...


class NoControls:
    """Everyone may use the bot as much as they like; nobody is an admin."""

    def __init__(self, facts: PrivacyFacts) -> None:
        self.facts = facts

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
