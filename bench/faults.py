"""Faults `bench.load --fault` injects during its load, each on a real dependency of the bot:

- db-restart: the bot's PostgreSQL (a throwaway server) is stopped and started again;
- disk-full: the filesystem under the bot's SQLite file fills up and is freed again (needs root
  to mount the small filesystem);
- worker-kill: the bot captions on two `main.py worker` processes; one is SIGKILLed and started
  again.

And `Busy`: processes that keep the CPU busy, as captioning does on a shared machine.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Protocol

from tests.postgres_server import ThrowawayPostgres
from tests.postgres_server import missing as postgres_missing
from tests.small_disk import fill, mount, unmount
from tests.worker_process import WorkerDidNotStart, WorkerProcess

FAULTS = ("db-restart", "disk-full", "worker-kill")
# How long each fault lasts by default: the figures of the issue that asked for them.
DEFAULT_SECONDS = {"db-restart": 3.0, "disk-full": 20.0, "worker-kill": 10.0}
WORKER_TOKEN = "bench-worker-token"


class Fault(Protocol):
    name: str

    async def setup(self) -> dict[str, str]:
        """Make the dependency; the bot's environment to use it."""
        ...

    async def inject(self) -> None: ...

    async def heal(self) -> None:
        """Bring the dependency back; returns once it serves again."""
        ...

    async def cleanup(self) -> None: ...


class DbRestart:
    name = "db-restart"

    def __init__(self) -> None:
        why = postgres_missing()
        if why is not None:
            raise SystemExit(f"error: --fault db-restart needs a PostgreSQL server: {why}")
        self.server = ThrowawayPostgres()

    async def setup(self) -> dict[str, str]:
        await asyncio.to_thread(self.server.create)
        return {"DATABASE_URL": self.server.url}

    async def inject(self) -> None:
        await asyncio.to_thread(self.server.stop, "fast")

    async def heal(self) -> None:
        await asyncio.to_thread(self.server.start)

    async def cleanup(self) -> None:
        await asyncio.to_thread(self.server.remove)


class DiskFull:
    name = "disk-full"

    def __init__(self, workdir: Path, size: str = "256m") -> None:
        self.disk = workdir / "disk"
        self.size = size
        self.filler: Path | None = None

    async def setup(self) -> dict[str, str]:
        why = mount(self.disk, self.size)
        if why is not None:
            raise SystemExit(f"error: --fault disk-full: {why}")
        return {"DATABASE_URL": f"sqlite+aiosqlite:///{self.disk / 'load.db'}"}

    async def inject(self) -> None:
        self.filler = await asyncio.to_thread(fill, self.disk)

    async def heal(self) -> None:
        if self.filler is not None:
            self.filler.unlink()

    async def cleanup(self) -> None:
        unmount(self.disk)


class WorkerKill:
    name = "worker-kill"

    def __init__(self, root: Path, env: dict[str, str], workdir: Path, model: str) -> None:
        # Two workers share this machine: one model thread each, as an operator would set it
        # (each taking every core makes both wait on each other).
        env = env | {"CAPTION_WORKER_TOKEN": WORKER_TOKEN, "CAPTION_THREADS": "1"}
        self.workers = [
            WorkerProcess(root, env, workdir / f"worker-{n}.log", model, cwd=root) for n in range(2)
        ]

    async def setup(self) -> dict[str, str]:
        try:
            await asyncio.gather(*(w.start(timeout_s=180) for w in self.workers))
        except WorkerDidNotStart as exc:
            raise SystemExit(f"error: {exc}") from None
        urls = ",".join(w.url for w in self.workers)
        return {"CAPTION_WORKER_URLS": urls, "CAPTION_WORKER_TOKEN": WORKER_TOKEN}

    async def inject(self) -> None:
        await self.workers[0].kill()

    async def heal(self) -> None:
        try:
            await self.workers[0].start(timeout_s=180)
        except WorkerDidNotStart as exc:
            raise SystemExit(f"error: {exc}") from None

    async def cleanup(self) -> None:
        for worker in self.workers:
            await worker.kill()


def make_fault(name: str, root: Path, env: dict[str, str], workdir: Path, model: str) -> Fault:
    if name == "db-restart":
        return DbRestart()
    if name == "disk-full":
        return DiskFull(workdir)
    return WorkerKill(root, env, workdir, model)


class Busy:
    """`count` processes that spin on the CPU for as long as the bench runs."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.processes: list[subprocess.Popen[bytes]] = []

    def __enter__(self) -> Busy:
        spin = "while True:\n    pass"
        self.processes = [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(self.count)]
        return self

    def __exit__(self, *_: object) -> None:
        for process in self.processes:
            process.kill()
            process.wait()
