"""A first download shows its progress: `main.py caption` against a loopback hub (HF_ENDPOINT)
that serves the tiny model's files with the hub's model-info and resolve URLs and headers."""

from __future__ import annotations

import asyncio
import hashlib
import re
import sys
from pathlib import Path

from aiohttp import web

from tests.pictures import draw_picture
from tests.test_cli import ROOT, cli_environment

REPO = "someone/tiny-captioner"
COMMIT = "0" * 39 + "1"


class FakeHub:
    def __init__(self, folder: Path):
        self.files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
        self.fetched: list[str] = []
        self.port = 0

    async def start(self) -> web.AppRunner:
        app = web.Application()
        app.router.add_get("/api/models/{owner}/{name}/revision/{revision}", self._info)
        app.router.add_get("/api/models/{owner}/{name}", self._info)
        app.router.add_get("/api/models/{owner}/{name}/tree/{revision}", self._tree)
        app.router.add_route("*", "/{owner}/{name}/resolve/{revision}/{file}", self._resolve)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self.port = runner.addresses[0][1]
        return runner

    async def _info(self, request: web.Request) -> web.Response:
        siblings = [{"rfilename": name, "size": len(data)} for name, data in self.files.items()]
        return web.json_response({"id": REPO, "modelId": REPO, "sha": COMMIT,
                                  "siblings": siblings, "private": False})  # fmt: skip

    async def _tree(self, request: web.Request) -> web.Response:
        return web.json_response([
            {"type": "file", "path": name, "size": len(data),
             "oid": hashlib.sha1(data).hexdigest()}
            for name, data in self.files.items()
        ])  # fmt: skip

    async def _resolve(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["file"]
        if name not in self.files:
            return web.Response(status=404, headers={"X-Error-Code": "EntryNotFound"})
        data = self.files[name]
        headers = {
            "X-Repo-Commit": COMMIT,
            "ETag": f'"{hashlib.sha256(data).hexdigest()}"',
            "Content-Length": str(len(data)),
        }
        if request.method == "HEAD":
            return web.Response(headers=headers)
        self.fetched.append(name)
        return web.Response(body=data, headers=headers)


async def test_a_first_download_logs_its_progress(tmp_path, tiny_model_path):
    hub = FakeHub(tiny_model_path)
    # A training log is not a model file: the hub would list it; only needed files come.
    hub.files["training.log.bin"] = b"x"
    runner = await hub.start()
    picture = tmp_path / "p.png"
    draw_picture([("red", "circle")]).save(picture)
    env = cli_environment(tmp_path, HF_ENDPOINT=f"http://127.0.0.1:{hub.port}",
                          HF_HOME=str(tmp_path / "hf"), LOG_LEVEL="INFO")  # fmt: skip
    env.pop("HF_HUB_OFFLINE")
    env.pop("HF_HUB_CACHE", None)
    env.pop("TRANSFORMERS_CACHE", None)
    try:
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(ROOT / "main.py"), "caption", str(picture), "--model", REPO,
            cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(process.communicate(), 300)
    finally:
        await runner.cleanup()
    log = err.decode()
    assert process.returncode == 0, log
    assert out.decode() == "a red circle\n"
    progress = re.findall(
        r"downloading someone/tiny-captioner: ([\d.]+) of ([\d.]+) MB \((\d+)%\)", log
    )
    assert progress, log
    assert progress[-1][2] == "100" and progress[-1][0] == progress[-1][1]
    assert "model.safetensors" in hub.fetched and "training.log.bin" not in hub.fetched
