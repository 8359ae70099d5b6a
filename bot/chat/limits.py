"""How much of a chat the conversation keeps, and how it reads pictures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.captioning.intake import DEFAULT_LIMITS, IntakeLimits
from bot.operator.privacy import PrivacyFacts


@dataclass(frozen=True)
class ConversationLimits:
    max_images_per_chat: int = 50
    max_age: timedelta | None = timedelta(days=30)
    thumbnail_side: int = 384  # the model sees 224 px; this keeps regeneration faithful
    again_tries: int = 3
    intake: IntakeLimits = DEFAULT_LIMITS
    feedback: bool = True  # FEEDBACK_ENABLED: 👍/👎 under captions, corrections
    feedback_keep_days: float | None = 90.0  # FEEDBACK_KEEP_DAYS: what /privacy says

    def privacy_facts(self) -> PrivacyFacts:
        age = self.max_age.total_seconds() / 86400 if self.max_age is not None else None
        kept = self.feedback_keep_days if self.feedback else None
        return PrivacyFacts(self.max_images_per_chat, age, feedback_days=kept)
