"""The job queue: one Dramatiq broker, chosen by BROKER_URL.

- `redis://…` → RedisBroker, `amqp://…` → RabbitmqBroker: `werkplaats worker`
  processes on any machine take the messages.
- unset → an in-memory broker and a worker thread inside the web process.

Messages are only a nudge. What must not be lost (a mail, a badge batch) is a row
in the database first; a sweeper re-enqueues rows that were queued but not done,
so a restart of any process, or a lost in-memory message, loses no work.

A nudge can be lost three ways, and each makes the next sweep take every row at once
instead of those older than `min_age`: the broker could not be reached when it was
sent (the request that wrote the row still succeeds), the broker restarted and forgot
its queue (Redis's `run_id` changed), or a sweep failed (the database was away).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import dramatiq
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import AsyncIO, Middleware
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from werkplaats.db import open_database
from werkplaats.pdf import start_pdf_thread
from werkplaats.settings import get_settings

log = logging.getLogger(__name__)

QUEUE_NAME = "werkplaats"
# A broker that cannot be reached: refused, reset, timed out (Redis; RabbitMQ's pika
# raises ConnectionError subclasses of the builtin, or its own AMQPConnectionError).
BROKER_DOWN: tuple[type[Exception], ...] = (
    ConnectionError,
    TimeoutError,
    RedisConnectionError,
    RedisTimeoutError,
    dramatiq.errors.BrokerConnectionError,
)


class WarmPdfThreads(Middleware):
    """Each worker thread, as it boots, starts one PDF thread that warms up at once.

    Async actors run on the worker's event loop and render on `werkplaats.pdf`'s
    threads, not on the worker threads; those threads pay WeasyPrint's first-document
    cost (hundreds of ms) here, while the worker starts, instead of in a user's job.
    """

    def after_worker_thread_boot(self, broker: dramatiq.Broker, thread: Any) -> None:
        start_pdf_thread()


def _make_broker(url: str | None, namespace: str) -> dramatiq.Broker:
    if not url:
        broker: dramatiq.Broker = StubBroker()
    elif url.startswith(("redis://", "rediss://")):
        broker = RedisBroker(url=url, namespace=namespace)
    elif url.startswith(("amqp://", "amqps://")):
        broker = RabbitmqBroker(url=url)
    else:
        raise ValueError(f"BROKER_URL: unsupported scheme in {url!r}")
    broker.add_middleware(AsyncIO())
    broker.add_middleware(WarmPdfThreads())
    return broker


broker = _make_broker(get_settings().broker_url, get_settings().broker_namespace)
dramatiq.set_broker(broker)


def actor(fn: Callable[..., Awaitable[Any]] | None = None, **options: Any) -> Any:
    """Declare an async actor on our queue; retries back off up to ten minutes.

    The actor runs on the worker's own event loop, which gets its own database
    pool the first time it is used.
    """
    options.setdefault("queue_name", QUEUE_NAME)
    options.setdefault("max_retries", 8)
    options.setdefault("max_backoff", 600_000)

    def declare(fn: Callable[..., Awaitable[Any]]) -> dramatiq.Actor:
        @functools.wraps(fn)
        async def run(*args: Any, **kwargs: Any) -> Any:
            await open_database()
            return await fn(*args, **kwargs)

        return dramatiq.actor(run, broker=broker, **options)

    return declare if fn is None else declare(fn)


def send(actor_name: str, *args: Any) -> None:
    """Enqueue a message for the actor `actor_name`; a broker out of reach is logged,
    and the sweeper sends the row's message later (see the module's docstring).

    Services name the actor instead of importing it: the actor module imports the
    service, never the other way round, and the app factory imports every actor
    module before anything is sent.
    """
    actor = broker.get_actor(actor_name)
    try:
        actor.send(*args)
    except BROKER_DOWN as exc:
        log.warning("broker out of reach, %s%r left to the sweeper: %r", actor_name, args, exc)
        _state.nudge_lost = True


@dataclass
class _SweepState:
    nudge_lost: bool = False
    broker_run: str | None = None


_state = _SweepState()


def _broker_run() -> str | None:
    """Which run of the broker holds the queue: Redis's run_id, new after each start."""
    if isinstance(broker, RedisBroker):
        return str(broker.client.info("server")["run_id"])
    return None


async def _lost_since_last_sweep() -> bool:
    try:
        run = await asyncio.to_thread(_broker_run)
    except BROKER_DOWN:
        return True  # down now: once it is back, what it held may be gone
    restarted = run != _state.broker_run and _state.broker_run is not None
    _state.broker_run = run
    lost, _state.nudge_lost = _state.nudge_lost, False
    return lost or restarted


Sweeper = Callable[[float], Awaitable[int]]
_sweepers: list[Sweeper] = []


def register_sweeper(sweep: Sweeper) -> Sweeper:
    """A sweeper re-enqueues its own rows left undone for `min_age` seconds."""
    _sweepers.append(sweep)
    return sweep


async def sweep_once(min_age: float = 120.0) -> int:
    if await _lost_since_last_sweep():
        min_age = 0
    total = 0
    for sweep in _sweepers:
        try:
            total += await sweep(min_age)
        except Exception:  # a sweep must never kill the loop that calls it
            log.exception("sweeper %s failed", sweep.__qualname__)
            _state.nudge_lost = True  # what it would have sent waits for the next
    return total


async def run_sweeper(interval: float = 30.0, *, first_min_age: float = 120.0) -> None:
    """Sweep forever; the first pass may take everything (messages lost in a restart)."""
    await sweep_once(first_min_age)
    while True:
        await asyncio.sleep(interval)
        await sweep_once()


_workers: list[dramatiq.Worker] = []


def start_worker(threads: int | None = None) -> dramatiq.Worker:
    """Start a Dramatiq worker in this process (the in-process mode, and tests)."""
    worker = dramatiq.Worker(
        broker, worker_threads=threads or get_settings().worker_threads, worker_timeout=100
    )
    worker.start()
    _workers.append(worker)
    return worker


def stop_worker(worker: dramatiq.Worker) -> None:
    worker.stop(timeout=10_000)
    if worker in _workers:
        _workers.remove(worker)


def worker_running() -> bool:
    return bool(_workers)
