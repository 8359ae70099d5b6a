"""Discord over several processes: each serves its own shards (guilds by id, DMs on shard 0),
and after a restart reads back only the channels its shards receive."""

from __future__ import annotations

import pytest

from adapters.discord.events import MESSAGE, PLATFORM
from adapters.discord.shards import Shards, parse_shards
from storage import NewEvent
from tests.adapters.discord.test_discord import TRIANGLE
from tests.adapters.discord.test_discord_inbox import TRIANGLE_CAPTION, replies_to

pytestmark = pytest.mark.simcord(settle_timeout=60)


def test_shard_settings() -> None:
    assert parse_shards(None, "") is None
    assert parse_shards(4, "") == Shards(4, (0, 1, 2, 3))
    assert parse_shards(8, "0-2, 5") == Shards(8, (0, 1, 2, 5))
    assert parse_shards(2, "1") == Shards(2, (1,))
    for count, ids in ((2, "2"), (None, "0"), (4, "a-b")):
        with pytest.raises(ValueError):
            parse_shards(count, ids)
    shards = Shards(2, (1,))
    assert not shards.has_direct_messages
    assert shards.has_guild(1 << 22) and not shards.has_guild(2 << 22)


@pytest.mark.settings(discord_shard_count=2, discord_shard_ids="1")
async def test_a_process_serves_only_its_shards_guilds_and_no_dms(world):
    assert world.serving.adapter.shards == Shards(2, (1,))
    ours = world.env.create_guild("ours", shard_id=1)
    theirs = world.env.create_guild("theirs", shard_id=0)
    carol = world.env.create_user("carol")
    here = ours.create_text_channel("here")
    there = theirs.create_text_channel("there")
    in_ours, in_theirs = ours.add_member(carol), theirs.add_member(world.env.create_user("dave"))

    asked = await in_ours.send(here, world.mention, attachments=[("t.png", TRIANGLE)])
    ignored = await in_theirs.send(there, world.mention, attachments=[("t.png", TRIANGLE)])
    dm = await carol.send_dm("hello")
    await world.serving.drained()
    assert [r.content for r in replies_to(world, here, asked)] == [TRIANGLE_CAPTION]
    assert replies_to(world, there, ignored) == []  # the process serving shard 0 answers it
    assert replies_to(world, carol.dm_channel, dm) == []
    recorded = await world.serving.core.repository.inbox.newest_event_ids(PLATFORM, MESSAGE)
    assert set(recorded) == {str(here.id)}

    # Another process (shard 0) recorded the DM and the other guild's channel; after a restart
    # this one reads back only its own channel.
    await world.serving.core.repository.inbox.add(
        [NewEvent(PLATFORM, f"{MESSAGE}{dm.id}", str(carol.dm_channel.id)),
         NewEvent(PLATFORM, f"{MESSAGE}{ignored.id}", str(there.id))]
    )  # fmt: skip
    await world.serving.adapter.stop_intake()
    later_here = await in_ours.send(here, world.mention, attachments=[("t.png", TRIANGLE)])
    later_there = await in_theirs.send(there, world.mention, attachments=[("t.png", TRIANGLE)])
    files = world.env.backend.store_attachments(carol.dm_channel.id, [("t.png", TRIANGLE)])
    later_dm = await carol.send_dm("", attachments=files)
    await world.serving.restart()
    await world.serving.drained()
    assert [r.content for r in replies_to(world, here, later_here)] == [TRIANGLE_CAPTION]
    assert replies_to(world, there, later_there) == []
    assert replies_to(world, carol.dm_channel, later_dm) == []
