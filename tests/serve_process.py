"""`python main.py worker --ray` as a process of its own: started and waited for until it says
where the caption service answers, its replica processes found (to kill one, as a crash would),
and stopped with SIGTERM like an operator would. The Ray Serve tests and benches use it."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.ports import free_port

READY = "caption service for"
REPLICA_TITLE = "ray::ServeReplica:captionist:"


class ServeDidNotStart(RuntimeError):
    pass


def descendants(root: int) -> dict[int, str]:
    """Every process below `root`, by pid, with its command line (Ray names its workers by
    their role: ray::ServeReplica:<app>:<deployment>)."""
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # gone meanwhile
        # The command name in parentheses may hold spaces; the parent pid follows it.
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        commands[int(entry.name)] = command.strip()
    found: dict[int, str] = {}
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in found:
                found[pid] = commands[pid]
                frontier.append(pid)
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is gone for our purposes
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class ServeProcess:
    def __init__(self, root: Path, env: dict[str, str], log: Path, model: str, *options: str):
        self.port = free_port()
        self.command = [sys.executable, str(root / "main.py"), "worker", "--ray", "--port",
                        str(self.port), "--model", model, *options]  # fmt: skip
        self.env, self.log = env, log
        self.process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    async def start(self, timeout_s: float = 240) -> None:
        with self.log.open("ab") as out:
            self.process = await asyncio.create_subprocess_exec(
                *self.command, cwd=self.log.parent, env=self.env, stdout=out,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        await self.wait_for(READY, timeout_s)

    async def wait_for(self, text: str, timeout_s: float, after: int = 0) -> None:
        """Until `text` appears in the output past character `after`."""
        assert self.process is not None
        deadline = time.monotonic() + timeout_s
        while text not in self.output()[after:]:
            if self.process.returncode is not None:
                raise ServeDidNotStart(f"main.py worker --ray exited:\n{self.output()[-3000:]}")
            if time.monotonic() > deadline:
                raise ServeDidNotStart(f"no {text!r} in time:\n{self.output()[-3000:]}")
            await asyncio.sleep(0.2)

    def replicas(self) -> list[int]:
        assert self.process is not None
        tree = descendants(self.process.pid)
        return sorted(pid for pid, command in tree.items() if command.startswith(REPLICA_TITLE))

    def ray_processes(self) -> list[int]:
        assert self.process is not None
        return sorted(descendants(self.process.pid))

    async def stop(self, timeout_s: float = 90) -> int:
        """SIGTERM, and the exit status."""
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.process.wait(), timeout_s)

    async def kill(self) -> None:
        """SIGKILL the command and everything Ray started below it (a test that failed)."""
        if self.process is None or self.process.returncode is not None:
            return
        for pid in self.ray_processes():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.kill()
        await self.process.wait()
