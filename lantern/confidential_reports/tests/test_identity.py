"""Identity custody: who made a report is shown only on its own page, after a stated reason, with the
reason in the audit trail and the data protection officer told."""

import pytest

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.confidential_reports.models import ReporterIdentity
from lantern.confidential_reports.tests.helpers import make_report, raw_column, team_member
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db

REPORTER = {"name": "Sam Patel", "email": "sam.patel@example.org", "phone": "07700 900123",
            "safe_contact": "Weekday evenings by email"}
REASON = "Police need a witness statement for operation KESTREL"


@pytest.fixture
def officer():
    return team_member(full_name="Rachel Adeyemi", email="rachel.adeyemi@sandwell.example")


@pytest.fixture
def team(officer):
    return verified_client(officer)


@pytest.fixture
def dpos():
    active = [make_user(Role.DATA_PROTECTION_OFFICER), make_user(Role.DATA_PROTECTION_OFFICER)]
    make_user(Role.DATA_PROTECTION_OFFICER, is_active=False)
    return active


def confidential_report():
    return make_report(identity_mode="confidential", identity=REPORTER).report


def test_the_identity_page_asks_why_before_showing_anything(team):
    report = confidential_report()
    page = team.get(f"/reports/{report.reference}/reporter/")
    assert page.status_code == 200
    text = page.content.decode().replace("&#x27;", "'")
    assert "Why do you need to know who made this report?" in text
    assert "the data protection officer is told you looked" in text
    for detail in REPORTER.values():
        assert detail not in text
    assert not AuditEntry.objects.filter(action="report.identity_view").exists()


def test_without_a_reason_the_identity_stays_hidden(team, dpos, django_capture_on_commit_callbacks, mailoutbox):
    report = confidential_report()
    with django_capture_on_commit_callbacks(execute=True):
        response = team.post(f"/reports/{report.reference}/reporter/", {"reason": "   "})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter the reason" in text
    assert REPORTER["name"] not in text
    assert not AuditEntry.objects.filter(action="report.identity_view").exists()
    assert mailoutbox == []


def test_with_a_reason_the_identity_is_shown_audited_and_the_dpo_told(
        team, officer, dpos, django_capture_on_commit_callbacks, mailoutbox):
    report = confidential_report()
    with django_capture_on_commit_callbacks(execute=True):
        response = team.post(f"/reports/{report.reference}/reporter/", {"reason": REASON})
    assert response.status_code == 200
    text = response.content.decode()
    for detail in REPORTER.values():
        assert detail in text
    assert "The data protection officer has been told you looked." in text
    assert "no-store" in response["Cache-Control"]  # shown for this request only, never kept by the browser

    entry = AuditEntry.objects.get(action="report.identity_view")
    assert entry.actor == officer and entry.kind == "read"
    assert entry.purpose == REASON
    assert entry.target_label == f"Reporter of {report.reference}"
    assert entry.changes == {"identity_mode": "confidential"}
    # The reason is personal data too: encrypted in the audit table.
    [stored] = raw_column("audit_auditentry", "purpose", "WHERE id = %s", (entry.pk,))
    assert "KESTREL" not in stored and stored.startswith("gAAAA")
    assert REPORTER["name"] not in repr(AuditEntry.objects.filter(pk=entry.pk).values_list().get())

    # Every active data protection officer is told: who looked and at which report, never who the reporter is.
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert sorted(mail.to) == sorted(d.email for d in dpos)
    assert report.reference in mail.subject
    assert officer.email in mail.body and f"audit entry {entry.sequence}" in mail.body
    for secret in (*REPORTER.values(), "Sam", "Patel", REASON, "KESTREL"):
        assert secret not in mail.subject and secret not in mail.body, secret


def test_each_look_is_recorded_again(team, dpos, django_capture_on_commit_callbacks, mailoutbox):
    report = confidential_report()
    with django_capture_on_commit_callbacks(execute=True):
        team.post(f"/reports/{report.reference}/reporter/", {"reason": "First reason"})
        team.post(f"/reports/{report.reference}/reporter/", {"reason": "Second reason"})
    purposes = [e.purpose for e in AuditEntry.objects.filter(action="report.identity_view").order_by("sequence")]
    assert purposes == ["First reason", "Second reason"]
    assert len(mailoutbox) == 2
    # Nothing lets a later visit skip the question.
    assert "Why do you need to know" in team.get(f"/reports/{report.reference}/reporter/").content.decode()


def test_the_identity_is_never_on_the_report_page(team):
    report = confidential_report()
    team.post(f"/reports/{report.reference}/reporter/", {"reason": REASON})
    page = team.get(f"/reports/{report.reference}/").content.decode()
    assert "See who made the report" in page
    for detail in REPORTER.values():
        assert detail not in page


def test_an_open_reporter_is_shown_with_a_recorded_view_but_the_dpo_is_not_emailed(
        team, officer, dpos, django_capture_on_commit_callbacks, mailoutbox):
    report = make_report(identity_mode="open", identity=REPORTER).report
    form = team.get(f"/reports/{report.reference}/reporter/").content.decode()
    assert "The reporter agreed to be named. Viewing their details is still recorded." in form
    with django_capture_on_commit_callbacks(execute=True):
        response = team.post(f"/reports/{report.reference}/reporter/", {"reason": "Arranging a call"})
    assert response.status_code == 200 and REPORTER["name"] in response.content.decode()
    assert "The data protection officer has been told" not in response.content.decode()
    entry = AuditEntry.objects.get(action="report.identity_view")
    assert entry.actor == officer and entry.changes == {"identity_mode": "open"}
    assert mailoutbox == []


def test_an_anonymous_report_has_no_identity_page(team):
    report = make_report(identity_mode="anonymous").report
    assert not ReporterIdentity.objects.exists()
    assert team.get(f"/reports/{report.reference}/reporter/").status_code == 404
    assert team.post(f"/reports/{report.reference}/reporter/", {"reason": REASON}).status_code == 404
    page = team.get(f"/reports/{report.reference}/").content.decode()
    assert "Anonymous: no identity was asked for or kept." in page
    assert "See who made the report" not in page
    assert not AuditEntry.objects.filter(action="report.identity_view").exists()


@pytest.mark.parametrize("role", [Role.DATA_PROTECTION_OFFICER, Role.SYSTEM_ADMINISTRATOR, Role.CASE_WORKER,
                                  Role.PROGRAMME_MANAGER, Role.SHOP_COORDINATOR])
def test_nobody_outside_the_reporting_team_reaches_the_identity(role, dpos):
    report = confidential_report()
    client = verified_client(make_user(role))
    for response in (client.get(f"/reports/{report.reference}/reporter/"),
                     client.post(f"/reports/{report.reference}/reporter/", {"reason": REASON})):
        assert response.status_code == 404
        assert REPORTER["name"] not in response.content.decode()
    assert not AuditEntry.objects.filter(action="report.identity_view").exists()
