"""The Ray Serve front end without a cluster: a replica answers the worker API (token, health,
captions, size limit, unknown paths) from the same module as the own worker; the deploy config
is one Serve accepts and names this application; a bot that does not use Ray never imports it."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from bot.captioning.config import EngineConfig
from bot.captioning.intake import IntakeLimits
from bot.config import Settings
from tests.pictures import draw_picture, png_bytes
from tests.test_cli import ROOT

pytest.importorskip("ray.serve", reason="Ray Serve is an extra: pip install '.[ray]'")

from starlette.requests import Request

from adapters.ray_serve.app import (
    DEPLOYMENT_NAME,
    CaptionReplica,
    ReplicaConfig,
    Scaling,
    replica_resources,
)

TOKEN = "serve-secret"
BOUNDARY = "b0undary"


def _request(method: str, path: str, body: bytes = b"", token: str | None = TOKEN) -> Request:
    headers = [(b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode())]
    if token:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    sent = False

    async def receive() -> dict[str, object]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    scope = {"type": "http", "method": method, "path": path, "headers": headers,
             "query_string": b"", "scheme": "http", "server": ("127.0.0.1", 8000)}  # fmt: skip
    return Request(scope, receive)


def _form(picture: bytes) -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="image"; filename="x.png"\r\n'
        f"Content-Type: image/png\r\n\r\n".encode()
        + picture
        + f'\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name="options"\r\n\r\n'
        f'{{"num_beams": 2}}\r\n--{BOUNDARY}--\r\n'.encode()
    )


async def test_a_replica_answers_the_worker_api(tiny_model_path: Path):
    config = ReplicaConfig(
        EngineConfig(model=str(tiny_model_path)), IntakeLimits(max_bytes=100_000), token=TOKEN
    )
    assert TOKEN not in repr(config)
    replica = CaptionReplica.__new__(CaptionReplica)
    await CaptionReplica.__init__(replica, config)  # as Serve does: an async constructor, awaited
    try:
        replica.check_health()
        answer = await replica(_request("POST", "/v1/captions", _form(png_bytes(
            draw_picture([("blue", "square")])))))  # fmt: skip
        assert answer.status_code == 200
        assert json.loads(bytes(answer.body))["captions"] == ["a blue square"]
        assert (await replica(_request("GET", "/healthz", token=None))).status_code == 200
        unauthorized = await replica(_request("POST", "/v1/captions", b"x", token="guess"))
        assert unauthorized.status_code == 401
        too_big = await replica(_request("POST", "/v1/captions", _form(b"x" * 200_000)))
        assert too_big.status_code == 413
        assert (await replica(_request("GET", "/metrics"))).status_code == 404
    finally:
        stopping = replica.__del__()
        assert stopping is not None
        await stopping
    assert replica.__del__() is None  # as Python collects it: nothing left to stop
    with pytest.raises(RuntimeError):
        replica.check_health()  # a stopped engine: Serve replaces the replica


def test_replica_resources_and_scaling_follow_the_settings():
    settings = Settings(_env_file=None)
    assert replica_resources(settings, cluster_gpus=0) == replica_resources(settings, 0)
    assert replica_resources(settings, cluster_gpus=0).num_gpus == 0
    assert replica_resources(settings, cluster_gpus=4).num_gpus == 1
    cpu_only = Settings(_env_file=None, caption_device="cpu", caption_replica_cpus=2)
    assert (replica_resources(cpu_only, 4).num_gpus, replica_resources(cpu_only, 4).num_cpus) == (
        0,
        2,
    )
    assert Scaling(2, 2, 16).options() == {"num_replicas": 2}
    autoscaling = Scaling(1, 3, 16).options()["autoscaling_config"]
    assert (autoscaling["min_replicas"], autoscaling["max_replicas"]) == (1, 3)
    assert autoscaling["target_ongoing_requests"] == 16
    with pytest.raises(ValueError):
        Scaling(3, 1, 16)


def test_the_deploy_config_is_valid_serve_config_for_this_application():
    import yaml
    from ray.serve.schema import ServeDeploySchema

    config = ServeDeploySchema.model_validate(
        yaml.safe_load((ROOT / "deploy" / "ray-serve.yaml").read_text(encoding="utf-8"))
    )
    [app] = config.applications
    assert app.import_path == "adapters.ray_serve.app:build"
    [deployment] = app.deployments
    assert deployment.name == DEPLOYMENT_NAME
    assert deployment.max_ongoing_requests == 2 * EngineConfig(model="m").max_batch
    assert deployment.autoscaling_config is not None
    assert replace(EngineConfig(model="m")).max_batch == 16


def test_a_bot_and_the_own_worker_never_import_ray():
    probe = (
        "import sys, main, adapters.lifecycle, adapters.worker.server, bot.captioning.remote\n"
        "main.build_parser().parse_args(['worker', '--ray'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('ray', 'starlette')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
