"""The core stays platform-free: `bot/` imports no platform library and no adapter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("telegram", "discord", "adapters")


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_module_in_bot_imports_a_platform_or_an_adapter():
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in _imported_modules(path) if name.split(".")[0] in FORBIDDEN
        )
        for path in (ROOT / "bot").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_importing_every_bot_module_loads_no_platform_library_and_no_model():
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in (ROOT / "bot").rglob("*.py")
    )
    probe = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "import gc\n"
        "from transformers import PreTrainedModel\n"
        "models = [o for o in gc.get_objects() if isinstance(o, PreTrainedModel)]\n"
        "print(bad, len(models))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[] 0"


def test_captioning_knows_nothing_of_chats_storage_or_platforms():
    forbidden = (
        "telegram",
        "discord",
        "adapters",
        "storage",
        "bot.chat",
        "sqlalchemy",
        "bot.config",
        "bot.operator",
        "bot.llm",
    )
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name
            for name in _imported_modules(path)
            if any(name == f or name.startswith(f + ".") for f in forbidden)
        )
        for path in (ROOT / "bot" / "captioning").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def _offenders(package: Path, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    found = {
        str(path.relative_to(ROOT)): sorted(
            name
            for name in _imported_modules(path)
            if any(name == f or name.startswith(f + ".") for f in forbidden)
        )
        for path in ([package] if package.is_file() else package.rglob("*.py"))
    }
    return {k: v for k, v in found.items() if v}


def test_adapters_reach_the_inbox_only_through_the_core():
    # Adapters commit through bot.chat's Intake and read chats through the core: no storage,
    # no SQL (the web chat parses DATABASE_URL with sqlalchemy's URL parser, nothing more).
    forbidden = ("storage", "alembic", "sqlalchemy.orm", "sqlalchemy.ext", "sqlalchemy.sql")
    assert _offenders(ROOT / "adapters", forbidden) == {}
    sqlalchemy = {
        name
        for path in (ROOT / "adapters").rglob("*.py")
        for name in _imported_modules(path)
        if name.split(".")[0] == "sqlalchemy"
    }
    assert sqlalchemy <= {"sqlalchemy.engine", "sqlalchemy.exc"}


def test_the_chat_core_knows_no_adapter():
    assert _offenders(ROOT / "bot" / "chat", ("adapters", "main")) == {}


def test_the_intake_types_stand_alone():
    # Storage implements bot.chat.intake's protocol, so the module must not need storage back.
    assert _offenders(ROOT / "bot" / "chat" / "intake.py", ("storage", "bot.core")) == {}
