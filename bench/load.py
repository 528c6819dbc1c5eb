"""The async load generator: N concurrent clients share a bounded number of requests.

Each client is one keep-alive connection of the light client in `bench.client`
(hand-built HTTP/1.1, its own cookies, like a browser tab), so the generator costs
little beside the server; its own CPU use is measured and shown beside every row.
Clients take requests from a shared budget until it is spent or the time cap
passes, whichever comes first. The loop is uvloop's when it is installed (uvicorn's
standard extra brings it). Only loopback URLs are accepted: this tool must never
load someone else's server.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from bench.client import ClientError, Connection, Response, check_loopback

__all__ = ["LoadResult", "Settled", "Verdict", "Workload", "check_loopback", "run_async"]

SendOne = Callable[[Connection, int], Awaitable[Response]]
Setup = Callable[[Connection], Awaitable[None]]
CpuProbe = Callable[[], float | None]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a row's own check found after its load (e.g. no seat given twice)."""

    ok: bool
    note: str


@dataclass(frozen=True, slots=True)
class Settled:
    """What became of the work a row's requests left behind (the mail they queued).

    `seconds` runs from the last response until nothing was left; None when `left`
    items were still waiting at the cap.
    """

    seconds: float | None
    left: int
    note: str


Verify = Callable[[], Verdict]
Settle = Callable[[float], Settled]  # gets time.monotonic() of the last response


@dataclass(frozen=True, slots=True)
class Workload:
    """What one request of a row is; `send(client, i)` does the i-th request.

    `setup` runs once per client before the clock starts (log in, fetch a token).
    A response whose status is not in `expect` counts as an error. `settle` runs
    after the warm-up and after the measured requests and waits until the work they
    left behind is done; the measured one is part of the row (its server CPU
    counts). `verify` runs once after that, with the server still up: a row that
    writes checks there that what it wrote is right (a failed verdict fails the run).
    """

    send: SendOne
    expect: frozenset[int] = frozenset({200})
    setup: Setup | None = None
    settle: Settle | None = None
    verify: Verify | None = None

    @classmethod
    def get(
        cls, path: str, *, expect: int = 200, headers: dict[str, str] | None = None
    ) -> Workload:
        async def send(client: Connection, _: int) -> Response:
            return await client.get(path, headers=headers)

        return cls(send=send, expect=frozenset({expect}))


@dataclass(slots=True)
class LoadResult:
    requests: int
    elapsed_s: float
    throughput: float
    p50_ms: float
    p99_ms: float
    errors: int
    statuses: dict[str, int] = field(default_factory=dict)
    exceptions: dict[str, int] = field(default_factory=dict)
    capped: bool = False
    client_cpu_s: float = 0.0
    server_cpu_s: float | None = None
    last_response_at: float = 0.0  # time.monotonic()

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list (q in 0..100); NaN when empty."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run` on uvloop's loop when it is installed: a cheaper client."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coroutine)


async def run_load(
    base_url: str,
    workload: Workload,
    *,
    concurrency: int,
    requests: int,
    max_seconds: float,
    timeout: float = 30.0,
    server_cpu: CpuProbe | None = None,
) -> LoadResult:
    """Send `requests` requests over `concurrency` clients, stopping at `max_seconds`.

    The connections are opened and `setup` has run before the clock starts.
    `server_cpu` reads the server's CPU seconds; it is called when the clock starts
    and stops, so client set-up is not counted.
    """
    check_loopback(base_url)
    concurrency = max(1, min(concurrency, requests))
    clients = [Connection(base_url, timeout=timeout) for _ in range(concurrency)]
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    exceptions: Counter[str] = Counter()
    errors = 0
    last_response = 0.0
    budget = iter(range(requests))
    try:
        await asyncio.gather(*(client.connect() for client in clients))
        if workload.setup is not None:
            await asyncio.gather(*(workload.setup(client) for client in clients))
        server_started = server_cpu() if server_cpu else None
        started, cpu_started = time.monotonic(), time.process_time()
        deadline = started + max_seconds

        async def client_loop(client: Connection) -> None:
            nonlocal errors, last_response
            clock, send, expect = time.monotonic, workload.send, workload.expect
            for i in budget:
                t0 = clock()
                if t0 >= deadline:
                    return
                try:
                    response = await send(client, i)
                except ClientError as exc:
                    exceptions[type(exc).__name__] += 1
                    errors += 1
                    continue
                last_response = clock()
                latencies.append((last_response - t0) * 1000)
                statuses[str(response.status_code)] += 1
                if response.status_code not in expect:
                    errors += 1

        await asyncio.gather(*(client_loop(client) for client in clients))
        elapsed = time.monotonic() - started
        client_cpu = time.process_time() - cpu_started
        server_stopped = server_cpu() if server_cpu else None
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))
    done = len(latencies) + sum(exceptions.values())
    latencies.sort()
    return LoadResult(
        requests=done,
        elapsed_s=elapsed,
        throughput=done / elapsed if elapsed > 0 else math.nan,
        p50_ms=percentile(latencies, 50),
        p99_ms=percentile(latencies, 99),
        errors=errors,
        statuses=dict(statuses),
        exceptions=dict(exceptions),
        capped=done < requests,
        client_cpu_s=client_cpu,
        server_cpu_s=(
            server_stopped - server_started
            if server_started is not None and server_stopped is not None
            else None
        ),
        last_response_at=last_response or time.monotonic(),
    )
