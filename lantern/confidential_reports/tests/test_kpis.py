"""The confidential reporting KPIs on hand-built reports with known answers (both databases)."""

import datetime
import zoneinfo

import pytest

from lantern.confidential_reports.models import (
    MessageSender,
    OutcomeKind,
    Report,
    ReporterType,
    ReportMessage,
)
from lantern.confidential_reports.tests.factories import ReportFactory, ReportOutcomeFactory, team_member
from lantern.core.kpis import kpi_get
from lantern.core.periods import parse

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
Q3 = parse("2026-Q3")


def at(*parts):
    return datetime.datetime(*parts, tzinfo=LONDON)


def report(received, **fields):
    made = ReportFactory(**fields)
    Report.objects.filter(pk=made.pk).update(created_at=received)
    return made


def reply(made, sent):
    message = ReportMessage.objects.create(report=made, sender=MessageSender.TEAM, author=team_member(), body="Thank you.")
    ReportMessage.objects.filter(pk=message.pk).update(created_at=sent)


def outcome(made, when, kind=OutcomeKind.PASSED_TO_AGENCY):
    made_outcome = ReportOutcomeFactory(report=made, kind=kind)
    type(made_outcome).objects.filter(pk=made_outcome.pk).update(created_at=when)


def compute(slug, period=Q3):
    return kpi_get(slug).compute(period)


def test_reports_received_by_reporter_on_the_local_day_they_arrived():
    report(at(2026, 7, 1, 0, 15))  # first day, local time
    report(at(2026, 9, 30, 23, 45), reporter_type=ReporterType.STAFF)  # last day
    report(at(2026, 10, 1, 0, 5))  # next quarter
    figure = compute("reports-received")
    assert figure.value == 2
    counts = dict(zip(figure.breakdowns[0].rows, figure.breakdowns[0].counts, strict=True))
    assert counts["Member of the public"] == 1
    assert counts["Member of staff (council or partner)"] == 1
    assert compute("reports-received", parse("2026-Q4")).value == 1


def test_reports_triaged_count_the_first_outcome_in_the_period():
    early = report(at(2026, 6, 20, 9, 0))
    outcome(early, at(2026, 7, 2, 10, 0), OutcomeKind.INTELLIGENCE)
    outcome(early, at(2026, 8, 2, 10, 0))  # a second outcome does not count twice
    before = report(at(2026, 6, 1, 9, 0))
    outcome(before, at(2026, 6, 2, 10, 0))  # first triaged in June
    outcome(before, at(2026, 7, 5, 10, 0))
    untriaged = report(at(2026, 8, 1, 9, 0))
    assert untriaged.outcomes.count() == 0
    figure = compute("reports-triaged")
    assert figure.value == 1
    counts = dict(zip(figure.breakdowns[0].rows, figure.breakdowns[0].counts, strict=True))
    assert counts["Recorded as intelligence"] == 1


def test_median_days_to_the_first_reply():
    for received, first, later in [
        (at(2026, 7, 1, 9, 0), at(2026, 7, 1, 21, 0), at(2026, 7, 9, 9, 0)),  # half a day
        (at(2026, 8, 1, 9, 0), at(2026, 8, 3, 9, 0), None),  # 2 days
        (at(2026, 9, 1, 9, 0), at(2026, 9, 5, 9, 0), None),  # 4 days
    ]:
        made = report(received)
        reply(made, first)
        if later:
            reply(made, later)
    report(at(2026, 9, 10, 9, 0))  # no reply yet: not measured
    figure = compute("days-to-first-reply")
    assert figure.value == pytest.approx(2.0)
    assert figure.base == 3
    assert compute("days-to-first-reply", parse("2019-Q1")).value is None
