"""Jobs: long work (a badge batch, certificates for a whole event) with visible progress.

A job is a row first (`create_job`, inside the caller's transaction) and a queue
message only after that commits, as pretix does its big PDF batches. The worker
claims the row (`queued` → `running`; only one claimer wins), runs the handler
registered for its kind, and stores the file it makes under `DATA_DIR/jobs/`.
Handlers report progress as they go (the claim is renewed meanwhile). A sweeper
puts back jobs whose message was lost (still `queued`) or whose worker died (its
claim's lease ran out, or its process on this machine is gone: `werkplaats.leases`),
so handlers must be safe to run again from the start. A handler that raises ends
the job as `failed` with the message shown: a failed render is not retried on its
own, an organiser starts it again.

The apps register their handlers with `@job_handler("kind")`; the shell knows
none of them.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from werkplaats import queue
from werkplaats.db import on_commit
from werkplaats.enums import JobState
from werkplaats.leases import Lease
from werkplaats.settings import get_settings
from werkplaats.tables import Job

log = logging.getLogger(__name__)

RUN_JOB_ACTOR = "run_job"  # declared in werkplaats.jobs.tasks
PROGRESS_INTERVAL_SECONDS = 0.5


@dataclass(frozen=True)
class JobOutput:
    """What a handler hands back: a file (bytes and a name to download it by) and/or
    a small summary such as counts.

    `after_store` runs once the file is stored, before the job is done: what the
    file stands for (badges printed) is recorded only when the file exists. If it
    fails, the job fails; a job run again calls it again, so it must be idempotent.
    """

    content: bytes | None = None
    filename: str = ""
    result: dict[str, Any] = field(default_factory=dict)
    after_store: Callable[[], Awaitable[None]] | None = None


@dataclass
class JobContext:
    """What a handler gets: its job's id and parameters, and a way to report progress."""

    id: int
    kind: str
    params: dict[str, Any]
    created_by: int | None
    _last_report: float = 0.0

    async def progress(self, done: int, total: int, *, force: bool = False) -> None:
        """Report `done` of `total`; written at most twice a second unless `force`."""
        now = time.monotonic()
        if not force and done < total and now - self._last_report < PROGRESS_INTERVAL_SECONDS:
            return
        self._last_report = now
        await Job.update(
            {Job.progress: done, Job.total: total, Job.updated_at: dt.datetime.now(dt.UTC)}
        ).where(Job.id == self.id)


Handler = Callable[[JobContext], Awaitable[JobOutput]]
_handlers: dict[str, Handler] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _handlers[kind] = handler
        return handler

    return register


@dataclass(frozen=True)
class JobView:
    id: int
    kind: str
    scope: str
    state: JobState
    done: int
    total: int
    error: str
    result: dict[str, Any]
    has_file: bool
    filename: str
    created_at: dt.datetime
    updated_at: dt.datetime
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def percent(self) -> int:
        if self.state is JobState.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.state in {JobState.DONE, JobState.FAILED}


async def create_job(
    kind: str, *, params: dict[str, Any], scope: str = "", by: int | None = None, total: int = 0
) -> int:
    """Write the job; it is queued once the surrounding transaction commits."""
    if kind not in _handlers:
        raise ValueError(f"no handler for job kind {kind!r}")
    rows = await Job.insert(
        Job(kind=kind, params=params, scope=scope, created_by=by, total=total)
    ).returning(Job.id)
    job_id = rows[0]["id"]
    on_commit(lambda: _enqueue(job_id))
    return job_id


def _enqueue(job_id: int) -> None:
    queue.send(RUN_JOB_ACTOR, job_id)


CLAIMS = Lease(Job, JobState.QUEUED.value, JobState.RUNNING.value, Job.updated_at)


async def _claim(job_id: int) -> tuple[str, dict[str, Any]] | None:
    token = await CLAIMS.claim(job_id, ", updated_at = {}, error = ''", dt.datetime.now(dt.UTC))
    if token is None:
        return None
    row = await Job.select().where(Job.id == job_id).output(load_json=True).first()
    return (token, row) if row is not None else None


def _store(job_id: int, output: JobOutput) -> str:
    """Write the file under DATA_DIR/jobs/ (temporary name, then rename); its path."""
    folder = get_settings().data_dir / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(output.filename).suffix or ".bin"
    name = f"{job_id}-{secrets.token_hex(8)}{suffix}"
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(output.content or b"")
        os.replace(temporary, folder / name)
    except BaseException:
        os.unlink(temporary)
        raise
    return f"jobs/{name}"


async def run_job(job_id: int) -> JobState | None:
    """Run one job if it is still queued; None if another worker has it (or had it)."""
    claim = await _claim(job_id)
    if claim is None:
        return None
    token, row = claim
    handler = _handlers.get(row["kind"])
    context = JobContext(row["id"], row["kind"], row["params"] or {}, row["created_by"])
    try:
        async with CLAIMS.held(job_id, token):
            if handler is None:
                raise LookupError(f"no handler for job kind {row['kind']!r}")
            output = await handler(context)
            path = _store(job_id, output) if output.content is not None else ""
            if output.after_store is not None:
                await output.after_store()
    except Exception as exc:
        log.exception("job %s (%s) failed", job_id, row["kind"])
        values: dict[Any, Any] = {
            Job.state: JobState.FAILED,
            Job.error: str(exc) or type(exc).__name__,
        }
        return JobState.FAILED if await _finish(job_id, token, values) else None
    values = {
        Job.state: JobState.DONE,
        Job.result_path: path,
        Job.result: {**output.result, "filename": output.filename},
        Job.progress: Job.total,
    }
    return JobState.DONE if await _finish(job_id, token, values) else None


async def _finish(job_id: int, token: str, values: dict[Any, Any]) -> bool:
    released = {Job.claimed_by: "", Job.lease_until: None, Job.updated_at: dt.datetime.now(dt.UTC)}
    return await CLAIMS.finish(job_id, token, values | released)


def _view(row: dict[str, Any]) -> JobView:
    result = row["result"] or {}
    return JobView(
        id=row["id"],
        kind=row["kind"],
        scope=row["scope"],
        state=JobState(row["state"]),
        done=row["progress"],
        total=row["total"],
        error=row["error"],
        result=result,
        has_file=bool(row["result_path"]),
        filename=result.get("filename", ""),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        params=row["params"] or {},
    )


async def job_view(job_id: int, *, scope: str | None = None) -> JobView | None:
    query = Job.select().where(Job.id == job_id)
    if scope is not None:
        query = query.where(Job.scope == scope)
    row = await query.output(load_json=True).first()
    return _view(row) if row else None


async def jobs_for(scope: str, *, kind: str | None = None, limit: int = 10) -> list[JobView]:
    query = Job.select().where(Job.scope == scope)
    if kind is not None:
        query = query.where(Job.kind == kind)
    rows = await query.order_by(Job.id, ascending=False).limit(limit).output(load_json=True)
    return [_view(row) for row in rows]


async def job_file(job_id: int) -> tuple[JobView, Path] | None:
    """The finished job and its file, or None when there is no file (yet)."""
    row = await Job.select().where(Job.id == job_id).output(load_json=True).first()
    if row is None or row["state"] != JobState.DONE or not row["result_path"]:
        return None
    path = get_settings().data_dir / row["result_path"]
    return (_view(row), path) if path.is_file() else None


async def sweep_jobs(min_age: float) -> int:
    """Re-enqueue jobs whose worker died (its claim ended) or left queued (a lost message)."""
    return await CLAIMS.sweep(min_age, _enqueue)
