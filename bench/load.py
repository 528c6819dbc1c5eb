"""The async load generator: N concurrent clients share a bounded number of requests.

Each client is its own `httpx.AsyncClient` with one keep-alive connection and its
own cookies, like a browser tab. Clients take requests from a shared budget until
it is spent or the time cap passes, whichever comes first. Only loopback URLs are
accepted: this tool must never load someone else's server.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})

SendOne = Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]
Setup = Callable[[httpx.AsyncClient], Awaitable[None]]
CpuProbe = Callable[[], float | None]


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a row's own check found after its load (e.g. no seat given twice)."""

    ok: bool
    note: str


Verify = Callable[[], Verdict]


@dataclass(frozen=True, slots=True)
class Workload:
    """What one request of a row is; `send(client, i)` does the i-th request.

    `setup` runs once per client before the clock starts (log in, fetch a token).
    A response whose status is not in `expect` counts as an error. `verify` runs
    once after the measured requests, with the server still up: a row that writes
    checks there that what it wrote is right (a failed verdict fails the run).
    """

    send: SendOne
    expect: frozenset[int] = frozenset({200})
    setup: Setup | None = None
    verify: Verify | None = None

    @classmethod
    def get(
        cls, path: str, *, expect: int = 200, headers: dict[str, str] | None = None
    ) -> Workload:
        async def send(client: httpx.AsyncClient, _: int) -> httpx.Response:
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

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list (q in 0..100); NaN when empty."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def check_loopback(base_url: str) -> None:
    host = urlsplit(base_url).hostname
    if host not in LOOPBACK_HOSTS:
        raise ValueError(f"refusing to load {base_url!r}: only loopback addresses are allowed")


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

    `server_cpu` reads the server's CPU seconds; it is called when the clock starts
    and stops, so client set-up is not counted.
    """
    check_loopback(base_url)
    concurrency = max(1, min(concurrency, requests))
    clients = [
        httpx.AsyncClient(
            base_url=base_url,
            trust_env=False,
            timeout=timeout,
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
        )
        for _ in range(concurrency)
    ]
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    exceptions: Counter[str] = Counter()
    errors = 0
    budget = iter(range(requests))
    try:
        if workload.setup is not None:
            await asyncio.gather(*(workload.setup(client) for client in clients))
        server_started = server_cpu() if server_cpu else None
        started, cpu_started = time.perf_counter(), time.process_time()
        deadline = started + max_seconds

        async def client_loop(client: httpx.AsyncClient) -> None:
            nonlocal errors
            for i in budget:
                if time.perf_counter() >= deadline:
                    return
                t0 = time.perf_counter()
                try:
                    response = await workload.send(client, i)
                except httpx.HTTPError as exc:
                    exceptions[type(exc).__name__] += 1
                    errors += 1
                    continue
                latencies.append((time.perf_counter() - t0) * 1000)
                statuses[str(response.status_code)] += 1
                if response.status_code not in workload.expect:
                    errors += 1

        await asyncio.gather(*(client_loop(client) for client in clients))
        elapsed = time.perf_counter() - started
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
    )
