"""`main.py worker --ray`: deploy the caption service on Ray Serve and watch it until told to stop.

Joins the cluster at RAY_ADDRESS, or starts a Ray instance of its own. Prints where the service
answers, then every change in its replicas (models loading, a replica replaced, autoscaling), and
on SIGTERM or SIGINT deletes the application, and stops Serve and Ray only if it started them.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType

import ray
from ray import serve
from ray.serve.schema import ApplicationStatus

from adapters.ray_serve.app import (
    APP_NAME,
    DEPLOYMENT_NAME,
    ReplicaConfig,
    Scaling,
    application,
    replica_resources,
)
from bot.config import Settings

POLL_S = 1.0
QUIET = {"log_level": "WARNING", "enable_access_log": False}


class DeployFailed(RuntimeError):
    """Serve gave up deploying the application (a model that cannot load, no resources)."""


@dataclass(frozen=True)
class Replicas:
    """What the replica options asked for: a count, or autoscaling bounds."""

    count: int | None
    minimum: int | None
    maximum: int | None

    def scaling(self, target_ongoing: float) -> Scaling:
        if self.minimum is None and self.maximum is None:
            count = self.count or 1
            return Scaling(count, count, target_ongoing)
        minimum = 1 if self.minimum is None else self.minimum
        maximum = max(minimum, 1) if self.maximum is None else self.maximum
        return Scaling(minimum, maximum, target_ongoing)


def check_listen(host: str, port: int) -> None:
    """Raise the OSError that listening on host:port would raise, before Ray takes seconds to
    start and Serve's proxy fails on it in a log of its own."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


def serve_on_ray(
    settings: Settings,
    host: str,
    port: int,
    replicas: Replicas,
    say: Callable[[str], None],
) -> None:
    """Deploy and watch until SIGTERM or SIGINT. Raises DeployFailed, or OSError when the
    address cannot be listened on."""
    address = os.environ.get("RAY_ADDRESS") or None
    if address is None:
        check_listen(host, port)
    # Said first: starting Ray (its GCS, raylet and workers) takes seconds, more on a busy machine.
    say(f"joining the Ray cluster at {address}" if address else "starting a Ray instance")
    # "local": a Ray instance of our own even when another one runs on this machine.
    ray.init(
        address=address or "local",
        include_dashboard=False if address is None else None,
        logging_level=logging.WARNING,
    )
    started_ray = address is None
    # After ray.init, whose failure handler would otherwise end the process on SIGTERM with a
    # stack dump and leave the deployment to die with it.
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _setter(stop))
    try:
        where = f"the Ray cluster at {address}" if address else "a Ray instance started here"
        say(f"Ray: {where} ({ray.get_runtime_context().gcs_address})")
        # Serve's controller and proxies say little; each request's access line is the bots' to log.
        logging.getLogger("ray.serve").setLevel(logging.WARNING)
        serve.start(http_options={"host": host, "port": port}, logging_config=QUIET)
        config = ReplicaConfig.from_settings(settings)
        resources = replica_resources(settings, float(ray.cluster_resources().get("GPU", 0)))
        scaling = replicas.scaling(target_ongoing=config.engine.max_batch)
        app = application(config, scaling, resources)
        wanted = (
            f"{scaling.max_replicas} replica{'' if scaling.max_replicas == 1 else 's'}"
            if scaling.fixed
            else f"{scaling.min_replicas} to {scaling.max_replicas} replicas (autoscaling, "
            f"{scaling.target_ongoing:g} ongoing requests each)"
        )
        say(
            f"deploying {config.engine.model} on {wanted}, each {resources.num_cpus:g} CPU "
            f"and {resources.num_gpus:g} GPU; loading the models"
        )
        # Not serve.run, which waits silently until every replica has loaded its model.
        serve.run_many(
            [serve.RunTarget(app, name=APP_NAME, route_prefix="/", logging_config=QUIET)],
            wait_for_ingress_deployment_creation=False,
            wait_for_applications_running=False,
        )
        _watch(stop, say, host, port, config)
    finally:
        if started_ray:
            serve.shutdown()
        else:
            serve.delete(APP_NAME)
        ray.shutdown()
        say("caption service stopped")


def _setter(event: threading.Event) -> Callable[[int, FrameType | None], None]:
    def handler(signum: int, frame: FrameType | None) -> None:
        event.set()

    return handler


def _watch(
    stop: threading.Event, say: Callable[[str], None], host: str, port: int, config: ReplicaConfig
) -> None:
    """Report the replicas' states as they change; the first time every replica runs, where
    the service answers."""
    last = ""
    announced = False
    while not stop.wait(POLL_S):
        state = serve.status().applications.get(APP_NAME)
        if state is None:
            continue
        deployment = state.deployments.get(DEPLOYMENT_NAME)
        counts = deployment.replica_states if deployment else {}
        line = "replicas: " + (
            ", ".join(f"{n} {s.lower()}" for s, n in sorted(counts.items())) or "none yet"
        )
        if state.status == ApplicationStatus.DEPLOY_FAILED:
            raise DeployFailed(_reason(deployment.message if deployment else "", state.message))
        if line != last:
            say(line)
            last = line
        if state.status == ApplicationStatus.RUNNING and not announced:
            auth = "bearer token required" if config.token else "no token: open"
            say(
                f"caption service for {config.engine.model} on http://{host}:{port} ({auth}); "
                f"bots: CAPTION_WORKER_URLS=http://{host}:{port}"
            )
            announced = True


def _reason(*messages: str | None) -> str:
    """What Serve's messages say went wrong: the last error in the replica's traceback (a model
    that cannot load says which and how to fix it), else the first message's last line."""
    for message in messages:
        errors = _ERROR_LINE.findall(_ANSI.sub("", message or ""))
        if errors:
            return errors[-1].strip()
    lines = [line for message in messages for line in (message or "").splitlines() if line.strip()]
    return lines[-1].strip() if lines else "Serve could not deploy the caption service"


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_ERROR_LINE = re.compile(r"^\S*(?:Error|Exception): (.+)$", re.MULTILINE)
