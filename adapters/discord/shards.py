"""Which Discord shards this process serves (several processes share one bot's gateway).

Discord routes a guild's events to shard `(guild_id >> 22) % shard_count`, and direct messages to
shard 0. Each process connects only its own shards (`DISCORD_SHARD_COUNT`, `DISCORD_SHARD_IDS`)
and reads history after a restart only for the channels those shards receive.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Shards:
    count: int
    ids: tuple[int, ...]

    @property
    def has_direct_messages(self) -> bool:
        return 0 in self.ids

    def has_guild(self, guild_id: int) -> bool:
        return (guild_id >> 22) % self.count in self.ids


def parse_shards(count: int | None, ids: str) -> Shards | None:
    """DISCORD_SHARD_COUNT and DISCORD_SHARD_IDS ("0-3", "0,2"; empty: every shard) as Shards;
    None when unsharded. ValueError, in one line, for settings that do not fit together."""
    if count is None:
        if ids.strip():
            raise ValueError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT")
        return None
    chosen: list[int] = []
    for part in ids.replace(" ", "").split(","):
        if not part:
            continue
        first, _, last = part.partition("-")
        try:
            low, high = int(first), int(last or first)
        except ValueError:
            raise ValueError(f"DISCORD_SHARD_IDS: {part!r} is not a shard id or range") from None
        chosen.extend(range(low, high + 1))
    chosen = sorted(set(chosen)) if chosen else list(range(count))
    if any(not 0 <= shard < count for shard in chosen):
        raise ValueError(f"DISCORD_SHARD_IDS must lie in 0-{count - 1} (DISCORD_SHARD_COUNT)")
    return Shards(count, tuple(chosen))
