"""Reusable benchmark pieces: a real server subprocess, and what it is told and costs.

A server is `python -m uvicorn` in its own process on a free 127.0.0.1 port, with
an environment that points DATA_DIR and DATABASE_URL into a temporary directory.
Its output goes to a log file, scanned afterwards for errors; its peak RSS and CPU
time come from /proc. The load generator lives in `bench.load`, the table in
`bench.report`; both are re-exported here so a scenario needs one import.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.load import LoadResult, Settled, Verdict, Workload, run_async, run_load
from bench.report import print_table, write_json

__all__ = [
    "FLOOR",
    "WERKPLAATS",
    "LoadResult",
    "Server",
    "Settled",
    "Target",
    "Verdict",
    "Worker",
    "Workload",
    "bench_env",
    "forget_broker_namespace",
    "print_table",
    "process_tree",
    "run_async",
    "run_load",
    "running_server",
    "running_worker",
    "werkplaats_cli",
    "write_json",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"

# Settings that would reach outside the temp dir (a broker, a mail server) or change
# what is measured (debug). They are set empty, which also beats a `.env` file;
# BENCH_<NAME> sets one on purpose, e.g. BENCH_BROKER_URL=redis://127.0.0.1:6379/0.
NEUTRALISED = ("BROKER_URL", "SMTP_URL", "SMTP_CA_FILE", "DEBUG", "BASE_URL", "SECRET_KEY")
ERROR_MARKERS = ("Traceback", "ERROR", "Error:", "database is locked", "Exception")


@dataclass(frozen=True, slots=True)
class Target:
    """An ASGI app uvicorn can serve, and a path that answers once it is up."""

    name: str
    app: str
    factory: bool = False
    ready_path: str = "/"


FLOOR = Target("floor", "bench.floor_app:app")
WERKPLAATS = Target("werkplaats", "werkplaats.app:create_app", factory=True, ready_path="/health")


def bench_env(data_dir: Path) -> dict[str, str]:
    """The environment for servers and CLI commands of one run."""
    env = dict(os.environ)
    for name in NEUTRALISED:
        env[name] = os.environ.get(f"BENCH_{name}", "")
    env["DATA_DIR"] = str(data_dir)
    env["DATABASE_URL"] = (
        os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{data_dir / 'bench.sqlite'}"
    )
    env["PYTHONUNBUFFERED"] = "1"
    if env["BROKER_URL"]:  # a queue of this run's own on a shared broker
        env["BROKER_NAMESPACE"] = (
            os.environ.get("BENCH_BROKER_NAMESPACE") or f"werkplaats_bench_{uuid.uuid4().hex[:8]}"
        )
    return env


def forget_broker_namespace(env: dict[str, str]) -> None:
    """Delete the run's own keys from a Redis broker (only those of its namespace)."""
    url, namespace = env.get("BROKER_URL", ""), env.get("BROKER_NAMESPACE", "")
    if not url.startswith(("redis://", "rediss://")) or not namespace.startswith(
        "werkplaats_bench_"
    ):
        return
    import redis

    client = redis.Redis.from_url(url)
    try:
        keys = list(client.scan_iter(match=f"{namespace}:*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def werkplaats_cli(
    env: dict[str, str], *args: str, input: str | None = None, timeout: float = 600
) -> str:
    """Run `werkplaats ARGS` (e.g. `migrate`, `demo`) with `env`; return its stdout.

    `input` is its stdin (`create-user` reads the password there); without it stdin
    is empty, so a command never waits for a terminal.
    """
    # `-m` from PROJECT_ROOT: the code of this tree. The `werkplaats` script beside the
    # interpreter imports the installed one, which in a git worktree sharing another
    # checkout's virtualenv is that checkout's code and migrations.
    command = [sys.executable, "-m", "werkplaats.cli", *args]
    done = subprocess.run(
        command,
        cwd=PROJECT_ROOT,
        env=env,
        input=input or "",
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"werkplaats {' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}"
        )
    return done.stdout


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _read_proc(pid: int, name: str) -> str | None:
    try:
        return Path(f"/proc/{pid}/{name}").read_text()
    except OSError:
        return None


def _stat_fields(pid: int) -> list[str] | None:
    stat = _read_proc(pid, "stat")
    return None if stat is None else stat.rsplit(")", 1)[1].split()


def process_tree(pid: int) -> list[int]:
    """`pid` and all its living descendants (uvicorn --workers N: the web processes)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat_fields(int(entry.name))):
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


@dataclass(slots=True)
class Server:
    target: Target
    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path
    web_processes: int = 1

    def peak_rss_mb(self) -> float | None:
        """VmHWM, the highest resident set size so far; summed over the process tree."""
        peaks = [
            int(line.split()[1]) / 1024
            for pid in process_tree(self.process.pid)
            for line in (_read_proc(pid, "status") or "").splitlines()
            if line.startswith("VmHWM:")
        ]
        return sum(peaks) if peaks else None

    def cpu_seconds(self) -> float | None:
        """User + system CPU time so far of the server's processes (all threads)."""
        ticks = [
            int(fields[11]) + int(fields[12])
            for pid in process_tree(self.process.pid)
            if (fields := _stat_fields(pid))
        ]
        return sum(ticks) / os.sysconf("SC_CLK_TCK") if ticks else None

    def log_problems(self, limit: int = 8) -> tuple[int, list[str]]:
        """Lines of the server log that look like errors: (count, first few distinct)."""
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return 0, []
        bad = [line for line in lines if any(m in line for m in ERROR_MARKERS)]
        return len(bad), list(dict.fromkeys(line.strip() for line in bad))[:limit]


@dataclass(slots=True)
class Worker:
    """A `werkplaats worker` process: it takes the jobs when BROKER_URL is set."""

    process: subprocess.Popen[bytes]
    log_path: Path

    def cpu_seconds(self) -> float | None:
        ticks = [
            int(fields[11]) + int(fields[12])
            for pid in process_tree(self.process.pid)
            if (fields := _stat_fields(pid))
        ]
        return sum(ticks) / os.sysconf("SC_CLK_TCK") if ticks else None


@contextlib.contextmanager
def running_worker(env: dict[str, str], log_path: Path, *, threads: int = 2) -> Iterator[Worker]:
    """Start `werkplaats worker` (web processes with a BROKER_URL only enqueue)."""
    command = [sys.executable, "-m", "werkplaats.cli", "worker", "--threads", str(threads)]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        yield Worker(process, log_path)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


def _wait_ready(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    url = server.base_url + server.target.ready_path
    with httpx.Client(trust_env=False, timeout=2.0) as client:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                break
            with contextlib.suppress(httpx.HTTPError):
                if client.get(url).status_code < 500:
                    return
            time.sleep(0.1)
    tail = server.log_path.read_text(errors="replace")[-3000:]
    state = f"exited with {server.process.returncode}" if server.process.poll() else "timed out"
    raise RuntimeError(f"{server.target.name} server {state} before answering {url}:\n{tail}")


def _stop(process: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(grace)


@contextlib.contextmanager
def running_server(
    target: Target,
    env: dict[str, str],
    log_path: Path,
    *,
    web_processes: int = 1,
    startup_timeout: float = 60.0,
) -> Iterator[Server]:
    """Start `target` under uvicorn on a free loopback port; stop it on exit.

    `web_processes` > 1 runs `uvicorn --workers N`: N processes accepting on one port.
    """
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", target.app, "--host", HOST, "--port", str(port)]
    command += ["--no-access-log", "--log-level", "info", "--timeout-graceful-shutdown", "5"]
    if target.factory:
        command.append("--factory")
    if web_processes > 1:
        command += ["--workers", str(web_processes)]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    server = Server(target, process, f"http://{HOST}:{port}", log_path, web_processes)
    try:
        _wait_ready(server, startup_timeout)
        yield server
    finally:
        _stop(process)
