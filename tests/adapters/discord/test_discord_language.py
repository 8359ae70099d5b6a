"""Discord's language for an LLM: an interaction's own locale, a server's preferred locale for a
message (messages carry no user locale), and none for events stored before there was one."""

from __future__ import annotations

from adapters.discord import events


async def _never(url: str) -> bytes:
    raise AssertionError("nothing is downloaded here")


def _payload(kind: str, **extra: object) -> dict[str, object]:
    return {
        "kind": kind, "message_id": "11", "channel_id": "22", "guild_id": "33",
        "user_id": "44", "text": "/style funny", "files": [], "addressed": True,
        "press": "cap:style:1:funny", **extra,
    }  # fmt: skip


def test_the_stored_locale_becomes_the_messages_language():
    message = events.incoming("22", _payload("command", locale="fr"), _never)
    assert message.language == "fr"
    press = events.press("22", _payload("press", locale="ja"))
    assert press.language == "ja"


def test_events_stored_before_locales_have_no_language():
    assert events.incoming("22", _payload("message"), _never).language is None
    assert events.press("22", _payload("press")).language is None
