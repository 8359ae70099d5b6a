"""`python main.py worker` as a process of its own, on a port of its own: started and waited for
until its /healthz answers, signalled and killed like an operator (or a crash) would. The worker
fault tests and `bench.load --fault worker-kill` use it."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp

from tests.ports import free_port


class WorkerDidNotStart(RuntimeError):
    pass


class WorkerProcess:
    def __init__(self, root: Path, env: dict[str, str], log: Path, model: str, cwd: Path) -> None:
        self.port = free_port()
        self.command = [sys.executable, str(root / "main.py"), "worker", "--port",
                        str(self.port), "--model", model]  # fmt: skip
        self.env, self.log, self.cwd = env, log, cwd
        self.process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, timeout_s: float = 120) -> None:
        with self.log.open("ab") as out:
            self.process = await asyncio.create_subprocess_exec(
                *self.command, cwd=self.cwd, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=1)) as http:
            for _ in range(int(timeout_s * 10)):
                if self.process.returncode is not None:
                    raise WorkerDidNotStart(f"a caption worker exited; see {self.log}")
                try:
                    async with http.get(f"{self.url}/healthz") as answer:
                        if answer.status == 200:
                            return
                except (aiohttp.ClientError, TimeoutError):
                    pass
                await asyncio.sleep(0.1)
        raise WorkerDidNotStart(f"a caption worker did not start; see {self.log}")

    async def signal(self, signum: int) -> None:
        """Send `signum`; for SIGKILL, return once the process is gone."""
        assert self.process is not None
        self.process.send_signal(signum)
        if signum == signal.SIGKILL:
            await asyncio.wait_for(self.process.wait(), 30)

    async def kill(self) -> None:
        if self.process is not None and self.process.returncode is None:
            await self.signal(signal.SIGKILL)
