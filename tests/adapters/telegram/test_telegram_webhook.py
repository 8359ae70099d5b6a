"""Webhook mode always checks a secret: the setting's, or one derived from the bot token. The real
PTB application against the fake Bot API; updates are posted to the webhook's loopback port as
Telegram (or a forger) would."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr

from adapters.lifecycle import Platforms
from adapters.telegram import TelegramAdapter
from adapters.telegram.intake import SECRET_HEADER, WebhookServer, derived_webhook_secret
from bot.chat import commands
from bot.core import Core
from tests.adapters.telegram.fake_bot_api import FakeBotAPI
from tests.adapters.telegram.test_telegram import telegram_settings
from tests.adapters.telegram.updates import PRIVATE, message
from tests.ports import free_port

HOOK_URL = "https://bot.example.invalid/telegram"
TOKEN = "123:abc"  # the fake Bot API's
# Telegram's rule for setWebhook's secret_token.
SECRET_TOKEN_RULE = re.compile(r"[A-Za-z0-9_-]{1,256}")

ADMIN = {"id": 111, "is_bot": False, "first_name": "Root"}
ADMIN_CHAT = {"id": 111, "type": "private", "first_name": "Root"}


@dataclass
class Hook:
    api: FakeBotAPI
    core: Core
    url: str

    async def post(self, update: dict[str, Any], secret: str | None) -> int:
        headers = {} if secret is None else {SECRET_HEADER: secret}
        async with (
            aiohttp.ClientSession() as http,
            http.post(self.url, json=update, headers=headers) as response,
        ):
            return response.status

    async def stored(self) -> int:
        """Updates in the inbox, whatever their state."""
        return sum((await self.core.repository.inbox.counts()).values())


@contextlib.asynccontextmanager
async def webhook(tmp_path: Path, captioner: Any, **extra: Any) -> AsyncIterator[Hook]:
    port = free_port()
    api = await FakeBotAPI().start()
    settings = telegram_settings(
        tmp_path, api, telegram_webhook_url=HOOK_URL, telegram_webhook_port=port, **extra
    )
    platforms = Platforms(await Core.start(settings, captioner))
    await platforms.add(TelegramAdapter(settings, platforms.core.intake))
    await platforms.serve()
    try:
        yield Hook(api, platforms.core, f"http://127.0.0.1:{port}/telegram")
    finally:
        await platforms.stop()
        await api.stop()


def hook_secret(tmp_path: Path, token: str, **extra: Any) -> str:
    """The secret an adapter built (not started) with `token` would check."""
    settings = telegram_settings(
        tmp_path, FakeBotAPI(), telegram_webhook_url=HOOK_URL, **extra
    ).model_copy(update={"telegram_bot_token": SecretStr(token)})
    intake = TelegramAdapter(settings, _NoIntake()).intake
    assert isinstance(intake, WebhookServer)
    return intake.secret


class _NoIntake:
    async def accept(self, events: Any, *, watch: bool = False) -> Any:
        raise AssertionError("not started")

    async def resume_points(self, platform: str, prefix: str) -> dict[str, str]:
        raise AssertionError("not started")


def stats_from_the_admin(update_id: int) -> dict[str, Any]:
    return {"update_id": update_id, "message": message(ADMIN_CHAT, text="/stats", sender=ADMIN)}


async def test_without_the_setting_a_secret_derived_from_the_token_is_required(
    tmp_path, tiny_captioner, caplog
):
    caplog.set_level(logging.INFO)
    async with webhook(tmp_path, tiny_captioner, admins="telegram:111") as hook:
        [registered] = hook.api.sent("setWebhook")
        assert registered["url"] == HOOK_URL
        secret = registered["secret_token"]
        assert isinstance(secret, str) and SECRET_TOKEN_RULE.fullmatch(secret)
        # HMAC-SHA256 keyed by the token over a fixed label: pinned, since every instance
        # sharing the token (of this version or the next) must check the same secret.
        label = b"captionist telegram webhook secret"
        assert secret == hmac.new(TOKEN.encode(), label, hashlib.sha256).hexdigest()
        assert secret == derived_webhook_secret(TOKEN)
        assert hook_secret(tmp_path, TOKEN) == secret  # another instance agrees
        assert hook_secret(tmp_path, "456:def") != secret  # another bot's differs

        # Anyone who reaches the port, posting as the admin: refused, nothing stored or answered.
        forged = stats_from_the_admin(1)
        for header in (None, "", "guess", TOKEN, secret[:-1], secret + "0"):
            assert await hook.post(forged, header) == 403, header
        await asyncio.sleep(1.0)
        assert await hook.stored() == 0
        assert hook.api.sent() == []

        # Telegram, with the secret it was given: taken and answered.
        assert await hook.post(stats_from_the_admin(2), secret) == 200
        [answer] = await hook.api.wait_for("sendMessage", 1)
        assert int(answer["chat_id"]) == ADMIN_CHAT["id"]
        assert answer["text"].startswith("Today (UTC")
        await asyncio.sleep(0.5)
        assert len(hook.api.sent()) == 1
        assert await hook.stored() == 1

    ours = [r.getMessage() for r in caplog.records if r.name.startswith("adapters.telegram")]
    assert [m for m in ours if "derived from the bot token" in m]
    assert not [m for m in ours if TOKEN in m]  # (the HTTP clients' lines name it in URLs)
    assert not [r for r in caplog.records if secret in r.getMessage()]


async def test_the_setting_overrides_the_derived_secret(tmp_path, tiny_captioner, caplog):
    caplog.set_level(logging.INFO)
    configured = "s3cret-Override_1"
    async with webhook(tmp_path, tiny_captioner, telegram_webhook_secret=configured) as hook:
        [registered] = hook.api.sent("setWebhook")
        assert registered["secret_token"] == configured
        assert hook_secret(tmp_path, TOKEN, telegram_webhook_secret=configured) == configured

        update = {"update_id": 1, "message": message(PRIVATE, text="/help")}
        for header in (None, derived_webhook_secret(TOKEN)):
            assert await hook.post(update, header) == 403
        assert await hook.post(update, configured) == 200
        [answer] = await hook.api.wait_for("sendMessage", 1)
        assert answer["text"] == commands.help_text()
    assert not [r for r in caplog.records if "derived from the bot token" in r.getMessage()]


def test_an_empty_setting_falls_back_to_the_derived_secret(tmp_path):
    assert hook_secret(tmp_path, TOKEN, telegram_webhook_secret="") == derived_webhook_secret(TOKEN)


def test_a_webhook_server_has_no_unchecked_mode():
    with pytest.raises(ValueError):
        WebhookServer(_NoIntake(), "123", host="127.0.0.1", port=0, secret="")
