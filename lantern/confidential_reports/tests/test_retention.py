"""Retention: reports closed longer than the retention period are anonymised (counts kept, everything said
gone), unless on legal hold; files never sent are removed; each run is audited."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from lantern.audit.models import AuditEntry
from lantern.confidential_reports import services
from lantern.confidential_reports.models import (
    IdentityMode,
    IntelligenceRecord,
    Report,
    ReportAttachment,
    ReporterIdentity,
    ReportMessage,
    ReportOutcome,
    ReportStatus,
)
from lantern.confidential_reports.tests.helpers import (
    ANSWERS,
    make_report,
    open_follow_up,
    png,
    stored_text,
    team_member,
    try_receipt,
)
from lantern.core.files import check_upload
from lantern.partnership.models import Area
from tests.support import verified_client

pytestmark = pytest.mark.django_db

REPORTER = {"name": "Sam Patel", "email": "sam@example.org", "phone": "07700 900123", "safe_contact": "Evenings"}


@pytest.fixture
def officer():
    return team_member()


def days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def hold_file(name: str = "photo.png") -> ReportAttachment:
    return services.attachment_hold(check_upload(png(name)))


def closed_report(officer, *, closed_days_ago: float, **answers):
    """A confidential report with a file, a conversation and an outcome, closed some days ago."""
    ward, _ = Area.objects.get_or_create(name="Oldbury")
    submitted = make_report(identity_mode="confidential", identity=REPORTER, area=ward,
                            attachment_ids=[hold_file().pk], anything_else="Ask for Viktor.", **answers)
    report = submitted.report
    services.report_reply(report=report, acting_user=officer, body="Which days?", asks_for_information=True)
    message = services.reporter_message_add(report=report, body="Tuesdays.", attachment_ids=[hold_file("rota.png").pk])
    services.report_pass_on(report=report, acting_user=officer, agency=None, other_recipient="GLAA",
                            passed_via="phone", recipient_reference="GLAA-77", note="Summary sent")
    services.report_close(report=report, acting_user=officer, reason="other", note="Handed to GLAA in full")
    Report.objects.filter(pk=report.pk).update(closed_at=days_ago(closed_days_ago))
    report.refresh_from_db()
    assert message.attachments.count() == 1 and report.attachments.count() == 2
    return report, submitted.receipt


def test_a_report_past_its_retention_period_is_anonymised_and_its_counts_kept(
        officer, settings, django_capture_on_commit_callbacks):
    settings.LANTERN_REPORT_RETENTION_DAYS = 365
    report, receipt = closed_report(officer, closed_days_ago=366)
    paths = list(report.attachments.values_list("storage_path", flat=True))
    assert all(default_storage.exists(p) for p in paths)

    with django_capture_on_commit_callbacks(execute=True):
        result = services.reports_apply_retention()
    assert result == {"anonymised": 1, "unsent_files_removed": 0, "kept_on_legal_hold": 0}
    assert AuditEntry.objects.get(action="report.anonymise").actor_label == "system (report retention)"

    report.refresh_from_db()
    assert report.anonymised_at is not None
    assert report.receipt_hash is None
    for field in services.ANONYMISED_TEXT_FIELDS:
        assert getattr(report, field) == "", field
    # What statistics need stays.
    assert report.status == ReportStatus.CLOSED and report.close_reason == "other"
    assert report.identity_mode == IdentityMode.CONFIDENTIAL and report.reporter_type == "public"
    assert report.premises_type == "car_wash" and report.area.name == "Oldbury"
    assert report.signs == ["long_hours", "living_at_work"]
    assert report.still_happening == "yes" and report.children_involved == "no"
    # What was said, by whom, and the files are gone, from the database and from storage.
    assert not ReportMessage.objects.filter(report=report).exists()
    assert not ReporterIdentity.objects.filter(report=report).exists()
    assert not ReportAttachment.objects.exists()
    assert not any(default_storage.exists(p) for p in paths)
    outcome = ReportOutcome.objects.get(report=report, kind="passed_to_agency")
    assert outcome.note == "" and outcome.recipient_reference == ""
    assert outcome.other_recipient == "GLAA"  # which organisation, for the figures

    everything = stored_text()
    for secret in (ANSWERS["what_happened"], ANSWERS["location"], ANSWERS["people"], "Ask for Viktor.",
                   "Tuesdays.", "Which days?", REPORTER["name"], REPORTER["email"], "Handed to GLAA in full",
                   "GLAA-77", "Summary sent"):
        assert secret not in everything, secret

    entry = AuditEntry.objects.get(action="report.anonymise")
    assert entry.actor is None and entry.target_id == str(report.pk)
    assert entry.changes == {"messages": 2, "attachments": 2, "identity": True}
    run = AuditEntry.objects.get(action="reports.retention_run")
    assert run.changes == result

    # The old receipt opens nothing now.
    response = try_receipt(Client(), receipt)
    assert response.status_code == 400
    assert "We could not find a report with that receipt code" in response.content.decode()

    # The team sees that it was anonymised, and can no longer reopen or hold it.
    page = verified_client(officer).get(f"/reports/{report.reference}/").content.decode()
    assert "This report was anonymised on" in page
    assert "Reopen the report" not in page and "Put on legal hold" not in page
    refused = verified_client(officer).post(f"/reports/{report.reference}/reopen/", {"reason": "More info"})
    assert refused.status_code == 400


def test_the_management_command_does_the_same(officer, settings, django_capture_on_commit_callbacks):
    settings.LANTERN_REPORT_RETENTION_DAYS = 30
    old, _ = closed_report(officer, closed_days_ago=31)
    recent, _ = closed_report(officer, closed_days_ago=29)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_report_retention", stdout=out)
    assert "Anonymised 1 report(s); removed 0 unsent file(s); 0 closed report(s) kept on legal hold." in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.anonymised_at and old.what_happened == ""
    assert recent.anonymised_at is None and recent.what_happened == ANSWERS["what_happened"]
    assert AuditEntry.objects.filter(action="reports.retention_run").count() == 1


def test_open_and_recently_closed_reports_are_untouched(officer, settings):
    settings.LANTERN_REPORT_RETENTION_DAYS = 365
    open_report = make_report(identity_mode="confidential", identity=REPORTER).report
    Report.objects.filter(pk=open_report.pk).update(created_at=days_ago(1000), last_activity_at=days_ago(1000))
    recent, receipt = closed_report(officer, closed_days_ago=364)

    result = services.reports_apply_retention()
    assert result["anonymised"] == 0
    for report in (open_report, recent):
        report.refresh_from_db()
        assert report.anonymised_at is None and report.receipt_hash
        assert report.what_happened == ANSWERS["what_happened"]
        assert ReporterIdentity.objects.filter(report=report).exists()
    assert open_follow_up(Client(), receipt).status_code == 200
    assert AuditEntry.objects.filter(action="reports.retention_run").count() == 1
    assert not AuditEntry.objects.filter(action="report.anonymise").exists()


def test_a_report_on_legal_hold_is_kept_until_the_hold_is_lifted(officer, settings):
    settings.LANTERN_REPORT_RETENTION_DAYS = 365
    report, receipt = closed_report(officer, closed_days_ago=400)
    services.report_set_legal_hold(report=report, acting_user=officer, hold=True, reason="Crown Court 12AB3456")

    result = services.reports_apply_retention()
    assert result == {"anonymised": 0, "unsent_files_removed": 0, "kept_on_legal_hold": 1}
    report.refresh_from_db()
    assert report.anonymised_at is None and report.what_happened == ANSWERS["what_happened"]
    assert report.messages.count() == 2 and report.attachments.count() == 2
    assert open_follow_up(Client(), receipt).status_code == 200

    services.report_set_legal_hold(report=report, acting_user=officer, hold=False, reason="Trial concluded")
    assert services.reports_apply_retention()["anonymised"] == 1
    report.refresh_from_db()
    assert report.anonymised_at is not None and report.legal_hold_reason == ""


def test_the_team_puts_a_report_on_legal_hold_and_lifts_it_with_reasons_and_no_accidental_undo(officer):
    report, _ = closed_report(officer, closed_days_ago=10)
    client = verified_client(officer)
    base = f"/reports/{report.reference}/legal-hold/"
    assert "Put on legal hold" in client.get(f"/reports/{report.reference}/").content.decode()
    missing = client.post(base, {"reason": ""})
    assert missing.status_code == 400 and "Enter the reason" in missing.content.decode()
    assert client.post(base, {"reason": "Crown Court 12AB3456"}).status_code == 302
    report.refresh_from_db()
    assert report.legal_hold and report.legal_hold_reason == "Crown Court 12AB3456"

    # The same form sent again (a second tab, a double click) is refused, not turned into a lift.
    again = client.post(base, {"reason": "Crown Court 12AB3456"})
    assert again.status_code == 400 and "already on legal hold" in again.content.decode()
    report.refresh_from_db()
    assert report.legal_hold
    # Opening the form for a state the report is already in goes back to the report.
    assert client.get(base).status_code == 302

    page = client.get(f"/reports/{report.reference}/").content.decode()
    assert "Lift the legal hold" in page and f"{base}lift/" in page
    no_reason = client.post(f"{base}lift/", {"reason": " "})
    assert no_reason.status_code == 400 and "Enter the reason" in no_reason.content.decode()
    assert client.post(f"{base}lift/", {"reason": "Trial concluded"}).status_code == 302
    report.refresh_from_db()
    assert not report.legal_hold and report.legal_hold_reason == ""
    entries = AuditEntry.objects.filter(target_id=str(report.pk), action__startswith="report.legal_hold")
    assert [(e.action, e.purpose) for e in entries.order_by("sequence")] == [
        ("report.legal_hold", "Crown Court 12AB3456"), ("report.legal_hold_lift", "Trial concluded")]


def test_anonymising_a_report_on_hold_directly_is_refused(officer):
    report, _ = closed_report(officer, closed_days_ago=1)
    services.report_set_legal_hold(report=report, acting_user=officer, hold=True, reason="Proceedings")
    with pytest.raises(ValidationError, match="legal hold"):
        services.report_anonymise(report=report)


def test_files_never_sent_are_removed_after_a_day(officer, settings, django_capture_on_commit_callbacks):
    settings.LANTERN_REPORT_HELD_FILE_HOURS = 24
    stale = hold_file("abandoned.png")
    fresh = hold_file("still-typing.png")
    sent = hold_file("sent.png")
    make_report(attachment_ids=[sent.pk])
    ReportAttachment.objects.filter(pk__in=[stale.pk, sent.pk]).update(
        created_at=timezone.now() - datetime.timedelta(hours=25))

    result = services.reports_apply_retention()
    assert result["unsent_files_removed"] == 1
    assert not ReportAttachment.objects.filter(pk=stale.pk).exists()
    assert not default_storage.exists(stale.storage_path)
    # A file still being corrected into a report, and a file that was sent, stay.
    assert ReportAttachment.objects.filter(pk__in=[fresh.pk, sent.pk]).count() == 2
    assert default_storage.exists(fresh.storage_path) and default_storage.exists(sent.storage_path)
    assert AuditEntry.objects.get(action="reports.retention_run").changes["unsent_files_removed"] == 1


def test_intelligence_outlives_the_report_it_came_from(officer, settings):
    settings.LANTERN_REPORT_RETENTION_DAYS = 10
    report = make_report().report
    record = services.report_record_intelligence(
        report=report, acting_user=officer, subject="business", name="Sparkle Hand Car Wash", address="",
        area=None, premises_type="car_wash", summary="Cash-only; workers live on site.")
    services.report_close(report=report, acting_user=officer, reason="handed_over")
    Report.objects.filter(pk=report.pk).update(closed_at=days_ago(11))
    services.reports_apply_retention()
    record.refresh_from_db()
    assert record.summary == "Cash-only; workers live on site." and record.source_report == report
    assert IntelligenceRecord.objects.count() == 1


def test_running_retention_twice_changes_nothing_more(officer, settings):
    settings.LANTERN_REPORT_RETENTION_DAYS = 10
    closed_report(officer, closed_days_ago=11)
    assert services.reports_apply_retention()["anonymised"] == 1
    assert services.reports_apply_retention()["anonymised"] == 0
    assert AuditEntry.objects.filter(action="report.anonymise").count() == 1
    assert AuditEntry.objects.filter(action="reports.retention_run").count() == 2


def test_the_scheduled_task_runs_retention(officer, settings):
    from lantern.confidential_reports.tasks import apply_retention_task

    settings.LANTERN_REPORT_RETENTION_DAYS = 10
    closed_report(officer, closed_days_ago=11)
    assert apply_retention_task.delay().get()["anonymised"] == 1
    assert "report-retention" in settings.CELERY_BEAT_SCHEDULE


def test_a_reporter_reading_their_report_when_it_is_anonymised_is_sent_back_to_the_receipt_page(officer, settings):
    settings.LANTERN_REPORT_RETENTION_DAYS = 10
    report, receipt = closed_report(officer, closed_days_ago=11)
    client = Client()
    assert "Which days?" in open_follow_up(client, receipt).content.decode()
    services.reports_apply_retention()
    response = client.get("/report/follow-up/messages/")
    assert response.status_code == 302 and response["Location"] == "/report/follow-up/"
