"""Starting background jobs and reporting their progress.

A job function takes ``(job, reporter)`` and returns a result dict. It is
registered with ``@job_kind("name")`` and started with ``job_start``; the
Celery task ``lantern.core.tasks.run_job`` runs it on a worker (or inline
when CELERY_TASK_ALWAYS_EAGER is set, as in the embedded default).
"""

import logging
import traceback
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantern.core.models import BackgroundJob, JobStatus

logger = logging.getLogger(__name__)

JobFunction = Callable[[BackgroundJob, "ProgressReporter"], dict[str, Any]]
_REGISTRY: dict[str, JobFunction] = {}


def job_kind(name: str) -> Callable[[JobFunction], JobFunction]:
    def register(func: JobFunction) -> JobFunction:
        _REGISTRY[name] = func
        return func

    return register


class ProgressReporter:
    """Saves progress at most every ``every`` items, so a large job stays cheap."""

    def __init__(self, job: BackgroundJob, every: int = 500) -> None:
        self.job = job
        self.every = every

    def total(self, total: int) -> None:
        self.job.progress_total = total
        self.job.save(update_fields=["progress_total", "updated_at"])

    def advance(self, done: int, message: str = "") -> None:
        self.job.progress_done = done
        if message:
            self.job.message = message[:500]
        if done % self.every == 0 or (self.job.progress_total and done >= self.job.progress_total):
            self.job.save(update_fields=["progress_done", "message", "updated_at"])


def job_start(*, kind: str, title: str, started_by: Any) -> BackgroundJob:
    """Record a job and queue it once the current transaction commits."""
    from lantern.core.tasks import run_job

    if kind not in _REGISTRY:
        raise ValueError(f"Unknown job kind {kind!r}")
    job = BackgroundJob.objects.create(kind=kind, title=title, started_by=started_by)
    job_id = str(job.pk)

    def queue() -> None:
        try:
            run_job.delay(job_id)
        except Exception as exc:  # the job is saved: say it could not start rather than fail the page
            logger.warning("Could not queue job %s: %s", job_id, type(exc).__name__)
            BackgroundJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
                status=JobStatus.FAILED, finished_at=timezone.now(), updated_at=timezone.now(),
                message="The job could not be started because the task queue is not answering. Try again later.",
            )

    transaction.on_commit(queue)
    return job


def job_run(job_id: str) -> None:
    job = BackgroundJob.objects.get(pk=job_id)
    if job.status != JobStatus.QUEUED:
        return
    job.status = JobStatus.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at", "updated_at"])
    try:
        result = _REGISTRY[job.kind](job, ProgressReporter(job))
    except Exception as exc:
        # The exception's message could quote personal data: log its type and where it was raised only.
        frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f"{frame.filename}:{frame.lineno}" if frame else "unknown"
        logger.error("Background job %s (%s) failed: %s at %s", job.pk, job.kind, type(exc).__name__, where)
        job.status = JobStatus.FAILED
        job.message = "The job failed. The error has been logged for the system administrator."
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "message", "finished_at", "updated_at"])
        return
    job.status = JobStatus.SUCCEEDED
    job.result = result
    if job.progress_total is not None:
        job.progress_done = job.progress_total
    job.finished_at = timezone.now()
    job.save()
