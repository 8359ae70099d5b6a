"""A real core on the tiny model, and the real Discord adapter served by `Platforms` as in
production, its client connected to simcord's virtual Discord instead of Discord's gateway."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import simcord
from discord import Client, Message
from pydantic import SecretStr

from adapters.discord import DiscordAdapter
from adapters.lifecycle import Platforms
from bot.config import Settings
from bot.core import Core
from tests.bot.captioning.gated import Gated


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "settings(**values): Settings overrides for one test")


def discord_settings(tmp_path: Path, **extra: Any) -> Settings:
    return Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'discord.db'}",
        discord_bot_token=SecretStr("x"),
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
def message_content(request: pytest.FixtureRequest) -> bool:
    # Parametrized indirectly with False: the bot without the Message Content intent.
    return getattr(request, "param", True)


class SimulatedDiscord:
    """simcord's Discord, one for the whole test: the first client connected starts it, a later
    one replaces the client before (a restart), and what was posted stays."""

    def __init__(self, options: dict[str, Any]):
        self.options = options  # from the test's `simcord` marker, as simcord's own fixture
        self.env: simcord.Env | None = None

    async def connect(self, bot: Client) -> None:
        if self.env is None:
            env = simcord.Env(bot, **self.options)
            await env.start()  # logs the client in, brings it to READY
            self.env = env
        else:
            await self.env.restart_bot(bot)


class SimcordAdapter(DiscordAdapter):
    """The real adapter; only its connection goes to simcord rather than to Discord."""

    def __init__(self, discord: SimulatedDiscord, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.discord = discord

    async def _connect(self) -> None:
        await self.discord.connect(self.bot)


@dataclass
class Serving:
    """A core and the Discord adapter served by `Platforms`; `restart` replaces both, on the
    same database and the same simulated Discord."""

    settings: Settings
    captioner: Any
    discord: SimulatedDiscord
    message_content: bool = True
    platforms: Platforms | None = None
    adapter: SimcordAdapter | None = None

    @property
    def core(self) -> Core:
        assert self.platforms is not None
        return self.platforms.core

    async def start(self, captioner: Any = None) -> None:
        core = await Core.start(self.settings, captioner or self.captioner)
        platforms = Platforms(core)
        adapter = SimcordAdapter(
            self.discord,
            self.settings,
            core.intake,
            message_content=self.message_content,
        )
        try:
            await platforms.add(adapter)
        except BaseException:
            await core.stop()
            raise
        await platforms.serve()
        self.platforms, self.adapter = platforms, adapter

    async def stop(self) -> None:
        platforms, self.platforms = self.platforms, None
        if platforms is not None:
            await platforms.stop()

    async def restart(self, captioner: Any = None) -> None:
        await self.stop()
        await self.start(captioner)

    async def drained(self, timeout: float = 60.0) -> None:
        """Wait until the inbox holds nothing unfinished and no chat is being answered: work
        that a restart resumes runs outside simcord's view, so simcord cannot wait for it."""
        core = self.core
        deadline = time.monotonic() + timeout
        while (await core.repository.inbox.counts()).get("pending") or core.dispatcher.busy_chats:
            assert time.monotonic() < deadline, await core.repository.inbox.counts()
            await asyncio.sleep(0.02)


@pytest.fixture
async def serving(
    settings: Settings, captioner, message_content: bool, request: pytest.FixtureRequest
) -> AsyncIterator[Serving]:
    marker = request.node.get_closest_marker("simcord")
    discord = SimulatedDiscord(marker.kwargs if marker else {})
    served = Serving(settings, captioner, discord, message_content)
    await served.start()
    try:
        yield served
    finally:
        if isinstance(captioner, Gated):
            captioner.gate.set()
        await served.stop()
        if discord.env is not None:
            await discord.env.shutdown()
            if discord.env.check_errors:
                discord.env.raise_errors()


@pytest.fixture
def simcord_env(serving: Serving) -> simcord.Env:
    """Replaces simcord's own fixture: the env the served adapter connected to."""
    assert serving.discord.env is not None
    return serving.discord.env


@pytest.fixture
def core(serving: Serving) -> Core:
    return serving.core


@pytest.fixture
def adapter(serving: Serving) -> DiscordAdapter:
    assert serving.adapter is not None
    return serving.adapter


@dataclass
class World:
    """One guild with a #general channel, two members, and the bot's id."""

    env: simcord.Env
    serving: Serving
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

    async def quiet(self, actor: simcord.MemberActor, text: str, **kwargs: Any) -> Message:
        """`actor` says something the bot must not answer (now)."""
        before = len(self.channel.history())
        sent = await actor.send(self.channel, text, **kwargs)
        assert len(self.channel.history()) == before + 1, self.channel.history()[before:]
        return sent


@pytest.fixture
def world(simcord_env: simcord.Env, serving: Serving) -> World:
    guild = simcord_env.create_guild()
    channel = guild.create_text_channel("general")
    alice = guild.add_member(simcord_env.create_user("alice"))
    bob = guild.add_member(simcord_env.create_user("bob"))
    return World(simcord_env, serving, channel, alice, bob)
