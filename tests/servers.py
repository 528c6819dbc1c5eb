"""Real server processes of the app (or of a control app), for tests under true
concurrency: on SQLite one server with its in-process worker; on PostgreSQL two servers
and one `werkplaats worker` (or more: `workers=`) on a broker namespace of their own.

The servers are uvicorn processes of the app factory, or (`via_cli=True`) the real
`werkplaats serve` command, which is what reads FORWARDED_ALLOW_IPS."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import redis

from tests.conftest import USING_POSTGRES, free_port
from werkplaats.settings import PROJECT_ROOT, get_settings

SERVERS = 2 if USING_POSTGRES else 1
WERKPLAATS_APP = ("werkplaats.app:create_app", True)


@dataclass
class Cluster:
    """Server processes of one app (and perhaps a worker), their URLs and logs."""

    data_dir: Path
    env: dict[str, str] = field(default_factory=dict)
    urls: list[str] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    worker_logs: list[Path] = field(default_factory=list)

    def log_text(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in self.logs)

    def kill(self) -> None:
        """`kill -9` of every process, without warning (the fault tests)."""
        for process in self.processes:
            process.send_signal(signal.SIGKILL)
        for process in self.processes:
            process.wait(timeout=10)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        self._forget_namespace()

    def _forget_namespace(self) -> None:
        """Delete the cluster's own queue keys (heartbeats, queues) from Redis."""
        namespace = self.env.get("BROKER_NAMESPACE", "")
        if not namespace.startswith("werkplaats_race_"):
            return
        client = redis.Redis.from_url(self.env["BROKER_URL"])
        try:
            keys = list(client.scan_iter(match=f"{namespace}:*"))
            if keys:
                client.delete(*keys)
        finally:
            client.close()


def _environment(data_dir: Path) -> dict[str, str]:
    """The test run's database; a DATA_DIR (so a mail directory) of the cluster's own."""
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "PYTHONUNBUFFERED": "1",
        # One test client is one address and one e-mail: the limiter is not under test.
        "REGISTRATION_LIMIT_PER_ADDRESS": "100000",
        "REGISTRATION_LIMIT_PER_EMAIL": "100000",
    }
    if get_settings().broker_url:
        env["BROKER_NAMESPACE"] = f"werkplaats_race_{uuid.uuid4().hex[:8]}"
    return env


def _spawn(cluster: Cluster, name: str, command: list[str], env: dict[str, str]) -> Path:
    log = cluster.data_dir / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    cluster.processes.append(process)
    cluster.logs.append(log)
    return log


def _server_command(app: tuple[str, bool], port: int, *, via_cli: bool) -> list[str]:
    if via_cli:
        if app != WERKPLAATS_APP:
            raise ValueError("only the werkplaats app has a `serve` command")
        return [sys.executable, "-m", "werkplaats.cli", "serve", "--port", str(port)]
    target, factory = app
    command = [sys.executable, "-m", "uvicorn", target, "--port", str(port)]
    command += ["--host", "127.0.0.1", "--no-access-log"]
    return [*command, *(["--factory"] if factory else [])]


def _wait_ready(cluster: Cluster, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client(trust_env=False, timeout=2.0) as client:
        for url in cluster.urls:
            while True:
                try:
                    if client.get(f"{url}/health").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or any(
                    p.poll() is not None for p in cluster.processes
                ):
                    raise RuntimeError(
                        f"server at {url} did not start:\n{cluster.log_text()[-3000:]}"
                    )
                time.sleep(0.1)


def start_cluster(
    app: tuple[str, bool],
    *,
    with_worker: bool,
    servers: int | None = None,
    workers: int = 1,
    via_cli: bool = False,
    environment: dict[str, str | None] | None = None,
    worker_module: str = "werkplaats.cli",
) -> Cluster:
    """Start `servers` web processes (default SERVERS) and, with a broker, `workers`
    worker processes (`python -m worker_module worker`); wait until every server is
    healthy. `environment` is laid over the cluster's own environment (None: unset)."""
    data_dir = Path(tempfile.mkdtemp(prefix="race-", dir=get_settings().data_dir))
    env = _environment(data_dir)
    for key, value in (environment or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    cluster = Cluster(data_dir, env)
    try:
        for number in range(SERVERS if servers is None else servers):
            port = free_port()
            _spawn(cluster, f"server-{number}", _server_command(app, port, via_cli=via_cli), env)
            cluster.urls.append(f"http://127.0.0.1:{port}")
        if with_worker and env.get("BROKER_URL"):
            for number in range(workers):
                worker = [sys.executable, "-m", worker_module, "worker", "--threads", "2"]
                name = "worker" if number == 0 else f"worker-{number}"
                cluster.worker_logs.append(_spawn(cluster, name, worker, env))
        _wait_ready(cluster)
    except BaseException:
        cluster.stop()
        raise
    return cluster
