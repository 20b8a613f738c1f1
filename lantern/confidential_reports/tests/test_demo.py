"""`seed_demo` adds confidential reports in every status, and the printed demo receipt opens one."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from lantern.accounts.models import User
from lantern.confidential_reports import demo
from lantern.confidential_reports.models import IntelligenceRecord, Report, ReporterIdentity, ReportStatus
from lantern.confidential_reports.tests.helpers import open_follow_up
from tests.support import verified_client

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_adds_reports_in_every_status_once():
    output = seed()
    assert f"Added {len(demo.DEMO_REPORTS)} demo confidential reports." in output
    assert demo.DEMO_RECEIPT in output
    assert set(Report.objects.values_list("status", flat=True)) == set(ReportStatus.values)
    assert Report.objects.count() == len(demo.DEMO_REPORTS)
    assert ReporterIdentity.objects.count() == 3  # the confidential and open ones
    assert IntelligenceRecord.objects.count() == 1
    assert Report.objects.filter(outcomes__concern__isnull=False).count() == 1
    assert not Report.objects.filter(status=ReportStatus.CLOSED, closed_at__isnull=True).exists()

    again = seed()
    assert "demo confidential reports" not in again
    assert Report.objects.count() == len(demo.DEMO_REPORTS)


def test_the_demo_receipt_opens_a_report():
    seed()
    page = open_follow_up(Client(), demo.DEMO_RECEIPT)
    assert page.status_code == 200
    assert "Received" in page.content.decode()  # the new car wash report


def test_every_demo_receipt_opens_its_own_report():
    seed()
    opened = set()
    for row in demo.DEMO_REPORTS:
        client = Client()
        open_follow_up(client, row[0])
        opened.add(client.session["lantern_report_follow_up"])
    assert len(opened) == len(demo.DEMO_REPORTS)


def test_the_demo_reporting_team_sees_the_queue():
    seed()
    team = User.objects.get(email="reporting.team@sandwell.example")
    page = verified_client(team).get("/reports/").content.decode()
    assert "Confidential reports" in page
    for report in Report.objects.exclude(status=ReportStatus.CLOSED):
        assert report.reference in page
