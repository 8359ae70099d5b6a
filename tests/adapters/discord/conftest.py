"""A real core on the tiny model, and the real Discord adapter run by simcord's virtual Discord."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import simcord
from discord import Message

from adapters.discord import DiscordAdapter
from bot.config import Settings
from bot.core import Core
from tests.bot.captioning.gated import Gated


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "settings(**values): Settings overrides for one test")


def discord_settings(tmp_path: Path, **extra: object) -> Settings:
    return Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'discord.db'}",
        discord_bot_token="x",
        **extra,
    )


@pytest.fixture
def settings(tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    # `@pytest.mark.settings(image_max_bytes=...)` changes a setting for one test.
    marker = request.node.get_closest_marker("settings")
    return discord_settings(tmp_path, **(marker.kwargs if marker else {}))


@pytest.fixture
def captioner(tiny_captioner, request: pytest.FixtureRequest):
    # Parametrized indirectly with "gated": the tiny model behind a gate the test opens.
    if getattr(request, "param", None) == "gated":
        return Gated(tiny_captioner, open_gate=False)
    return tiny_captioner


@pytest.fixture
async def core(settings: Settings, captioner) -> AsyncIterator[Core]:
    core = await Core.start(settings, captioner)
    try:
        yield core
    finally:
        if isinstance(captioner, Gated):
            captioner.gate.set()
        await core.stop()


@pytest.fixture
def adapter(settings: Settings, core: Core, request: pytest.FixtureRequest) -> DiscordAdapter:
    # Parametrized indirectly with False: the bot without the Message Content intent.
    message_content = getattr(request, "param", True)
    return DiscordAdapter(settings, core.conversation, message_content=message_content)


@pytest.fixture
def simcord_bot(adapter: DiscordAdapter):
    return adapter.bot


@dataclass
class World:
    """One guild with a #general channel, two members, and the bot's id."""

    env: simcord.Env
    channel: simcord.ChannelHandle
    alice: simcord.MemberActor
    bob: simcord.MemberActor

    @property
    def bot_id(self) -> int:
        user = self.env.bot.user
        assert user is not None
        return user.id

    @property
    def mention(self) -> str:
        return f"<@{self.bot_id}>"

    async def reply_to(self, actor: simcord.MemberActor, text: str, **kwargs: Any) -> Message:
        """What the bot answered `actor`'s message with (exactly one message)."""
        before = len(self.channel.history())
        sent = await actor.send(self.channel, text, **kwargs)
        new = self.channel.history()[before + 1 :]  # oldest first
        assert len(new) == 1, [m.content for m in new]
        assert new[0].author.id == self.bot_id
        assert new[0].reference is not None and new[0].reference.message_id == sent.id
        return new[0]

    async def quiet(self, actor: simcord.MemberActor, text: str, **kwargs: Any) -> None:
        """`actor` says something the bot must not answer."""
        before = len(self.channel.history())
        await actor.send(self.channel, text, **kwargs)
        assert len(self.channel.history()) == before + 1, self.channel.history()[before:]


@pytest.fixture
def world(simcord_env: simcord.Env) -> World:
    guild = simcord_env.create_guild()
    channel = guild.create_text_channel("general")
    alice = guild.add_member(simcord_env.create_user("alice"))
    bob = guild.add_member(simcord_env.create_user("bob"))
    return World(simcord_env, channel, alice, bob)
