"""How many times one photo goes to the database, from its update to the done mark: the figure the
README's Architecture section gives. A change that adds a round trip to every photo fails here."""

from __future__ import annotations

import asyncio

from sqlalchemy import event

from tests.adapters.telegram.test_telegram import serving
from tests.adapters.telegram.updates import PRIVATE, message

# The second photo of a chat (the first also creates the chat):
# commit the update · read the chat's next event · the gate's block check · the chat and what
# the message stored before · store the picture, caption and turns · the done mark with the sent
# message's id · the chat's next event (none).
TRANSACTIONS = 7
STATEMENTS = 23


async def _idle(core) -> None:
    """Until the chat's worker has finished with the inbox."""
    for _ in range(1000):
        if not core.dispatcher.busy_chats:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the dispatcher is still busy")


async def test_a_photo_costs_seven_database_round_trips(tmp_path, tiny_captioner):
    async with serving(tmp_path, tiny_captioner) as telegram:
        await telegram.reply_to(message(PRIVATE, photo=("photo-1", 100)))
        await _idle(telegram.core)
        engine = telegram.core.database.sync_engine
        transactions: list[str] = []
        statements: list[str] = []

        def began(connection) -> None:
            transactions.append("begin")

        def executed(connection, cursor, statement, parameters, context, many) -> None:
            statements.append(statement.split(maxsplit=1)[0])

        event.listen(engine, "begin", began)
        event.listen(engine, "before_cursor_execute", executed)
        try:
            [sent] = await telegram.reply_to(message(PRIVATE, photo=("photo-2", 100)))
            await _idle(telegram.core)
        finally:
            event.remove(engine, "begin", began)
            event.remove(engine, "before_cursor_execute", executed)
        assert sent["text"] == "a green triangle"
        assert (len(transactions), len(statements)) == (TRANSACTIONS, STATEMENTS), statements
