"""The receiving agency's reference for a report passed on is encrypted at rest, and the team still sees it."""

import importlib
import pkgutil
from types import SimpleNamespace

import pytest
from django.apps import apps as current_apps
from django.db import connection

from lantern.confidential_reports import migrations as report_migrations
from lantern.confidential_reports.models import ReportOutcome
from lantern.confidential_reports.tests.helpers import make_report, team_member
from lantern.core import crypto
from tests.support import verified_client

pytestmark = pytest.mark.django_db


def stored_reference(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT recipient_reference FROM confidential_reports_reportoutcome WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_the_agencys_reference_is_stored_encrypted_and_shown_to_the_team():
    team = verified_client(team_member())
    report = make_report().report
    response = team.post(f"/reports/{report.reference}/pass-on/", {
        "other_recipient": "GLAA", "passed_via": "phone", "recipient_reference": "GLAA-2025-0419"})
    assert response.status_code == 302
    outcome = ReportOutcome.objects.get(report=report)
    assert "GLAA-2025-0419" not in stored_reference(outcome.pk)
    assert crypto.decrypt(stored_reference(outcome.pk)) == "GLAA-2025-0419"
    assert "(their reference GLAA-2025-0419)" in team.get(f"/reports/{report.reference}/").content.decode()


def test_the_migration_encrypts_references_stored_in_plain_text():
    team = verified_client(team_member())
    report = make_report().report
    team.post(f"/reports/{report.reference}/pass-on/", {"other_recipient": "GLAA", "passed_via": "phone"})
    outcome = ReportOutcome.objects.get(report=report)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE confidential_reports_reportoutcome SET recipient_reference = %s WHERE id = %s",
                       ["GLAA-2025-0419", outcome.pk])
    name = next(m.name for m in pkgutil.iter_modules(report_migrations.__path__)
                if m.name.endswith("_encrypt_identifying_fields"))
    importlib.import_module(f"lantern.confidential_reports.migrations.{name}").encrypt_values(current_apps, SimpleNamespace(connection=connection))
    assert crypto.decrypt(stored_reference(outcome.pk)) == "GLAA-2025-0419"
    outcome.refresh_from_db()
    assert outcome.recipient_reference == "GLAA-2025-0419"
