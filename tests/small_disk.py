"""A small real filesystem (a tmpfs, mounted as root) that can be filled to the last byte and
freed again: a full disk on demand, for the outage tests and `bench.load --fault disk-full`."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def mount(where: Path, size: str = "16m") -> str | None:
    """Mount a tmpfs of `size` on the folder `where`; why not, or None once mounted."""
    if os.geteuid() != 0:
        return "mounting a small filesystem needs root"
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True
    )
    if mounted.returncode != 0:
        return f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}"
    return None


def unmount(where: Path) -> None:
    subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path) -> Path:
    """Fill the filesystem to the last byte; the file that did it."""
    filler = disk / "filler"
    # Unbuffered: a write that does not fit fails at once, with nothing left to flush on close.
    with open(filler, "wb", buffering=0) as out:
        for size in (65536, 1):  # then the last few bytes too
            try:
                while True:
                    out.write(b"\0" * size)
            except OSError:
                pass
    return filler
