"""The migration that turns an outcome's concern reference into a link keeps every reference."""

import pytest
from django.utils import timezone

from tests.support import migrate_to

CASES = ("cases", "0006_concern_source_report_reference")
# Users as they were then too: the user is made through the historical model, so the table must match it.
ACCOUNTS = ("accounts", "0006_notifications")
BEFORE = [("confidential_reports", "0002_reportattachment_encrypted_file"), CASES, ACCOUNTS]
AFTER = [("confidential_reports", "0003_reportoutcome_concern_link"), CASES, ACCOUNTS]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_outcomes_link_to_the_concern_their_reference_names_and_an_unknown_reference_moves_to_the_note():
    old = migrate_to(BEFORE)
    try:
        user = old.get_model("accounts", "User").objects.create(email="triage@example.test", full_name="T")
        concern = old.get_model("cases", "Concern").objects.create(
            reference="MS-AAAA-BBB", raised_by=user, indicator_set_version="2026.1")
        report = old.get_model("confidential_reports", "Report").objects.create(
            reference="R-CCCC-DDD", identity_mode="anonymous", reporter_type="public",
            last_activity_at=timezone.now())
        Outcome = old.get_model("confidential_reports", "ReportOutcome")
        linked = Outcome.objects.create(report=report, kind="concern_opened", concern_reference="MS-AAAA-BBB")
        lost = Outcome.objects.create(report=report, kind="concern_opened", concern_reference="MS-ZZZZ-999",
                                      note="Passed to triage.")
        other = Outcome.objects.create(report=report, kind="closed")

        new = migrate_to(AFTER)
        Outcome = new.get_model("confidential_reports", "ReportOutcome")
        assert Outcome.objects.get(pk=linked.pk).concern_id == concern.pk
        kept = Outcome.objects.get(pk=lost.pk)
        assert kept.concern_id is None
        assert kept.note == "Passed to triage.\n\nConcern reference recorded with this outcome: MS-ZZZZ-999."
        assert Outcome.objects.get(pk=other.pk).concern_id is None

        back = migrate_to(BEFORE)
        Outcome = back.get_model("confidential_reports", "ReportOutcome")
        assert Outcome.objects.get(pk=linked.pk).concern_reference == "MS-AAAA-BBB"
    finally:
        migrate_to()
