"""`python main.py` serving the web chat in a subprocess, for the tests about the process."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def web_chat_process(
    tmp_path: Path, environment: dict[str, str], port: int
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """The process and its address, once it prints that it listens there (within 120 s); killed
    if still running at the end, its pipes closed."""
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py")], cwd=tmp_path, env=environment,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None  # both piped
    address = f"http://127.0.0.1:{port}"
    try:
        seen = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            seen.append(line)
            if address in line:
                break
        assert any(address in line for line in seen), (seen, process.poll())
        yield process, address
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()
