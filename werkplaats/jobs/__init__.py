"""Long work with visible progress: `create_job` and `@job_handler` are the way in."""

from werkplaats.jobs.service import (
    JobContext,
    JobOutput,
    JobView,
    create_job,
    job_file,
    job_handler,
    job_view,
    jobs_for,
)

__all__ = [
    "JobContext",
    "JobOutput",
    "JobView",
    "create_job",
    "job_file",
    "job_handler",
    "job_view",
    "jobs_for",
]
