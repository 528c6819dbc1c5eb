"""PDF threads: async code renders off its event loop on threads that warmed up when
they started, with the caller's language; a job's `after_store` runs once its file
exists, and a failing one fails the job."""

from __future__ import annotations

import threading

from tests.conftest import eventually
from werkplaats import i18n
from werkplaats.db import atomic
from werkplaats.enums import JobState
from werkplaats.jobs import JobContext, JobOutput, create_job, job_file, job_handler, job_view
from werkplaats.pdf import in_pdf_thread
from werkplaats.settings import get_settings

STORED: list[bool] = []


@job_handler("test-after-store")
async def with_after_store(job: JobContext) -> JobOutput:
    async def record() -> None:
        folder = get_settings().data_dir / "jobs"  # job_file() waits for `done`: look on disk
        on_disk = any(path.name.startswith(f"{job.id}-") for path in folder.iterdir())
        view = await job_view(job.id)
        STORED.append(on_disk and view is not None and view.state is JobState.RUNNING)

    return JobOutput(content=b"%PDF-1.7", filename="x.pdf", after_store=record)


@job_handler("test-after-store-fails")
async def after_store_fails(job: JobContext) -> JobOutput:
    async def fail() -> None:
        raise RuntimeError("Kon de badges niet als geprint markeren.")

    return JobOutput(content=b"%PDF-1.7", filename="x.pdf", after_store=fail)


async def finished(job_id: int):
    async def check():
        view = await job_view(job_id)
        return view if view and view.finished else None

    return await eventually(check)


async def test_in_pdf_thread_runs_on_a_pdf_thread_in_the_callers_language():
    def where() -> tuple[str, str]:
        return threading.current_thread().name, i18n.get_language()

    with i18n.language("en"):
        name, language = await in_pdf_thread(where)

    assert name.startswith("pdf")
    assert language == "en"


async def test_after_store_runs_before_the_job_is_done(client):
    STORED.clear()
    async with atomic():
        job_id = await create_job("test-after-store", params={})

    done = await finished(job_id)

    assert done.state is JobState.DONE
    assert STORED == [True]
    assert await job_file(job_id) is not None


async def test_a_failing_after_store_fails_the_job(client):
    async with atomic():
        job_id = await create_job("test-after-store-fails", params={})

    done = await finished(job_id)

    assert done.state is JobState.FAILED
    assert done.error == "Kon de badges niet als geprint markeren."
