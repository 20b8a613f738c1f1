"""Background jobs: started after commit, run (inline in tests), visible only to their starter."""

import uuid

import pytest
from django.test import Client

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditAction, AuditEntry
from lantern.audit.services import audit_record
from lantern.core import jobs
from lantern.core.jobs import job_start
from lantern.core.models import BackgroundJob, JobStatus
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpo():
    return make_user(Role.DATA_PROTECTION_OFFICER, full_name="Sarah Lloyd")


def start_verify(user, django_capture_on_commit_callbacks) -> BackgroundJob:
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="audit.verify", title="Check the audit trail is intact", started_by=user)
    job.refresh_from_db()
    return job


def test_job_is_queued_until_the_transaction_commits(dpo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_start(kind="audit.verify", title="Check the audit trail is intact", started_by=dpo)
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    page = verified_client(dpo).get(f"/jobs/{job.pk}/").content.decode()
    assert "Waiting to start" in page and "Starting…" in page
    assert "You can leave this page: the job carries on." in page


def test_audit_verify_job_runs_and_reports(dpo, django_capture_on_commit_callbacks):
    for n in range(3):
        audit_record(actor=dpo, action="test.event", kind=AuditAction.READ, changes={"n": n})
    job = start_verify(dpo, django_capture_on_commit_callbacks)

    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"checked": 3, "intact": True}
    assert job.message == "All 3 entries verified: the chain is intact."
    assert job.started_at is not None and job.finished_at is not None
    assert job.percent == 100
    assert AuditEntry.objects.filter(action="audit.verify", actor=dpo).exists()

    client = verified_client(dpo)
    page = client.get(f"/jobs/{job.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Check the audit trail is intact" in html
    assert "Finished" in html and "govuk-tag--green" in html
    assert "All 3 entries verified: the chain is intact." in html
    assert "Check progress again" not in html

    status = client.get(f"/jobs/{job.pk}/status/").json()
    assert status == {
        "status": "succeeded", "status_label": "Finished", "progress_done": 3, "progress_total": 3,
        "percent": 100, "message": "All 3 entries verified: the chain is intact.", "finished": True,
    }


def test_job_is_visible_to_its_starter_only(dpo, django_capture_on_commit_callbacks):
    job = start_verify(dpo, django_capture_on_commit_callbacks)
    for role in Role.values:
        other = verified_client(make_user(role))
        assert other.get(f"/jobs/{job.pk}/").status_code == 404, role
        assert other.get(f"/jobs/{job.pk}/status/").status_code == 404, role


def test_unknown_job_is_not_found(dpo):
    client = verified_client(dpo)
    assert client.get(f"/jobs/{uuid.uuid4()}/").status_code == 404
    assert client.get(f"/jobs/{uuid.uuid4()}/status/").status_code == 404
    assert client.get("/jobs/not-a-uuid/").status_code == 404


def test_job_pages_need_a_signed_in_user(dpo, django_capture_on_commit_callbacks):
    job = start_verify(dpo, django_capture_on_commit_callbacks)
    assert Client().get(f"/jobs/{job.pk}/")["Location"].startswith("/sign-in/")
    assert Client().get(f"/jobs/{job.pk}/status/")["Location"].startswith("/sign-in/")


def test_unknown_kind_is_refused(dpo):
    with pytest.raises(ValueError, match="Unknown job kind"):
        job_start(kind="no.such.kind", title="Nothing", started_by=dpo)
    assert not BackgroundJob.objects.exists()


def test_failing_job_is_marked_failed_without_leaking_the_error(dpo, monkeypatch, django_capture_on_commit_callbacks):
    def explode(job, progress):
        raise RuntimeError("secret internal detail: Maria Popescu")

    monkeypatch.setitem(jobs._REGISTRY, "test.explode", explode)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="test.explode", title="A job that fails", started_by=dpo)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.finished_at is not None
    html = verified_client(dpo).get(f"/jobs/{job.pk}/").content.decode()
    assert "Failed" in html and "govuk-tag--red" in html
    assert "The job failed. The error has been logged for the system administrator." in html
    assert "Maria" not in html


def test_a_finished_job_is_not_run_twice(dpo, django_capture_on_commit_callbacks):
    job = start_verify(dpo, django_capture_on_commit_callbacks)
    finished_at = job.finished_at
    jobs.job_run(str(job.pk))
    job.refresh_from_db()
    assert job.finished_at == finished_at
    assert AuditEntry.objects.filter(action="audit.verify").count() == 1


def test_progress_is_saved_in_batches(dpo):
    job = BackgroundJob.objects.create(kind="audit.verify", title="Batch", started_by=dpo)
    reporter = jobs.ProgressReporter(job, every=10)
    reporter.total(25)
    for done in range(1, 10):
        reporter.advance(done, "working")
    assert BackgroundJob.objects.get(pk=job.pk).progress_done == 0  # not saved yet
    reporter.advance(10, "ten done")
    saved = BackgroundJob.objects.get(pk=job.pk)
    assert (saved.progress_done, saved.message, saved.percent) == (10, "ten done", 40)
    reporter.advance(25)
    assert BackgroundJob.objects.get(pk=job.pk).progress_done == 25


def test_a_job_the_queue_cannot_take_is_marked_failed_not_an_error_page(dpo, monkeypatch,
                                                                       django_capture_on_commit_callbacks):
    from lantern.core import tasks

    def broker_down(*args):
        raise ConnectionError("redis://user:secret@broker refused")

    monkeypatch.setattr(tasks.run_job, "delay", broker_down)
    client = verified_client(dpo)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/audit/verify/")
    assert response.status_code == 302
    job = BackgroundJob.objects.get()
    assert job.status == JobStatus.FAILED and job.finished_at is not None
    page = client.get(response["Location"]).content.decode()
    assert "could not be started because the task queue is not answering" in page
    assert "secret" not in job.message


def test_the_job_page_shows_a_progress_bar_with_the_share_done(dpo):
    job = BackgroundJob.objects.create(kind="audit.verify", title="Import a spend file", started_by=dpo,
                                       status=JobStatus.RUNNING)
    reporter = jobs.ProgressReporter(job, every=1)
    reporter.total(200)
    reporter.advance(50, "Reading the rows")
    page = verified_client(dpo).get(f"/jobs/{job.pk}/").content.decode()
    assert '<progress class="govuk-!-width-full govuk-!-margin-bottom-2" id="job-bar" max="100" value="25"' in page
    assert "50 of 200 done (25%)" in page
