"""Security properties that held up under probing, through running bots: replies in plain text
that ping nobody, no token in a debug log, and /forget leaving no row of a chat behind."""

from __future__ import annotations

import ast
import asyncio
import signal
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings
from bot.core import Core
from storage.models import Base
from tests.adapters.discord.conftest import Serving, SimulatedDiscord, discord_settings
from tests.adapters.telegram.fake_bot_api import FakeBotAPI
from tests.adapters.telegram.test_telegram import serving
from tests.adapters.telegram.updates import GROUP, PRIVATE, button, message
from tests.bot.chat_driver import FakeChat
from tests.pictures import draw_picture, png_bytes
from tests.test_cli import ROOT, bot_environment

CIRCLE_SQUARE = png_bytes(draw_picture([("red", "circle"), ("blue", "square")]))
TRIANGLE = png_bytes(draw_picture([("green", "triangle"), ("yellow", "square")]))


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}: {ast.unparse(node)}"


# -- 5. plain text on Telegram and Discord -------------------------------------------------------

HTML = "<b>bold</b> <i>it</i> <a href='tg://user?id=1'>x</a> &amp;"
# What discord.AllowedMentions.none() puts on the wire (a reply adds replied_user: false).
NO_PINGS: tuple[dict[str, object], ...] = ({"parse": []}, {"parse": [], "replied_user": False})


async def test_no_telegram_call_asks_for_markup(tmp_path, tiny_captioner):
    async with serving(tmp_path, tiny_captioner) as telegram:
        [caption] = await telegram.reply_to(message(PRIVATE, photo=("photo-1", 100)))
        keys = [b for row in caption["reply_markup"]["inline_keyboard"] for b in row]
        again = next(b for b in keys if b["text"] == "🔁 Again")
        await telegram.reply_to(button(PRIVATE, 900, again["callback_data"]), "callback_query")
        [styled] = await telegram.reply_to(message(PRIVATE, text="/style <b>x</b>&amp;"))
        assert '"<b>x</b>&amp;"' in styled["text"]  # as the user wrote it, not rendered
        [answer] = await telegram.reply_to(message(PRIVATE, text=f"what is on the left? {HTML}"))
        assert answer["text"]
        for text in ("/help", "/history", "/privacy", HTML):
            await telegram.reply_to(message(PRIVATE, text=text))
        mention = message(GROUP, photo=("photo-2", 100), caption=f"@captionist_bot {HTML}")
        await telegram.reply_to(mention)
        calls = list(telegram.api.calls)
    sends = [c for c in calls if c.method == "sendMessage"]
    assert len(sends) >= 9
    for call in calls:
        assert "parse_mode" not in call.params, (call.method, call.params)
        assert "entities" not in call.params, (call.method, call.params)
        assert "caption_entities" not in call.params, (call.method, call.params)


async def test_no_discord_message_can_ping(tmp_path, tiny_captioner):
    settings = discord_settings(tmp_path)
    discord = SimulatedDiscord({"settle_timeout": 60})
    served = Serving(settings, tiny_captioner, discord)
    await served.start()
    try:
        env = discord.env
        assert env is not None and env.bot.user is not None
        guild = env.create_guild()
        channel = guild.create_text_channel("general")
        role = guild.create_role("mods", mentionable=True)
        alice = guild.add_member(env.create_user("alice"))
        mention = f"<@{env.bot.user.id}>"
        everyone = f"@everyone @here {role.mention} {alice.mention}"

        await alice.send(channel, mention, attachments=[("s.png", CIRCLE_SQUARE)])
        caption = channel.last_message
        assert caption is not None and caption.author.id == env.bot.user.id
        assert caption.components
        await alice.click(caption, label="🔁 Again")
        await alice.slash(channel, "style", name=everyone)
        await alice.send(channel, f"{mention} /style {everyone}")
        await alice.send(channel, f"{mention} what is on the left? {everyone}")
        await alice.slash(channel, "caption", image=("t.png", TRIANGLE))
        await alice.send(channel, f"{mention} /help")

        sent = [
            r
            for r in env.http_requests
            if r.method in ("POST", "PATCH")
            and isinstance(r.json, dict)
            and ("content" in r.json or "components" in r.json)
        ]
        assert len(sent) >= 6, [(r.method, r.path) for r in env.http_requests]
        for request in sent:
            body = request.json
            assert body is not None and body.get("allowed_mentions") in NO_PINGS, (
                request.path,
                body,
            )
        for stored in channel.history():
            if stored.author.id == env.bot.user.id:
                found = env.backend.get_message(channel.id, stored.id)
                assert (found.ping_user_ids, found.ping_role_ids) == ([], []), stored.content
                assert not found.mention_everyone, stored.content
    finally:
        await served.stop()
        if discord.env is not None:
            await discord.env.shutdown()
            if discord.env.check_errors:
                discord.env.raise_errors()


# -- 6. no secrets in the logs -------------------------------------------------------------------

# A token shaped like BotFather's (id:secret), long enough for the log redactor to look for.
BOT_TOKEN = "7012345678:AAHk3xQ-p9ZcD1tVw8yLmN0sRbE4uJfG6aI"


async def test_main_at_debug_level_never_writes_the_bot_token(tmp_path, tiny_model_path):
    api = await FakeBotAPI(token=BOT_TOKEN).start()
    api.files["photo-1"] = CIRCLE_SQUARE
    env = bot_environment(tmp_path, api, tiny_model_path, LOG_LEVEL="DEBUG")
    out, err = tmp_path / "out.log", tmp_path / "err.log"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(ROOT / "main.py"), cwd=tmp_path, env=env,
            stdout=stdout, stderr=stderr,
        )  # fmt: skip
    try:
        api.push("message", message(PRIVATE, photo=("photo-1", len(CIRCLE_SQUARE))))
        [caption] = await api.wait_for("sendMessage", 1, timeout=180)
        assert caption["text"] == "a red circle and a blue square"
        api.push("message", message(PRIVATE, text="/style funny"))
        await api.wait_for("sendMessage", 2, timeout=60)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), 60)
        await api.stop()
    log = out.read_text(errors="replace") + err.read_text(errors="replace")
    assert code == 0, log[-3000:]
    assert " DEBUG " in log  # the level took effect: this is the chattiest log there is
    secret = BOT_TOKEN.split(":", 1)[1]
    for form in (BOT_TOKEN, secret, BOT_TOKEN.replace(":", "%3A")):
        assert form not in log, f"the log has the bot token ({form[:6]}…)"


# -- 8. /forget leaves nothing behind ------------------------------------------------------------

# Tables whose rows belong to a chat through foreign keys to `chats` (found below from the
# models); tables that name a chat only by its platform key; tables of nobody's chat.
KEYED_BY_CHAT_KEY = {"inbox", "chat_leases"}
# Per person: limits, the admins' blocks, and a language chosen with /language (which
# `/language auto` deletes; /privacy says so).
NOT_A_CHAT_S = {"usage", "blocks", "people"}


async def owned_rows(database: AsyncEngine, chat_id: int) -> dict[str, set[Any]]:
    """The primary keys of every row that belongs to the chat, following foreign keys."""
    tables = Base.metadata.tables
    owned: dict[str, set[Any]] = {"chats": {chat_id}}
    async with database.connect() as connection:
        changed = True
        while changed:
            changed = False
            for table in tables.values():
                for key in table.foreign_keys:
                    parents = owned.get(key.column.table.name)
                    if not parents:
                        continue
                    [pk] = table.primary_key.columns
                    rows = await connection.execute(select(pk).where(key.parent.in_(list(parents))))
                    found = {row[0] for row in rows}
                    if not found <= owned.get(table.name, set()):
                        owned.setdefault(table.name, set()).update(found)
                        changed = True
    return owned


async def remaining(database: AsyncEngine, owned: dict[str, set[Any]]) -> dict[str, int]:
    left: dict[str, int] = {}
    async with database.connect() as connection:
        for name, keys in owned.items():
            table: Table = Base.metadata.tables[name]
            [pk] = table.primary_key.columns
            rows = list((await connection.execute(select(pk).where(pk.in_(list(keys))))).all())
            # ...and nothing anywhere still points at what was forgotten.
            for other in Base.metadata.tables.values():
                for key in other.foreign_keys:
                    if key.column.table.name == name:
                        rows += (
                            await connection.execute(
                                select(key.parent).where(key.parent.in_(list(keys)))
                            )
                        ).all()
            if rows:
                left[name] = len(rows)
    return left


async def test_forget_leaves_no_row_of_the_chat_in_any_table(tmp_path, tiny_captioner):
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'f.db'}")
    core = await Core.start(settings, tiny_captioner)
    try:
        await core.dispatcher.start()
        mine = FakeChat(core, chat_id="forget-me")
        theirs = FakeChat(core, chat_id="keep-me", user_id="user-2")
        first, _ = await mine.say("look", images=[draw_picture([("red", "circle")])])
        await mine.say("/style funny")
        await mine.say("again")
        await mine.say(images=[draw_picture([("green", "triangle"), ("blue", "square")])])
        _, [answer] = await mine.say("what is on the left?", reply_to=first)
        assert "red circle" in answer.text
        _, [thanks] = await mine.say("/correct a red disc")  # feedback goes with the chat too
        assert "a red disc" in thanks.text
        await theirs.say(images=[draw_picture([("yellow", "square")])])

        chat = await core.repository.get_chat("fake", "forget-me")
        kept = await core.repository.get_chat("fake", "keep-me")
        assert chat is not None and kept is not None
        owned = await owned_rows(core.database, chat.id)
        others = await owned_rows(core.database, kept.id)
        # Every table is accounted for: one added later must be sorted into one of these.
        tables = set(Base.metadata.tables)
        assert tables == set(owned) | KEYED_BY_CHAT_KEY | NOT_A_CHAT_S, tables
        assert set(owned) >= {"chats", "images", "captions", "turns", "feedback"}
        assert all(owned.values()), owned

        _, [forgot] = await mine.say("/forget")
        assert "deleted everything" in forgot.text and "2 picture" in forgot.text

        assert await remaining(core.database, owned) == {}
        assert await core.repository.get_chat("fake", "forget-me") is None
        # The other chat keeps all it had.
        assert await owned_rows(core.database, kept.id) == others
        # The inbox keeps only the events' keys (to recognise a redelivery), none of their
        # content; a lease holds no content either.
        inbox = Base.metadata.tables["inbox"]
        async with core.database.connect() as connection:
            events = (
                await connection.execute(
                    select(inbox.c.state, inbox.c.payload, inbox.c.blob).where(
                        inbox.c.platform == "fake", inbox.c.chat_key == "forget-me"
                    )
                )
            ).all()
        assert len(events) == 7
        assert all(state == "done" and payload == {} and blob is None
                   for state, payload, blob in events), events  # fmt: skip
        leases = Base.metadata.tables["chat_leases"]
        content_columns = {"platform", "chat_key", "owner", "token", "expires_at"}
        assert set(leases.c.keys()) == content_columns
    finally:
        await core.stop()
