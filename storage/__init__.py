"""Captionist storage: SQLAlchemy async models, alembic migrations and the repository.

Typical wiring::

    engine = create_engine(url)
    await upgrade(engine)
    repository = Repository(create_sessionmaker(engine))
    ...
    await engine.dispose()
"""

from __future__ import annotations

from bot.chat.intake import InboxRecord, NewEvent
from storage.database import (
    DEFAULT_URL,
    create_engine,
    create_sessionmaker,
    downgrade,
    downgrade_database,
    normalise_url,
    upgrade,
    upgrade_database,
)
from storage.exchanges import NewCaption, NewPicture, Stored, Turns
from storage.inbox import Inbox
from storage.instances import AnotherInstance, hold_sqlite_file
from storage.leases import Lease, LeaseLost, Leases
from storage.operator import OperatorStore, Window
from storage.records import (
    CaptionRecord,
    ChatRecord,
    ImageRecord,
    NotFoundError,
    TurnRecord,
)
from storage.repository import Repository

__all__ = [
    "DEFAULT_URL",
    "AnotherInstance",
    "CaptionRecord",
    "ChatRecord",
    "ImageRecord",
    "Inbox",
    "InboxRecord",
    "Lease",
    "LeaseLost",
    "Leases",
    "NewCaption",
    "NewEvent",
    "NewPicture",
    "NotFoundError",
    "OperatorStore",
    "Repository",
    "Stored",
    "TurnRecord",
    "Turns",
    "Window",
    "create_engine",
    "create_sessionmaker",
    "downgrade",
    "downgrade_database",
    "hold_sqlite_file",
    "normalise_url",
    "upgrade",
    "upgrade_database",
]
