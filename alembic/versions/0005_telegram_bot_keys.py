"""Telegram inbox events keyed by bot: "{bot_id}:{update_id}" instead of the update id alone.

Update ids count per bot, so an operator who tried a test bot and then switched to the real
bot's token on the same database had the new bot's updates taken for redeliveries of the old
one's (same update id) and dropped. The adapter now keys each update with the bot's id (the
token's part before the colon). The rows already stored were written before the bot id was part
of the key, and which bot wrote them is unknown, so they become "legacy:{update_id}": never equal
to any bot's new key, and still handled if pending (dispatch does not read the key). The one
thing they no longer catch is a redelivery: an update committed just before the upgrade but
never confirmed to Telegram (the bot died between the commit and its next getUpdates, or before
a webhook's 200) comes again under the new key and is answered a second time. That is at most
the last batch before a crash, once; guessing the bot instead would drop updates again.

The usage table's marks of counted events ("telegram:{user} telegram:{update_id}", period
"event") are left as they are: they only stop one event from being counted twice when it is
tried again, they go with their window's counts when usage is pruned, and no new key can equal
one of them, so they never keep a new event from being counted. The most a stale mark costs is
one more unit counted for an event that was tried before this upgrade and is tried again after
it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQL that SQLite and PostgreSQL both accept (and that offline mode renders as it is).
_LEGACY = "legacy:"


def upgrade() -> None:
    op.execute(
        f"UPDATE inbox SET event_id = '{_LEGACY}' || event_id "
        "WHERE platform = 'telegram' AND event_id NOT LIKE '%:%'"
    )


def downgrade() -> None:
    # Rows keyed by a bot id stay as they are: the old scheme never wrote them, and can't collide.
    op.execute(
        f"UPDATE inbox SET event_id = substr(event_id, {len(_LEGACY) + 1}) "
        f"WHERE platform = 'telegram' AND event_id LIKE '{_LEGACY}%'"
    )
