"""A throwaway PostgreSQL server this process can stop and start again (an outage on demand), on a
unix socket in a fresh folder, as `scripts/with-postgres` starts one. The fault tests and
`bench.load --fault db-restart` use it."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path


def _bindir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    return found[-1] if found and (found[-1] / "initdb").exists() else None


def missing() -> str | None:
    """Why no throwaway server can run here, or None when one can."""
    if _bindir() is None:
        return "no PostgreSQL server binaries (scripts/setup installs them)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root with no postgres user to run the server as"
    return None


class ThrowawayPostgres:
    def __init__(self) -> None:
        bindir = _bindir()
        if bindir is None:
            raise RuntimeError(missing())
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="captionist-pg-"))
        self.dir.chmod(0o755)
        # The server refuses to run as root: as root, it runs as the postgres user.
        self._as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self._as:
            shutil.chown(self.dir, "postgres")
        self.data = self.dir / "data"
        self.running = False

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@/captionist?host={self.dir}"

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self._as, *args], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {done.stderr.strip() or done.stdout.strip()}")

    def create(self) -> ThrowawayPostgres:
        bindir = self.bindir
        self._run(str(bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust")
        self.start()
        self._run(str(bindir / "createdb"), "-h", str(self.dir), "-U", "postgres", "captionist")
        return self

    def start(self) -> None:
        options = f"-c listen_addresses='' -k {self.dir} -c fsync=off"
        log = str(self.dir / "server.log")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", log, "-w", "-o", options,
                  "start")  # fmt: skip
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: "fast" ends every session, as a restart does; "immediate" as a crash."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")
        self.running = False

    def remove(self) -> None:
        if self.running:
            with contextlib.suppress(RuntimeError):
                self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)
