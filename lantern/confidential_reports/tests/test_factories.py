"""The factories build records the application itself would accept and read back."""

import pytest

from lantern.confidential_reports import selectors
from lantern.confidential_reports.models import MessageSender, OutcomeKind, ReportAttachment
from lantern.confidential_reports.receipts import receipt_normalise
from lantern.confidential_reports.tests.factories import (
    IntelligenceRecordFactory,
    ReportAttachmentFactory,
    ReporterIdentityFactory,
    ReportFactory,
    ReportMessageFactory,
    ReportOutcomeFactory,
)
from tests.support import png_bytes

pytestmark = pytest.mark.django_db


def test_each_factory_builds_a_valid_record():
    for record in (ReportFactory(), ReporterIdentityFactory(), ReportMessageFactory(), ReportAttachmentFactory(),
                   ReportOutcomeFactory(), IntelligenceRecordFactory()):
        record.full_clean()


def test_a_factory_report_opens_with_its_receipt():
    report = ReportFactory()
    assert receipt_normalise(report.receipt) == report.receipt
    assert selectors.report_find_by_receipt(report.receipt) == report


def test_the_other_records_hang_off_one_report_when_given_it():
    identity = ReporterIdentityFactory()
    report = identity.report
    ReportMessageFactory(report=report, sender=MessageSender.TEAM)
    attachment = ReportAttachmentFactory(report=report)
    ReportOutcomeFactory(report=report, kind=OutcomeKind.CLOSED)
    assert report.identity_mode == "confidential" and report.identity == identity
    assert report.messages.count() == 1 and report.outcomes.count() == 1
    assert attachment.read() == png_bytes()
    held = ReportAttachmentFactory(report=None)
    assert list(ReportAttachment.objects.held()) == [held]
