"""Capacity holds under real concurrency: the real app as server processes, hit at once.

On SQLite one server process (with its own in-process worker); on PostgreSQL two
server processes behind two ports and one `werkplaats worker` process on the broker,
on a namespace of their own so only that worker can send the mails. A control app
that counts and inserts without a lock (`race_app.py`) gets the same load and must
overbook: that shows the load really races.
"""

from __future__ import annotations

import asyncio
import email
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from pathlib import Path
from typing import Any

import httpx
import pytest

from events.enums import RegistrationStatus
from events.services.catalogue import create_event
from events.services.registration import waitlist_position
from events.tables import Registration
from tests.conftest import USING_POSTGRES, demo_event_values, eventually, free_port
from werkplaats.enums import MailState
from werkplaats.settings import PROJECT_ROOT, get_settings
from werkplaats.tables import OutgoingMail

CAPACITY = 20
RUSH = 60
SAME_EMAIL_RUSH = 30
SERVERS = 2 if USING_POSTGRES else 1
WERKPLAATS_APP = ("werkplaats.app:create_app", True)
CONTROL_APP = ("tests.events.race_app:app", False)


@dataclass
class Cluster:
    """Server processes of one app (and perhaps a worker), their URLs and logs."""

    data_dir: Path
    env: dict[str, str] = field(default_factory=dict)
    urls: list[str] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def log_text(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in self.logs)

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
        import redis

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


def _spawn(cluster: Cluster, name: str, command: list[str], env: dict[str, str]) -> None:
    log = cluster.data_dir / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    cluster.processes.append(process)
    cluster.logs.append(log)


def _wait_ready(cluster: Cluster, timeout: float = 60.0) -> None:
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


def _start(app: tuple[str, bool], *, with_worker: bool) -> Cluster:
    data_dir = Path(tempfile.mkdtemp(prefix="race-", dir=get_settings().data_dir))
    env = _environment(data_dir)
    cluster = Cluster(data_dir, env)
    target, factory = app
    try:
        for number in range(SERVERS):
            port = free_port()
            command = [sys.executable, "-m", "uvicorn", target, "--port", str(port)]
            command += ["--host", "127.0.0.1", "--no-access-log"]
            _spawn(
                cluster, f"server-{number}", [*command, *(["--factory"] if factory else [])], env
            )
            cluster.urls.append(f"http://127.0.0.1:{port}")
        if with_worker and env.get("BROKER_URL"):
            worker = [sys.executable, "-m", "werkplaats.cli", "worker", "--threads", "2"]
            _spawn(cluster, "worker", worker, env)
        _wait_ready(cluster)
    except BaseException:
        cluster.stop()
        raise
    return cluster


@pytest.fixture(scope="module")
def werkplaats_servers(migrated: None) -> Iterator[Cluster]:
    cluster = _start(WERKPLAATS_APP, with_worker=True)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def control_servers(migrated: None) -> Iterator[Cluster]:
    cluster = _start(CONTROL_APP, with_worker=False)
    try:
        yield cluster
    finally:
        cluster.stop()


def body(number: int, email: str | None = None) -> dict[str, Any]:
    return {
        "name": f"Deelnemer {number}",
        "email": email or f"deelnemer{number}@wijkteam-zaanstad.example",
        "privacy_consent": True,
    }


async def rush(urls: list[str], slug: str, bodies: list[dict[str, Any]]) -> list[httpx.Response]:
    """POST every body at once, spread over the servers: each waits for one start signal.

    No warm-up on purpose: with sixty idle keep-alive connections in its pool httpx
    hands the requests out one by one (measured: 1.4 s spread instead of 6 ms).
    """
    limits = httpx.Limits(max_connections=len(bodies), max_keepalive_connections=len(bodies))
    async with httpx.AsyncClient(trust_env=False, timeout=60.0, limits=limits) as client:
        start = asyncio.Event()

        async def post(number: int, data: dict[str, Any]) -> httpx.Response:
            await start.wait()
            url = urls[number % len(urls)]
            return await client.post(f"{url}/api/v1/events/{slug}/registrations", json=data)

        tasks = [asyncio.create_task(post(n, data)) for n, data in enumerate(bodies)]
        await asyncio.sleep(0.05)  # every task is now waiting at the start line
        start.set()
        return await asyncio.gather(*tasks)


async def _all_sent(count: int) -> list[dict[str, Any]] | None:
    rows = await OutgoingMail.select(
        OutgoingMail.state, OutgoingMail.template, OutgoingMail.message_id
    )
    done = len(rows) == count and all(r["state"] == MailState.SENT for r in rows)
    return rows if done else None


def message_ids_in(mail_dir: Path) -> set[str]:
    """The Message-IDs of the .eml files the file backend wrote."""
    found = set()
    for path in mail_dir.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        found.add(message["Message-ID"])
    return found


async def test_rush_never_fills_more_seats_than_the_capacity(werkplaats_servers):
    slug = await create_event(demo_event_values(capacity=CAPACITY))
    log_before = werkplaats_servers.log_text()

    responses = await rush(werkplaats_servers.urls, slug, [body(n) for n in range(RUSH)])

    assert Counter(r.status_code for r in responses) == {201: RUSH}, [r.text for r in responses]
    by_email = {body(n)["email"]: responses[n].json() for n in range(RUSH)}
    assert Counter(a["status"] for a in by_email.values()) == {
        "registered": CAPACITY,
        "waitlisted": RUSH - CAPACITY,
    }
    positions = sorted(a["position"] for a in by_email.values() if a["status"] == "waitlisted")
    assert positions == list(range(1, RUSH - CAPACITY + 1))
    rows = {row["email"]: row for row in await Registration.select()}
    assert len(rows) == RUSH
    assert {email: rows[email]["status"] for email in by_email} == {
        email: answer["status"] for email, answer in by_email.items()
    }
    assert {email: await waitlist_position(rows[email]) for email in by_email} == {
        email: answer["position"] for email, answer in by_email.items()
    }
    new_log = werkplaats_servers.log_text().removeprefix(log_before)
    assert "database is locked" not in new_log
    assert "Traceback" not in new_log


async def test_rush_mails_everyone_through_the_worker(werkplaats_servers):
    slug = await create_event(demo_event_values(capacity=CAPACITY))

    await rush(werkplaats_servers.urls, slug, [body(n) for n in range(RUSH)])

    rows = await eventually(lambda: _all_sent(RUSH), timeout=30)
    assert Counter(r["template"] for r in rows) == {
        "registration_registered": CAPACITY,
        "registration_waitlisted": RUSH - CAPACITY,
    }
    # Sent by the cluster's own worker: the files are in the cluster's DATA_DIR.
    written = message_ids_in(werkplaats_servers.data_dir / "mail")
    assert {r["message_id"] for r in rows} <= written
    if get_settings().broker_url:  # the web processes only enqueue; the worker sends
        worker_log = werkplaats_servers.data_dir / "worker.log"
        assert "worker: consuming from RedisBroker" in worker_log.read_text()


async def test_rush_with_one_email_address_makes_one_registration(werkplaats_servers):
    slug = await create_event(demo_event_values(capacity=CAPACITY))
    same = [body(n, email="fatima@gemeente-haarlem.example") for n in range(SAME_EMAIL_RUSH)]

    responses = await rush(werkplaats_servers.urls, slug, same)

    assert Counter(r.status_code for r in responses) == {201: 1, 202: SAME_EMAIL_RUSH - 1}
    assert await Registration.count() == 1
    row = await Registration.select(Registration.status).first()
    assert row["status"] == RegistrationStatus.REGISTERED


async def test_control_without_lock_overbooks_under_the_same_rush(control_servers):
    slug = await create_event(demo_event_values(capacity=CAPACITY))

    responses = await rush(control_servers.urls, slug, [body(n) for n in range(RUSH)])

    assert Counter(r.status_code for r in responses) == {201: RUSH}
    registered = await Registration.count().where(
        Registration.status == RegistrationStatus.REGISTERED
    )
    assert registered > CAPACITY, registered  # the race is real, and this load finds it
