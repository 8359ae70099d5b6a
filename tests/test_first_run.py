"""The README's first command on a machine that cannot get the default model: `python main.py`
with no CAPTION_MODEL serves the web chat on the bundled demo model, says why in one log line,
and the page's history carries the notice the web chat shows as a banner."""

from __future__ import annotations

import json
import signal
import socket
import urllib.request

from bot.captioning.download import hub_unreachable
from bot.chat import texts
from tests.ports import free_port
from tests.test_cli import cli_environment
from tests.web_process import web_chat_process


def test_the_first_run_serves_on_the_demo_model_and_says_so(tmp_path):
    port = free_port()
    environment = cli_environment(tmp_path, WEB_PORT=str(port))  # no CAPTION_MODEL, offline
    assert "CAPTION_MODEL" not in environment and environment["HF_HUB_OFFLINE"] == "1"
    with web_chat_process(tmp_path, environment, port) as (process, address):
        with urllib.request.urlopen(address + "/api/history", timeout=10) as response:
            history = json.loads(response.read())
        assert history["notice"] == texts.text("model.demo_fallback")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
        assert process.stderr is not None
        log = process.stderr.read()
    [said] = [line for line in log.splitlines() if "BUNDLED DEMO MODEL" in line]
    assert "huggingface-cli download" in said and "Traceback" not in log


def test_an_unreachable_hub_is_found_at_once(monkeypatch):
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    for proxy in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(proxy, raising=False)
    why = hub_unreachable(timeout_s=2)
    assert why is not None and why.startswith(f"http://127.0.0.1:{port} cannot be reached")
