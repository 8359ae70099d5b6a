"""Joining a Ray cluster that wants its token: decided before Ray is imported, which reads its
authentication mode once, at import."""

from __future__ import annotations

import os
from pathlib import Path


def send_cluster_token(address: str | None) -> None:
    """Ray 2.60's `ray start` turns token authentication on when a token exists (~/.ray/auth_token,
    RAY_AUTH_TOKEN_PATH or RAY_AUTH_TOKEN), but a driver joining the cluster sends the token only
    when RAY_AUTH_MODE says so: say so, when there is a token and nobody chose a mode."""
    if address is None or "RAY_AUTH_MODE" in os.environ:
        return
    token_file = os.environ.get("RAY_AUTH_TOKEN_PATH") or str(Path.home() / ".ray" / "auth_token")
    if os.environ.get("RAY_AUTH_TOKEN") or Path(token_file).is_file():
        os.environ["RAY_AUTH_MODE"] = "token"
