"""`main.py worker`'s replica options: one line saying what is wrong, before anything starts."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.test_cli import run_cli


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--replicas", "2"], "error: --replicas needs --ray"),
        (["--ray", "--replicas", "2", "--max-replicas", "3"], "error: give --replicas N, or"),
        (["--ray", "--min-replicas", "3", "--max-replicas", "2"], "error: --min-replicas cannot"),
    ],
)
def test_bad_replica_options_get_one_line(tmp_path: Path, options: list[str], said: str):
    result = run_cli("worker", *options, tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(said) and result.stderr.count("\n") == 1, result.stderr


def test_a_taken_port_is_said_before_ray_starts(tmp_path: Path):
    pytest.importorskip("ray.serve", reason="Ray Serve is an extra: pip install '.[ray]'")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("worker", "--ray", "--port", str(port), tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: worker: http://127.0.0.1:{port} is already in use")
    assert result.stderr.count("\n") == 1, result.stderr
