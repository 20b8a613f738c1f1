from celery import shared_task

from lantern.core.jobs import job_run


@shared_task(name="lantern.core.run_job", acks_late=True)
def run_job(job_id: str) -> str:
    job_run(job_id)
    return job_id


@shared_task(name="lantern.core.ping")
def ping() -> str:
    """Answers 'pong': proves a worker is consuming the queue."""
    return "pong"
