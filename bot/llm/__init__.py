"""The optional LLM (LLM_BASE_URL): any OpenAI-compatible server writes the styles and answers
free chat from what the captioner said. Platform-free, like the rest of bot/."""

from __future__ import annotations

import weakref

from bot.chat.restyling import Restyler, TemplateRestyler
from bot.chat.understanding.answering import Answerer, RuleAnswerer
from bot.config import Settings
from bot.llm.client import LLMClient, OnFailure
from bot.llm.writers import LLMAnswerer, LLMRestyler

__all__ = ["LLMAnswerer", "LLMClient", "LLMRestyler", "OnFailure", "client_from", "writers"]


# LLM_ALLOW_LINKS of the settings each client was made from: what `writers` does with its text.
_ALLOW_LINKS: weakref.WeakKeyDictionary[LLMClient, bool] = weakref.WeakKeyDictionary()
# LLM_TRANSLATE_CAPTIONS, likewise: whether the plain caption is written in the person's language.
_TRANSLATE: weakref.WeakKeyDictionary[LLMClient, bool] = weakref.WeakKeyDictionary()


def client_from(settings: Settings, on_failure: OnFailure | None = None) -> LLMClient | None:
    """The endpoint the settings name; None when LLM_BASE_URL is unset (no request is made).
    Its writers keep the model's links only where the settings allow them (LLM_ALLOW_LINKS)."""
    if not settings.llm_base_url:
        return None
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    client = LLMClient(
        settings.llm_base_url,
        settings.llm_model,
        api_key=key,
        timeout_s=settings.llm_timeout_s,
        vision=settings.llm_vision,
        on_failure=on_failure,
    )
    _ALLOW_LINKS[client] = settings.llm_allow_links
    _TRANSLATE[client] = settings.llm_translate_captions
    return client


def writers(
    client: LLMClient | None, *, allow_links: bool | None = None
) -> tuple[Restyler, Answerer]:
    """The restyler and answerer a conversation uses: the LLM's with the templates and rules to
    fall back on, or the templates and rules alone. `allow_links`: whether the model's links
    reach the chat; unset, as the settings `client_from` read say (else never)."""
    templates, rules = TemplateRestyler(), RuleAnswerer()
    if client is None:
        return templates, rules
    links = _ALLOW_LINKS.get(client, False) if allow_links is None else allow_links
    return (
        LLMRestyler(client, templates, allow_links=links, translate=_TRANSLATE.get(client, False)),
        LLMAnswerer(client, rules, allow_links=links),
    )
