"""A job's progress and its file, for the API (bearer token) and the back office.

`GET /api/v1/jobs/{id}` → `{"state", "progress", "done", "total", "url", ...}`;
`progress` is a percentage, `url` serves the finished file. The back office polls
`/beheer/jobs/{id}` for the same body to move its progress bar.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.response import File

from werkplaats.auth.guards import organiser_only
from werkplaats.jobs.service import JobView, job_file, job_view
from werkplaats.params import PathId


def job_body(job: JobView, *, file_url: str) -> dict[str, Any]:
    return {
        "id": job.id,
        "kind": job.kind,
        "state": job.state.value,
        "progress": job.percent,
        "done": job.done,
        "total": job.total,
        "url": file_url if job.has_file and job.finished else None,
        "error": job.error or None,
        "result": {k: v for k, v in job.result.items() if k != "filename"},
    }


async def _job(job_id: int) -> JobView:
    job = await job_view(job_id)
    if job is None:
        raise NotFoundException()
    return job


async def _file(job_id: int) -> File:
    found = await job_file(job_id)
    if found is None:
        raise NotFoundException()
    job, path = found
    return File(
        path=path,
        filename=job.filename or path.name,
        content_disposition_type="attachment",
        headers={"Cache-Control": "private, no-store"},
    )


class JobApiController(Controller):
    path = "/api/v1/jobs"
    guards = [organiser_only]
    tags = ["jobs"]

    @get("/{job_id:int}")
    async def show(self, job_id: PathId) -> dict[str, Any]:
        """A job's state and progress (0–100); `url` serves the file once it is done."""
        return job_body(await _job(job_id), file_url=f"/api/v1/jobs/{job_id}/file")

    @get("/{job_id:int}/file", media_type="application/octet-stream")
    async def file(self, job_id: PathId) -> File:
        """The finished job's file (e.g. the badges PDF)."""
        return await _file(job_id)


class JobBackofficeController(Controller):
    path = "/beheer/jobs"
    guards = [organiser_only]
    include_in_schema = False

    @get("/{job_id:int}", cache_control=None)
    async def show(self, request: Request, job_id: PathId) -> Response[dict[str, Any]]:
        body = job_body(await _job(job_id), file_url=f"/beheer/jobs/{job_id}/file")
        return Response(body, headers={"Cache-Control": "no-store"})

    @get("/{job_id:int}/file")
    async def file(self, job_id: PathId) -> File:
        return await _file(job_id)
