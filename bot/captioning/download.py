"""Fetching a hub model before loading it, with its progress in the log (MB done, %): the first
run's download (about 1 GB) would otherwise show nothing for minutes."""

from __future__ import annotations

import io
import logging
import os
import socket
from typing import Any
from urllib.parse import urlsplit

from tqdm.auto import tqdm  # type: ignore[import-untyped]

log = logging.getLogger(__name__)

# Weight formats transformers loads for PyTorch, preferred first; the others are never fetched.
WEIGHTS = ("model.safetensors", "pytorch_model.bin")
STEP_PERCENT = 10


def progress_bar(name: str) -> type[tqdm]:
    """A tqdm class for `huggingface_hub.snapshot_download` that logs instead of drawing."""

    class LoggedProgress(tqdm):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.pop("name", None)
            kwargs["file"] = io.StringIO()  # drawn nowhere; the log says it
            kwargs["disable"] = False
            super().__init__(*args, **kwargs)
            self._logged = -STEP_PERCENT
            self._total = self.total

        def update(self, n: float | None = 1) -> bool | None:
            shown = super().update(n)
            if self.unit == "B" and self.total:
                if self.total != self._total:
                    # The hub's client adds each file's size as it starts on it: a 100 % said
                    # of the files known so far must not stop the last one's 100 % being said.
                    self._total = self.total
                    self._logged = -STEP_PERCENT
                percent = int(100 * self.n / self.total)
                step = percent >= self._logged + STEP_PERCENT or self.n >= self.total
                if step and percent != self._logged:
                    self._logged = percent
                    log.info("downloading %s: %.0f of %.0f MB (%d%%)", name,
                                 self.n / 1e6, self.total / 1e6, percent)  # fmt: skip
            return shown

    return LoggedProgress


def offline_set() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on")


def hub_unreachable(timeout_s: float = 3.0) -> str | None:
    """Why the hub cannot be reached, found in at most a few seconds; None when it answers.
    Without it the hub's client retries for half a minute before saying the same."""
    if any(os.environ.get(v) for v in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")):
        return None  # reached through a proxy: only the hub's client can tell
    endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co")
    parsed = urlsplit(endpoint)
    host = parsed.hostname or "huggingface.co"
    port = parsed.port or (80 if parsed.scheme == "http" else 443)
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            return None
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        return f"{endpoint} cannot be reached ({reason})"


def fetch(spec: str) -> str | None:
    """The local folder of hub model `spec`, downloaded (with logged progress) where needed;
    None when the hub cannot be asked (offline), so that loading explains what went wrong."""
    if offline_set():
        return None
    from huggingface_hub import snapshot_download

    try:
        listed = snapshot_download(spec, dry_run=True)
        names = {info.filename for info in listed}
        weights = next((w for w in WEIGHTS if w in names), None)
        wanted = ["*.json", "*.txt", "*.model"] + ([weights] if weights else [])
        return str(snapshot_download(spec, allow_patterns=wanted, tqdm_class=progress_bar(spec)))
    except Exception as exc:  # the loader names the problem in the operator's terms
        log.debug("hub download of %s failed: %r", spec, exc)
        return None
