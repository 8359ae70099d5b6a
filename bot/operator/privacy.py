"""What /privacy tells: what is kept about a chat, for how long, and where pictures go."""

from __future__ import annotations

from dataclasses import dataclass

from bot.chat import texts


@dataclass(frozen=True)
class PrivacyFacts:
    max_images: int
    max_age_days: float | None
    worker_hosts: tuple[str, ...] = ()  # caption workers' hosts, when captioning is remote
    llm_provider: str | None = None  # set once an LLM is configured
    llm_sees_pictures: bool = False  # LLM_VISION: the pictures go to the LLM too
    feedback_days: float | None = None  # FEEDBACK_KEEP_DAYS, when feedback is on


def privacy_text(facts: PrivacyFacts) -> str:
    if facts.max_age_days is None:
        kept = texts.text("privacy.kept_count", images=facts.max_images)
    else:
        kept = texts.text("privacy.kept", images=facts.max_images, days=f"{facts.max_age_days:g}")
    if facts.worker_hosts:
        where = texts.text("privacy.where_worker", hosts=", ".join(facts.worker_hosts))
    elif facts.llm_provider and facts.llm_sees_pictures:
        where = texts.text("privacy.where_here_and_llm")
    else:
        where = texts.text("privacy.where_here")
    lines = [texts.text("privacy.stored"), kept, where]
    if facts.llm_provider:
        provider = facts.llm_provider
        if facts.llm_sees_pictures:
            lines.append(texts.text("privacy.where_llm_vision", provider=provider))
        else:
            lines.append(texts.text("privacy.where_llm", provider=provider))
    if facts.feedback_days is not None:
        lines.append(texts.text("privacy.feedback", days=f"{facts.feedback_days:g}"))
    lines.append(texts.text("privacy.forget"))
    lines.append(texts.text("privacy.language"))
    return "\n".join(lines)
