"""Log output for operators: text or one JSON object per line, secrets never written."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def redactable(secrets: Iterable[str]) -> list[str]:
    """The secrets worth looking for, longest first (so that one inside another goes whole)."""
    return sorted({s for s in secrets if len(s) >= 6}, key=len, reverse=True)


def redact(text: str, secrets: Sequence[str]) -> str:
    """`text` with each of `secrets` (as `redactable` gives them) replaced."""
    for secret in secrets:
        text = text.replace(secret, "[redacted]")
    return text


class Redactor(logging.Formatter):
    """Wraps a formatter: whatever it writes, the secrets are replaced (a library that logs a
    URL with the bot token in it, an exception that quotes one)."""

    def __init__(self, inner: logging.Formatter, secrets: Iterable[str]) -> None:
        super().__init__()
        self.inner = inner
        self.secrets = redactable(secrets)

    def format(self, record: logging.LogRecord) -> str:
        return redact(self.inner.format(record), self.secrets)


def setup_logging(level: str, fmt: str = "text", secrets: Iterable[str] = ()) -> None:
    handler = logging.StreamHandler(sys.stderr)
    inner = JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT)
    handler.setFormatter(Redactor(inner, secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        if isinstance(old.formatter, Redactor):
            root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(getattr(logging, level.upper(), logging.INFO))
