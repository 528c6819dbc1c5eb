"""Run the benchmark: `python -m bench.run [--concurrency N] [--requests N] [--only NAME]`.

Prepares a database in a temporary directory (`werkplaats migrate` and `demo`, or
BENCH_DATABASE_URL), then measures every selected row against a fresh server
process, always including the floor, prints the table and writes
`bench/results/latest.json`. Server logs go to `bench/results/logs/<row>.log`.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # `python bench/run.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    FLOOR,
    WERKPLAATS,
    bench_env,
    forget_broker_namespace,
    running_server,
    running_worker,
    werkplaats_cli,
)
from bench.load import run_async, run_load
from bench.locks import hold_times
from bench.report import Row, print_table, write_json
from bench.scenarios import FLOOR_ROW, SCENARIOS, Context, Scenario

RESULTS = Path(__file__).resolve().parent / "results"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--concurrency", type=int, default=20, help="concurrent clients (20)")
    parser.add_argument("--requests", type=int, default=2000, help="requests per row (2000)")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="time cap per row (60)")
    parser.add_argument("--warmup", type=int, default=200, help="unmeasured requests first (200)")
    parser.add_argument(
        "--only", action="append", default=[], metavar="NAME", choices=sorted(SCENARIOS),
        help="measure only this row (repeatable); its floor is always measured",
    )  # fmt: skip
    parser.add_argument(
        "--web-processes", type=int, default=1, metavar="N",
        help="uvicorn --workers N for the app's rows (the floor keeps one process)",
    )  # fmt: skip
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    parser.add_argument("--list", action="store_true", help="list the rows and exit")
    args = parser.parse_args(argv)
    if args.concurrency < 1 or args.requests < 1 or args.max_seconds <= 0 or args.warmup < 0:
        parser.error("--concurrency and --requests must be >= 1, --max-seconds > 0")
    if args.web_processes < 1:
        parser.error("--web-processes must be >= 1")
    return args


def selected(only: list[str]) -> list[Scenario]:
    """The rows asked for, in declaration order, with the floors they divide by."""
    names = set(only) if only else set(SCENARIOS)
    names |= {FLOOR_ROW} | {SCENARIOS[name].floor for name in names}
    return [s for s in SCENARIOS.values() if s.name in names]


def prepare_database(env: dict[str, str]) -> None:
    print("preparing database: werkplaats migrate, werkplaats demo", flush=True)
    werkplaats_cli(env, "migrate")
    werkplaats_cli(env, "demo")


def measure(
    scenario: Scenario, env: dict[str, str], data_dir: Path, args: argparse.Namespace
) -> Row:
    """One row. With a BROKER_URL the app's rows also get a `werkplaats worker` process,
    whose CPU counts in the row; a row that records lock times reads them once its
    server has stopped (they are written at the end of the app's lifespan)."""
    log_path = RESULTS / "logs" / f"{scenario.name}.log"
    env = {**env, **scenario.env}
    locks_dir = data_dir / "locks" / scenario.name
    if scenario.lock_times:
        env["LOCK_TIMES_DIR"] = str(locks_dir)
    processes = 1 if scenario.target == FLOOR else args.web_processes
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(
            running_server(scenario.target, env, log_path, web_processes=processes)
        )
        worker = None
        if env.get("BROKER_URL") and scenario.target != FLOOR:
            worker_log = log_path.with_name(f"{scenario.name}.worker.log")
            worker = stack.enter_context(running_worker(env, worker_log))
        workload = scenario.build(Context(server.base_url, env, data_dir))
        load = functools.partial(
            run_load, server.base_url, workload,
            concurrency=args.concurrency, max_seconds=args.max_seconds,
        )  # fmt: skip
        notes = []
        if args.warmup:
            run_async(load(requests=args.warmup))
            if workload.settle:  # the warm-up's mail is not measured
                warm = workload.settle(time.monotonic())
                if warm.seconds is None:
                    notes.append(f"warm-up not settled, the row's cpu includes it: {warm.note}")
        worker_started = worker.cpu_seconds() if worker else None
        result = run_async(load(requests=args.requests, server_cpu=server.cpu_seconds))
        settled, settle_cpu = None, 0.0
        if workload.settle:
            before = server.cpu_seconds()
            settled = workload.settle(result.last_response_at)
            after = server.cpu_seconds()
            settle_cpu = after - before if before is not None and after is not None else 0.0
        worker_stopped = worker.cpu_seconds() if worker else None
        peak_rss = server.peak_rss_mb()
        verdict = workload.verify() if workload.verify else None
    log_errors, log_samples = server.log_problems()
    worker_cpu = (
        worker_stopped - worker_started
        if worker_started is not None and worker_stopped is not None
        else None
    )
    row = Row(
        scenario.name, scenario.target.name, scenario.description, result,
        floor=scenario.floor, peak_rss_mb=peak_rss, log_errors=log_errors,
        log_samples=log_samples, verdict=verdict, web_processes=processes,
        settled=settled, settle_cpu_s=settle_cpu, worker_cpu_s=worker_cpu,
        lock_times=hold_times(locks_dir) if scenario.lock_times else None,
    )  # fmt: skip
    row.notes += notes + cpu_notes(row)
    return row


def cpu_notes(row: Row) -> list[str]:
    """Where a row's server CPU went, when more than the web processes' load phase."""
    n, load_cpu = row.result.requests, row.result.server_cpu_s
    if not n or load_cpu is None or (not row.settle_cpu_s and row.worker_cpu_s is None):
        return []
    parts = [f"{load_cpu * 1000 / n:.2f} ms/req web processes during the load"]
    if row.settled is not None:
        parts.append(f"{row.settle_cpu_s * 1000 / n:.2f} ms/req web processes after it")
    if row.worker_cpu_s is not None:
        parts.append(f"{row.worker_cpu_s * 1000 / n:.2f} ms/req worker process")
    return ["server cpu: " + " + ".join(parts) + " (all in the row)"]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list:
        for s in SCENARIOS.values():
            floor = "" if s.floor == s.name else f" (÷ {s.floor})"
            print(f"{s.name:18} [{s.target.name}]{floor} {s.description}")
        return 0
    scenarios = selected(args.only)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="werkplaats-bench-") as tmp:
        env = bench_env(Path(tmp))
        try:
            if any(s.target == WERKPLAATS for s in scenarios):
                prepare_database(env)
            for scenario in scenarios:
                print(f"measuring {scenario.name} ...", flush=True)
                rows.append(measure(scenario, env, Path(tmp), args))
        finally:
            forget_broker_namespace(env)
    settings = {
        "concurrency": args.concurrency,
        "requests": args.requests,
        "max_seconds": args.max_seconds,
        "warmup": args.warmup,
        "database": env["DATABASE_URL"].split(":", 1)[0],
        "web_processes": args.web_processes,
        "broker": env["BROKER_URL"].split(":", 1)[0] if env["BROKER_URL"] else "in-process",
        "client": "bench.client (asyncio, keep-alive HTTP/1.1)",
    }
    print_table(rows, settings)
    write_json(args.output, rows, settings)
    print(f"\nwritten: {args.output}")
    failed = any(row.result.errors or (row.verdict and not row.verdict.ok) for row in rows)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
