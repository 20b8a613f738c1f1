"""The period comparison: campaigns beside concerns raised and confidential reports received, counts
only, small numbers suppressed, a chart readable without JavaScript and its data table."""

import datetime
import re

import pytest
from django.utils import timezone

from lantern.accounts.capabilities import Role
from lantern.cases.models import ConcernStatus
from lantern.cases.tests.factories import ConcernFactory
from lantern.confidential_reports.models import Report
from lantern.confidential_reports.tests.factories import ReportFactory
from lantern.core.periods import parse
from lantern.training import services_campaigns as services
from lantern.training.comparison import campaign_comparison, default_period, months_of
from lantern.training.tests.helpers_campaigns import a_campaign
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def concerns(day: datetime.date, n: int) -> None:
    for _ in range(n):
        ConcernFactory(submitted_at=at(day))


def reports(day: datetime.date, n: int) -> None:
    for _ in range(n):
        report = ReportFactory()
        Report.objects.filter(pk=report.pk).update(created_at=at(day))


def cells(page: str, name: str) -> list[str]:
    return re.findall(rf"data-{name}>([^<]*)<", page)


def test_months_of_a_period_are_cut_to_its_days():
    spans = months_of(parse("2026-02-10..2026-04-05"))
    assert [(s.start.isoformat(), s.end.isoformat()) for s in spans] == [
        ("2026-02-10", "2026-02-28"), ("2026-03-01", "2026-03-31"), ("2026-04-01", "2026-04-05")]


def test_the_default_period_is_the_last_twelve_whole_months():
    period = default_period(datetime.date(2026, 11, 30))
    assert (period.start, period.end) == (datetime.date(2025, 11, 1), datetime.date(2026, 10, 31))


def test_counts_per_month_beside_the_campaigns_running():
    a_campaign(title="Taxi drivers", starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 3, 31))
    concerns(datetime.date(2026, 2, 10), 6)
    concerns(datetime.date(2026, 3, 10), 9)
    ConcernFactory(submitted_at=at(datetime.date(2026, 3, 11)), status=ConcernStatus.DRAFT)  # a draft never counts
    reports(datetime.date(2026, 2, 3), 5)
    reports(datetime.date(2026, 3, 3), 7)
    client = verified_client(make_user(Role.PROGRAMME_MANAGER))
    page = client.get("/training/campaigns/comparison/", {"period": "2026-Q1"}).content.decode()
    assert cells(page, "concerns") == ["0", "6", "9"] and cells(page, "reports") == ["0", "5", "7"]
    assert cells(page, "concerns-total") == ["15"] and cells(page, "reports-total") == ["12"]
    assert "March 2026" in page and page.count("Taxi drivers") >= 2  # in its month's row and the reach chart
    # The chart is drawn on the server (an SVG with a title) with its data table.
    assert '<svg' in page and 'id="chart-campaign-comparison"' in page and "<table" in page


def test_small_numbers_are_suppressed_and_then_no_chart_is_drawn():
    concerns(datetime.date(2026, 2, 10), 2)
    concerns(datetime.date(2026, 3, 10), 8)
    client = verified_client(make_user(Role.TRAINING_COORDINATOR))
    page = client.get("/training/campaigns/comparison/", {"period": "2026-Q1"}).content.decode()
    concern_cells = cells(page, "concerns")
    assert concern_cells[1] == "[c]" and "2" not in concern_cells
    assert 'id="chart-campaign-comparison"' not in page and "too small to show" in page


def test_the_comparison_reads_counts_only():
    concerns(datetime.date(2026, 3, 10), 5)
    result = campaign_comparison(period=parse("2026-03"))
    assert [row.concerns.value for row in result.months] == [5]
    page_text = str(result)
    assert "Andrei" not in page_text  # no concern's content reaches it


def test_reach_recorded_in_the_month_is_shown():
    user = make_user(Role.TRAINING_COORDINATOR)
    campaign = a_campaign(user=user)
    services.campaign_reach_add(campaign=campaign, acting_user=user, channel="leaflets", measure="leaflets_handed_out",
                                count=420, recorded_on=datetime.date(2026, 3, 20))
    result = campaign_comparison(period=parse("2026-03"))
    assert result.months[0].reach == 420 and result.campaigns[0]["reach"] == 420


def test_a_period_that_cannot_be_read_says_how_to_write_one():
    client = verified_client(make_user(Role.PROGRAMME_MANAGER))
    response = client.get("/training/campaigns/comparison/", {"period": "last year"})
    assert response.status_code == 400 and "Enter a period as a month" in response.content.decode()


def test_a_range_of_days_is_refused_so_that_no_one_day_stands_out():
    """Two ranges a day apart would show what one day added: the day a confidential report arrived."""
    client = verified_client(make_user(Role.PROGRAMME_MANAGER))
    response = client.get("/training/campaigns/comparison/", {"period": "2026-01-01..2026-03-10"})
    assert response.status_code == 400 and "whole periods only" in response.content.decode()
