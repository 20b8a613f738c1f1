"""The data protection officer's audit pages: search, entry, export, verification."""

import csv
import io

import pytest
from django.test import Client

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditAction, AuditEntry
from lantern.audit.services import audit_record, audit_verify
from lantern.core.models import BackgroundJob, JobStatus
from tests.support import FORBIDDEN, assert_access, make_user, verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail():
    alice = make_user(Role.CASE_WORKER, email="alice@lantern.example")
    bob = make_user(Role.CASE_WORKER, email="bob@lantern.example")
    audit_record(actor=alice, action="case.view", kind=AuditAction.READ, target=alice, target_label="MS-AAAA-AA")
    audit_record(actor=bob, action="case.update", kind=AuditAction.UPDATE, target=bob, target_label="MS-BBBB-BB",
                 purpose="Supervision", changes={"status": "open"})
    audit_record(actor=bob, action="export.cases", kind=AuditAction.EXPORT, changes={"rows": 3},
                 target_label="=HYPERLINK(\"http://evil\")")
    return alice, bob


def test_only_the_dpo_may_search_export_or_verify(trail):
    entry = AuditEntry.objects.order_by("sequence").first()
    assert_access("/audit/", allowed={Role.DATA_PROTECTION_OFFICER}, refused=FORBIDDEN)
    assert_access(f"/audit/entries/{entry.sequence}/", allowed={Role.DATA_PROTECTION_OFFICER}, refused=FORBIDDEN)
    assert_access("/audit/export.csv", allowed={Role.DATA_PROTECTION_OFFICER}, refused=FORBIDDEN)
    assert_access("/audit/verify/", method="post", allowed={Role.DATA_PROTECTION_OFFICER}, refused=FORBIDDEN)


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/audit/"), ("get", "/audit/export.csv"), ("post", "/audit/verify/"), ("get", "/audit/entries/{sequence}/"),
])
def test_a_signed_out_visitor_is_sent_to_sign_in(trail, method, path):
    entry = AuditEntry.objects.order_by("sequence").first()
    path = path.format(sequence=entry.sequence)
    entries = AuditEntry.objects.count()
    response = getattr(Client(), method)(path)
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={path}"
    assert AuditEntry.objects.count() == entries  # nothing searched, exported, viewed or checked in anyone's name
    assert not BackgroundJob.objects.filter(kind="audit.verify").exists()


def test_search_by_user_and_action(dpo_client, trail):
    response = dpo_client.get("/audit/", {"user": "bob@lantern.example"})
    html = response.content.decode()
    assert 'cell">case.update' in html and 'cell">export.cases' in html
    assert 'cell">case.view' not in html

    response = dpo_client.get("/audit/", {"action": "case."})
    html = response.content.decode()
    assert 'cell">case.view' in html and 'cell">case.update' in html and 'cell">export.cases' not in html


def test_search_refuses_bad_input_with_a_clear_message(dpo_client, trail):
    response = dpo_client.get("/audit/", {"user": "nobody@lantern.example", "date_from": "2026-13-45"})
    html = response.content.decode()
    assert "There is a problem" in html
    assert "No user has this email address" in html
    assert "Enter the &#x27;from&#x27; date as a real date" in html
    reversed_dates = dpo_client.get("/audit/", {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert "must be the same as or after" in reversed_dates.content.decode()


def test_searching_is_itself_audited(dpo_client, dpo_user, trail):
    dpo_client.get("/audit/", {"action": "case."})
    entry = AuditEntry.objects.filter(action="audit.search").latest("sequence")
    assert entry.actor == dpo_user and entry.changes == {"action": "case."}


def test_entry_page_shows_the_reason(dpo_client, trail):
    entry = AuditEntry.objects.get(action="case.update")
    html = dpo_client.get(f"/audit/entries/{entry.sequence}/").content.decode()
    assert "Supervision" in html and entry.entry_hash in html
    assert dpo_client.get("/audit/entries/999999/").status_code == 404


def test_export_is_csv_audited_and_safe_for_spreadsheets(dpo_client, dpo_user, trail):
    response = dpo_client.get("/audit/export.csv", {"user": "bob@lantern.example"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {r["action"] for r in rows} == {"case.update", "export.cases"}
    formula = next(r for r in rows if r["action"] == "export.cases")
    assert formula["target_label"].startswith("'=")
    export = AuditEntry.objects.get(action="audit.export")
    assert export.actor == dpo_user and export.kind == AuditAction.EXPORT
    assert export.changes["rows"] == 2


def test_verification_runs_as_a_background_job_and_reports_the_result(
    dpo_client, dpo_user, trail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = dpo_client.post("/audit/verify/")
    assert response.status_code == 302
    job = BackgroundJob.objects.get(kind="audit.verify")
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == JobStatus.SUCCEEDED  # ran inline under the test settings
    assert job.result["intact"] is True
    page = dpo_client.get(response["Location"]).content.decode()
    assert "the chain is intact" in page
    status = dpo_client.get(f"/jobs/{job.pk}/status/").json()
    assert status["finished"] is True and status["percent"] == 100
    # Another user cannot see the job.
    other = verified_client(make_user(Role.DATA_PROTECTION_OFFICER))
    assert other.get(f"/jobs/{job.pk}/").status_code == 404


def _stored(entry: AuditEntry) -> tuple:
    return (entry.sequence, entry.actor_id, entry.action, entry.kind, entry.target_label, entry.changes,
            entry.previous_hash, entry.entry_hash)


def test_nobody_can_change_the_trail_through_the_app(dpo_client, trail):
    entry = AuditEntry.objects.order_by("sequence").first()
    before = [_stored(e) for e in AuditEntry.objects.order_by("sequence")]
    for method in ("post", "put", "patch", "delete"):
        response = getattr(dpo_client, method)(f"/audit/entries/{entry.sequence}/")
        assert response.status_code == 405  # the entry page answers GET only: never a change made
        assert AuditEntry.objects.get(pk=entry.pk).action == entry.action
        after = [_stored(e) for e in AuditEntry.objects.order_by("sequence")]
        assert after[:len(before)] == before  # every entry as it was; the trail only grows (the page's own read)
        assert {action for _, _, action, *_ in after[len(before):]} <= {"audit.view_entry"}
    assert AuditEntry.objects.get(pk=entry.pk).entry_hash == entry.entry_hash
    checked, broken, _ = audit_verify()
    assert broken is None and checked == AuditEntry.objects.count()


def test_the_entry_page_answers_get_only(dpo_client, trail):
    entry = AuditEntry.objects.order_by("sequence").first()
    entries = AuditEntry.objects.count()
    for method in ("post", "put", "patch", "delete"):
        response = getattr(dpo_client, method)(f"/audit/entries/{entry.sequence}/")
        assert response.status_code == 405
        assert response["Allow"] == "GET"
    assert AuditEntry.objects.count() == entries  # a refused request records no read


def test_an_entry_whose_reason_does_not_decrypt_is_shown_and_reported_as_a_break(
    dpo_client, trail, django_capture_on_commit_callbacks
):
    """Someone with database access writes garbage over a reason: the DPO's pages still work and say so,
    and the check names the entry."""
    from lantern.audit.tests.test_audit_trail import tamper

    entry = AuditEntry.objects.get(action="case.update")
    tamper("UPDATE audit_auditentry SET purpose = %s WHERE id = %s", ["not-a-ciphertext", entry.pk])

    listing = dpo_client.get("/audit/")
    assert listing.status_code == 200
    assert "Reason could not be decrypted" in listing.content.decode()
    page = dpo_client.get(f"/audit/entries/{entry.sequence}/")
    assert page.status_code == 200
    assert "Could not be decrypted" in page.content.decode()
    export = dpo_client.get("/audit/export.csv")
    assert export.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert next(r for r in rows if r["sequence"] == str(entry.sequence))["purpose"] == "(could not be decrypted)"

    broken = audit_verify()[1]
    assert broken is not None and broken.sequence == entry.sequence
    assert "could not be decrypted" in broken.reason
    with django_capture_on_commit_callbacks(execute=True):
        dpo_client.post("/audit/verify/")
    job = BackgroundJob.objects.get(kind="audit.verify")
    assert job.status == JobStatus.SUCCEEDED
    assert job.result["intact"] is False and job.result["broken_at"] == entry.sequence
    assert f"The chain is broken at entry {entry.sequence}" in dpo_client.get(f"/jobs/{job.pk}/").content.decode()


def test_a_reason_that_does_not_decrypt_is_never_written_back(trail):
    """Re-encrypting every reason (rotate_keys) stops at a broken one rather than covering the evidence."""
    from lantern.audit.tests.test_audit_trail import tamper

    entry = AuditEntry.objects.get(action="case.update")
    tamper("UPDATE audit_auditentry SET purpose = %s WHERE id = %s", ["not-a-ciphertext", entry.pk])
    loaded = AuditEntry.objects.get(pk=entry.pk)
    assert loaded.purpose_unreadable
    with pytest.raises(ValueError, match="could not be decrypted"):
        AuditEntry.objects.bulk_update([loaded], ["purpose"])
