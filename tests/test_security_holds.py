"""What a security review found to hold, kept holding, read from the source (the running bots'
are in tests/test_security_behaviour.py, the web chat's in tests/adapters/web/test_web_holds.py):

- secrets and tokens are compared in constant time (hmac.compare_digest, never == or in);
- no SQL is built from strings at run time.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import TypeGuard

from tests.test_cli import ROOT


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}: {ast.unparse(node)}"


# -- 4. constant-time secret checks --------------------------------------------------------------

SECRET_CHECKERS = (
    ROOT / "adapters" / "worker" / "api.py",  # the own worker's and the Ray Serve app's check
    ROOT / "adapters" / "telegram" / "intake.py",
)
# They hand the token to api.authorized, and must not compare it themselves.
SECRET_CALLERS = (
    ROOT / "adapters" / "worker" / "server.py",
    ROOT / "adapters" / "ray_serve" / "app.py",
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
    for path in SECRET_CALLERS:
        found, _ = secret_comparisons(parse(path))
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
