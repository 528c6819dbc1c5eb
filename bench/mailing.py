"""Mailing benchmark: 5,000 recipients through the real worker to a local SMTP server,
beside raw smtplib over one reused connection in the same run.

    python -m bench.mailing [--recipients 5000] [--broker redis://127.0.0.1:6379/0]

The SMTP server is aiosmtpd in a process of its own (`--sink`), counting every
message and every distinct recipient. The rows:

- `raw-smtplib` (the floor): one smtplib connection sends one message per recipient,
  each built beforehand from a mail the app rendered for this mailing;
- `in-process`: `werkplaats serve`'s app (uvicorn, no BROKER_URL) with its worker
  thread: the mailing is made and sent over the API (`POST /api/v1/mailings`,
  `POST /api/v1/mailings/{id}/send`), timed from the send until the server holds a
  mail for every recipient;
- `redis` (with `--broker`): the same with the web process only enqueueing and one
  `werkplaats worker` process sending.

Every row checks that the server got each recipient exactly once. The goal: each
worker row at least 0.70 of the floor's messages per second.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import smtplib
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # `python bench/mailing.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from bench.harness import (
    PROJECT_ROOT,
    WERKPLAATS,
    bench_env,
    forget_broker_namespace,
    free_port,
    running_server,
    running_worker,
    werkplaats_cli,
)

EVENT = "regionale-bijeenkomst-voorjaar-2027"
SUBJECT = "Terugblik: {{ evenement }}"
MARK = b"Subject: Terugblik: "  # what the server counts; other mail it takes and ignores
GOAL = 0.70
RESULTS = Path(__file__).resolve().parent / "results"


# --- the SMTP server, in a process of its own ------------------------------------


class Sink:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.recipients: Counter[str] = Counter()
        self.messages = 0
        self.connections: set[Any] = set()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if MARK not in envelope.content:  # a mail the demo queued, sent by the sweeper
            return "250 OK"
        with self.lock:
            self.messages += 1
            self.recipients.update(envelope.rcpt_tos)
            self.connections.add(session.peer)
        return "250 OK"

    def report(self, reset: bool) -> dict[str, Any]:
        with self.lock:
            twice = sum(1 for n in self.recipients.values() if n > 1)
            found = {
                "messages": self.messages,
                "recipients": len(self.recipients),
                "twice": twice,
                "connections": len(self.connections),
            }
            if reset:
                self.recipients.clear()
                self.messages = 0
                self.connections.clear()
        return found


def run_sink(port: int) -> None:
    """Serve SMTP on `port`; each line on stdin asks for the counts ('reset': and
    starts counting afresh), answered as one JSON line on stdout."""
    from aiosmtpd.controller import Controller

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    for line in sys.stdin:
        print(json.dumps(sink.report(reset=line.strip() == "reset")), flush=True)
    controller.stop()


class SinkProcess:
    def __init__(self) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.mailing", "--sink", str(self.port)],
            cwd=PROJECT_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None and self.process.stdout.readline() == "ready\n"

    def counts(self, reset: bool = False) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("reset\n" if reset else "count\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def stop(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(10)


# --- the rows ----------------------------------------------------------------------


def raw_row(sink: SinkProcess, messages: list[Any]) -> dict[str, Any]:
    sink.counts(reset=True)
    began = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", sink.port) as client:
        for message in messages:
            client.send_message(message)
    seconds = time.perf_counter() - began
    return _row("raw-smtplib", len(messages), seconds, sink.counts())


def worker_row(
    name: str, env: dict[str, str], sink: SinkProcess, token: str, n: int, logs: Path
) -> tuple[dict[str, Any], int]:
    """Make and send one mailing to the event's `n` people; the row and its id."""
    env = env | {"SMTP_URL": f"smtp://127.0.0.1:{sink.port}"}
    sink.counts(reset=True)
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(running_server(WERKPLAATS, env, logs / f"mailing-{name}.log"))
        if env["BROKER_URL"]:
            stack.enter_context(running_worker(env, logs / f"mailing-{name}-worker.log"))
        return _send_and_wait(name, server.base_url, token, sink, n)


def _send_and_wait(
    name: str, base_url: str, token: str, sink: SinkProcess, n: int, cap: float = 600
) -> tuple[dict[str, Any], int]:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base_url, headers=headers, trust_env=False, timeout=300) as http:
        publications = [p["id"] for p in http.get("/api/v1/publications").json()[:2]]
        made = http.post(
            "/api/v1/mailings",
            json={
                "subject": SUBJECT,
                "body": "Beste {{ voornaam }},\n\nDank voor je komst naar **{{ evenement }}** "
                "op {{ datum }}. Hieronder de handreiking en de dia's.\n\n"
                "[Je aanmelding]({{ persoonlijke_link }})",
                "audience": {"event": EVENT, "who": "all"},
                "publications": publications,
            },
        )
        made.raise_for_status()
        mailing_id = made.json()["id"]
        began = time.perf_counter()
        http.post(f"/api/v1/mailings/{mailing_id}/send").raise_for_status()
        while (counts := sink.counts())["messages"] < n and time.perf_counter() - began < cap:
            time.sleep(0.05)
        seconds = time.perf_counter() - began
        states = http.get(f"/api/v1/mailings/{mailing_id}").json()["counts"]
    return _row(name, n, seconds, counts) | {"states": states}, mailing_id


def _row(name: str, n: int, seconds: float, counts: dict[str, Any]) -> dict[str, Any]:
    once = counts["messages"] == n and counts["recipients"] == n and counts["twice"] == 0
    return {
        "row": name,
        "mails": n,
        "seconds": round(seconds, 2),
        "per_second": round(counts["messages"] / seconds, 1),
        "connections": counts["connections"],
        "each_once": once,
        "received": counts,
    }


async def _rendered_messages(env: dict[str, str], mailing_id: int, n: int) -> list[Any]:
    """One message per recipient like the mailing's: its first rendered mail, built
    again for each address (as the floor, before the clock starts)."""
    import os

    os.environ.update(env)
    from werkplaats.db import close_database, open_database
    from werkplaats.mail.message import build_message
    from werkplaats.tables import OutgoingMail

    await open_database()
    try:
        row = (
            await OutgoingMail.select()
            .where(OutgoingMail.body_text != "")
            .order_by(OutgoingMail.id, ascending=False)
            .output(load_json=True)
            .first()
        )
    finally:
        await close_database()
    assert row is not None, "the worker row rendered nothing"
    return [
        build_message(row | {"to_address": f"raw-{i}@bench.example", "message_id": f"<r{i}@b>"})
        for i in range(n)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--broker", default="", help="also a row on this broker (Redis)")
    parser.add_argument("--sink", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.sink:
        run_sink(args.sink)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-mailing-") as folder:
        return _run(Path(folder), args.recipients, args.broker)


def _run(folder: Path, n: int, broker: str) -> int:
    env = bench_env(folder)
    logs = RESULTS / "logs"
    werkplaats_cli(env, "migrate")
    werkplaats_cli(env, "demo")
    subprocess.run(
        [sys.executable, "-m", "bench.people", EVENT, str(n)],
        cwd=PROJECT_ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    # The demo's own registrations of the event are in the audience too.
    token = werkplaats_cli(
        env, "create-user", "bench-mailing@bench.example", "--role", "organiser",
        input="bench-mailing-wachtwoord",
    ).strip().splitlines()[-1]  # fmt: skip
    sink = SinkProcess()
    rows = []
    try:
        total = _audience_size(env, n)
        in_process, mailing_id = worker_row("in-process", env, sink, token, total, logs)
        rows.append(in_process)
        messages = asyncio.run(_rendered_messages(env, mailing_id, total))
        rows.insert(0, raw_row(sink, messages))
        if broker:
            redis_env = bench_env(folder) | {"BROKER_URL": broker}
            redis_env["BROKER_NAMESPACE"] = redis_env.get("BROKER_NAMESPACE") or (
                f"werkplaats_bench_{folder.name[-8:]}"
            )
            try:
                rows.append(worker_row("redis", redis_env, sink, token, total, logs)[0])
            finally:
                forget_broker_namespace(redis_env)
    finally:
        sink.stop()
    return _report(rows)


def _audience_size(env: dict[str, str], n: int) -> int:
    """The people registered for the event: the bench's `n` and the demo's own."""
    code = (
        "import asyncio, sys\n"
        "from werkplaats.db import open_database, close_database\n"
        "from events.tables import Event, Registration\n"
        "async def main():\n"
        "    await open_database()\n"
        f"    e = await Event.select(Event.id).where(Event.slug == {EVENT!r}).first()\n"
        "    rows = await Registration.raw(\n"
        '        "SELECT COUNT(DISTINCT lower(email)) AS n FROM registration "\n'
        "        \"WHERE event = {} AND status = 'registered'\", e['id'])\n"
        "    print(rows[0]['n'])\n"
        "    await close_database()\n"
        "asyncio.run(main())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, check=True,
        capture_output=True, text=True,
    ).stdout  # fmt: skip
    return int(out.strip().splitlines()[-1])


def _report(rows: list[dict[str, Any]]) -> int:
    floor = rows[0]["per_second"]
    print(f"\n{'row':<12} {'mails':>6} {'seconds':>8} {'mails/s':>8} {'x floor':>8} "
          f"{'conns':>6}  each once")  # fmt: skip
    failed = False
    for row in rows:
        ratio = row["per_second"] / floor
        row["x_floor"] = round(ratio, 2)
        print(f"{row['row']:<12} {row['mails']:>6} {row['seconds']:>8.2f} "
              f"{row['per_second']:>8.1f} {ratio:>8.2f} {row['connections']:>6}  "
              f"{'yes' if row['each_once'] else 'NO ' + str(row['received'])}")  # fmt: skip
        if row["row"] != "raw-smtplib":
            met = ratio >= GOAL and row["each_once"]
            failed |= not met
            print(f"  goal ≥ {GOAL:.2f}× raw, each recipient once: {'met' if met else 'NOT met'}"
                  + (f"; states {row['states']}" if "states" in row else ""))  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "mailing.json").write_text(json.dumps(rows, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
