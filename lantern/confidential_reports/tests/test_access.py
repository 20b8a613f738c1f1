"""Who may open the reporting team's pages: the reporting team, and nobody else (a report is 'not found')."""

import pytest
from django.test import Client

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.confidential_reports.models import IntelligenceRecord, Report, ReportStatus
from lantern.confidential_reports.tests.factories import (
    IntelligenceRecordFactory,
    ReportAttachmentFactory,
    ReporterIdentityFactory,
)
from lantern.confidential_reports.tests.helpers import team_member
from tests.support import FORBIDDEN, NOT_FOUND, assert_access, make_user, verified_client

pytestmark = pytest.mark.django_db

TEAM = {Role.REPORTING_TEAM}
OUTSIDERS = [role for role in Role.values if role != Role.REPORTING_TEAM]


@pytest.fixture
def report() -> Report:
    identity = ReporterIdentityFactory(name="Sam Patel")
    ReportAttachmentFactory(report=identity.report)
    return identity.report


@pytest.fixture
def intelligence(report) -> IntelligenceRecord:
    return IntelligenceRecordFactory(source_report=report, address="10 Owen Street")


def test_the_queue_and_intelligence_list_are_for_the_reporting_team_only():
    assert_access("/reports/", allowed=TEAM, ok=(200,), refused=FORBIDDEN)
    assert_access("/reports/intelligence/", allowed=TEAM, ok=(200,), refused=FORBIDDEN)


def test_a_report_and_its_pages_are_not_found_for_anyone_else(report):
    base = f"/reports/{report.reference}/"
    attachment = report.attachments.get()
    assert_access(base, allowed=TEAM, ok=(200,), refused=NOT_FOUND)
    assert_access(f"{base}reporter/", allowed=TEAM, ok=(200,), refused=NOT_FOUND)
    assert_access(f"{base}files/{attachment.pk}/", allowed=TEAM, ok=(200,), refused=NOT_FOUND)
    for page in ("concern/", "pass-on/", "intelligence/", "close/", "legal-hold/", "assign/"):
        assert_access(base + page, allowed=TEAM, ok=(200,), refused=NOT_FOUND)
    # Not on hold: the team is sent back to the report; anyone else still finds nothing.
    assert_access(base + "legal-hold/lift/", allowed=TEAM, ok=(302,), refused=NOT_FOUND)
    # Only the team's own views were audited.
    assert {e.actor.role_set for e in AuditEntry.objects.filter(action__in=(
        "report.view", "report.attachment_download"))} == {frozenset(TEAM)}


def test_an_intelligence_record_is_not_found_for_anyone_else(intelligence):
    assert_access(f"/reports/intelligence/{intelligence.reference}/", allowed=TEAM, ok=(200,), refused=NOT_FOUND)


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_get_not_found_as_if_the_report_did_not_exist(role, report):
    client = verified_client(make_user(role))
    missing = client.get("/reports/R-2222-222/")
    hidden = client.get(f"/reports/{report.reference}/")
    assert missing.status_code == hidden.status_code == 404
    assert report.reference not in hidden.content.decode()


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_cannot_act_on_a_report(role, report):
    client = verified_client(make_user(role))
    base = f"/reports/{report.reference}/"
    attempts = [
        ("triage/", {}),
        ("reply/", {"body": "Hello"}),
        ("concern/", {"immediate_danger": "no", "what_seen": "x"}),
        ("pass-on/", {"other_recipient": "GLAA", "passed_via": "phone"}),
        ("intelligence/", {"subject": "premises", "address": "x", "summary": "x"}),
        ("close/", {"reason": "malicious"}),
        ("legal-hold/", {"reason": "x"}),
        ("legal-hold/lift/", {"reason": "x"}),
        ("assign/", {"assignee": 1}),
        ("reporter/", {"reason": "curious"}),
    ]
    for path, data in attempts:
        assert client.post(base + path, data).status_code == 404, path
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW and report.assigned_to is None and not report.legal_hold
    assert not report.messages.exists() and not report.outcomes.exists()
    assert not IntelligenceRecord.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="report.").exclude(action="report.submit").exists()


def test_signed_out_visitors_are_sent_to_sign_in(report):
    for url in ("/reports/", f"/reports/{report.reference}/", f"/reports/{report.reference}/reporter/",
                "/reports/intelligence/"):
        response = Client().get(url)
        assert response.status_code == 302 and "sign-in" in response["Location"], url


def test_the_team_needs_its_second_factor_first(report):
    client = Client()
    client.force_login(team_member())
    response = client.get(f"/reports/{report.reference}/")
    assert response.status_code == 302 and "two-factor" in response["Location"]
    assert not AuditEntry.objects.filter(action="report.view").exists()


def test_a_deactivated_team_member_is_locked_out(report):
    member = team_member()
    client = verified_client(member)
    assert client.get(f"/reports/{report.reference}/").status_code == 200
    member.is_active = False
    member.save()
    assert client.get(f"/reports/{report.reference}/").status_code == 302
