"""What a security review found to hold, kept holding (the web chat's own are in
tests/adapters/web/test_web_holds.py):

- secrets and tokens are compared in constant time (hmac.compare_digest, never == or in);
- replies are plain text: Telegram gets no parse_mode or entities, Discord pings nobody;
- a real `main.py` at LOG_LEVEL=DEBUG never writes the bot token;
- no SQL is built from strings at run time;
- /forget leaves nothing of the chat behind in any table.
"""

from __future__ import annotations

import ast
import asyncio
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeGuard

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


# -- 4. constant-time secret checks --------------------------------------------------------------

SECRET_CHECKERS = (
    ROOT / "adapters" / "worker" / "server.py",
    ROOT / "adapters" / "telegram" / "intake.py",
)
SECRET_WORDS = ("token", "secret", "password", "signature", "authorization", "bearer")
# Comparisons that stop at the first differing character (and membership tests, which do too).
EARLY_EXIT = (ast.Eq, ast.NotEq, ast.In, ast.NotIn)


def _is_compare_digest(node: ast.AST) -> TypeGuard[ast.Call]:
    return isinstance(node, ast.Call) and (
        (isinstance(node.func, ast.Attribute) and node.func.attr == "compare_digest")
        or (isinstance(node.func, ast.Name) and node.func.id == "compare_digest")
    )


def _words(node: ast.AST) -> Iterator[str]:
    """The names, attributes and string constants in `node`, but not inside len(...)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len":
        return
    if isinstance(node, ast.Name):
        yield node.id
    elif isinstance(node, ast.Attribute):
        yield node.attr
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    for child in ast.iter_child_nodes(node):
        yield from _words(child)


def secret_comparisons(tree: ast.Module) -> tuple[list[ast.Compare], int]:
    """The comparisons in `tree` that may compare a secret without compare_digest, and how many
    compare_digest calls it makes. A value is secret by its name, or by being compared with
    compare_digest elsewhere in the module (`given`, say)."""
    digests = [node for node in ast.walk(tree) if _is_compare_digest(node)]
    checked = {
        word
        for call in digests
        for argument in call.args
        for word in _words(argument)
        if word.isidentifier() and word not in ("encode", "self")
    }
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare) or not any(
            isinstance(o, EARLY_EXIT) for o in node.ops
        ):
            continue
        words = [w for operand in (node.left, *node.comparators) for w in _words(operand)]
        if any(w in checked or any(s in w.lower() for s in SECRET_WORDS) for w in words):
            found.append(node)
    return found, len(digests)


def test_the_secret_checker_finds_early_exit_comparisons():
    bad = ast.parse(
        "def check(request, self, token, expected):\n"
        "    given = request.headers.get('Authorization', '')\n"
        "    hmac.compare_digest(given.encode(), expected.encode())\n"
        "    if given == self.secret: pass\n"
        "    if f'Bearer {token}' != request.headers['Authorization']: pass\n"
        "    if request.headers.get(SECRET_HEADER) == expected: pass\n"
        "    if token in ALLOWED: pass\n"
    )
    found, digests = secret_comparisons(bad)
    assert digests == 1 and len(found) == 4, [ast.unparse(n) for n in found]
    good = ast.parse(
        "def check(request, token):\n"
        "    if token and request.path != '/healthz':\n"
        "        given = request.headers.get('Authorization', '')\n"
        "        if not hmac.compare_digest(given.encode(), f'Bearer {token}'.encode()): pass\n"
        "    if len(token) == 64 and request.method == 'POST': pass\n"
    )
    assert secret_comparisons(good) == ([], 1)


def test_tokens_and_secrets_are_compared_in_constant_time():
    for path in SECRET_CHECKERS:
        found, digests = secret_comparisons(parse(path))
        assert digests >= 1, f"{path.name} checks its secret without hmac.compare_digest"
        assert found == [], [where(path, node) for node in found]


# -- 7. no SQL built from strings ----------------------------------------------------------------

SQL_TREES = (ROOT / "storage", ROOT / "bot", ROOT / "alembic", ROOT / "adapters", ROOT / "main.py")
# Methods that run SQL they are given (SQLAlchemy's, DB-API cursors', alembic's op.execute).
EXECUTORS = {"execute", "executemany", "executescript", "exec_driver_sql"}
# SQLAlchemy functions that take raw SQL text.
RAW_SQL = {"text", "literal_column"}
SQLALCHEMY_MODULES = ("sqlalchemy", "sqlalchemy.sql", "sqlalchemy.sql.expression")
SAFE_CALLS = {"len", "str", "int", "hex", "repr"}


class SqlStrings:
    """Finds SQL built at run time in one module: an f-string, a %-format, a concatenation, a
    .format() or a .join() reaching a call that runs SQL or wraps raw SQL (`text()`), directly
    or through a variable. Pieces that are constants (a literal, a module-level constant, or
    arithmetic and len() over those) are fine: they cannot carry anyone's input."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.constants: set[str] = set()
        for statement in tree.body:
            target, value = None, None
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target, value = statement.targets[0], statement.value
            elif isinstance(statement, ast.AnnAssign):
                target, value = statement.target, statement.value
            if isinstance(target, ast.Name) and value is not None and self.constant(value):
                self.constants.add(target.id)
        self.raw_sql_names = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module in SQLALCHEMY_MODULES
            for alias in node.names
            if alias.name in RAW_SQL
        }
        self.sqlalchemy_aliases = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
            if alias.name == "sqlalchemy"
        }
        self.assigned: dict[str, list[ast.expr]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.assigned.setdefault(target.id, []).append(node.value)
            elif (
                isinstance(node, ast.AnnAssign | ast.AugAssign)
                and node.value is not None
                and isinstance(node.target, ast.Name)
            ):
                value = node.value
                if isinstance(node, ast.AugAssign):  # query += x is query = query + x
                    value = ast.BinOp(node.target, node.op, node.value)
                self.assigned.setdefault(node.target.id, []).append(value)

    def constant(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.Name):
            return node.id in self.constants
        if isinstance(node, ast.BinOp):
            return self.constant(node.left) and self.constant(node.right)
        if isinstance(node, ast.UnaryOp):
            return self.constant(node.operand)
        if isinstance(node, ast.Tuple):
            return all(self.constant(e) for e in node.elts)
        if isinstance(node, ast.JoinedStr):
            return all(self.constant(v) for v in node.values)
        if isinstance(node, ast.FormattedValue):
            return self.constant(node.value)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return node.func.id in SAFE_CALLS and all(self.constant(a) for a in node.args)
        return False

    def built(self, node: ast.AST, seen: frozenset[str] = frozenset()) -> bool:
        """`node` is a string put together at run time from something not constant."""
        if isinstance(node, ast.JoinedStr | ast.BinOp):
            return not self.constant(node)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("format", "join", "format_map")
        ):
            return not self.constant(node.func.value) or not all(
                self.constant(a) for a in node.args
            )
        if isinstance(node, ast.Name) and node.id not in seen:
            return any(self.built(v, seen | {node.id}) for v in self.assigned.get(node.id, []))
        return False

    def runs_sql(self, call: ast.Call) -> bool:
        func = call.func
        if isinstance(func, ast.Name):
            return func.id in self.raw_sql_names
        if isinstance(func, ast.Attribute):
            if func.attr in EXECUTORS:
                return True
            return (
                func.attr in RAW_SQL
                and isinstance(func.value, ast.Name)
                and func.value.id in self.sqlalchemy_aliases
            )
        return False

    def findings(self) -> tuple[list[ast.Call], int]:
        """The calls given SQL built at run time, and how many SQL calls there are."""
        calls = [n for n in ast.walk(self.tree) if isinstance(n, ast.Call) and self.runs_sql(n)]
        bad = [
            call
            for call in calls
            if any(self.built(a) for a in [*call.args, *(k.value for k in call.keywords)])
        ]
        return bad, len(calls)


def python_files() -> Iterator[Path]:
    for tree in SQL_TREES:
        yield from [tree] if tree.is_file() else sorted(tree.rglob("*.py"))


def test_the_sql_checker_finds_sql_built_from_strings():
    bad = ast.parse(
        "from sqlalchemy import text as sql\n"
        "import sqlalchemy as sa\n"
        "LIMIT = 5\n"
        "async def f(session, cursor, op, name, chat_id):\n"
        "    await session.execute(sql(f'SELECT * FROM chats WHERE name = {name}'))\n"
        "    cursor.execute('DELETE FROM images WHERE chat_id = %s' % chat_id)\n"
        "    query = 'SELECT * FROM turns WHERE chat_id = ' + str(chat_id)\n"
        "    await session.execute(query)\n"
        "    op.execute(sa.text('UPDATE inbox SET x = {}'.format(name)))\n"
        "    clause = 'SELECT 1'\n"
        "    clause += name\n"
        "    connection.exec_driver_sql(clause)\n"
        "    sa.literal_column(', '.join([name]))\n"
    )
    found, calls = SqlStrings(bad).findings()
    assert len(found) == 6, [ast.unparse(n) for n in found]
    good = ast.parse(
        "from sqlalchemy import select, text\n"
        "from bot.chat import texts\n"
        "LIMIT = 5\n"
        "PREFIX = 'legacy:'\n"
        "async def f(session, cursor, op, name, chat_id):\n"
        "    await session.execute(select(Chat).where(Chat.id == chat_id))\n"
        "    await session.execute(text('SELECT * FROM chats WHERE id = :id'), {'id': chat_id})\n"
        "    cursor.execute(f'PRAGMA busy_timeout={LIMIT}')\n"
        '    op.execute(f"UPDATE inbox SET e = substr(e, {len(PREFIX) + 1}) "\n'
        "               f\"WHERE e LIKE '{PREFIX}%'\")\n"
        "    texts.text(f'style.{name}')\n"
    )
    found, calls = SqlStrings(good).findings()
    assert (found, calls) == ([], 5), [ast.unparse(n) for n in found]


def test_no_sql_is_built_from_strings():
    found: list[str] = []
    calls = 0
    for path in python_files():
        bad, counted = SqlStrings(parse(path)).findings()
        found += [where(path, call) for call in bad]
        calls += counted
    assert found == []
    assert calls >= 20  # the checker did find the code's SQL calls


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
NOT_A_CHAT_S = {"usage", "blocks"}  # per person (limits) and the admins' blocks


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
        await theirs.say(images=[draw_picture([("yellow", "square")])])

        chat = await core.repository.get_chat("fake", "forget-me")
        kept = await core.repository.get_chat("fake", "keep-me")
        assert chat is not None and kept is not None
        owned = await owned_rows(core.database, chat.id)
        others = await owned_rows(core.database, kept.id)
        # Every table is accounted for: one added later must be sorted into one of these.
        tables = set(Base.metadata.tables)
        assert tables == set(owned) | KEYED_BY_CHAT_KEY | NOT_A_CHAT_S, tables
        assert set(owned) >= {"chats", "images", "captions", "turns"}
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
        assert len(events) == 6
        assert all(state == "done" and payload == {} and blob is None
                   for state, payload, blob in events), events  # fmt: skip
        leases = Base.metadata.tables["chat_leases"]
        content_columns = {"platform", "chat_key", "owner", "token", "expires_at"}
        assert set(leases.c.keys()) == content_columns
    finally:
        await core.stop()
