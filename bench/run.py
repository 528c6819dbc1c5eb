"""Run the benchmark: `python -m bench.run [--concurrency N] [--requests N] [--only NAME]`.

Prepares a database in a temporary directory (`werkplaats migrate` and `demo`, or
BENCH_DATABASE_URL), then measures every selected row against a fresh server
process, always including the floor, prints the table and writes
`bench/results/latest.json`. Server logs go to `bench/results/logs/<row>.log`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import sys
import tempfile
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
from bench.load import run_load
from bench.report import Row, print_table, write_json
from bench.scenarios import SCENARIOS, Context, Scenario

RESULTS = Path(__file__).resolve().parent / "results"
FLOOR_NAME = "floor"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--concurrency", type=int, default=20, help="concurrent clients (20)")
    parser.add_argument("--requests", type=int, default=2000, help="requests per row (2000)")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="time cap per row (60)")
    parser.add_argument("--warmup", type=int, default=200, help="unmeasured requests first (200)")
    parser.add_argument(
        "--only", action="append", default=[], metavar="NAME", choices=sorted(SCENARIOS),
        help="measure only this row (repeatable); the floor is always measured",
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
    names = {FLOOR_NAME, *only} if only else set(SCENARIOS)
    return [s for s in SCENARIOS.values() if s.name in names]


def prepare_database(env: dict[str, str]) -> None:
    print("preparing database: werkplaats migrate, werkplaats demo", flush=True)
    werkplaats_cli(env, "migrate")
    werkplaats_cli(env, "demo")


def measure(
    scenario: Scenario, env: dict[str, str], data_dir: Path, args: argparse.Namespace
) -> Row:
    """One row. With a BROKER_URL the app's rows also get a `werkplaats worker` process."""
    log_path = RESULTS / "logs" / f"{scenario.name}.log"
    env = {**env, **scenario.env}
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
        if args.warmup:
            asyncio.run(load(requests=args.warmup))
        worker_started = worker.cpu_seconds() if worker else None
        result = asyncio.run(load(requests=args.requests, server_cpu=server.cpu_seconds))
        worker_stopped = worker.cpu_seconds() if worker else None
        peak_rss = server.peak_rss_mb()
        verdict = workload.verify() if workload.verify else None
    log_errors, log_samples = server.log_problems()
    notes = []
    if worker_started is not None and worker_stopped is not None and result.requests:
        per_request = (worker_stopped - worker_started) * 1000 / result.requests
        notes.append(f"worker process cpu during the load: {per_request:.2f} ms/req (not in row)")
    return Row(
        scenario.name, scenario.target.name, scenario.description, result,
        peak_rss_mb=peak_rss, log_errors=log_errors, log_samples=log_samples,
        verdict=verdict, web_processes=processes, notes=notes,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list:
        for s in SCENARIOS.values():
            print(f"{s.name:16} [{s.target.name}] {s.description}")
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
    floor = next((row for row in rows if row.name == FLOOR_NAME), None)
    settings = {
        "concurrency": args.concurrency,
        "requests": args.requests,
        "max_seconds": args.max_seconds,
        "warmup": args.warmup,
        "database": env["DATABASE_URL"].split(":", 1)[0],
        "web_processes": args.web_processes,
        "broker": env["BROKER_URL"].split(":", 1)[0] if env["BROKER_URL"] else "in-process",
    }
    print_table(rows, floor, settings)
    write_json(args.output, rows, floor, settings)
    print(f"\nwritten: {args.output}")
    failed = any(row.result.errors or (row.verdict and not row.verdict.ok) for row in rows)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
